"""The time4 round (docs/notes/issue-5-time4.md): a window said in a label before its list.

"Taking medications ... known to affect PAS-induced plasticity within the past 2 months: selective serotonin
reuptake inhibitors, dopamine agonists, haloperidol, lithium", "Any of the following within the 12 months prior to
study drug administration: myocardial infarction, ...": the window the label ends with is every item's, as the
same list followed by the window is read ("haloperidol, lithium within the past 2 months": each item with the
window).  Read as a label alone, the window was lost and the items read as current use or ever-had.
"""

from __future__ import annotations

import dataclasses

from lark import Token

from screener import ir

_WINDOW_END = ("WITHIN", "NUMBER", "TIMEUNIT")
_TIME_UNITS = frozenset({"hour", "day", "week", "month", "year"})
# what the body may not hold for the label's window to be its own: a time or a negation of its own
_OWN_TIME = frozenset({"WITHIN", "BEFORE", "AFTER", "TIMEUNIT", "FOR", "COLON", "NOT", "EXCEPT"})


def label_window(label: list[Token], body: list[Token]) -> list[Token]:
    """The label's closing window ('within [the past] <n> <unit> [prior to <index>]'), to be read after the body;
    [] where the label does not end with one or the body has a time, a negation or a bracket of its own."""
    k = len(label)
    if k >= 2 and label[-2].type == "BEFORE" and label[-1].type == "INDEX":
        k -= 2
    elif k >= 1 and label[-1].type == "BEFORE":
        k -= 1
    if k < 3 or [t.type for t in label[k - 3:k]] != list(_WINDOW_END) or label[k - 1].value not in _TIME_UNITS:
        return []
    if not body or any(t.type in _OWN_TIME for t in body):
        return []
    return label[k - 3:]


def with_label_window(ln, rule, window: list[Token]):
    """The rule read from the list after the label, each drug in it taken within the label's window; the rule as
    it was unless every item is the use of a drug with no time of its own (a condition "within" a window would be
    its onset, which "symptoms present during the preceding two weeks" is not)."""
    items = rule.items if isinstance(rule, (ir.Any, ir.All)) else (rule,)
    if not all(isinstance(r, ir.DrugUse) and r.window is None and not r.ever and r.lasting is None for r in items):
        return rule
    try:
        within = ir.Window(within=ir.Duration(value=float(window[1].value), unit=window[2].value))
    except (ValueError, TypeError):
        return rule
    start, _ = ln.to_source(window[0].start_pos, window[-1].end_pos)

    def timed(r):
        end = r.span.end if r.span is not None else ln.to_source(window[0].start_pos, window[-1].end_pos)[1]
        return dataclasses.replace(r, window=within, span=ir.Span(start=min(start, end), end=end))

    if isinstance(rule, (ir.Any, ir.All)):
        return dataclasses.replace(rule, items=tuple(timed(r) for r in rule.items))
    return timed(rule)
