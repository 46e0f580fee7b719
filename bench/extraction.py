"""Extraction quality against gold annotations nobody here wrote (issue 5).

    python3 bench/extraction.py              # prints the figures; rewrites docs/coverage.md
    python3 bench/extraction.py --no-write   # prints only

Each record is compiled as users get it: line by line, then its counted lists
("Meets one of the following:") grouped under their lead-in (screener.groups).

1. LCT numeric comparisons: every LCT trial is compiled; the numbers in the
   compiled rules (bench/ir_bounds.py) are scored against LCT's gold
   ``Eq-Comparison`` events (bench/lct_gold.py), matched by span overlap and
   then by operator side, inclusiveness, value and unit.
   precision = predicted comparisons that match / predicted comparisons;
   recall = gold comparisons matched / gold comparisons.
2. Clinical-Trial-Parser's 39 interpreter cases (bench/ctp_cases.py).
3. Coverage of LCT + Chia criterion lines: full (compiled into a computable
   rule), manual (a person attests it), partial, unsupported.

The last line is ``precision=P recall=R ctp=C/39 full=F manual=M partial=Q unsupported=U``.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections import Counter
from itertools import groupby
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import chia_vocab  # noqa: E402
from bench.corpus_lines import chia, lct  # noqa: E402
from bench.ir_bounds import TIME_WORDS, comparisons  # noqa: E402
from bench.lct_gold import Bound, read_gold  # noqa: E402
from screener.compile import compile_line, nest  # noqa: E402
from screener.coverage import line_class  # noqa: E402
from screener.units import to_ucum  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


# ---- compiling a corpus as users get it -----------------------------------------


def compiled_records(lines):
    """(doc, line, compiled or the exception) for each line, record by record, with the record's nested
    lists read as compile_text reads them (screener.compile.nest: counted lists grouped, negated or scoped
    ones partial): "Meets one of the following:" is then the rule ``at least 1 of (items)``, not a line with
    no subject."""
    for _, rec in groupby(lines, key=lambda t: id(t[1])):
        rec = list(rec)
        src = rec[0][1]
        out: list = []
        for _doc, _src, line in rec:
            try:
                out.append(compile_line(line, src))
            except Exception as err:  # counted and reported by coverage(): the issue asks for none
                out.append(err)
        ok = [c for c in out if not isinstance(c, Exception)]
        grouped = iter(nest(ok, [ln for (_, _, ln), c in zip(rec, out) if not isinstance(c, Exception)], src))
        for (doc, _src, line), c in zip(rec, out):
            yield doc, line, c if isinstance(c, Exception) else next(grouped)


# ---- 1. LCT numeric comparisons -----------------------------------------------


def _ucum(text: str) -> str | None:
    try:
        return to_ucum(text)
    except Exception:
        return None


def _norm_unit(u: str | None) -> str | None:
    if u is None:
        return None
    return TIME_WORDS.get(u, u)


_SAME_CACHE: dict[tuple[str, str], bool] = {}


def _same_unit(gold: str | None, ours: str | None) -> bool:
    if gold is None:
        return True  # the gold leaves the unit unsaid ("age >= 18", "ECOG 0-2")
    if ours is not None and "/" in ours and _component(gold, ours):
        return True
    gold, ours = _norm_unit(gold), _norm_unit(ours)
    if ours is None:
        return False
    if gold == ours:
        return True
    if ours.endswith("/{1.73_m2}") and "1.73" not in gold:
        # LCT often annotates "mL/min/1.73 m2" with the Unit "mL/min" alone
        ours = ours[: -len("/{1.73_m2}")]
    if ours.startswith(gold + "[") and "/" not in ours:
        # "< 8 cm H2O": LCT annotates the Unit "cm" and leaves "H2O" out (ours: cm[H2O])
        return True
    if re.fullmatch(r"[A-Za-z0-9\[\]_]+", gold) and gold in re.split(r"[/.]", ours):
        # LCT splits compound units over Unit, Per and Temporal-Unit arguments and often
        # annotates only one part ("< 11 g/dL": Unit "g"; "< 50 ml/min": Temporal-Unit "minute")
        return True
    key = (gold, ours)
    if key not in _SAME_CACHE:
        _SAME_CACHE[key] = _factor_one(gold, ours)
    return _SAME_CACHE[key]


def _component(gold: str, ours: str) -> bool:
    """LCT annotates a compound unit in parts: "beats/minute" as Unit "min", "days/week" as "d",
    "ml/kg/h" as "mL/kg".  A gold unit that is one component of ours, or its leading
    components, is the same unit read in part (compared before time words are normalized,
    so "min" is still the UCUM minute)."""
    parts = [p for p in re.split(r"[/.]", ours) if p]
    if gold in parts:
        return True
    return bool(re.fullmatch(r"[^/]+(?:/[^/]+)*", gold)) and ours.startswith(gold + "/")


def _factor_one(a: str, b: str) -> bool:
    if a.startswith("?") or b in ("ULN", "LLN", "half-lives") or a in ("ULN", "LLN", "half-lives"):
        return False
    try:
        from screener.units.convert import convert

        return math.isclose(float(convert([1.0], a, b)[0]), 1.0, rel_tol=1e-6)
    except Exception:
        return False


def _bound_match(g: Bound, p: Bound) -> bool:
    if not math.isclose(g.value, p.value, rel_tol=1e-9, abs_tol=1e-12):
        return False
    if g.side is not None and g.side != p.side:
        return False
    if g.inclusive is not None and p.inclusive is not None and g.side != "eq" and g.inclusive != p.inclusive:
        return False
    return _same_unit(g.unit, p.unit)


def _overlap(a0, a1, b0, b1) -> bool:
    return a0 < b1 and b0 < a1


@dataclass
class LctScore:
    predicted: int = 0
    correct: int = 0
    gold: int = 0
    recalled: int = 0
    skipped_gold: int = 0
    wrong: list = None
    missed: list = None


_WRITTEN_NUMBER = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\b", re.I)
# a window or a length said with a number of any kind ("twelve hours", "half a year", "a dozen weeks")
_SAID_LENGTH = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z]+teen|"
                          r"twenty|thirty|forty|fifty|sixty|ninety|hundred|half|dozen|couple|fortnight)\b", re.I)


def score_lct() -> tuple[LctScore, dict]:
    from screener.diagnostics import SourceText
    from screener.text.sections import split_criteria

    score = LctScore(wrong=[], missed=[])
    gold_lines: dict[tuple[str, int, int], int] = {}
    for doc in read_gold(_ucum):
        src = SourceText(doc.text)
        preds = []
        lines = [(doc.doc, src, line) for line in split_criteria(doc.text).lines]
        for _, line, c in compiled_records(lines):
            if not isinstance(c, Exception) and c.rule is not None:
                preds.extend(comparisons(c.rule))
            n = sum(1 for g in doc.comparisons if _overlap(g.start, g.end, line.start, line.end))
            if n:
                gold_lines[(doc.doc, line.start, line.end)] = n
        score.skipped_gold += doc.skipped
        # a grouped item's comparisons are in its own rule and in its lead-in's group: one prediction;
        # the count of "any of the following" / "either:" is no number written in the text, which is what
        # LCT annotates; nor is the one of a window or a length said without one ("in the past year", "for at
        # least a year": windows5)
        preds = [p for p in dict.fromkeys(preds)
                 if (p.kind != "count" or _WRITTEN_NUMBER.search(doc.text[p.start:p.end]))
                 and (p.kind not in ("window", "duration") or _SAID_LENGTH.search(doc.text[p.start:p.end]))]
        for p in preds:
            score.predicted += 1
            near = [g for g in doc.comparisons if _overlap(g.start, g.end, p.start, p.end)]
            gb = [b for g in near for b in g.bounds]
            if all(any(_bound_match(g, b) for g in gb) for b in p.bounds):
                score.correct += 1
            else:
                score.wrong.append((doc.doc, doc.text[p.start:p.end], p, [g.text for g in near]))
        for g in doc.comparisons:
            score.gold += 1
            near = [p for p in preds if _overlap(g.start, g.end, p.start, p.end)]
            pb = [b for p in near for b in p.bounds]
            if all(any(_bound_match(b, q) for q in pb) for b in g.bounds):
                score.recalled += 1
            else:
                score.missed.append((doc.doc, g, doc.text))
    return score, gold_lines


# ---- 3. coverage of criterion lines ----------------------------------------------


def _chia_numeric_spans(mentions: dict[str, list[chia_vocab.Mention]]) -> dict[str, list[tuple[int, int]]]:
    """Chia ``Value`` entities with a digit: the gold numbers of Chia lines."""
    return {doc: spans for doc, ms in mentions.items()
            if (spans := [(m.start, m.end) for m in ms if m.label == "Value" and re.search(r"\d", m.text)])}


_SHAPE_KEEP = re.compile(r"^(NUMBER|UNIT|CMP|ANALYTE|DRUG|DRUG_CLASS|CONDITION|AGE|MANUAL)$")


def shape(text: str) -> str:
    """A line's pattern: its token kinds with runs of unknown words folded to 'w+'."""
    from screener.parse.lexer import tokenize
    from screener.text.normalize import normalize

    out: list[str] = []
    for t in tokenize(normalize(text).text):
        kind = t.type if _SHAPE_KEEP.match(t.type) else ("w" if t.type == "WORD" else t.type.lower())
        if kind == "w" and out and out[-1] in ("w", "w+"):
            out[-1] = "w+"
            continue
        out.append(kind)
    return " ".join(out[:12]) + (" ..." if len(out) > 12 else "")


