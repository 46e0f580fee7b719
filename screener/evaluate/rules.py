"""Evaluate one rule-IR node on a patient's facts: Kleene three-valued, with evidence.

Every leaf answers True, False or None (unknown) and says why; the connectives
combine answers the Kleene way (False wins an ``and``, True wins an ``or``).
``manual`` marks an unknown that only a person's attestation can settle.
The meaning of each node is written out in docs/semantics.md; the comments
here say where the code makes one of those choices.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from screener import ir
from screener.evaluate import calendar
from screener.evaluate.facts import PROC_DONE, PatientFacts
from screener.evaluate.policy import Policy
from screener.ir.canonical import render as _render
from screener.records.model import (AllergyRecord, Attestation, ConditionRecord, ImmunizationRecord, Medication, Observation,
                                    ProcedureRecord, StudyRecord)
from screener.results import Evidence
from screener.units import UnitConversionError, analyte_threshold, convert, linear_map
from screener.vocab import vocabulary

Truth = bool | None


class Outcome:
    __slots__ = ("value", "why", "evidence", "manual", "missing")

    def __init__(self, value: Truth, why: str, evidence: list[Evidence] | None = None,
                 manual: bool = False, missing: list[str] | None = None):
        self.value, self.why = value, why
        self.evidence = evidence or []
        self.manual = manual
        self.missing = missing or []


# ---- small helpers -------------------------------------------------------------------

_RENDERED: dict[int, tuple[object, str]] = {}


def render(node) -> str:
    """The canonical text of a compiled node, worked out once per node (nodes live with their trial)."""
    hit = _RENDERED.get(id(node))
    if hit is not None and hit[0] is node:
        return hit[1]
    if len(_RENDERED) > 50_000:  # criteria compiled on the fly (HTTP) must not grow this forever
        _RENDERED.clear()
    text = _render(node)
    _RENDERED[id(node)] = (node, text)
    return text



def _fmt(x: float) -> str:
    return f"{x:.6g}"


_TESTS: dict[str, Callable[[float, float], bool]] = {
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b, "=": lambda a, b: a == b,
}


# Unit conversion leaves float noise (15 ug/L is 14.999999999999998 ng/mL); noise must not
# move a result across a limit written in another unit.  A value within one part in 10^12 of
# the bound is the bound.  The SQL engines apply the same test (screener/sql/syntax.py, snap).
SNAP_REL = 1e-12


def _snap(value: float, bound: float) -> float:
    return bound if abs(value - bound) <= SNAP_REL * max(abs(value), abs(bound)) else value


def _compare(value: float, comparator: str | None, op: str, bound: float) -> Truth:
    """``x op bound`` where x is a result that may be censored ("<0.5": x < 0.5).

    A censored result decides only when every value it allows agrees.
    """
    value = _snap(value, bound)
    if comparator is None:
        return _TESTS[op](value, bound)
    if op == "=":  # equal only if the bound itself is one of the values the result allows
        return None if _TESTS[comparator](bound, value) else False
    if comparator in ("<", "<="):  # x below value
        if op in ("<", "<="):  # every allowed x satisfies when value is below the bound
            return True if (value <= bound if (comparator == "<" or op == "<=") else value < bound) else None
        # op > or >=: no allowed x satisfies when value is at most the bound
        return False if (value <= bound if (comparator == "<" or op == ">") else value < bound) else None
    if op in (">", ">="):  # x above value
        return True if (value >= bound if (comparator == ">" or op == ">=") else value > bound) else None
    return False if (value >= bound if (comparator == ">" or op == "<") else value > bound) else None


def advance_per_day(unit: str) -> float:
    """How much a value that advances with time (analyte_advancing.csv) grows in a day, in ``unit``."""
    return convert(1.0, "d", unit)


def _said(o: Observation, value: Truth, test: str) -> str:
    """"22 U/L is not > 120 U/L": the result as normalized (with its "<" if censored) and the outcome."""
    shown = f"{o.comparator or ''}{_fmt(o.normalized_value)} {o.normalized_unit}"
    verb = {True: "is", False: "is not", None: "cannot tell whether it is"}[value]
    return f"{shown} {verb} {test}"


def _obs_evidence(rule: str, o: Observation, note: str | None = None, rng: tuple | None = None) -> Evidence:
    reported = None
    if o.value is not None:
        reported = f"{o.comparator or ''}{_fmt(o.value)} {o.unit or ''}".strip()
    elif o.value_text:
        reported = o.value_text
    if o.interpretation:
        reported = f"{reported or ''} [{', '.join(o.interpretation)}]".strip()
    normalized = (f"{o.comparator or ''}{_fmt(o.normalized_value)} {o.normalized_unit}"
                  if o.normalized_value is not None else None)
    ref, default = (None, None)
    if rng is not None:
        ref, default = rng
    return Evidence(
        rule=rule, record=o.origin.resource or f"Observation/{o.id}", kind="observation", about=o.analyte,
        date=o.date, reported=reported, normalized=normalized, reference_range=ref, reference_default=default,
        file=o.origin.file, note=note or o.problem)


def _med_evidence(rule: str, m: Medication, note: str | None = None) -> Evidence:
    dose = ""
    if m.daily_dose is not None:
        dose = f" {_fmt(m.daily_dose)} {m.daily_dose_unit or ''}/d"
    elif m.dose is not None:
        dose = f" {_fmt(m.dose)} {m.dose_unit or ''} x{_fmt(m.per_day) if m.per_day is not None else '?'}/d"
    period = f"{m.start or '?'}..{m.end or ('ongoing' if (m.status or 'active') == 'active' else '?')}"
    return Evidence(
        rule=rule, record=m.origin.resource or f"Medication/{m.id}", kind="medication", about=m.drug,
        date=m.start, reported=f"{m.text or (m.codes[0].display if m.codes else m.drug)}{dose}"
                               f" ({m.route or 'route not given'}, {m.status or 'no status'}, {period})",
        normalized=(f"{_fmt(m.normalized_daily_dose)} mg/d" if m.normalized_daily_dose is not None else None),
        file=m.origin.file, note=note or m.problem)


def _record_name(r, ids, last: str = "") -> str:
    """What a coded record is called: its text, its first code's display, the vocabulary ids it was
    bound to, else ``last``."""
    return r.text or (r.codes[0].display if r.codes and r.codes[0].display else None) or ", ".join(ids) or last


def _with_codes(name: str, codes) -> str:
    """A record's name with its first two codes: "Kidney transplant (sct 70536003)"."""
    shown = ", ".join(f"{x.system.rsplit('/', 1)[-1]} {x.code}" for x in codes[:2])
    return f"{name} ({shown})" if shown else name


def _cond_evidence(rule: str, c: ConditionRecord, note: str | None = None) -> Evidence:
    name = _record_name(c, c.groups)
    return Evidence(
        rule=rule, record=c.origin.resource or f"Condition/{c.id}", kind="condition",
        about=",".join(c.groups), date=c.onset,
        reported=f"{_with_codes(name, c.codes)}; {c.clinical_status or 'no clinical status'}"
                 f"{'; abated ' + str(c.abatement) if c.abatement else ''}",
        file=c.origin.file, note=note)


def _allergy_evidence(rule: str, a: AllergyRecord, note: str | None = None) -> Evidence:
    name = _record_name(a, a.agents)
    return Evidence(
        rule=rule, record=a.origin.resource or f"AllergyIntolerance/{a.id}", kind="allergy",
        about=",".join(a.agents) or None, date=a.recorded,
        reported=f"{_with_codes(name, a.codes)}; {a.clinical_status or 'no clinical status'}"
                 f"{'; ' + a.verification_status if a.verification_status else ''}",
        file=a.origin.file, note=note)


