"""What every rule compiler needs: the screening date, the criterion's policy, the vocabulary,
and the leaf type a rule compiles into."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlglot import exp

from screener import ir
from screener.evaluate import calendar
from screener.evaluate.policy import Policy
from screener.sql.syntax import FALSE, NULL, Expr, any_true, col, lit, minus, plus_days
from screener.vocab import Vocabulary


class NotExpressible(Exception):
    """A rule (or a node kind) this SQL builder cannot express faithfully.

    The engines hand such a criterion to the interpreter instead (docs/store.md,
    "Hybrid"), so a new rule kind never gives a wrong answer.
    """


@dataclass
class Leaf:
    """One record-reading rule as CTEs; the last CTE gives (pid, v) for patients with rows.

    ``absent`` is the value for a patient the last CTE has no row for (no record of it).
    """

    ctes: list[tuple[str, exp.Select]]
    absent: Expr = field(default_factory=lambda: NULL.copy())


@dataclass
class Ctx:
    as_of: dt.date
    policy: Policy
    cid: str
    vocab: Vocabulary
    attest: dict[str, bool]

    @property
    def day(self) -> Expr:
        return lit(self.as_of)

    def window_start(self, w: ir.Window, drug: str | None) -> Expr | None:
        """Where a window begins (screener.evaluate.rules._window_start_for); None: no half-life known."""
        found = self.window_start_for(w, drug)
        return None if found is None else found[1]

    def window_start_for(self, w: ir.Window, drug: str | None) -> tuple[dt.date, Expr] | None:
        """(the date, as SQL) where a window begins for this drug (half-lives are the drug's own)."""
        ext = w.within
        options = ext.options if isinstance(ext, ir.Longer) else (ext,)
        starts: list[tuple[dt.date, Expr]] = []
        for opt in options:
            if isinstance(opt, ir.Duration):
                starts.append((calendar.duration_start(self.as_of, opt), minus(self.day, opt.value, opt.unit)))
                continue
            d = self.vocab.drugs.get(drug or "")
            if d is None or d.half_life_hours is None:
                return None
            hours = opt.count * d.half_life_hours
            starts.append((calendar.shift(self.as_of, hours, "hour"), minus(self.day, hours, "hour")))
        start = min(starts, key=lambda s: s[0])  # the earliest start: "whichever is longer"
        if not w.inclusive:
            # "less than 6 weeks ago": the day exactly 6 weeks back is not in the window (rules._window_start_for)
            return start[0] + dt.timedelta(days=1), plus_days(start[1], 1)
        return start

    def window_start_any(self, w: ir.Window) -> Expr:
        """A window on a lab or a diagnosis: half-lives mean nothing there, so it starts on as_of."""
        start = self.window_start(w, None)
        return start if start is not None else self.day


def any_record(name: str, table: str, alias: str, where: Expr, value: Expr, completeness: str) -> Leaf:
    """A rule that holds for a patient when ``value`` holds for any of their rows of ``table`` that ``where``
    keeps; a patient with no such row: by the policy (complete: false, open: unknown)."""
    leaf = exp.select(col("pid", alias), exp.alias_(any_true(value), "v")).from_(
        exp.alias_(exp.to_table(table), alias)).where(where).group_by(col("pid", alias))
    return Leaf([(name, leaf)], NULL.copy() if completeness == "open" else FALSE.copy())
