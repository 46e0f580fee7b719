"""Follow-up rules on one patient: at a timepoint after the baseline date, three-valued, with evidence.

The screening evaluator reads a rule on the screening date; this one reads it
at a timepoint (docs/outcomes.md, "What a rule means at a timepoint"):
- a lab or score rule reads the result in the timepoint's window closest to
  its target day (``within D``: any result from target - D to the window's end);
- a dose rule reads the daily dose on the target day;
- ``x baseline`` and ``from baseline`` read the latest result on or before the
  baseline date, no older than the file's baseline window;
- ``from 12 week`` reads the value standing for that timepoint.
The connectives (and, or, not) are the screening ones, Kleene's.  Records
after the data's end (``cutoff``) do not exist; a timepoint whose window opens
after it is not yet due, and every rule there is unknown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from screener import ir
from screener.evaluate import calendar
from screener.evaluate.facts import PatientFacts
from screener.evaluate.policy import DEFAULT_POLICY
from screener.evaluate.rules import Outcome, RuleEvaluator, _compare, _fmt, _med_evidence, _obs_evidence
from screener.units import analyte_threshold
from screener.followup.definitions import Definition, FollowupDefinitions
from screener.followup.doses import DailyDose, daily_dose, first_rise
from screener.followup.timeline import Window, after, closest, window_of
from screener.ir import followup as fu
from screener.ir.canonical import duration as duration_text
from screener.records.model import Observation, Patient
from screener.results import Evidence
from screener.units import UnitConversionError, linear_map


@dataclass
class Measured:
    """A measure's number at a timepoint (None: unknown, and ``why`` says why)."""

    value: float | None
    unit: str | None
    why: str
    evidence: list[Evidence] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def label(tp: fu.Timepoint) -> str:
    return duration_text(tp.offset)


def _shown(unit: str | None) -> str:
    """A unit as the explanation shows it: annotations such as {score} are no unit to a reader."""
    return "" if not unit or unit.startswith("{") else f" {unit}"