# what holds a line back from full, by its diagnostics (a line may have several reasons)
_HOLDS_BACK = (
    ("words left out", {"lex.ignored_words"}),
    ("a subject not in the vocabulary", {"vocab.unmapped_subject"}),
    ("a part did not compile", {"rule.partial"}),
    ("an item of its counted list did not compile whole", {"rule.group"}),
    ("a part needs a person (a qualifier, an open list, a judgement)",
     {"rule.qualifier", "rule.open_list", "rule.manual"}),
    ("the heading or a label limits it", {"rule.label_scope", "rule.lead_in", "rule.label_rules",
                                          "rule.requirement_list"}),
    ("a value to check by hand (an exact value, a unit slip or mismatch, off scale, a negated definition)",
     {"rule.exact_value", "vocab.implausible_limit", "vocab.unit_mismatch", "rule.off_scale",
      "rule.negated_definition", "rule.bad_range"}),
)
_NAMES_NOTHING = {"syntax.no_subject", "syntax.empty"}


def holds_back(cls: str, codes: set[str]) -> list[str]:
    """Why a line that is not full or manual is not full: the reasons of ``_HOLDS_BACK`` its diagnostics give."""
    if cls == "unsupported":
        if codes & _NAMES_NOTHING and not codes - _NAMES_NOTHING - {"lex.ignored_words"}:
            return ["unsupported: names nothing a rule can check"]
        return ["unsupported: names a subject, but no part compiled"]
    found = [name for name, kinds in _HOLDS_BACK if codes & kinds]
    return found or ["other"]


