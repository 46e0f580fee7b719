"""A dosing schedule (rules/<trial>.protocol) -> the expected daily dose on each day after baseline.

Day 1 is the baseline date.  The steps run one after another (docs/outcomes.md, "Dosing"):
- a level ("0.8 mg/kg/d maximum 60 mg/d rounded to 5 mg/d"): per kg of the
  baseline weight when its unit says so; rounded to the nearest multiple
  (halves up) and then capped, so the cap is never exceeded; held ``for`` its
  duration, or, without one, until the next step's rhythm (a taper's first
  reduction comes one period later), or for good when it is the last step;
- a taper ("taper 5 mg/d every 14 day to 30 mg/d"): every period the dose
  drops by the step, never below the floor; the floor is held for the next
  taper's period, or for good when the taper is the last step (0 mg/d: stopped).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from screener.followup.timeline import after
from screener.ir import followup as fu
from screener.units import UnitConversionError, linear_map


@dataclass(frozen=True, slots=True)
class Segment:
    start: dt.date
    end: dt.date | None  # last day; None: for good
    mg_per_day: float


@dataclass(frozen=True, slots=True)
class Expected:
    segments: tuple[Segment, ...]  # empty when the schedule cannot be worked out
    how: str  # how the first dose was worked out, or why there is no schedule

    def on(self, day: dt.date) -> float | None:
        for s in self.segments:
            if s.start <= day and (s.end is None or day <= s.end):
                return s.mg_per_day
        return None if not self.segments else 0.0  # before the first segment: nothing was due


def _mg_per_day(q, weight_kg: float | None) -> tuple[float | None, str]:
    try:
        return float(linear_map(q.unit, "mg/d").apply(q.value)), ""
    except UnitConversionError:
        pass
    per_kg = float(linear_map(q.unit, "mg/kg/d").apply(q.value))  # the compiler allowed only these two
    if weight_kg is None:
        return None, "no body weight at baseline to work out the per-kg dose"
    return per_kg * weight_kg, f"{q.value:g} {q.unit} x {weight_kg:g} kg = {per_kg * weight_kg:g} mg/d"


def _level(step: fu.DoseLevel, weight_kg: float | None) -> tuple[float | None, str]:
    dose, how = _mg_per_day(step.per_day, weight_kg)
    if dose is None:
        return None, how
    notes = [how] if how else []
    if step.rounding is not None:
        r = float(linear_map(step.rounding.unit, "mg/d").apply(step.rounding.value))
        rounded = math.floor(dose / r + 0.5) * r
        if rounded != dose:
            notes.append(f"rounded to {rounded:g} mg/d")
        dose = rounded
    if step.maximum is not None:
        cap = float(linear_map(step.maximum.unit, "mg/d").apply(step.maximum.value))
        if dose > cap:
            notes.append(f"capped at {cap:g} mg/d")
            dose = cap
    return dose, "; ".join(notes) or f"{dose:g} mg/d"


def expected(schedule: fu.DoseSchedule, baseline: dt.date, weight_kg: float | None) -> Expected:
    segments: list[Segment] = []
    day, level, how = baseline, None, ""
    steps = schedule.steps
    for i, step in enumerate(steps):
        last = i == len(steps) - 1
        if isinstance(step, fu.DoseLevel):
            level, why = _level(step, weight_kg)
            if level is None:
                return Expected((), why)
            how = how or why
            if step.duration is not None:
                end = after(day, step.duration)
                segments.append(Segment(day, end - dt.timedelta(days=1), level))
                day = end
            elif last:
                segments.append(Segment(day, None, level))
            continue
        if level is None:
            return Expected((), "a taper needs a dose to start from")
        step_mg = float(linear_map(step.step.unit, "mg/d").apply(step.step.value))
        floor = float(linear_map(step.floor.unit, "mg/d").apply(step.floor.value))
        while level > floor + 1e-9:
            end = after(day, step.every)
            segments.append(Segment(day, end - dt.timedelta(days=1), level))
            day, level = end, max(round(level - step_mg, 6), floor)
        if last:
            segments.append(Segment(day, None, level))
    return Expected(tuple(segments), how)
