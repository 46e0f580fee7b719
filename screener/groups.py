"""Nested lists whose lead-in counts its items: "Meets one of the following:", "two or more of the
following SIRS criteria:", "at least one of the following" (screener.text.sections gives the
items a ``parent``).

Read line by line, each item of such a list was a criterion of its own: in an inclusion, a patient
who met one item and not another was ineligible, and the lead-in itself (no subject) stayed
unsupported.  Here the lead-in becomes the rule ``at least N of (items)``, and the items are
``grouped_in`` it: they are still evaluated and shown, but the verdict counts the group, not each
item (screener.evaluate.verdict, screener.sql.build).

An item that did not compile whole enters the group as a manual check (a person decides it): a
partial line never decides alone, and neither does it inside a group.  A lead-in that says "all of
the following" needs nothing: each item is required anyway.
"""

from __future__ import annotations

import re

from screener import ir
from screener.ir.canonical import render

_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "a": 1, "any": 1, "either": 1}
# the count a lead-in puts on the items that follow it: "at least one of the following", "two or more of
# these", "≥2 of 6 typical signs:", "within one of the target populations:"
_COUNT = re.compile(
    r"(?:\b(?:at least|a minimum of|minimum of)\s*|[≥]\s*|>=\s*|\b)(?P<n>one|two|three|four|five|any|either|\d)"
    r"(?:\s+or\s+more)?\s+(?:\w+\s+)?(?:of|from)\s+(?:(?:the\s+|these\s+)?(?:following|below)\b|\d+\b|"
    r"the\s+(?:[\w/-]+\s+){0,3}[\w/-]+\s*:\s*$)",
    re.I)
# "... defined as either:", "either:": the items are alternatives
_EITHER = re.compile(r"\beither\s*:?\s*$", re.I)


def lead_in_count(text: str) -> int | None:
    """N of "at least N of the following", "N or more of the following", "one/any of the following"."""
    m = _COUNT.search(text)
    if m is None:
        return 1 if _EITHER.search(text) else None
    n = m.group("n").lower()
    return int(n) if n.isdigit() else _WORDS[n]


_NOT_WHOLE = " (did not compile whole)"


def _item(c) -> ir.Rule:
    """An item's rule in the group; a person decides an item that did not compile whole."""
    if c.status == "compiled" and c.rule is not None and c.origin != "allowance":
        return c.rule
    return ir.Manual(reason=f"{c.id}: {' '.join(c.text.split())[:120]}{_NOT_WHOLE}")


def has_failed_item(rule) -> bool:
    """Whether a group holds an item that did not compile whole: the line is then partial, not a
    person's check of its own (screener.coverage)."""
    return any(isinstance(r, ir.Manual) and r.reason.endswith(_NOT_WHOLE) for r in ir.walk(rule))


# what a lead-in may say besides its count and still add nothing a rule could lose
_GENERIC = frozenset("""patient patients subject subjects participant participants person persons who whose that
must should meet meets meeting fulfil fulfill fulfils fulfills fulfilling have has having had with the a an
and of following criteria criterion inclusion exclusion condition conditions in this study to participate will
be included excluded if any at least or more one two three four five minimum is are within their clinical
presentation documentation based on""".split())


def _only_count(text: str) -> bool:
    """Whether the lead-in says nothing but its count ("Meets one of the following:")."""
    return all(w in _GENERIC for w in re.findall(r"[^\W\d_]+", text.lower()))


def group_nested(criteria: list, lines: list, source) -> list:
    """The criteria with each counting lead-in's items grouped under it (deepest lists first)."""
    parents = {ln.id: ln for ln in lines}
    children: dict[str, list[str]] = {}
    for ln in lines:
        if ln.parent is not None and ln.parent in parents and parents[ln.parent].role == ln.role:
            children.setdefault(ln.parent, []).append(ln.id)
    by_id = {c.id: k for k, c in enumerate(criteria)}
    out = list(criteria)
    for pid in sorted(children, key=lambda i: -i.count(".")):
        k = by_id.get(pid)
        n = lead_in_count(parents[pid].text)
        kids = [out[by_id[i]] for i in children[pid] if i in by_id and out[by_id[i]].origin != "allowance"]
        if k is None or n is None or not kids or n > len(kids):
            continue
        lead = out[k]
        # the group's span is its lead-in's: evidence and the bench find the count there
        group = ir.AtLeast(n=n, items=tuple(_item(c) for c in kids),
                           span=ir.Span(start=lead.span["start"], end=lead.span["end"]))
        only_count = _only_count(lead.text)
        if only_count:
            # the lead-in says nothing but its count (which it may have compiled as a comparison of its
            # own: "Patients whose clinical presentation meets at least one of the following criteria")
            rule, status, keep = group, "compiled", []
        elif lead.status == "unsupported" or lead.rule is None:
            # words of its own that no rule took ("Liver transplantation candidates with one or more of
            # the following") keep it partial
            rule, status, keep = group, "partial", lead.diagnostics
        else:
            # what the lead-in says besides the count ("breast cancer, fulfilling any of the following")
            # holds as well
            rule, status, keep = ir.All(items=(lead.rule, group)), lead.status, lead.diagnostics
        if lead.section == "exclusion" and n == 1 and status == "partial":
            # an item of an exclusion that needs one excludes on its own already; grouped under a lead-in that
            # never decides, a met item would no longer exclude
            continue
        note = source.diagnostic(
            "rule.group", "info", f"a lead-in of {len(kids)} items: at least {n} of them must hold "
            f"({', '.join(c.id for c in kids)}); the verdict counts the group, not each item",
            lead.span["start"], lead.span["end"])
        out[k] = lead.model_copy(update=dict(rule=rule, canonical=render(rule), status=status,
                                             diagnostics=keep + [note]))
        for c in kids:
            out[by_id[c.id]] = c.model_copy(update=dict(grouped_in=pid))
    return out