_REFUSED = re.compile(r"cannot use (\w+) ")


def first_refused(diagnostics) -> str:
    """The token kind the parser first refused on a line ("end of line" when the line stopped short)."""
    for d in diagnostics:
        if d.code == "syntax.unexpected_token":
            m = _REFUSED.match(d.message)
            return m.group(1) if m else "a token"
        if d.code == "syntax.unexpected_end":
            return "end of line"
    return "other"


def coverage(lct_gold_lines: dict) -> dict:
    chia_mentions = chia_vocab.entities()
    chia_spans = _chia_numeric_spans(chia_mentions)
    chia_states: Counter[tuple[str, str]] = Counter()  # (what Chia says of the line, our class)
    counts: Counter[str] = Counter()
    per_corpus: dict[str, Counter] = {"lct": Counter(), "chia": Counter()}
    unsupported_shapes: Counter[str] = Counter()
    only_reason: Counter[str] = Counter()
    any_reason: Counter[str] = Counter()
    left_out: Counter[str] = Counter()  # the words left out of the lines held back by them alone
    rejected: Counter[str] = Counter()  # lines naming a subject that compile nothing, by the token the parser refused
    rejected_example: dict[str, str] = {}
    examples: dict[str, str] = {}
    manual_with_numbers: list[tuple[str, str]] = []
    lost: list[tuple[str, str]] = []
    errors: list[tuple[str, str, str]] = []
    total = 0
    for name, lines in (("lct", lct()), ("chia", chia())):
        for doc, line, c in compiled_records(lines):
            total += 1
            if isinstance(c, Exception):
                errors.append((doc, line.text, repr(c)))
                counts["unsupported"] += 1
                continue
            cls = line_class(c)
            counts[cls] += 1
            per_corpus[name][cls] += 1
            if cls != "full" and not c.diagnostics:
                lost.append((doc, line.text))
            if cls in ("partial", "unsupported"):
                reasons = holds_back(cls, {d.code for d in c.diagnostics})
                any_reason.update(reasons)
                if len(reasons) == 1:
                    only_reason[reasons[0]] += 1
                    if reasons[0] == "unsupported: names a subject, but no part compiled":
                        kind = first_refused(c.diagnostics)
                        rejected[kind] += 1
                        rejected_example.setdefault(kind, line.text)
                    if reasons[0] == "words left out":
                        left_out.update(d.message.removeprefix("left out: ").strip("'").lower()
                                        for d in c.diagnostics if d.code == "lex.ignored_words")
            if name == "chia":
                chia_states[chia_vocab.line_state(chia_mentions.get(doc, ()), line.start, line.end), cls] += 1
            if cls == "manual":
                if name == "lct":
                    numeric = (doc, line.start, line.end) in lct_gold_lines
                else:
                    numeric = any(s < line.end and line.start < e for s, e in chia_spans.get(doc, ()))
                if numeric:
                    manual_with_numbers.append((doc, line.text))
            if cls == "unsupported":
                sh = shape(line.text)
                unsupported_shapes[sh] += 1
                examples.setdefault(sh, line.text)
    return dict(total=total, counts=counts, per_corpus=per_corpus, shapes=unsupported_shapes,
                examples=examples, manual_with_numbers=manual_with_numbers, lost=lost, errors=errors,
                only_reason=only_reason, any_reason=any_reason, left_out=left_out,
                rejected=rejected, rejected_example=rejected_example,
                chia_states=chia_states, chia_recall=chia_vocab.mention_recall(chia_mentions))