class FollowupEvaluator(RuleEvaluator):
    """One patient's follow-up after ``baseline``, on the data up to ``cutoff``."""

    def __init__(self, patient: Patient, defs: FollowupDefinitions, baseline: dt.date, cutoff: dt.date):
        super().__init__(PatientFacts(patient, cutoff), DEFAULT_POLICY, "", patient.attestations)
        self.defs, self.baseline, self.cutoff = defs, baseline, cutoff
        self.tp: fu.Timepoint | None = None
        self.w: Window | None = None
        self._memo: dict[tuple[str, ir.Duration], Outcome] = {}

    # ---- definitions at timepoints ---------------------------------------------------
    def _at(self, tp: fu.Timepoint, work):
        saved = self.tp, self.w
        self.tp, self.w = tp, window_of(self.baseline, tp)
        try:
            return work()
        finally:
            self.tp, self.w = saved

    def not_due(self, tp: fu.Timepoint) -> str | None:
        w = window_of(self.baseline, tp)
        if w.start > self.cutoff:
            return f"not yet due: the {label(tp)} window opens on {w.start}, and the data ends on {self.cutoff}"
        return None

    def outcome(self, d: Definition, tp: fu.Timepoint) -> Outcome:
        key = (d.name, tp.offset)
        if key not in self._memo:
            if not d.compiled:
                out = Outcome(None, f"the definition did not compile: {d.error()}")
            elif self.not_due(tp):
                out = Outcome(None, self.not_due(tp), missing=[f"data up to {window_of(self.baseline, tp).end}"])
            else:
                out = self._at(tp, lambda: self.eval(d.rule))
            self._memo[key] = out
        return self._memo[key]

    def measure(self, d: Definition, tp: fu.Timepoint) -> Measured:
        if not d.compiled:
            return Measured(None, None, f"the definition did not compile: {d.error()}")
        if self.not_due(tp):
            return Measured(None, None, self.not_due(tp), missing=[f"data up to {window_of(self.baseline, tp).end}"])
        return self._at(tp, lambda: self._change_value(d.rule))

    def _combine(self, outs: list[Outcome], conj: bool) -> Outcome:
        out = super()._combine(outs, conj)
        # the items the base explanation names (see RuleEvaluator._combine), each reason once:
        # two clauses on one missing result say the same thing
        deciding = [o for o in outs if o.value is out.value] if out.value is not None else outs
        if out.value is True and not conj:
            deciding = deciding[:1]
        why = "; ".join(dict.fromkeys(o.why for o in deciding))
        return Outcome(out.value, why, out.evidence, out.manual, list(dict.fromkeys(out.missing)))

    # ---- where results come from ---------------------------------------------------------
    def _span_text(self) -> str:
        return f"{self.w.start}..{self.w.end}"

    def _no_result(self, name: str) -> Outcome:
        open_note = (f"; the window stays open until {self.w.end}, after the data ends on {self.cutoff}"
                     if self.w.end > self.cutoff else "")
        return Outcome(None, f"no {name} result at {label(self.tp)} ({self._span_text()}){open_note}",
                       missing=[f"a {name} result between {self.w.start} and {self.w.end}"])

    def _baseline_results(self, analyte: str) -> list[Observation]:
        lb = self.defs.baseline_lookback
        earliest = calendar.shift(self.baseline, lb.value, lb.unit)
        before = [o for o in self.f.observations(analyte) if earliest <= o.date <= self.baseline]
        return [o for o in before if o.date == before[-1].date] if before else []

    def _reference(self, analyte: str, reference: ir.Duration | None) -> tuple[list[Observation], str]:
        """The results standing for the reference: the baseline, or another timepoint."""
        if reference is None:
            lb = self.defs.baseline_lookback
            return self._baseline_results(analyte), f"baseline (on or up to {duration_text(lb)} before {self.baseline})"
        tp = self.defs.declared(reference) or fu.Timepoint(offset=reference)
        w = window_of(self.baseline, tp)
        return closest(self.f.observations(analyte), w), f"{label(tp)} ({w.start}..{w.end})"

    @staticmethod
    def _value(obs: list[Observation], censored_ok: bool = False) -> tuple[float | None, str | None, str]:
        """One number for the results of one day: (value, comparator, why not)."""
        if not obs:
            return None, None, "no result"
        bad = [o for o in obs if o.normalized_value is None]
        if bad:
            return None, None, bad[0].problem or "no numeric value"
        values = {(float(f"{o.normalized_value:.12g}"), o.comparator) for o in obs}
        if len(values) > 1:
            return None, None, f"results on {obs[0].date} disagree"
        value, comparator = values.pop()
        if comparator and not censored_ok:
            return None, None, f"the result on {obs[0].date} is censored ({comparator}{_fmt(value)})"
        return value, comparator, ""

    # ---- labs, scores, qualitative results at the timepoint ---------------------------------
    def _measure(self, node: ir.Measure) -> Outcome:
        return self._at_timepoint(node)

    def _between(self, node: ir.Between) -> Outcome:
        return self._at_timepoint(node)

    def _at_timepoint(self, node) -> Outcome:
        if node.analyte == "age":
            return Outcome(None, "age is not read at a follow-up timepoint")
        rule, name, test = fu.render(node), node.analyte, self._numeric_test(node)
        results = self.f.observations(name)
        if node.window is not None:
            if not isinstance(node.window.within, ir.Duration):
                return Outcome(None, "a follow-up window is a duration")
            start = calendar.duration_start(self.w.target, node.window.within)
            inside = [o for o in results if start <= o.date <= self.w.end]
            if not inside:
                return self._no_result(name)
            judged = [(o, *test(o)) for o in inside]
            hits = [j for j in judged if j[1] is True]
            if hits:
                o, _v, how, rng = hits[0]
                return Outcome(True, f"{name} {how} on {o.date}", [_obs_evidence(rule, o, rng=rng)])
            value = False if all(j[1] is False for j in judged) else None
            return Outcome(value, f"no {name} result from {start} to {self.w.end} satisfies it",
                           [_obs_evidence(rule, o, note=how, rng=rng) for o, _v, how, rng in judged],
                           missing=[] if value is False else [f"a readable {name} result from {start} to {self.w.end}"])
        if node.sustained is not None:
            upto = [o for o in results if o.date <= self.w.end]
            if not upto or not self.w.holds(upto[-1].date):
                return self._no_result(name)
            return self._sustained(node, rule, name, upto, test)
        obs = closest(results, self.w)
        if not obs:
            return self._no_result(name)
        judged = [test(o) for o in obs]
        if len({j[0] for j in judged}) > 1:
            return Outcome(None, f"{name} results on {obs[0].date} disagree: " + "; ".join(j[1] for j in judged),
                           [_obs_evidence(rule, o) for o in obs], missing=[f"one {name} result for {obs[0].date}"])
        value, how, rng = judged[0]
        return Outcome(value, f"{name} {how} on {obs[0].date} ({label(self.tp)})",
                       [_obs_evidence(rule, o, rng=rng) for o in obs],
                       missing=[] if value is not None else [f"a readable {name} result at {label(self.tp)}"])

    def _result(self, node: ir.Result) -> Outcome:
        rule, name = fu.render(node), node.analyte
        if node.times > 1 or node.window is not None:
            return Outcome(None, "repetition and windows of qualitative results are not read at a follow-up timepoint")
        obs = closest(self.f.observations(name, with_members=True), self.w)
        if not obs:
            return self._no_result(name)
        read = [(o, *self._polarity(name, o)) for o in obs]
        pols = {p for _o, p, _h in read}
        umbrella = bool(self.vocab.analyte_members(name))
        if umbrella:  # an isotype's positive result makes the antibody positive
            pol = "positive" if "positive" in pols else ("negative" if pols == {"negative"} else None)
        else:
            pol = pols.pop() if len(pols) == 1 else None
        value = None if pol is None else pol == node.value
        why = "; ".join(f"{o.analyte} {p or 'unreadable'} ({h})" for o, p, h in read)
        return Outcome(value, f"{why} on {obs[0].date} ({label(self.tp)})",
                       [_obs_evidence(rule, o, note=h) for o, _p, h in read],
                       missing=[] if value is not None else [f"a readable {name} result at {label(self.tp)}"])

    # ---- doses -------------------------------------------------------------------------
    def _dose_on(self, drug: str, as_drug: str | None, day: dt.date) -> DailyDose:
        if day > self.cutoff:
            return DailyDose(None, f"the data ends on {self.cutoff}, before {day}")
        return daily_dose(self, drug, as_drug, day)

    def _dose_evidence(self, rule: str, dd: DailyDose, day: dt.date) -> list[Evidence]:
        return [_med_evidence(rule, m, f"on {day}: {note}") for m, note in dd.records]

    def _dose(self, node: ir.DrugDose) -> Outcome:
        rule, day = fu.render(node), self.w.target
        dd = self._dose_on(node.drug, node.as_drug, day)
        if dd.mg is None:
            return Outcome(None, dd.why, self._dose_evidence(rule, dd, day), missing=[f"daily dose of {node.drug} on {day}"])
        try:
            bound = float(linear_map(node.per_day.unit or "mg/d", "mg/d").apply(node.per_day.value))
        except UnitConversionError as err:
            return Outcome(None, f"dose limit: {err.message}")
        value = _compare(dd.mg, None, node.op, bound)
        return Outcome(value, f"{dd.why} ({node.op} {_fmt(bound)} mg/d {'holds' if value else 'does not hold'})",
                       self._dose_evidence(rule, dd, day))

    def _dose_raised(self, node: fu.DoseRaised) -> Outcome:
        rule = fu.render(node)
        start = self.baseline if node.window is None else max(
            self.baseline, calendar.duration_start(self.w.target, node.window.within))
        end = min(self.w.end, self.cutoff)
        found, day, before, after_ = first_rise(self, node.drug, node.as_drug, start, end)
        what = node.drug + (f" as {node.as_drug}" if node.as_drug else "")
        if found is False:
            return Outcome(False, f"the daily dose of {what} was not raised from {start} to {end}")
        ev = self._dose_evidence(rule, after_, day) + self._dose_evidence(rule, before, day - dt.timedelta(days=1))
        if found is None:
            return Outcome(None, f"whether the dose of {what} went up on {day} cannot be read: "
                           f"{before.why if before.mg is None else after_.why}", ev,
                           missing=[f"daily dose of {node.drug} around {day}"])
        return Outcome(True, f"the daily dose of {what} went up on {day} ({_fmt(before.mg)} -> {_fmt(after_.mg)} mg/d)", ev)

    # ---- against baseline, changes -----------------------------------------------------------
    def _versus_baseline(self, node: fu.VersusBaseline) -> Outcome:
        rule, name = fu.render(node), node.analyte
        now = closest(self.f.observations(name), self.w)
        if not now:
            return self._no_result(name)
        base = self._baseline_results(name)
        ev = [_obs_evidence(rule, o, note="baseline") for o in base] + [_obs_evidence(rule, o) for o in now]
        b, _c, why_b = self._value(base)
        if b is None:
            return Outcome(None, f"no usable baseline {name}: {why_b}", ev, missing=[f"a baseline {name} result"])
        v, comparator, why_v = self._value(now, censored_ok=True)
        if v is None:
            return Outcome(None, f"{name} at {label(self.tp)}: {why_v}", ev, missing=[f"a readable {name} result"])
        bound = node.factor * b
        value = _compare(v, comparator, node.op, bound)
        unit = now[0].normalized_unit or ""
        verb = {True: "is", False: "is not", None: "cannot tell whether it is"}[value]
        return Outcome(value, f"{name} {comparator or ''}{_fmt(v)} {unit} on {now[0].date} {verb} {node.op} "
                       f"{_fmt(node.factor)} x baseline {_fmt(b)} {unit} ({base[0].date}) = {_fmt(bound)} {unit}", ev,
                       missing=[] if value is not None else [f"an uncensored {name} result"])

    def _change_value(self, node: fu.Change, now_obs: list[Observation] | None = None) -> Measured:
        """now - then (rise, change) or then - now (fall), in the analyte's unit or mg/d."""
        rule = fu.render(node)
        sign = -1.0 if node.direction == "fall" else 1.0
        if node.dose:
            day = self.w.target
            ref_day = self.baseline if node.reference is None else after(self.baseline, node.reference)
            now, then = self._dose_on(node.subject, node.as_drug, day), self._dose_on(node.subject, node.as_drug, ref_day)
            ev = self._dose_evidence(rule, then, ref_day) + self._dose_evidence(rule, now, day)
            if now.mg is None or then.mg is None:
                why = then.why if then.mg is None else now.why
                return Measured(None, "mg/d", why, ev, [f"daily dose of {node.subject} on {ref_day} and {day}"])
            delta = sign * (now.mg - then.mg)
            return Measured(delta, "mg/d", f"{node.subject} daily dose {_fmt(then.mg)} mg/d on {ref_day}, "
                            f"{_fmt(now.mg)} mg/d on {day}: {node.direction} {_fmt(delta)} mg/d", ev)
        name = node.subject
        unit = self.vocab.analytes[name].canonical_unit if name in self.vocab.analytes else None
        then, ref = self._reference(name, node.reference)
        now = now_obs if now_obs is not None else closest(self.f.observations(name), self.w)
        ev = [_obs_evidence(rule, o, note=f"reference: {ref}") for o in then] + [_obs_evidence(rule, o) for o in now]
        a, _c, why_a = self._value(then)
        if a is None:
            return Measured(None, unit, f"{name} at {ref}: {why_a}", ev, [f"a {name} result at {ref}"])
        if not now:
            out = self._no_result(name)
            return Measured(None, unit, out.why, ev, out.missing)
        b, _c, why_b = self._value(now)
        if b is None:
            return Measured(None, unit, f"{name} on {now[0].date}: {why_b}", ev, [f"a readable {name} result"])
        delta = sign * (b - a)
        return Measured(delta, unit, f"{name} {_fmt(a)} at {ref.split(' (')[0]} ({then[0].date}), {_fmt(b)} on "
                        f"{now[0].date}: {node.direction} {_fmt(delta)}{_shown(unit)}", ev)

    def _change(self, node: fu.Change) -> Outcome:
        if node.op is None or node.value is None:
            return Outcome(None, "a change without a comparison is a measure, not an outcome")
        try:
            if node.dose:
                bound = float(linear_map(node.value.unit or "mg/d", "mg/d").apply(node.value.value))
            else:
                bound = analyte_threshold(node.subject, node.value.value, node.value.unit)
        except UnitConversionError as err:
            return Outcome(None, f"the change limit {node.value.value:g} {node.value.unit or ''}: {err.message}")
        if node.window is None or node.dose:
            m = self._change_value(node)
            return self._judge(node, m, bound)
        # any result from target - within to the window's end, after the reference, counts
        name = node.subject
        start = calendar.duration_start(self.w.target, node.window.within)
        ref_obs, _ref = self._reference(name, node.reference)
        after_ref = ref_obs[0].date if ref_obs else self.baseline
        days = sorted({o.date for o in self.f.observations(name) if max(start, after_ref + dt.timedelta(days=1))
                       <= o.date <= self.w.end})
        if not days:
            return self._no_result(name)
        judged = [self._judge(node, self._change_value(
            node, [o for o in self.f.observations(name) if o.date == day]), bound) for day in days]
        hit = next((j for j in judged if j.value is True), None)
        if hit:
            return hit
        value = False if all(j.value is False for j in judged) else None
        return Outcome(value, "; ".join(j.why for j in judged), [e for j in judged for e in j.evidence],
                       missing=[m for j in judged for m in j.missing])

    @staticmethod
    def _judge(node: fu.Change, m: Measured, bound: float) -> Outcome:
        if m.value is None:
            return Outcome(None, m.why, m.evidence, missing=m.missing)
        value = _compare(m.value, None, node.op, bound)
        return Outcome(value, f"{m.why} ({node.op} {_fmt(bound)}{_shown(m.unit)} "
                       f"{'holds' if value else 'does not hold'})", m.evidence)

    # ---- assessments, other outcomes ------------------------------------------------------------
    def _missing(self, node: fu.Missing) -> Outcome:
        rule, name = fu.render(node), node.analyte
        inside = [o for o in self.f.observations(name) if self.w.holds(o.date)]
        if inside:
            return Outcome(False, f"{name} assessed on {inside[0].date} ({label(self.tp)})",
                           [_obs_evidence(rule, o) for o in inside[:1]])
        if self.w.end > self.cutoff:
            return Outcome(None, f"no {name} result yet; the {label(self.tp)} window stays open until {self.w.end}, "
                           f"after the data ends on {self.cutoff}", missing=[f"data up to {self.w.end}"])
        return Outcome(True, f"no {name} result between {self.w.start} and {self.w.end}, and the data runs "
                       f"to {self.cutoff}")

    def _outcome_ref(self, node: fu.OutcomeRef) -> Outcome:
        d = self.defs.get(node.name)
        tp = self.tp if node.at is None else (self.defs.declared(node.at) or fu.Timepoint(offset=node.at))
        out = self.outcome(d, tp)
        return Outcome(out.value, f"{node.name} at {label(tp)}: {out.why}", out.evidence, out.manual, out.missing)
