"""rules/<trial>.outcomes and rules/<trial>.protocol: a trial's follow-up definitions.

One definition per line (``#`` starts a comment); the text after the colon is
the rule language, compiled by screener.followup.compile:

    baseline: within 28 day before baseline        # how old a baseline value may be
    timepoints: 2 week within 3 day, 1 month within 7 day
    end: 48 week                                   # the last day a protocol is checked
    outcome complete_response "complete response": platelets > 100 10*9/L
    outcome remission "remission" at 48 week: igg4_rd_ri = 0
    measure pga_change "change of PGA" at 48 week: pga change from baseline
    dose prednisone "prednisone acetate": prednisone 0.8 mg/kg/d maximum 60 mg/d, then ...
    monitor trough "sirolimus trough" at 14 day within 3 day, 12 week within 7 day: sirolimus_trough ...

An ``outcome`` is met / not met / unknown at each of its timepoints; a
``measure`` is a number (a change from baseline); a ``dose`` is a schedule of
expected daily doses; a ``monitor`` is checked at its own timepoints.  A line
that does not compile is kept with its diagnostics: every patient's result
shows it as unsupported, so nothing is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from screener import ir
from screener.diagnostics import Diagnostic, SourceText
from screener.followup.compile import compile_followup
from screener.ir import followup as fu
from screener.resources import rules_dir

KINDS = ("outcomes", "protocol")
_DEFINITION = re.compile(
    r"^(?P<kw>outcome|measure|dose|monitor)\s+(?P<name>[A-Za-z][A-Za-z0-9_]*)\s*"
    r"(?:\"(?P<label>[^\"]*)\")?\s*(?:\bat\s+(?P<at>[^:]*?))?\s*:\s*(?P<body>.*?)\s*$")
_SETTING = re.compile(r"^(?P<kw>baseline|timepoints|end)\s*:\s*(?P<body>.*?)\s*$")
_START = {"outcome": "followup", "measure": "followup", "monitor": "followup", "dose": "schedule"}
DEFAULT_BASELINE_LOOKBACK = ir.Duration(value=28.0, unit="day")


class DefinitionsNotFound(LookupError):
    pass


@dataclass
class Definition:
    keyword: str  # outcome | measure | dose | monitor
    name: str
    label: str
    text: str  # the rule as written
    line: int
    start: int = 0  # offsets of the line in the file, for diagnostics
    end: int = 0
    rule: object | None = None
    timepoints: tuple[fu.Timepoint, ...] = ()
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def compiled(self) -> bool:
        return self.rule is not None and not any(d.severity == "error" for d in self.diagnostics)

    @property
    def canonical(self) -> str | None:
        return fu.render(self.rule) if self.rule is not None else None

    def error(self) -> str:
        return "; ".join(d.message for d in self.diagnostics if d.severity == "error")


@dataclass
class FollowupDefinitions:
    trial: str
    path: str
    baseline_lookback: ir.Duration = DEFAULT_BASELINE_LOOKBACK
    timepoints: tuple[fu.Timepoint, ...] = ()
    end: ir.Duration | None = None
    definitions: list[Definition] = field(default_factory=list)
    notes: list[Diagnostic] = field(default_factory=list)  # lines that are no definition at all

    def of(self, *keywords: str) -> list[Definition]:
        return [d for d in self.definitions if d.keyword in keywords]

    def get(self, name: str) -> Definition | None:
        return next((d for d in self.definitions if d.name == name), None)

    def declared(self, offset: ir.Duration) -> fu.Timepoint | None:
        return next((t for t in self.timepoints if t.offset == offset), None)

    @property
    def problems(self) -> list[Diagnostic]:
        return self.notes + [x for d in self.definitions for x in d.diagnostics if x.severity == "error"]


def read_definitions(text: str, trial: str = "", path: str = "") -> FollowupDefinitions:
    """Compile every line of a definitions file. Never raises for what the file says."""
    source = SourceText(text)
    defs = FollowupDefinitions(trial=trial, path=path)
    offset = 0
    for number, raw in enumerate(text.splitlines(keepends=True), start=1):
        start, offset = offset, offset + len(raw)
        body = raw.split("#", 1)[0].rstrip()
        if not body.strip():
            continue
        m = _SETTING.match(body)
        if m:
            _setting(defs, m, source, start)
            continue
        m = _DEFINITION.match(body)
        if not m:
            defs.notes.append(source.diagnostic(
                "followup.invalid", "error", "not 'outcome|measure|dose|monitor NAME [\"label\"] [at TIMEPOINTS]: "
                "rule' nor 'baseline|timepoints|end: ...'", start, start + len(body)))
            continue
        d = Definition(keyword=m["kw"], name=m["name"], label=m["label"] or m["name"].replace("_", " "),
                       text=m["body"], line=number, start=start, end=start + len(body))
        compiled = compile_followup(m["body"], _START[d.keyword], source, start + m.start("body"))
        d.rule, d.diagnostics = compiled.node, compiled.diagnostics
        if m["at"]:
            at = compile_followup(m["at"], "timepoints", source, start + m.start("at"))
            d.diagnostics += at.diagnostics
            d.timepoints = at.node or ()
        defs.definitions.append(d)
    _validate(defs, source)
    return defs


def _setting(defs: FollowupDefinitions, m: re.Match, source: SourceText, start: int) -> None:
    at = start + m.start("body")
    if m["kw"] == "baseline":
        c = compile_followup(m["body"], "baseline_window", source, at)
        if c.node is not None:
            defs.baseline_lookback = c.node
    else:
        c = compile_followup(m["body"], "timepoints", source, at)
        if c.node is not None and m["kw"] == "timepoints":
            defs.timepoints = c.node
        elif c.node is not None:
            if len(c.node) != 1 or c.node[0].tolerance is not None:
                defs.notes.append(source.diagnostic("followup.invalid", "error", "'end' takes one duration",
                                                    at, at + len(m["body"])))
            else:
                defs.end = c.node[0].offset
    defs.notes += c.diagnostics


def _fail(d: Definition, source: SourceText, message: str, code: str = "followup.invalid") -> None:
    d.diagnostics.append(source.diagnostic(code, "error", message, d.start, d.end))


def _nodes(rule):
    yield rule
    for child in getattr(rule, "items", ()) or ((rule.item,) if isinstance(rule, ir.Not) else ()):
        yield from _nodes(child)


def _validate(defs: FollowupDefinitions, source: SourceText) -> None:
    """Checks across lines: kinds fit keywords, names and timepoints exist, no outcome depends on itself."""
    seen: set[str] = set()
    for d in defs.definitions:
        if d.name in seen:
            _fail(d, source, f"'{d.name}' is defined twice")
        seen.add(d.name)
        if d.keyword == "dose":
            if d.rule is not None and not isinstance(d.rule, fu.DoseSchedule):
                _fail(d, source, "a dose line needs a schedule")
            continue
        # where it is evaluated (also when it did not compile, so that it shows as unsupported there):
        # its own 'at' list (a tolerance there, or the declared one), else every declared timepoint
        if not d.timepoints:
            if d.keyword == "monitor":
                _fail(d, source, "a monitor line needs its timepoints ('at 14 day within 3 day, ...')")
            d.timepoints = defs.timepoints
        else:
            d.timepoints = tuple(t if t.tolerance else (defs.declared(t.offset) or t) for t in d.timepoints)
        for t in d.timepoints:
            if t.tolerance is None and defs.declared(t.offset) is None:
                _fail(d, source, f"timepoint {fu.timepoint(t)} has no tolerance; declare it under 'timepoints:' "
                      "or write 'at ... within N day'")
        if d.rule is None:
            continue
        measures = [n for n in _nodes(d.rule) if isinstance(n, fu.Change) and n.op is None]
        if d.keyword == "measure" and not (isinstance(d.rule, fu.Change) and d.rule.op is None):
            _fail(d, source, "a measure is one change without a comparison ('pga change from baseline')")
        elif d.keyword == "measure" and d.rule.window is not None:
            _fail(d, source, "a measure is the value at its timepoint; a window belongs to an outcome")
        elif d.keyword != "measure" and measures:
            _fail(d, source, "a change without a comparison is a measure, not an outcome")
        for n in _nodes(d.rule):
            if isinstance(n, fu.Change) and n.reference is not None and defs.declared(n.reference) is None:
                _fail(d, source, f"the reference timepoint {fu.canonical.duration(n.reference)} is not declared "
                      "under 'timepoints:'")
            if isinstance(n, fu.OutcomeRef):
                target = defs.get(n.name)
                if target is None or target.keyword != "outcome":
                    _fail(d, source, f"no outcome named '{n.name}'", "followup.unknown_reference")
                elif n.at is not None and defs.declared(n.at) is None:
                    _fail(d, source, f"timepoint {fu.canonical.duration(n.at)} of '{n.name}' is not declared "
                          "under 'timepoints:'", "followup.unknown_reference")
    for d in defs.definitions:
        if _cycle(defs, d.name, ()):
            _fail(d, source, f"'{d.name}' depends on itself", "followup.unknown_reference")


def _cycle(defs: FollowupDefinitions, name: str, path: tuple[str, ...]) -> bool:
    if name in path:
        return True
    d = defs.get(name)
    if d is None or d.rule is None:
        return False
    return any(_cycle(defs, n.name, path + (name,)) for n in _nodes(d.rule) if isinstance(n, fu.OutcomeRef))


def load_definitions(spec: str, kind: str) -> FollowupDefinitions:
    """A bundled trial id ("NCT05746689": rules/NCT05746689.<kind>) or a definitions file."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    path = Path(spec)
    if not path.is_file():
        path = rules_dir() / f"{spec.upper()}.{kind}"
        if not path.is_file():
            known = ", ".join(sorted(p.stem for p in rules_dir().glob(f"*.{kind}")))
            raise DefinitionsNotFound(f"no {kind} definitions file '{spec}' and no bundled trial with one "
                                      f"(bundled: {known or 'none'})")
    trial = path.stem.upper() if re.fullmatch(r"(?i)NCT\d{8}", path.stem) else path.stem
    return read_definitions(path.read_text(encoding="utf-8"), trial=trial, path=str(path))