# ---- report ------------------------------------------------------------------------


def _frac(n: int, d: int) -> float:
    return n / d if d else 0.0


def write_doc(path: Path, lct_score: LctScore, ctp, cov: dict, final: str) -> None:
    from bench.ctp_cases import SKIP

    c = cov["counts"]
    lines = [
        "# Extraction quality and coverage (issue 5)",
        "",
        "Generated by `python3 bench/extraction.py`; do not edit by hand. The method is in the",
        "docstrings of `bench/extraction.py`, `bench/lct_gold.py`, `bench/ir_bounds.py` and",
        "`bench/ctp_cases.py`.",
        "",
        "```",
        final,
        "```",
        "",
        "## LCT numeric comparisons",
        "",
        "Gold: LCT `Eq-Comparison` events with a numeric value (dates and severity words left out:",
        f"{lct_score.skipped_gold} events). Each comparison is split into bounds (lower, upper, equal),",
        "matched by span overlap, then by side, inclusiveness, value and unit.",
        "",
        "| | count |",
        "|---|---|",
        f"| comparisons in compiled rules | {lct_score.predicted} |",
        f"| ... that match a gold comparison | {lct_score.correct} |",
        f"| gold comparisons | {lct_score.gold} |",
        f"| ... found in a compiled rule | {lct_score.recalled} |",
        f"| precision | {_frac(lct_score.correct, lct_score.predicted):.3f} |",
        f"| recall | {_frac(lct_score.recalled, lct_score.gold):.3f} |",
        "",
        "## Clinical-Trial-Parser interpreter cases",
        "",
        f"{ctp.passed} of {ctp.total} reproduced; {len(ctp.skipped)} in the skip list, where our answer",
        "differs from the vector on purpose:",
        "",
    ]
    for case, why in SKIP.items():
        lines.append(f"- `{case}`: {why}")
    if ctp.failed:
        lines += ["", "Not reproduced (and not in the skip list):", ""]
        lines += [f"- `{i}`: {why}" for i, why in ctp.failed]
    lines += [
        "",
        "## Criterion lines of LCT and Chia",
        "",
        "full: compiled whole into rules a record can decide; manual: a person attests it",
        "(consent, willingness, investigator judgement); partial: some of the line compiled, or",
        "a subject is not in the vocabulary; unsupported: nothing compiled (with the diagnostic).",
        "",
        "| corpus | lines | full | manual | partial | unsupported |",
        "|---|---|---|---|---|---|",
    ]
    for name, pc in list(cov["per_corpus"].items()) + [("both", c)]:
        n = sum(pc.values())
        lines.append(f"| {name} | {n} | " + " | ".join(
            f"{pc[k]} ({_frac(pc[k], n):.1%})" for k in ("full", "manual", "partial", "unsupported")) + " |")
    lines += [
        "",
        f"Lines that hold a gold number and compiled as manual: {len(cov['manual_with_numbers'])}.",
        f"Lines left without a diagnostic: {len(cov['lost'])}. Exceptions: {len(cov['errors'])}.",
        "",
        "## What keeps lines from full",
        "",
        "Each partial or unsupported line, by what its diagnostics say held it back (a partial line may",
        "have several reasons; `bench/extraction.py` `holds_back`).",
        "",
        "| reason | lines where it is the only one | lines where it is one of them |",
        "|---|---|---|",
    ]
    for reason, n in cov["any_reason"].most_common():
        lines.append(f"| {reason} | {cov['only_reason'][reason]} | {n} |")
    words_only = cov["only_reason"]["words left out"]
    lines += [
        "",
        f"If every line held back by left-out words alone were read whole, full would be "
        f"{_frac(c['full'] + words_only, n_all := sum(c.values())):.1%} ({c['full'] + words_only} of {n_all}). Those "
        f"lines leave out {len(cov['left_out'])} different words or phrases; the most frequent: "
        + ", ".join(f"'{w}' ({k})" for w, k in cov["left_out"].most_common(12)) + ".",
        "",
        "Lines that name a subject but compile nothing, by the token the parser first refused (the grammar",
        "gaps to close next; `bench/extraction.py` `first_refused`):",
        "",
        "| token refused | lines | example |",
        "|---|---|---|",
    ]
    for kind, n in cov["rejected"].most_common(15):
        ex = cov["rejected_example"][kind].replace("|", "\\|").replace("\n", " ")[:90]
        lines.append(f"| {kind} | {n} | {ex} |")
    lines += _chia_section(cov)
    lines += [
        "",
        "## The 20 most frequent unsupported patterns",
        "",
        "A pattern is the line's token kinds (bench/extraction.py `shape`), unknown words folded to `w+`.",
        "",
        "| lines | pattern | example |",
        "|---|---|---|",
    ]
    for sh, n in cov["shapes"].most_common(20):
        ex = cov["examples"][sh].replace("|", "\\|").replace("\n", " ")[:90]
        lines.append(f"| {n} | `{sh}` | {ex} |")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _chia_section(cov: dict) -> list[str]:
    """docs/coverage.md: how much of what Chia's annotators marked the vocabulary names (bench/chia_vocab.py)."""
    states, classes = cov["chia_states"], ("full", "partial", "manual", "unsupported")
    out = [
        "",
        "## What the vocabulary names, by Chia's own annotations",
        "",
        "Chia's annotators marked the conditions, drugs, procedures, measurements, devices and observations each",
        "line mentions, and flagged lines no query can capture. A mention counts as named when the lexer reads a",
        "vocabulary term in it and no word it does not know (`bench/chia_vocab.py`). A line can be full only when",
        "every clinical thing in it is named, so this bounds `full` from the vocabulary's side.",
        "",
        "| Chia's mentions | named | not named | most frequent not named |",
        "|---|---|---|---|",
    ]
    for label, (n, ok, missed) in cov["chia_recall"].items():
        top = ", ".join(f"{t} ({k})" for t, k in missed.most_common(6)).replace("|", "\\|")
        out.append(f"| {label} | {ok} of {n} ({_frac(ok, n):.1%}) | {n - ok} | {top} |")
    out += ["", "Chia lines by what Chia says of them and how they compile:", "",
            "| line | " + " | ".join(classes) + " | lines | full |", "|---|" + "---|" * (len(classes) + 2)]
    for state in sorted({s for s, _ in states}, key=lambda s: -sum(states[s, c] for c in classes)):
        row = [states[state, c] for c in classes]
        out.append(f"| {state} | " + " | ".join(map(str, row)) + f" | {sum(row)} | {_frac(row[0], sum(row)):.1%} |")
    total = sum(states.values())
    open_ = sum(n for (s, _), n in states.items() if s in ("every clinical mention named", "no clinical mention"))
    reach = open_ + sum(n for (s, c), n in states.items() if c == "full" and s not in (
        "every clinical mention named", "no clinical mention"))
    out += ["", f"A grammar that read whole every Chia line whose clinical mentions are all named (or that has none), "
                f"with today's vocabulary, would bring Chia to {_frac(reach, total):.1%} full ({reach} of {total}); "
                "the rest needs vocabulary."]
    return out


