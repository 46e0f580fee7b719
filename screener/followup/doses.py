"""Daily doses on a given day of follow-up, from the medication records.

The screening evaluator knows the dose on the screening date; follow-up needs
it on any day, and needs to know when it went up.  The reading of a record
is the screening one (docs/semantics.md, "Medications"): one prescription for
overlapping records of one dose, an open active record runs to the end of the
data, a daily dose in mg (prednisone-equivalent for a class with a reference
drug).  A completed or stopped record without an end date covers its first
day only for certain; any later day is unknown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from screener.evaluate.rules import RuleEvaluator, _one_per_prescription
from screener.records.model import Medication


@dataclass
class DailyDose:
    mg: float | None  # None: some record on that day cannot be read
    why: str
    records: list[tuple[Medication, str]] = field(default_factory=list)  # the records read, with a note each


def daily_dose(ev: RuleEvaluator, drug: str, as_drug: str | None, day: dt.date) -> DailyDose:
    """The total daily dose of a drug (or class) on ``day``, in mg/d (of ``as_drug`` when given)."""
    total, read, unknown = 0.0, [], []
    for m, route_ok in _one_per_prescription(ev._exposures(drug, ())):
        if route_ok is False:
            continue
        if m.start is None:
            unknown.append((m, "start date not recorded"))
            continue
        if m.start > day:
            continue
        end, known = ev._end(m)
        if known and end < day:
            continue
        if not known and day > m.start:
            unknown.append((m, f"{m.status or 'no status'} with no end date: whether it ran on {day} is unknown"))
            continue
        if route_ok is None:
            unknown.append((m, "route not recorded, and this drug is not always systemic"))
            continue
        factor = ev._equivalent(drug, as_drug, m.drug)
        if m.normalized_daily_dose is None or factor is None:
            unknown.append((m, m.problem or f"no {as_drug}-equivalent factor for {m.drug}"))
            continue
        mg = m.normalized_daily_dose * factor
        total += mg
        read.append((m, f"{mg:g} mg/d" + (f" as {as_drug}" if as_drug and as_drug != m.drug else "")))
    if unknown:
        return DailyDose(None, "; ".join(f"{m.drug}: {why}" for m, why in unknown), read + unknown)
    what = drug + (f" as {as_drug}" if as_drug else "")
    return DailyDose(total, f"{what} {total:g} mg/d on {day}", read)


def change_days(ev: RuleEvaluator, drug: str, start: dt.date, end: dt.date) -> list[dt.date]:
    """Days in [start, end] on which the daily dose may differ from the day before: a record starts,
    stops (the day after its end), or, with no end date, becomes unknown (the day after its start)."""
    days: set[dt.date] = set()
    for m, _ok in ev._exposures(drug, ()):
        if m.start:
            days.add(m.start)
        stop, known = ev._end(m)
        if known and stop:
            days.add(stop + dt.timedelta(days=1))
        elif m.start:
            days.add(m.start + dt.timedelta(days=1))
    return sorted(d for d in days if start <= d <= end)


def first_rise(ev: RuleEvaluator, drug: str, as_drug: str | None, start: dt.date, end: dt.date):
    """(True, day, before, after) at the first day in [start, end] the daily dose went up;
    (None, ...) when an unreadable dose hides whether it did; (False, ...) when it never did."""
    undecided = None
    for day in change_days(ev, drug, start, end):
        before, after = daily_dose(ev, drug, as_drug, day - dt.timedelta(days=1)), daily_dose(ev, drug, as_drug, day)
        if before.mg is None or after.mg is None:
            undecided = undecided or (day, before, after)
            continue
        if after.mg > before.mg + 1e-9:
            return True, day, before, after
    if undecided:
        return (None, *undecided)
    return False, None, None, None
