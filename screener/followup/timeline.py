"""Dates of a follow-up: timepoints after the baseline date, their windows, and the data's end.

A timepoint "2 week within 3 day" after baseline B is the target day B + 2
weeks (calendar arithmetic of screener.evaluate.calendar: weeks are 7 days,
months are calendar months) and the window [target - 3 days, target + 3
days].  The result that stands for the timepoint is the one in the window
closest to the target; on a tie, the earlier day (it was known first).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from screener.evaluate import calendar
from screener.ir import followup as fu
from screener.ir.nodes import Duration
from screener.records.model import Observation, Patient


@dataclass(frozen=True, slots=True)
class Window:
    target: dt.date
    start: dt.date
    end: dt.date

    def holds(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def after(baseline: dt.date, d: Duration) -> dt.date:
    return calendar.shift(baseline, d.value, d.unit, sign=1)


def window_of(baseline: dt.date, tp: fu.Timepoint) -> Window:
    target = after(baseline, tp.offset)
    if tp.tolerance is None:
        return Window(target, target, target)
    t = tp.tolerance
    return Window(target, calendar.shift(target, t.value, t.unit), calendar.shift(target, t.value, t.unit, sign=1))


def closest(results: list[Observation], w: Window) -> list[Observation]:
    """The results on the day in the window closest to its target (ties: the earlier day)."""
    inside = [o for o in results if w.holds(o.date)]
    if not inside:
        return []
    day = min({o.date for o in inside}, key=lambda d: (abs((d - w.target).days), d))
    return [o for o in inside if o.date == day]


def data_end(patient: Patient) -> dt.date | None:
    """The last date the record speaks of: where the data ends when no cut-off date is given."""
    days = [o.date for o in patient.observations if o.date]
    for m in patient.medications:
        days += [d for d in (m.start, m.end) if d]
    for c in patient.conditions:
        days += [d for d in (c.onset, c.abatement) if d]
    return max(days) if days else None