def main(argv: list[str] | None = None) -> str:
    from bench.ctp_cases import run_ctp

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-write", action="store_true", help="do not rewrite docs/coverage.md")
    ap.add_argument("--show", type=int, default=0, help="print N wrong and N missed comparisons")
    args = ap.parse_args(argv)

    lct_score, gold_lines = score_lct()
    ctp = run_ctp()
    cov = coverage(gold_lines)
    c, n = cov["counts"], cov["total"]
    p, r = _frac(lct_score.correct, lct_score.predicted), _frac(lct_score.recalled, lct_score.gold)
    print(f"lct: predicted={lct_score.predicted} correct={lct_score.correct} gold={lct_score.gold} "
          f"recalled={lct_score.recalled} skipped_gold={lct_score.skipped_gold}")
    print(f"coverage: lines={n} " + " ".join(f"{k}={c[k]}" for k in ("full", "manual", "partial", "unsupported")))
    print(f"manual_with_gold_numbers={len(cov['manual_with_numbers'])} lost={len(cov['lost'])} "
          f"exceptions={len(cov['errors'])}")
    for i, why in ctp.failed:
        print(f"ctp not reproduced: {i}: {why}")
    for w in lct_score.wrong[: args.show]:
        print("WRONG", w[0], repr(w[1][:100]), w[2].bounds, w[3])
    for doc, g, text in lct_score.missed[: args.show]:
        s = max(0, g.start - 40)
        print("MISSED", doc, repr(g.text), g.bounds, "|", repr(text[s:g.end + 40]))
    final = (f"precision={p:.3f} recall={r:.3f} ctp={ctp.passed}/{ctp.total} "
             f"full={_frac(c['full'], n):.3f} manual={_frac(c['manual'], n):.3f} "
             f"partial={_frac(c['partial'], n):.3f} unsupported={_frac(c['unsupported'], n):.3f}")
    if not args.no_write:
        write_doc(ROOT / "docs" / "coverage.md", lct_score, ctp, cov, final)
    print(final)
    return final


if __name__ == "__main__":
    main()