def _proc_evidence(rule: str, p: ProcedureRecord, note: str | None = None) -> Evidence:
    name = _record_name(p, p.procedures)
    when = f"{p.performed or 'date not recorded'}{'..' + str(p.performed_end) if p.performed_end else ''}"
    return Evidence(
        rule=rule, record=p.origin.resource or f"Procedure/{p.id}", kind="procedure",
        about=",".join(p.procedures), date=p.performed,
        reported=f"{_with_codes(name, p.codes)}; {p.status or 'no status'}; performed {when}",
        file=p.origin.file, note=note)


def _imm_evidence(rule: str, i: ImmunizationRecord, note: str | None = None) -> Evidence:
    return Evidence(
        rule=rule, record=i.origin.resource or f"Immunization/{i.id}", kind="immunization",
        about=",".join(i.vaccines), date=i.occurred,
        reported=f"{_with_codes(RuleEvaluator._iname(i), i.codes)}; {i.status or 'no status'}; "
                 f"given {i.occurred or 'date not recorded'}",
        file=i.origin.file, note=note)


def _began_by(first: dt.date, cutoff: dt.date, op: str) -> bool:
    """Whether something begun on ``first`` lasted ``op`` a duration whose start is ``cutoff`` ("for > 6 months":
    strictly before it; "for >= 6 months": on or before it)."""
    return first < cutoff if op == ">" else first <= cutoff


def _study_evidence(rule: str, r: StudyRecord, note: str | None = None) -> Evidence:
    kind = {True: "tests an intervention", False: "tests no intervention", None: "kind not recorded"}[r.interventional]
    return Evidence(
        rule=rule, record=r.origin.resource or f"ResearchSubject/{r.id}", kind="study",
        about=r.study_title or r.study or None, date=r.start,
        reported=f"{RuleEvaluator._sname(r)}; {r.status or 'no status'}; from {r.start or 'date not recorded'}"
                 f" to {r.end or 'open'}; {kind}",
        file=r.origin.file, note=note)


# ResearchSubject states after which the patient is no longer on the study (the end date may be missing)
STUDY_LEFT = frozenset({"off-study", "withdrawn"})


def _kleene(values: list[Truth], conj: bool) -> Truth:
    if conj:
        if any(v is False for v in values):
            return False
        return True if all(v is True for v in values) else None
    if any(v is True for v in values):
        return True
    return False if all(v is False for v in values) else None


def _one_per_prescription(exposures: list) -> list:
    """Records of one drug at one daily dose that overlap in time are one prescription.

    A renewal written before the old one ran out, or a statement and a request
    for the same prescription, must not double the dose or look like a change.
    """
    out: list = []
    for m, ok in sorted(exposures, key=lambda x: (x[0].drug or "", x[0].start or dt.date.min)):
        prev = out[-1][0] if out else None
        if (prev is not None and prev.drug == m.drug and m.normalized_daily_dose is not None
                and prev.normalized_daily_dose == m.normalized_daily_dose and prev.start and m.start
                and (prev.end is None or m.start <= prev.end)):
            end = None if prev.end is None or m.end is None else max(prev.end, m.end)
            status = prev.status if prev.end is None and m.end is not None else m.status
            out[-1] = (m.model_copy(update={"start": prev.start, "end": end, "status": status}),
                       ok if ok is out[-1][1] else None)
            continue
        out.append((m, ok))
    return out


def _any_record(judged: list, name, evidence, missing) -> Outcome:
    """Some record (medication, diagnosis) qualifies: True if one does, unknown if one might, else False."""
    for want in (True, None):
        hits = [(r, how) for r, v, how in judged if v is want]
        if hits:
            return Outcome(want, "; ".join(f"{name(r)}: {how}" for r, how in hits),
                           [evidence(r, how) for r, how in hits],
                           missing=[missing(r) for r, _h in hits] if want is None else None)
    return Outcome(False, "; ".join(f"{name(r)}: {how}" for r, _v, how in judged[:3]),
                   [evidence(r, how) for r, _v, how in judged])


def _none_recorded(completeness: str, what: str, kind: str, missing: str) -> Outcome:
    """No matching record: not met where the kind is complete history, else unknown (policy.py)."""
    if completeness == "open":
        return Outcome(None, f"no {what} recorded; {kind} are not taken as complete here", missing=[missing])
    return Outcome(False, f"no {what} recorded")


# ---- the evaluator ---------------------------------------------------------------------


