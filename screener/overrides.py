"""rules/<trial>.rules: rule authors correct or add criteria in the canonical rule language.

Format, one per line (``#`` starts a comment):

    E5: (catastrophic_aps) or (thrombotic_microangiopathy)
    +X1 exclusion: active active_infection

    policy E4: conditions=open, lab_lookback_days=30

``ID: rule`` replaces the compiled rule of criterion ID; ``+ID role: rule``
adds a criterion the text does not have.  A line that does not compile is
reported (override.invalid) and the automatic compile is kept.  ``policy ID:
settings`` changes how one criterion treats missing data (docs/semantics.md);
``policy *:`` applies to every criterion.
"""

from __future__ import annotations

import re

from screener.diagnostics import SourceText
from screener.text.lines import CriterionLine

_POLICY = re.compile(r"^\s*policy\s+(?P<id>[A-Za-z0-9_.*]+)\s*:\s*(?P<settings>.+?)\s*$")
_LINE = re.compile(r"^\s*(?P<add>\+)?(?P<id>[A-Za-z0-9_.]+)(?:\s+(?P<role>inclusion|exclusion))?\s*:\s*(?P<rule>.+?)\s*$")


def apply_overrides(trial, text: str):
    from screener.compile import compile_line

    source = SourceText(text)
    by_id = {c.id: i for i, c in enumerate(trial.criteria)}
    criteria = list(trial.criteria)
    notes = list(trial.notes)
    policies: dict[str, dict[str, str]] = {k: dict(v) for k, v in trial.policies.items()}
    offset = 0
    for raw in text.splitlines(keepends=True):
        body = raw.split("#", 1)[0] if not raw.lstrip().startswith("#") else ""
        m = _LINE.match(body)
        start = offset
        offset += len(raw)
        if not body.strip():
            continue
        pm = _POLICY.match(body)
        if pm:
            _read_policy(pm, start, source, by_id, policies, notes)
            continue
        if not m:
            notes.append(source.diagnostic("override.invalid", "error", "not 'ID: rule' or '+ID role: rule'",
                                           start, start + len(body.rstrip())))
            continue
        cid, rule_text = m["id"], m["rule"]
        rule_start = start + m.start("rule")
        if m["add"]:
            role = m["role"] or "inclusion"
            heading = "rules file"
        elif cid in by_id:
            role = criteria[by_id[cid]].section
            heading = criteria[by_id[cid]].heading
        else:
            notes.append(source.diagnostic("override.unknown_id", "error", f"no criterion '{cid}'",
                                           start, start + len(cid)))
            continue
        line = CriterionLine(id=cid, role=role, heading=heading, text=rule_text, start=rule_start,
                             end=rule_start + len(rule_text), line=source.locate(rule_start)[0],
                             column=source.locate(rule_start)[1])
        compiled = compile_line(line, source)
        if compiled.status != "compiled":
            notes.append(source.diagnostic("override.invalid", "error",
                                           f"the rule for {cid} did not compile; the automatic compile is kept",
                                           rule_start, rule_start + len(rule_text)))
            notes.extend(compiled.diagnostics)
            continue
        applied = source.diagnostic("override.applied", "info", f"rule for {cid} from the rules file",
                                    rule_start, rule_start + len(rule_text))
        if m["add"]:
            criteria.append(compiled.model_copy(update={"origin": "override", "diagnostics": [applied]}))
        else:
            old = criteria[by_id[cid]]
            criteria[by_id[cid]] = old.model_copy(update={
                "status": "compiled", "rule": compiled.rule, "canonical": compiled.canonical,
                "origin": "override", "diagnostics": old.diagnostics + [applied]})
    if "*" in policies:
        every = policies.pop("*")
        for c in criteria:
            policies[c.id] = {**every, **policies.get(c.id, {})}
    return trial.model_copy(update={"criteria": criteria, "notes": notes, "policies": policies})


def _read_policy(m: re.Match, start: int, source: SourceText, by_id: dict, policies: dict, notes: list) -> None:
    from screener.evaluate.policy import DEFAULT_POLICY

    cid = m["id"]
    span = (start + m.start("settings"), start + m.end("settings"))
    if cid != "*" and cid not in by_id:
        notes.append(source.diagnostic("override.unknown_id", "error", f"no criterion '{cid}'",
                                       start + m.start("id"), start + m.end("id")))
        return
    settings: dict[str, str] = {}
    for part in m["settings"].split(","):
        key, _, value = part.partition("=")
        settings[key.strip()] = value.strip()
    try:
        DEFAULT_POLICY.with_settings(settings)
    except ValueError as err:
        notes.append(source.diagnostic("override.invalid", "error", f"policy for {cid}: {err}", *span))
        return
    policies.setdefault(cid, {}).update(settings)
    notes.append(source.diagnostic("override.applied", "info", f"evaluation policy for {cid}: {m['settings']}", *span))