class RuleEvaluator:
    """Evaluates the rules of one criterion for one patient."""

    def __init__(self, facts: PatientFacts, policy: Policy, criterion_id: str,
                 attestations: list[Attestation] = ()):
        self.f, self.policy, self.cid = facts, policy, criterion_id
        self.as_of = facts.as_of
        self.attest = {a.criterion: a for a in attestations}
        self.vocab = vocabulary()

    def eval(self, node) -> Outcome:
        return getattr(self, "_" + node.kind)(node)

    # -- connectives --------------------------------------------------------------
    def _combine(self, outs: list[Outcome], conj: bool) -> Outcome:
        value = _kleene([o.value for o in outs], conj)
        # decided: the items that decided it; undecided: every item, since the ones that said
        # no (in an "or") or yes (in an "and") are part of why it is still open
        deciding = [o for o in outs if o.value is value] if value is not None else outs
        if value is True and not conj:  # an "or" holds on its first true item: that is the reason
            deciding = deciding[:1]
        why = "; ".join(o.why for o in deciding)
        evidence = [e for o in deciding for e in o.evidence]
        manual = value is None and all(o.manual for o in outs if o.value is None)
        missing = [m for o in outs if o.value is None for m in o.missing] if value is None else []
        return Outcome(value, why, evidence, manual, missing)

    def _all(self, node: ir.All) -> Outcome:
        return self._combine([self.eval(i) for i in node.items], True)

    def _any(self, node: ir.Any) -> Outcome:
        if not node.items:
            return Outcome(False, "nothing")
        return self._combine([self.eval(i) for i in node.items], False)

    def _not(self, node: ir.Not) -> Outcome:
        o = self.eval(node.item)
        value = None if o.value is None else not o.value
        return Outcome(value, o.why if o.value is None else f"not ({o.why})", o.evidence, o.manual, o.missing)

    def _at_least(self, node: ir.AtLeast) -> Outcome:
        outs = [self.eval(i) for i in node.items]
        yes = sum(o.value is True for o in outs)
        maybe = sum(o.value is None for o in outs)
        value: Truth = True if yes >= node.n else (False if yes + maybe < node.n else None)
        why = f"{yes} of {len(outs)} met (at least {node.n} needed)"
        ev = [e for o in outs if o.value is True for e in o.evidence]
        return Outcome(value, why, ev, value is None and all(o.manual for o in outs if o.value is None),
                       [m for o in outs if o.value is None for m in o.missing] if value is None else [])

    # -- person --------------------------------------------------------------------
    def _sex(self, node: ir.Sex) -> Outcome:
        rule = render(node)
        sex = self.f.patient.sex
        ev = [Evidence(rule=rule, record="Patient.gender", kind="patient", reported=sex or "not recorded")]
        if set(node.allowed) >= {"female", "male"}:
            return Outcome(True, "the trial takes all sexes", ev)
        if sex in ("female", "male"):
            return Outcome(sex in node.allowed, f"sex is {sex}", ev)
        return Outcome(None, f"sex is {sex or 'not recorded'}", ev, missing=["sex"])

    def _manual(self, node: ir.Manual) -> Outcome:
        a = self.attest.get(self.cid)
        if a is None:
            return Outcome(None, f"needs a person's attestation: {node.reason}", manual=True,
                           missing=[f"attestation for {self.cid}: {node.reason}"])
        ev = [Evidence(rule=render(node), record=f"attestation {self.cid}", kind="attestation",
                                       date=a.date, reported=f"{'holds' if a.holds else 'does not hold'}"
                                       f"{' (by ' + a.by + ')' if a.by else ''}", note=a.note)]
        return Outcome(a.holds, f"attested: '{node.reason}' {'holds' if a.holds else 'does not hold'}", ev)

    def _unmapped(self, node: ir.Unmapped) -> Outcome:
        # the subject names nothing in the vocabulary, so no record can be matched to it
        return Outcome(None, f"'{node.subject}' is not in the vocabulary; no record can decide {render(node)}",
                       missing=[f"{node.subject} (not in the vocabulary)"])

    # -- labs, vitals, scores, age -------------------------------------------------
    def _age(self, node, checks: list[tuple[str, object]]) -> Outcome:
        """Age on as_of against each limit, counted in that limit's own unit ("6 months to 17 years")."""
        rule = render(node)
        birth = self.f.patient.birth_date
        if birth is None:
            return Outcome(None, "birth date not recorded", missing=["birth date"])
        values, shown = [], []
        for op, q in checks:
            if not isinstance(q, ir.Quantity):
                return Outcome(None, "an age limit must be a number of years, months, weeks or days")
            unit = next((k for k, v in ir.TIME_UCUM.items() if v == q.unit), "year") if q.unit else "year"
            age = calendar.age_in(birth, self.as_of, unit)
            values.append(_TESTS[op](age, q.value))
            shown.append(f"{_fmt(age)} {unit}s")
        text = " = ".join(dict.fromkeys(shown))
        ev = [Evidence(rule=rule, record="Patient.birthDate", kind="patient", about="age", date=birth,
                       reported=str(birth), normalized=f"{text} on {self.as_of}")]
        return Outcome(all(values), f"age {text} on {self.as_of}", ev)

    def _bound(self, analyte: str, t, o: Observation) -> tuple[float | None, str, tuple | None]:
        """A threshold for one result: (value in canonical units or None, text, (range text, default?))."""
        if isinstance(t, ir.Quantity):
            try:
                return analyte_threshold(analyte, t.value, t.unit), f"{_fmt(t.value)} {t.unit or ''}".strip(), None
            except UnitConversionError as err:
                return None, f"threshold {t.value} {t.unit}: {err.message}", None
        rng, default = o.normalized_range, False
        if o.range_problem:
            return None, o.range_problem, None
        if rng is None or (rng.high if t.bound == "ULN" else rng.low) is None:
            dflt = self.vocab.reference_range(analyte, self.f.patient.sex if self.f.patient.sex in ("female", "male") else None)
            if dflt is None:
                sexed = self.f.patient.sex not in ("female", "male") and self.vocab.reference_range(analyte, "female")
                return None, (f"no reference range for {analyte} in the record, and our default ranges are by sex, "
                              f"which is not recorded" if sexed else
                              f"no reference range for {analyte} in the record or in our data"), None
            try:
                m = linear_map(dflt.unit, self.vocab.analytes[analyte].canonical_unit, analyte)
            except UnitConversionError as err:
                return None, err.message, None
            low = None if dflt.low is None else float(m.apply(dflt.low))
            high = None if dflt.high is None else float(m.apply(dflt.high))
            default = True
        else:
            low, high = rng.low, rng.high
        limit = high if t.bound == "ULN" else low
        if limit is None:
            return None, f"the reference range has no {'upper' if t.bound == 'ULN' else 'lower'} limit", None
        unit = self.vocab.analytes[analyte].canonical_unit
        text = f"{'' if low is None else _fmt(low)}-{'' if high is None else _fmt(high)} {unit}"
        return t.factor * limit, f"{_fmt(t.factor)} x {t.bound} ({_fmt(t.factor * limit)} {unit})", (
            text + (" (default: the record gives none)" if default else " (from the record)"), default)

    def carried(self, analyte: str, o: Observation) -> tuple[float | None, str]:
        """An analyte that advances with time (analyte_advancing.csv): the value on as_of, and how.

        The value observed D days before as_of is D days larger on it, in the analyte's unit;
        past the analyte's limit the observed state has ended (a pregnancy is over), and the value
        says nothing about now: None, with the reason.  The SQL engine does the same sum.
        """
        a = self.vocab.analytes[analyte]
        unit = a.canonical_unit
        born = self.f.patient.birth_date
        if born is not None and (o.date - born).days < 365:
            # a newborn's own result (its gestational age at birth) does not advance
            return o.normalized_value, (f"{_fmt(o.normalized_value)} {unit} observed on {o.date}, before the patient's "
                                        f"first birthday: the value at birth, which does not change")
        days = (self.as_of - o.date).days
        value = o.normalized_value + days * advance_per_day(unit)
        shown = f"{_fmt(o.normalized_value)} {unit} observed on {o.date} is {_fmt(value)} {unit} on {self.as_of}"
        if a.advances_until is not None and value > a.advances_until:
            return None, (f"{a.name} {shown}, past {_fmt(a.advances_until)} {unit}: what was observed has "
                          f"ended and says nothing about {self.as_of}")
        return value, shown

    def _numeric_test(self, node) -> Callable[[Observation], tuple[Truth, str, tuple | None]]:
        """One result -> (satisfies?, how, reference range used)."""
        analyte = node.analyte
        advancing = analyte in self.vocab.analytes and self.vocab.analytes[analyte].advances
        if advancing:  # the value on as_of decides; the evidence says what was carried (_over_time)
            plain = self._plain_numeric_test(node)

            def test(o: Observation):
                if o.normalized_value is None or o.date is None:
                    return plain(o)
                value, shown = self.carried(analyte, o)
                if value is None:
                    return None, shown, None
                v, how, rng = plain(o.model_copy(update={"normalized_value": value}))
                return v, f"{how} (carried: {shown})", rng
            return test
        return self._plain_numeric_test(node)

    def _plain_numeric_test(self, node) -> Callable[[Observation], tuple[Truth, str, tuple | None]]:
        analyte = node.analyte
        if isinstance(node, ir.Measure):
            def test(o: Observation):
                if o.normalized_value is None:
                    return None, o.problem or "no numeric value", None
                b, btext, rng = self._bound(analyte, node.value, o)
                if b is None:
                    return None, btext, rng
                v = _compare(o.normalized_value, o.comparator, node.op, b)
                return v, _said(o, v, f"{node.op} {btext}"), rng
            return test

        def test(o: Observation):
            if o.normalized_value is None:
                return None, o.problem or "no numeric value", None
            lo, lt, rng = self._bound(analyte, node.low, o)
            hi, ht, rng2 = self._bound(analyte, node.high, o)
            if lo is None or hi is None:
                return None, lt if lo is None else ht, rng or rng2
            a = _compare(o.normalized_value, o.comparator, ">=" if node.low_inclusive else ">", lo)
            b = _compare(o.normalized_value, o.comparator, "<=" if node.high_inclusive else "<", hi)
            v = _kleene([a, b], True)
            return v, _said(o, v, f"in [{lt}, {ht}]"), rng or rng2
        return test

    def _measure(self, node: ir.Measure) -> Outcome:
        if node.analyte == "age":
            return self._age(node, [(node.op, node.value)])
        return self._over_time(node, self._numeric_test(node))

    def _between(self, node: ir.Between) -> Outcome:
        if node.analyte == "age":
            return self._age(node, [(">=" if node.low_inclusive else ">", node.low),
                                    ("<=" if node.high_inclusive else "<", node.high)])
        return self._over_time(node, self._numeric_test(node))

    def _over_time(self, node, test) -> Outcome:
        """Latest result / any result in a window / persistence over a period."""
        out = self._over_time_of(node, test)
        a = self.vocab.analytes.get(node.analyte)
        if a is not None and a.advances:  # the observed value, its date and the value carried to as_of
            for ev in out.evidence:
                o = next((o for o in self.f.observations(node.analyte)
                          if (o.origin.resource or f"Observation/{o.id}") == ev.record and o.date == ev.date), None)
                if ev.kind == "observation" and o is not None and o.normalized_value is not None:
                    note = "carried to as_of: " + self.carried(node.analyte, o)[1]
                    ev.note = note if ev.note is None else f"{ev.note}; {note}"
        return out

    def _over_time_of(self, node, test) -> Outcome:
        rule = render(node)
        results = self.f.observations(node.analyte)
        name = node.analyte
        if not results:
            return self._no_results(name, "result")
        if node.window is not None:
            start = self._window_start(node.window)
            inside = [o for o in results if o.date >= start]
            if not inside:
                return self._no_results(name, f"result since {start}")
            if node.sustained is not None:  # persistent within the window: only the window's results count
                return self._sustained(node, rule, name, inside, test)
            judged = [(o, *test(o)) for o in inside]
            hits = [j for j in judged if j[1] is True]
            if hits:
                o, _v, how, rng = hits[-1]
                return Outcome(True, f"{name} {how} on {o.date}", [_obs_evidence(rule, o, rng=rng)])
            value = False if all(j[1] is False for j in judged) else None
            return Outcome(value, f"no {name} result since {start} satisfies it"
                           + ("" if value is False else " (some could not be read)"),
                           [_obs_evidence(rule, o, rng=rng) for o, _v, _h, rng in judged],
                           missing=[] if value is False else [f"a readable {name} result since {start}"])
        latest = results[-1]
        stale = self.as_of - dt.timedelta(days=self.policy.lab_lookback_days)
        if latest.date < stale:
            return Outcome(None, f"latest {name} result is from {latest.date}, older than "
                           f"{self.policy.lab_lookback_days} days before {self.as_of}",
                           [_obs_evidence(rule, latest, note="stale")],
                           missing=[f"a {name} result on or after {stale}"])
        value, how, rng = test(latest)
        same_day = [o for o in results if o.date == latest.date and o is not latest]
        if same_day and node.sustained is None:
            judged = [test(o) for o in same_day]
            if any(j[0] is not value for j in judged):  # the record order must not pick the answer
                return Outcome(None, f"{name} results on {latest.date} disagree: " + "; ".join(
                    [how] + [j[1] for j in judged]), [_obs_evidence(rule, o) for o in [*same_day, latest]],
                    missing=[f"one {name} result for {latest.date}"])
        if node.sustained is None:
            return Outcome(value, f"{name} {how} on {latest.date}" if value is not None
                           else f"latest {name} result on {latest.date}: {how}",
                           [_obs_evidence(rule, latest, rng=rng)],
                           missing=[] if value is not None else [f"a readable {name} result"])
        return self._sustained(node, rule, name, results, test)

    def _sustained(self, node, rule: str, name: str, results: list[Observation], test) -> Outcome:
        """Every result over the period satisfies, and the results span it (persistence)."""
        run: list[tuple[Observation, tuple | None]] = []
        breaker = None
        for o in reversed(results):
            value, how, rng = test(o)
            if value is True:
                run.append((o, rng))
                continue
            breaker = (o, value, how, rng)
            break
        ev = [_obs_evidence(rule, o, rng=rng) for o, rng in reversed(run)]
        d = node.sustained
        if not run:
            o, value, how, rng = breaker
            return Outcome(value, f"latest {name} result on {o.date}: {how}", [_obs_evidence(rule, o, rng=rng)],
                           missing=[] if value is not None else [f"a readable {name} result"])
        first, last = run[-1][0].date, run[0][0].date
        period = f"{d.value:g} {d.unit}{'s' if d.value != 1 else ''}"
        strict = node.sustained_op == ">"
        if calendar.spans_at_least(first, last, d, strict):
            return Outcome(True, f"{name} satisfied it in every result from {first} to {last} "
                           f"({'more than' if strict else 'at least'} {period})", ev)
        if breaker is not None and breaker[1] is False:
            o, _v, how, rng = breaker
            return Outcome(False, f"not persistent for {period}: {name} {how} on {o.date}",
                           ev + [_obs_evidence(rule, o, rng=rng)])
        if breaker is not None:
            o, _v, how, _r = breaker
            return Outcome(None, f"{name} result on {o.date} could not be read ({how})", ev,
                           missing=[f"a readable {name} result on {o.date}"])
        return Outcome(None, f"{name} results from {first} to {last} cover less than {period}", ev,
                       missing=[f"a {name} result on or before {calendar.shift(last, d.value, d.unit)}"])

    def _no_results(self, name: str, what: str) -> Outcome:
        if self.policy.observations == "complete":  # a trial said: no such result means none was ever positive/high
            return Outcome(False, f"no {name} {what} in the record; results are taken as complete here")
        return Outcome(None, f"no {name} {what} in the record", missing=[f"{name} {what}"])

    # -- qualitative results ---------------------------------------------------------
    _POSITIVE_TEXT = ("positive", "detected", "reactive", "present", "pos", "+", "abnormal")
    _NEGATIVE_TEXT = ("negative", "not detected", "non-reactive", "nonreactive", "absent", "neg", "-", "normal",
                      "undetectable", "none detected")
    _POSITIVE_FLAGS = {"POS", "DET", "H", "HH", "HU", "A", "AA", "R"}
    _NEGATIVE_FLAGS = {"NEG", "ND", "N", "L", "NR"}

    def _polarity(self, umbrella: str, o: Observation) -> tuple[str | None, str]:
        """positive / negative / None for one result, and how that was read."""
        if o.value_text:
            t = o.value_text.strip().lower()
            if t in self._NEGATIVE_TEXT or t.startswith(("negative", "not detected", "non-reactive")):
                return "negative", f"reported '{o.value_text}'"
            if t in self._POSITIVE_TEXT or t.startswith(("positive", "detected", "reactive")):
                return "positive", f"reported '{o.value_text}'"
        flags = {f.upper() for f in o.interpretation}
        if flags & self._POSITIVE_FLAGS:
            return "positive", f"flagged {', '.join(sorted(flags))}"
        if flags & self._NEGATIVE_FLAGS:
            return "negative", f"flagged {', '.join(sorted(flags))}"
        if o.normalized_value is not None:
            shown = f"{o.comparator or ''}{_fmt(o.normalized_value)} {o.normalized_unit}"
            limit, what = self._positivity_limit(umbrella, o)
            if limit is not None:
                above = _compare(o.normalized_value, o.comparator, ">", limit)  # a censored value may not tell
                if above is None:
                    return None, f"{shown} cannot tell whether it is above {what} {_fmt(limit)}"
                return ("positive" if above else "negative"), (
                    f"{shown} {'above' if above else 'not above'} {what} {_fmt(limit)}")
        return None, o.problem or "neither a qualitative result, a flag, nor a range to read it by"

    def _positivity_limit(self, umbrella: str, o: Observation) -> tuple[float | None, str]:
        """The record's upper limit, else the isotype's cut-off from analyte_members.csv."""
        rng = o.normalized_range
        if rng is not None and rng.high is not None:
            return rng.high, "the record's upper limit"
        for member, cutoff, unit in self.vocab.analyte_members(umbrella):
            if member == o.analyte and cutoff is not None:
                try:
                    return analyte_threshold(member, cutoff, unit), "the cut-off (analyte_members.csv)"
                except UnitConversionError:
                    break
        return None, ""

    def _latest_polarity(self, node: ir.Result, rule: str, read: list) -> Outcome:
        """The latest result of each test (an umbrella has one per isotype) decides.

        Positive if any test's latest is positive; negative only if every test's
        latest is negative; same-day results of one test must agree.
        """
        stale = self.as_of - dt.timedelta(days=self.policy.lab_lookback_days)
        by_test: dict[str, list] = {}
        for r in read:
            by_test.setdefault(r[0].analyte, []).append(r)
        pols, why, ev, missing = [], [], [], []
        for test, rs in by_test.items():
            day = rs[-1][0].date
            latest = [r for r in rs if r[0].date == day]
            if day < stale:
                pols.append(None)
                why.append(f"latest {test} result is from {day}, older than {self.policy.lab_lookback_days} days")
                ev += [_obs_evidence(rule, o, note="stale") for o, _p, _h in latest]
                missing.append(f"a {test} result on or after {stale}")
                continue
            seen = {p for _o, p, _h in latest}
            pol = seen.pop() if len(seen) == 1 else None
            pols.append(pol)
            if len(latest) > 1 and pol is None and None not in {p for _o, p, _h in latest}:
                why.append(f"{test} results on {day} disagree")
            else:
                why.append(f"{test} {pol or 'unreadable'} on {day} (" + "; ".join(h for _o, _p, h in latest) + ")")
            ev += [_obs_evidence(rule, o, note=h) for o, _p, h in latest]
            if pol is None:
                missing.append(f"a readable {test} result")
        if "positive" in pols:
            value: Truth = node.value == "positive"
        elif all(p == "negative" for p in pols):
            value = node.value == "negative"
        else:
            value = None
        return Outcome(value, "; ".join(why), ev, missing=missing if value is None else [])

    def _result(self, node: ir.Result) -> Outcome:
        rule = render(node)
        name = node.analyte
        results = self.f.observations(node.analyte, with_members=True)
        if node.window is not None:
            start = self._window_start(node.window)
            results = [o for o in results if o.date >= start]
        if not results:
            return self._no_results(name, "result")
        read = [(o, *self._polarity(node.analyte, o)) for o in results]
        unreadable = [r for r in read if r[1] is None]
        if node.times <= 1 and node.window is None:
            return self._latest_polarity(node, rule, read)
        hits = [(o, how) for o, pol, how in read if pol == node.value]
        chosen: list[tuple[Observation, str]] = []
        for o, how in hits:  # greedy: the earliest result, then each next one at least `apart` later
            if not chosen or node.apart is None or calendar.spans_at_least(chosen[-1][0].date, o.date, node.apart):
                chosen.append((o, how))
        ev = [_obs_evidence(rule, o, note=how) for o, how in chosen]
        apart = f" at least {node.apart.value:g} {node.apart.unit}s apart" if node.apart else ""
        if len(chosen) >= node.times:
            dates = ", ".join(str(o.date) for o, _h in chosen)
            return Outcome(True, f"{name} {node.value} {len(chosen)} times{apart} ({dates})", ev)
        ev = [_obs_evidence(rule, o, note=how) for o, how in hits]  # all of them: the reader sees why too close
        why = f"{name} {node.value} {len(chosen)} time(s){apart}, {node.times} needed"
        if len(hits) > len(chosen):
            why += f" ({len(hits)} {node.value} results: " + ", ".join(str(o.date) for o, _h in hits) + ")"
        if unreadable:
            return Outcome(None, why + f"; {len(unreadable)} result(s) could not be read",
                           ev + [_obs_evidence(rule, o, note=how) for o, _p, how in unreadable],
                           missing=[f"readable {name} results"])
        return Outcome(False, why, ev + [_obs_evidence(rule, o, note=how) for o, pol, how in read if pol != node.value][:3])

    # -- drugs -------------------------------------------------------------------------
    def _ingredients(self, drug: str) -> frozenset[str]:
        if drug in self.vocab.drugs:
            return frozenset([drug])
        cls = self.vocab.drug_classes.get(drug)
        return frozenset(cls.members) if cls else frozenset()

    def _routes(self, node_routes: tuple[str, ...], drug: str) -> tuple[str, ...]:
        if node_routes:
            # "topical" takes in eye, ear and nose drops (route_groups.csv)
            groups = self.vocab.route_groups
            return tuple(dict.fromkeys(r for route in node_routes
                                       for r in (route, *sorted(groups.get(route, frozenset()) - {route}))))
        cls = self.vocab.drug_classes.get(drug)
        return cls.systemic_routes if cls else ()

    def _route_ok(self, m: Medication, routes: tuple[str, ...]) -> Truth:
        if not routes:
            return True
        if m.route:
            return m.route in routes
        known = self.vocab.drugs[m.drug].routes if m.drug in self.vocab.drugs else ()
        if known and all(r in routes for r in known):
            return True
        if known and not any(r in routes for r in known):
            return False
        return None

    def _exposures(self, drug: str, routes: tuple[str, ...], excluding: tuple[str, ...] = ()):
        """(medication, route matches?) for every record of the drug or class, up to as_of (not of the
        ingredients of ``excluding``: "NSAIDs other than aspirin")."""
        allowed = self._routes(routes, drug)
        counted = self._ingredients(drug).difference(*(self._ingredients(e) for e in excluding))
        return [(m, self._route_ok(m, allowed)) for m in self.f.medications(counted)]

    def _end(self, m: Medication) -> tuple[dt.date | None, bool]:
        """(last day taken, known?). An open record with an active status runs to as_of."""
        if m.end is not None:
            return m.end, True
        if m.resource_type == "MedicationAdministration" and m.start is not None:
            return m.start, True
        if (m.status or "active").lower() == "active":
            return self.as_of, True
        return None, False

    def _active(self, m: Medication) -> Truth:
        end, known = self._end(m)
        if m.start is not None and m.start > self.as_of:
            return False
        if not known:  # a record's status is taken as its status on as_of (screening on the export date)
            return False if (m.status or "").lower() in ("completed", "stopped", "on-hold") else None
        return end >= self.as_of

    def _nothing(self, what: str) -> Outcome:
        if self.policy.medications == "open":
            return Outcome(None, f"no record of {what}; medications are not taken as complete here",
                           missing=[f"medication history for {what}"])
        return Outcome(False, f"no record of {what}")

    def _drug(self, node: ir.DrugUse) -> Outcome:
        rule = render(node)
        exposures = self._exposures(node.drug, node.routes, node.excluding)
        if not exposures:
            return self._nothing(node.drug)
        if node.lasting is not None:
            return self._drug_lasting(node, exposures, rule)
        verdicts: list[tuple[Medication, Truth, str]] = []
        for m, route_ok in exposures:
            if route_ok is False:
                verdicts.append((m, False, f"route {m.route or '?'} does not count"))
                continue
            v, how = self._exposed(node, m)
            if route_ok is None and v is True:
                v, how = None, how + "; route not recorded"
            verdicts.append((m, v, how))
        return _any_record(verdicts, lambda m: m.drug, lambda m, how: _med_evidence(rule, m, how),
                           lambda m: f"dates or route of {m.drug}")

    def _drug_lasting(self, node: ir.DrugUse, exposures, rule: str) -> Outcome:
        """Taken without a break for at least ``node.lasting``: records of the drug that overlap or follow
        on the next day are one run; the run up to as_of (or, with ``ever``, any run) must be that long."""
        spells, unsure = [], []
        for m, route_ok in exposures:
            end, known = self._end(m)
            if route_ok is False or (m.start is not None and m.start > self.as_of):
                continue
            if route_ok is None or m.start is None or not known:
                unsure.append((m, "the route is not recorded" if route_ok is None else "start or end not recorded"))
                continue
            spells.append((m.start, min(end, self.as_of), m))
        runs: list[list] = []  # [first day, last day, records]
        for start, end, m in sorted(spells, key=lambda s: (s[0], s[1])):
            if runs and start <= runs[-1][1] + dt.timedelta(days=1):
                runs[-1][1] = max(runs[-1][1], end)
                runs[-1][2].append(m)
            else:
                runs.append([start, end, [m]])
        candidates = runs if node.ever else [r for r in runs if r[1] >= self.as_of]
        need = f"{node.lasting_op} {node.lasting.value:g} {node.lasting.unit}s"

        for first, last, ms in candidates:
            if _began_by(first, calendar.duration_start(last, node.lasting), node.lasting_op):
                how = f"taken without a break from {first} to {last} ({(last - first).days + 1} days; needs {need})"
                return Outcome(True, f"{node.drug}: {how}", [_med_evidence(rule, m, how) for m in ms])
        if unsure:
            return Outcome(None, "; ".join(f"{m.drug}: {why}" for m, why in unsure),
                           [_med_evidence(rule, m, why) for m, why in unsure],
                           missing=[f"start, end and route of {m.drug}" for m, _w in unsure])
        ev = [_med_evidence(rule, m) for _f, _l, ms in runs for m in ms][:5]
        if not candidates:
            return Outcome(False, f"{node.drug} not in use on the screening date", ev)
        first, last, _ms = candidates[-1]
        return Outcome(False, f"{node.drug} taken without a break only from {first} to {last} "
                       f"({(last - first).days + 1} days; needs {need})", ev)

    def _exposed(self, node: ir.DrugUse, m: Medication) -> tuple[Truth, str]:
        if node.window is None:
            if node.ever:
                return True, f"taken from {m.start or 'an unrecorded date'}"
            v = self._active(m)
            return v, {True: "in use on the screening date", False: "not in use on the screening date",
                       None: "status or end date not recorded"}[v]
        start, how = self._window_start_for(node.window, m.drug)
        if start is None:
            return None, how
        end, known = self._end(m)
        if known:
            if end >= start:
                return True, f"taken until {end}, within the window from {start} ({how})"
            return False, f"last taken {end}, before the window from {start} ({how})"
        if m.start is not None and m.start >= start:
            return True, f"started {m.start}, within the window from {start} ({how})"
        return None, f"stopped on an unrecorded date (window from {start}, {how})"

    def _window_start_for(self, w: ir.Window, drug: str | None) -> tuple[dt.date | None, str]:
        """Where a window begins for this drug (half-lives are the drug's own)."""
        ext = w.within
        options = ext.options if isinstance(ext, ir.Longer) else (ext,)
        starts: list[tuple[dt.date, str]] = []
        for opt in options:
            if isinstance(opt, ir.Duration):
                starts.append((calendar.duration_start(self.as_of, opt), f"{opt.value:g} {opt.unit}s"))
                continue
            d = self.vocab.drugs.get(drug or "")
            if d is None or d.half_life_hours is None:
                return None, f"no half-life for {drug} in our data"
            hours = opt.count * d.half_life_hours
            starts.append((calendar.shift(self.as_of, hours, "hour"),
                           f"{opt.count:g} half-lives of {d.half_life_hours:g} h = {hours / 24:.1f} days"))
        start, how = min(starts)
        if not w.inclusive:
            # "less than 6 weeks ago": the day exactly 6 weeks back is not in the window
            return start + dt.timedelta(days=1), f"less than {how}"
        return start, how

    def _window_start(self, w: ir.Window) -> dt.date:
        start, _how = self._window_start_for(w, None)
        return start if start is not None else self.as_of

    def _equivalent(self, drug: str, as_drug: str | None, ingredient: str) -> float | None:
        """mg of ``as_drug`` per mg of ``ingredient`` (1 without ``as_drug``)."""
        if as_drug is None or as_drug == ingredient:
            return 1.0
        classes = [self.vocab.drug_classes[drug]] if drug in self.vocab.drug_classes else []
        classes += [self.vocab.drug_classes[c] for c in self.vocab.drugs[ingredient].classes
                    if c in self.vocab.drug_classes]
        for cls in classes:
            if cls.reference_drug == as_drug and ingredient in cls.equivalence:
                return cls.equivalence[ingredient]
        return None

    def _dose(self, node: ir.DrugDose) -> Outcome:
        rule = render(node)
        total, ev, unknown = 0.0, [], []
        exposures = _one_per_prescription(self._exposures(node.drug, ()))
        if not exposures and self.policy.medications == "open":
            return self._nothing(node.drug)
        for m, route_ok in exposures:
            active = self._active(m)
            if active is False or route_ok is False:
                continue
            if active is None or route_ok is None:
                unknown.append((m, "whether it is in use on the screening date is not recorded" if active is None
                                else "the route is not recorded, and this drug is not always systemic"))
                continue
            factor = self._equivalent(node.drug, node.as_drug, m.drug)
            if m.normalized_daily_dose is None or factor is None:
                unknown.append((m, m.problem or f"no {node.as_drug}-equivalent factor for {m.drug}"))
                continue
            total += m.normalized_daily_dose * factor
            ev.append(_med_evidence(rule, m, f"{_fmt(m.normalized_daily_dose)} mg/d x {factor:g}"
                                    + (f" = {_fmt(m.normalized_daily_dose * factor)} mg/d {node.as_drug}" if node.as_drug else "")))
        if unknown:
            return Outcome(None, "; ".join(f"{m.drug}: {why}" for m, why in unknown),
                           ev + [_med_evidence(rule, m, why) for m, why in unknown],
                           missing=[f"daily dose of {m.drug}" for m, _w in unknown])
        try:
            bound = float(linear_map(node.per_day.unit or "mg/d", "mg/d").apply(node.per_day.value))
        except UnitConversionError as err:
            return Outcome(None, f"dose limit: {err.message}")
        as_ = f" as {node.as_drug}" if node.as_drug else ""
        value = _TESTS[node.op](total, bound)
        return Outcome(value, f"daily dose of {node.drug}{as_} is {_fmt(total)} mg/d ({node.op} {_fmt(bound)} mg/d "
                       f"{'holds' if value else 'does not hold'})", ev)

    def _stable(self, node: ir.DoseStable) -> Outcome:
        rule = render(node)
        cls = self.vocab.drug_classes.get(node.drug)
        ref = cls.reference_drug if cls else None
        spells = []  # (start, end, mg/d in reference-drug terms or per ingredient, record)
        exposures = _one_per_prescription(self._exposures(node.drug, ()))
        if not exposures and self.policy.medications == "open":
            return self._nothing(node.drug)
        for m, route_ok in exposures:
            if route_ok is False:
                continue
            if route_ok is None:
                return Outcome(None, f"{m.drug}: the route is not recorded, and this drug is not always systemic",
                               [_med_evidence(rule, m)], missing=[f"route of {m.drug}"])
            end, known = self._end(m)
            factor = self._equivalent(node.drug, ref, m.drug) if ref else 1.0
            if m.start is None or not known or m.normalized_daily_dose is None or factor is None:
                return Outcome(None, f"{m.drug}: start, end or daily dose not recorded",
                               [_med_evidence(rule, m)], missing=[f"start, end and dose of {m.drug}"])
            spells.append((m.start, end, m.normalized_daily_dose * factor, m))
        current = [s for s in spells if s[0] <= self.as_of <= s[1]]
        if not current:
            return Outcome(False, f"{node.drug} not in use on the screening date",
                           [_med_evidence(rule, s[3]) for s in spells][:3])

        def dose_on(day: dt.date) -> tuple:
            key = (lambda s: ("ref", 0)) if ref else (lambda s: (s[3].drug, 0))
            totals: dict = {}
            for s in spells:
                if s[0] <= day <= s[1]:
                    totals[key(s)[0]] = totals.get(key(s)[0], 0.0) + s[2]
            return tuple(sorted((k, round(v, 6)) for k, v in totals.items()))

        now = dose_on(self.as_of)
        since = min(s[0] for s in current)
        # walk back through the days where some record starts or ends; the dose held since the last change
        changes = sorted({s[0] for s in spells} | {s[1] + dt.timedelta(days=1) for s in spells}, reverse=True)
        for day in changes:
            if day > self.as_of:
                continue
            if dose_on(day - dt.timedelta(days=1)) != now:
                since = day
                break
        else:
            since = min(s[0] for s in spells)
        ds = calendar.duration_start(self.as_of, node.duration)
        value = {">": since < ds, ">=": since <= ds, "<": since > ds, "<=": since >= ds, "=": since == ds}[node.op]
        days = (self.as_of - since).days
        ev = [_med_evidence(rule, s[3]) for s in spells if s[1] >= since - dt.timedelta(days=1)]
        return Outcome(value, f"{node.drug} dose unchanged since {since} ({days} days; needs {node.op} "
                       f"{node.duration.value:g} {node.duration.unit}s)", ev)

    # -- conditions ---------------------------------------------------------------------
    _ACTIVE = {"active", "recurrence", "relapse"}
    _GONE = {"resolved"}
    _ENDED = _GONE | {"inactive", "remission"}  # not active, not present for a duration
    _UNSURE = {"provisional", "differential", "unconfirmed"}

    def _condition(self, node: ir.Condition) -> Outcome:
        rule = render(node)
        v = self.vocab
        targets = v.expand_condition(node.group) if node.group in v.condition_groups else frozenset([node.group])
        excluded = frozenset(g for e in node.excluding if e in v.condition_groups for g in v.expand_condition(e))
        found: list[tuple[ConditionRecord, Truth, str]] = []
        for c in self.f.conditions:
            gs = set(c.groups)
            if not gs & targets or gs & excluded:
                # a diagnosis in an excepted group does not count, though its codes also place it in the
                # target ("malignancy except basal cell carcinoma": C44.41 is in both)
                continue
            val, how = self._cond_status(node, c)
            if val is not False and node.severity:
                val, how = self._cond_severity(node, c, val, how)
            if val is not False and (c.verification_status or "").lower() in self._UNSURE:
                val, how = None, how + f"; verification {c.verification_status}"
            found.append((c, val, how))
        if not found:
            return _none_recorded(self.policy.conditions, node.group, "conditions",
                                  f"whether the patient has {node.group}")
        return _any_record(found, self._cname, lambda c, how: _cond_evidence(rule, c, how),
                           lambda c: f"status or dates of {self._cname(c)}")

    def _allergy(self, node: ir.Allergy) -> Outcome:
        """A recorded allergy to the agent: a record of it, or (for a class) of one of its drugs.

        A record of a whole class that holds the drug asked about, or of a substance the
        vocabulary cannot place, might be meant: unknown, never a silent no.
        """
        rule, v, agent = render(node), self.vocab, node.agent
        counts = {agent, *(v.drug_classes[agent].members if agent in v.drug_classes else ())}
        wider = {c.id for c in v.drug_classes.values() if agent in c.members}
        found: list[tuple[AllergyRecord, Truth, str]] = []
        for a in self.f.allergies:
            named = set(a.agents)
            if named & counts:
                maybe = None
            elif named & wider:
                maybe = f"recorded for the class {', '.join(sorted(named & wider))}, which holds {agent}"
            elif not named:
                maybe = "its substance is not in the vocabulary"
            else:
                continue
            val, how = self._allergy_status(node, a)
            if maybe is not None:  # a record that might be meant is at most unknown
                val, how = (False if val is False else None), f"{how}; {maybe}"
            found.append((a, val, how))
        if not found:
            return _none_recorded(self.policy.allergies, f"allergy to {agent}", "allergies",
                                  f"whether the patient is allergic to {agent}")
        return _any_record(found, self._aname, lambda a, how: _allergy_evidence(rule, a, how),
                           lambda a: f"what {self._aname(a)} is to, and whether it is confirmed")

    # -- procedures -----------------------------------------------------------------------

    def _procedure(self, node: ir.Procedure) -> Outcome:
        """A procedure record of the vocabulary's procedure; no record: as a missing diagnosis (policy.conditions)."""
        rule = render(node)
        found = [(p, *self._proc_time(node, p)) for p in self.f.procedures if node.procedure in p.procedures]
        if not found:
            proc = self.vocab.procedures.get(node.procedure)
            if proc is not None and not proc.codes:
                return Outcome(None, f"{node.procedure} has no code in our data; no record can decide it",
                               missing=[f"whether the patient had {node.procedure}"])
            return _none_recorded(self.policy.conditions, node.procedure, "procedures (like conditions)",
                                  f"whether the patient had {node.procedure}")
        return _any_record(found, self._pname, lambda p, how: _proc_evidence(rule, p, how),
                           lambda p: f"dates or status of {self._pname(p)}")

    def _proc_time(self, node: ir.Procedure, p: ProcedureRecord) -> tuple[Truth, str]:
        status = (p.status or "").lower()
        # the last day it went on: its period's end; a finished one without an end, the day it was done
        end = p.performed_end or (p.performed if status in PROC_DONE else None)
        if node.window is not None:
            start = self._window_start(node.window)
            last = end or p.performed
            if last is None:
                return None, "date not recorded"
            if last >= start:
                return True, f"performed {last}, within the window from {start}"
            if end is None and status not in PROC_DONE:
                return None, f"begun {p.performed}, before the window from {start}; whether it went on is not recorded"
            return False, f"performed {last}, before the window from {start}"
        if node.status == "current":
            if end is not None:
                ok = end >= self.as_of
                return ok, f"{'in progress until' if ok else 'ended'} {end}"
            if status == "in-progress":
                return True, f"in progress since {p.performed or 'an unrecorded date'}"
            return None, f"{status or 'no status'}; whether it is in progress is not recorded"
        return True, f"performed {p.performed or '(date not recorded)'}"

    # -- immunizations ----------------------------------------------------------------------
    def _immunization(self, node: ir.Immunization) -> Outcome:
        """An immunization record of the vaccine (or of a member of the group); no record: by
        policy.immunizations (open by default: unknown, as many vaccines are given where the record
        does not see; complete: not given)."""
        rule = render(node)
        found = [(i, *self._imm_time(node, i)) for i in self.f.immunizations if node.vaccine in i.vaccines]
        if not found:
            return _none_recorded(self.policy.immunizations, node.vaccine, "immunizations",
                                  f"whether the patient was given {node.vaccine}")
        return _any_record(found, self._iname, lambda i, how: _imm_evidence(rule, i, how),
                           lambda i: f"the date {self._iname(i)} was given")

    def _imm_time(self, node: ir.Immunization, i: ImmunizationRecord) -> tuple[Truth, str]:
        if node.window is None:
            return True, f"given {i.occurred or '(date not recorded)'}"
        start = self._window_start(node.window)
        if i.occurred is None:
            return None, "date not recorded"
        if i.occurred >= start:
            return True, f"given {i.occurred}, within the window from {start}"
        return False, f"given {i.occurred}, before the window from {start}"

    @staticmethod
    def _iname(i: ImmunizationRecord) -> str:
        return _record_name(i, i.vaccines, i.id)

    # -- other studies (ResearchSubject) ----------------------------------------------------------
    def _study(self, node: ir.Study) -> Outcome:
        """The patient in another study in the window (its period overlaps it) or on the index date;
        ``investigational``: a study that tests an intervention.  No record: by policy.studies (open by
        default: unknown; most records never hold trial participation).  (The engine does not know the
        screened trial's own id, so a ResearchSubject of this very trial counts like any other.)"""
        rule = render(node)
        found = [(r, *self._study_value(node, r)) for r in self.f.studies]
        if not found:
            what = "investigational product" if node.investigational else "participation in a research study"
            return _none_recorded(self.policy.studies, what, "studies (ResearchSubject records)",
                                  f"whether the patient is or was in another study ({what})")
        return _any_record(found, self._sname, lambda r, how: _study_evidence(rule, r, how),
                           lambda r: f"the dates or kind of {self._sname(r)}")

    def _study_value(self, node: ir.Study, r: StudyRecord) -> tuple[Truth, str]:
        when, how = self._study_time(node, r)
        if r.enrolled is None:
            when, how = (None if when is not False else False), f"{how}; status {r.status or 'not recorded'}"
        if not node.investigational or when is False or r.interventional is True:
            return when, how
        if r.interventional is False:
            return False, f"{how}; the study tests no intervention"
        return None, f"{how}; whether the study tests an intervention is not recorded"

    def _study_time(self, node: ir.Study, r: StudyRecord) -> tuple[Truth, str]:
        s, e, left = r.start, r.end, (r.status or "").lower() in STUDY_LEFT
        span = f"from {s or '(start not recorded)'} to {e or ('(end not recorded)' if left else 'ongoing')}"
        on_at = self.as_of if node.current else self._window_start(node.window)
        if e is not None and e < on_at:
            return False, f"{span}: over before {on_at}"
        if node.current:
            if s is None or (left and e is None):
                return None, f"{span}: whether it was on {on_at} is not recorded"
            return True, f"{span}: on {on_at}"
        inside = (True, f"{span}: within the window from {on_at}")
        if s is not None and s >= on_at:
            return inside
        if s is None:  # on its end date, if that is known and not after as_of
            return inside if e is not None and e <= self.as_of else (
                None, f"{span}: whether it was within the window from {on_at} is not recorded")
        if e is None and left:
            return None, f"{span}: whether it reached the window from {on_at} is not recorded"
        return inside

    @staticmethod
    def _sname(r: StudyRecord) -> str:
        return r.study_title or (r.study_ids[0] if r.study_ids else None) or r.study or r.id

    @staticmethod
    def _pname(p: ProcedureRecord) -> str:
        return _record_name(p, p.procedures, p.id)

    @staticmethod
    def _aname(a: AllergyRecord) -> str:
        return _record_name(a, a.agents, a.id)

    def _allergy_status(self, node: ir.Allergy, a: AllergyRecord) -> tuple[Truth, str]:
        status = (a.clinical_status or "").lower()
        if node.status != "history" and status in ("inactive", "resolved"):
            return False, status
        if (a.verification_status or "").lower() in self._UNSURE:
            return None, f"{status or 'recorded'}; verification {a.verification_status}"
        return True, status or "recorded"

    @staticmethod
    def _cond_severity(node: ir.Condition, c: ConditionRecord, val: Truth, how: str) -> tuple[Truth, str]:
        """"severe asthma": a diagnosis counts only at a severity the rule names; none recorded: unknown."""
        if c.severity is None:
            return None, how + "; severity not recorded"
        if c.severity not in node.severity:
            return False, how + f"; severity {c.severity}, not {' or '.join(node.severity)}"
        return val, how + f"; severity {c.severity}"

    @staticmethod
    def _cname(c: ConditionRecord) -> str:
        return _record_name(c, c.groups)

    def _cond_status(self, node: ir.Condition, c: ConditionRecord) -> tuple[Truth, str]:
        status = (c.clinical_status or "").lower()
        abated = c.abatement is not None and c.abatement <= self.as_of
        if node.lasting is not None:
            # present for at least this long: not resolved, onset on or before the cut-off; a history
            # ("6 months after stroke") only begun that long ago
            if node.status != "history" and (abated or status in self._ENDED):
                return False, f"not present ({status or 'abated ' + str(c.abatement)})"
            if c.onset is None:
                return None, "onset date not recorded"
            cutoff = calendar.duration_start(self.as_of, node.lasting)
            ok = _began_by(c.onset, cutoff, node.lasting_op)
            where = "before" if node.lasting_op == ">" else "on or before"
            return ok, f"onset {c.onset} {where if ok else 'not ' + where} {cutoff}"
        if node.present is not None:
            # a state present at some time in the window: begun by its end, not ended before its start
            start = self._window_start(node.present)
            if c.abatement is not None and c.abatement < start:
                return False, f"ended {c.abatement}, before the window from {start}"
            if c.onset is not None and c.onset > self.as_of:
                return False, f"onset {c.onset} after {self.as_of}"
            if c.onset is not None and c.onset >= start:
                return True, f"onset {c.onset} within the window from {start}"
            if c.abatement is None and status in self._ENDED:
                return None, f"{status}, end date not recorded (present in the window from {start}?)"
            since = f"since {c.onset}" if c.onset else "onset not recorded"
            until = f"until {c.abatement}" if c.abatement is not None else (status or "not ended")
            return True, f"present in the window from {start} ({since}, {until})"
        if node.onset is not None:
            start = self._window_start(node.onset)
            if c.onset is None:
                return None, "onset date not recorded"
            ok = c.onset >= start
            return ok, f"onset {c.onset} {'within' if ok else 'before'} the window from {start}"
        if node.status == "history":
            return True, f"recorded (onset {c.onset or 'not recorded'})"
        if node.status == "active":
            if abated or status in self._ENDED:
                return False, f"not active ({status or 'abated ' + str(c.abatement)})"
            if status in self._ACTIVE:
                return True, f"{status}"
            return None, "clinical status not recorded"
        if abated or status in self._GONE:
            return False, f"resolved{' on ' + str(c.abatement) if c.abatement else ''}"
        return True, f"{status or 'recorded'}{' since ' + str(c.onset) if c.onset else ''}"
