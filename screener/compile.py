"""The compiler: criteria text -> compiled criteria (rule IR + diagnostics), line by line.

text -> sections/lines (screener.text) -> normalized line -> tokens -> parse
tree (screener.parse) -> rule IR (screener.ir) -> canonical text.  Nothing is
dropped: every line comes out compiled, partial or unsupported, and text that
is not a criterion comes out as a note.
"""

from __future__ import annotations

import re
from typing import Literal

from lark import Token
from pydantic import BaseModel, ConfigDict

from screener import ir
from screener.diagnostics import Diagnostic, SourceText
from screener.attempt import Line, attempt, depth0, skipped_diags, verbatim
from screener.groups import group_nested
from screener.parse.time4 import label_window, with_label_window
from screener.parse.sexes6 import attested, scope_of, scoped as one_sex
from screener.ir.canonical import render
from screener.islands import partial
from screener.parse.classes import count_items, counted_lead
from screener.parse.allergies import PRODUCT_REASON
from screener.parse.lexer import tokenize
from screener.parse.parser import has_subject
from screener.parse.procedures import PLANNED, planned
from screener.parse.to_ir import QUALIFIER_CHECK, Forbids
from screener.parse.values4 import sentences_before_label
from screener.text.lines import CriterionLine, Role
from screener.text.normalize import normalize
from screener.units import UnitConversionError, analyte_threshold
from screener.vocab import vocabulary

Status = Literal["compiled", "partial", "unsupported"]


class CompiledCriterion(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    id: str
    section: Role  # the role the verdict uses (an allowance counts as an exclusion)
    heading: str
    text: str
    span: dict[str, int]  # start, end (source offsets), line, column
    status: Status
    rule: ir.Rule | None = None
    canonical: str | None = None
    origin: Literal["text", "structured", "allowance", "override"] = "text"
    diagnostics: list[Diagnostic] = []
    # the lead-in whose "at least N of the following" rule this item is counted in (screener.groups):
    # the verdict counts that group, not this line on its own
    grouped_in: str | None = None


class CompiledTrial(BaseModel):
    trial: str
    criteria: list[CompiledCriterion]
    notes: list[Diagnostic] = []
    # per-criterion evaluation settings from the rules file ("policy E4: conditions=open")
    policies: dict[str, dict[str, str]] = {}

    def counts(self) -> dict[str, int]:
        out = {"compiled": 0, "partial": 0, "unsupported": 0}
        for c in self.criteria:
            out[c.status] += 1
        return out


# ---- one line ------------------------------------------------------------------


def compile_line(line: CriterionLine, source: SourceText | None = None, sex_scope: bool = True) -> CompiledCriterion:
    """Compile one criterion line. Never raises."""
    source = source or SourceText(line.text)
    norm = normalize(line.text)
    ln = Line(line, norm, source)
    base = dict(id=line.id, heading=line.heading, text=line.text,
                span={"start": line.start, "end": line.end, "line": line.line, "column": line.column})
    try:
        tokens = tokenize(norm.text)
    except Exception as err:  # the lexer must never take a batch down either
        d = ln.diag("syntax.unexpected_token", "error", f"internal lexer error: {err!r}", 0, len(norm.text))
        return CompiledCriterion(section=line.role, status="unsupported", diagnostics=[d], **base)
    # (a STRING the lexer made itself, not a quotation, keeps its value)
    tokens = [verbatim(t, line.text, norm) if t.type == "STRING" and norm.text[t.start_pos:t.start_pos + 1] == '"'
              else t for t in tokens]
    diags: list[Diagnostic] = []
    tokens = _without_section_connective(tokens, line.role)
    tokens, scope = scope_of(tokens, norm.text) if sex_scope else (tokens, None)  # parse/sexes6.py: one sex's rule

    # "liver and renal dysfunction: ALT > 3 x ULN; eGFR < 40": the label names, the body rules
    counted = labelled = None
    colons = depth0(tokens, {"COLON"})
    colons = [c for c in colons if not _glued_colon(tokens, c, norm.text)]  # ("SaO2:FiO2 150": no label)
    scoped = None
    if colons and colons[-1] and _names_what_follows(tokens, colons[-1]):
        # "Known allergies to: aspirin, clopidogrel", "contra-indication to: dipyridamole": the list
        # is the allergy's or the judgement's, not a rule of its own
        colons = []
    if _NEGATING_HEADING.search(line.heading or "") or _scoping_heading(line.heading or ""):
        # "should report the absence of:" over "anemia,", "diabetes,": the heading negates each item, which the
        # line alone does not say (read alone, an inclusion required the disease); "Inclusion Criteria (ESRD
        # group)", "For healthy volunteers": the rules hold for those only, and are read for everyone
        scoped = ln.diag("rule.label_scope", "warning", f"the heading above the line ('{line.heading.strip()[:60]}') "
                         "negates or limits it; the line is read alone, so it is partial", 0, len(norm.text))
    if colons and colons[-1] == len(tokens) - 1 and colons[-1]:
        # "Respiratory failure:", "Immunocompromised patients:" on a line of their own (no nested list under them):
        # a lead-in to lines that define or list what it names; read alone it says less or more than they do
        scoped = ln.diag("rule.lead_in", "warning", "the line ends with a colon: it introduces what follows, which is "
                         "not under it here; read alone, the line is partial", 0, len(norm.text))
    if pre := sentences_before_label(norm.text, tokens, colons):  # sentences before the label's: rules of their own
        pre, tokens, colons = tokens[:pre], tokens[pre:], [c - pre for c in colons if c >= pre]
    if colons and colons[-1] + 1 < len(tokens):
        label = tokens[: colons[-1]]
        if label:
            diags.append(ln.diag("rule.label", "info", "read as a label; the rule is what follows",
                                 label[0].start_pos, label[-1].end_pos))
            said = ln.norm.text[:tokens[colons[-1]].start_pos]  # (filler words are no tokens: "participants")
            if _EXAMPLES.search(said):
                # "Causes of PH other than heart failure, such as: CTEPH, sickle-cell disease": the rule after it is
                # examples of what the label names, which no rule here says (sickle-cell disease without PH counted)
                scoped = ln.diag("rule.label_scope", "warning", "the label names what the rule after it gives "
                                 f"examples of ('{said.strip()[:60]}'); the examples alone are read, so the line is "
                                 "partial", label[0].start_pos, label[-1].end_pos)
            elif (_ALLOWS if line.role == "exclusion" else _BARS).search(said):
                # "Individuals with the following cancer are eligible if ...: cervical cancer in situ, ..." under
                # the exclusions: what follows is an exception to the role, and read as the line's rule it says the
                # opposite of the text
                d = ln.diag("rule.label_scope", "error", f"the label says the opposite of the line's role "
                            f"('{said.strip()[-60:]}'): what follows is an exception, which no rule here says",
                            label[0].start_pos, label[-1].end_pos)
                return CompiledCriterion(section=line.role, status="unsupported", diagnostics=diags + [d], **base)
            elif _SCOPE.search(said):
                # "For the T2D study group: diagnosed with type 2 diabetes", "Adolescent participants: BMI >= 16":
                # the rule holds only for those the label names, which no rule here says
                scoped = ln.diag("rule.label_scope", "warning", "the label says whom or when the rule is for "
                                 f"('{said.strip()[:60]}'); the rule after it is read for everyone, so the line is "
                                 "partial", label[0].start_pos, label[-1].end_pos)
        cut = depth0(label, {"SEMI", "COLON"})
        if cut and has_subject(label[:cut[-1]]):
            # "Contra-indications to muscle relaxants: 1) use of opioids; 2) renal impairment; ... 4) use of any of
            # the following: fluvoxamine, ...": items before the last colon are rules of their own, not read
            scoped = ln.diag("rule.label_rules", "warning", "the text before the last colon holds rules of its own, "
                             "which are not read; only what follows the colon is, so the line is partial",
                             label[0].start_pos, label[cut[-1]].end_pos)
        body = tokens[colons[-1] + 1:]
        labelled = label_window(label, body)  # "Taking medications ... within the past 2 months: A, B, C"
        counted = counted_lead(ln.norm.text[:tokens[colons[-1]].start_pos], label)  # "at least one of these signs:"
        if label and label[0].type in ("AGE", "ANALYTE") and [t.type for t in label[1:]] in ([], ["CMP"]) \
                and not has_subject(body):
            # "Age: >= 22 years", "HbA1c: 7-10%", "Minimum age: 18 years": the label is the subject
            body = label + body
        tokens = body
    if pre:
        tokens = pre + [Token("SEMI", ";", start_pos=pre[-1].end_pos, end_pos=pre[-1].end_pos)] + tokens
    tokens = [t for t in tokens if t.type != "COLON"]
    if scope is None and not any(t.type not in ("WORD", "COMMA", "SEMI", "LPAR", "RPAR") for t in tokens):
        d = ln.diag("syntax.empty", "error", "no part of this line names anything a rule can check",
                    0, len(norm.text))
        return CompiledCriterion(section=line.role, status="unsupported", diagnostics=diags + [d], **base)

    rule, skipped, errs = attempt(ln, tokens, line.role)
    status: Status = "compiled"
    if rule is None:
        rule, skipped, errs, status = partial(ln, tokens, line.role, errs)
    if scope is not None:  # screener/parse/sexes6.py: the rule holds for one sex (else the line as it was)
        if isinstance(rule, Forbids) or rule is None and (_judgement(tokens, line.text) or not attested(scope, norm.text)) \
                or line.role == "exclusion" and isinstance(rule, ir.Not):  # ("must not be pregnant" in an exclusion)
            return compile_line(line, source, sex_scope=False)
        rule, status, errs, skipped = one_sex(scope, rule, status, errs, skipped, line.role, ln)
    if labelled and rule is not None and not isinstance(rule, Forbids):
        rule = with_label_window(ln, rule, labelled)
    if rule is None and _judgement(tokens, line.text):
        return _manual(line, ln, base, diags)
    diags += errs + skipped_diags(ln, skipped)
    if rule is None:
        return CompiledCriterion(section=line.role, status="unsupported", diagnostics=diags, **base)
    if counted and not isinstance(rule, Forbids):
        rule = count_items(rule, counted[0], ln.span(counted[1], len(ln.norm.text)),
                           ln.norm.text[counted[1]:] if len(counted) > 2 else None) or rule
    plain = rule.rule if isinstance(rule, Forbids) else rule
    if not isinstance(rule, ir.Manual) and any(isinstance(r, ir.Manual) and r.reason.startswith("other ")
                                               for r in ir.walk(plain)):
        diags.append(ln.diag("rule.open_list", "info",
                             "part of this rule needs a person's attestation (an open list: 'such as', "
                             "'including but not limited to')", 0, len(norm.text)))
    if (skipped or errs) and line.role == "exclusion" and not isinstance(rule, Forbids) \
            and _OPINION.search(line.text) and any(t.type == "JUDGE" for t in tokens):
        # "any unstable psychiatric or substance abuse disorder that in the opinion of the investigator
        # would interfere": what compiled is only one half; the investigator's judgement is the other
        plain = rule = ir.All(items=(rule, ir.Manual(reason=" ".join(line.text.split()),
                                                     span=ir.Span(start=line.start, end=line.end))))
        diags.append(ln.diag("rule.manual", "info", "the judgement this exclusion depends on needs a "
                             "person's attestation; the rule holds only with it", 0, len(norm.text)))
    if (line.role == "inclusion" and isinstance(plain, ir.Procedure) and plain.status == "ever"
            and plain.window is None and not any(t.type in ("HISTORY", "RECEIVED") for t in tokens)):
        # an inclusion that is only a procedure ("Colonoscopy", "Laparoscopic cholecystectomy") names
        # the trial's own: no record holds it before it is done
        plain = rule = ir.Manual(reason=planned(plain.procedure), span=plain.span)
    reasons = [r.reason for r in ir.walk(plain) if isinstance(r, ir.Manual)]
    for made_it, code, message in _MANUAL_ORIGINS:
        if any(made_it(reason) for reason in reasons):
            diags.append(ln.diag(code, "info", message, 0, len(norm.text)))
    def at_node(code: str, message: str, node) -> None:
        """A warning on one node of the rule (the whole line where the node has no span)."""
        diags.append(ln.source.diagnostic(code, "warning", message, node.span.start if node.span else line.start,
                                          node.span.end if node.span else line.end))

    unmapped = [r for r in ir.walk(plain) if isinstance(r, ir.Unmapped)]
    if unmapped:
        status = "partial"
        for u in unmapped:
            at_node("vocab.unmapped_subject",
                    f"'{u.subject}' is not in the vocabulary: its numbers are kept, but no record can decide it", u)
    for node, limit, err in _incomparable_limits(plain):
        status = "partial"
        at_node("vocab.unit_mismatch",
                f"{node.analyte} cannot be compared with {limit}: {err.message}; records leave this part unknown",
                node)
    for k in _negated_definitions(tokens):
        # "Non-obese (BMI < 30)", "No anemia (Hb < 10 g/dL)": the values may define the diagnosis or
        # its negation, and the text does not say which
        status = "partial"
        diags.append(ln.diag("rule.negated_definition", "warning",
                             "a negated diagnosis with values in parentheses: whether the values define the "
                             "diagnosis or its negation is not clear; records leave it unknown",
                             tokens[k].start_pos, tokens[k + 1].end_pos))
    for node in _exact_values(plain):
        status = "partial"
        at_node("rule.exact_value",
                f"'{node.analyte} = {node.value.value:g}' asks for one exact value of a measurement, which criteria "
                f"rarely mean: a '>=' or '<=' may have been lost from the text; records leave this part unknown",
                node)
    for node, q, seen, rng in _implausible_limits(plain):
        status = "partial"
        at_node("vocab.implausible_limit",
                f"{node.analyte} {q.value:g} {q.unit} is {seen:.3g} {rng.unit}, more than {_IMPLAUSIBLE:g} times outside "
                f"its typical range ({_range_text(rng)}): the unit in the text is likely a slip (g/dL written mg/dL, "
                f"per uL written per mL); records leave this part unknown", node)
    for node, value, (low, high) in _off_scale(plain):
        status = "partial"
        at_node("rule.off_scale",
                f"{value:g} is not a place on {node.analyte} (it runs from {low:g} to {high:g}): the text may say "
                f"something else; records leave this part unknown", node)
    if skipped:
        status = "partial"
    if scoped is not None:
        status = "partial"
        diags.append(scoped)
    section, origin = line.role, "structured" if line.structured else "text"
    if isinstance(rule, Forbids):
        rule, section, origin = rule.rule, "exclusion", "allowance"
        diags.append(ln.diag("rule.allowance", "info", "compiled to what it forbids, as an exclusion",
                             0, len(norm.text)))
    return CompiledCriterion(section=section, status=status, rule=rule, canonical=render(rule),
                             origin=origin, diagnostics=diags, **base)


# the manual checks the passes put inside a rule, told by their reasons (screener.parse.procedures,
# to_ir.QUALIFIER_CHECK, screener.parse.allergies), and what the line says of each
_MANUAL_ORIGINS = (
    (lambda reason: reason.startswith(PLANNED), "rule.manual",
     "a procedure still to come (the trial's own) is in no record before it is done: a person confirms it"),
    (lambda reason: reason.endswith(QUALIFIER_CHECK), "rule.qualifier",
     "a qualifier of the diagnosis no record holds ('significant', 'recent', 'chronic' ...) is a person's check "
     "beside it; no record of the diagnosis decides alone"),
    (lambda reason: reason.startswith(PRODUCT_REASON), "rule.manual",
     "an allergy to the trial's own product (or its ingredients) is in no record: a person confirms it"),
)


# a label that limits whom or when its rule is for (a cohort, a group, a phase, a condition of its own),
# or defines its name with more than the rule says ("End stage liver disease, defined as ... and ...:")
_NEGATING_HEADING = re.compile(r"\b(?:absence of|free of|none of|without|must not|should not|not have|no history)\b",
                               re.I)
_EXAMPLES = re.compile(r"\b(?:such as|including|e\.\s?g\.?|for example|for instance)\s*$", re.I)
# a label that lets in (under the exclusions) or keeps out (under the inclusions) what follows it
_ALLOWS = re.compile(r"\b(?<!not )(?:are|is|be|remain|considered)\s+(?:eligible|allowed|permitted|acceptable)\b|"
                     r"\bmay\s+(?:be\s+)?(?:enrolled|included|participate)\b", re.I)
_BARS = re.compile(r"\b(?:are|is|be|will be)\s+(?:ineligible|excluded|not\s+eligible|not\s+allowed)\b", re.I)
_SCOPE = re.compile(r"\b(?:for|groups?|subgroups?|cohorts?|categor(?:y|ies)|strat(?:um|a)|arms?|phase|part|participants|"
                    r"recipients|volunteers|if|when|only|"
                    r"defined|after|before|during|based on)\b", re.I)


# the connective a section already puts between its lines: every inclusion holds, any exclusion excludes
_SECTION_JOIN = {"inclusion": "AND", "exclusion": "OR"}


def _without_section_connective(tokens: list[Token], role: Role) -> list[Token]:
    """'... for 3 months prior to screening, and' (an inclusion), '... within 6 months; or' (an exclusion): a
    connective at the end of a line joins it to the next as its section does anyway, so it is dropped.  The other
    one stays (the line fails there and is partial): an inclusion ending in 'or' is one alternative of two, an
    exclusion ending in 'and' holds only with the next line."""
    k = len(tokens)
    if k > 1 and tokens[-1].type == _SECTION_JOIN.get(role):
        k -= 1
        while k > 1 and tokens[k - 1].type in ("COMMA", "SEMI"):
            k -= 1
    return tokens[:k] if k < len(tokens) else tokens


def _negated_definitions(tokens: list[Token]) -> list[int]:
    return [k for k in range(len(tokens) - 3) if tokens[k].type == "NOT" and tokens[k + 1].type == "CONDITION"
            and tokens[k + 2].type == "LPAR" and any(t.type == "CMP" for t in tokens[k + 3:k + 8])]


def _exact_values(rule) -> list:
    """'Age = 18 years', 'LVEF = 45%', 'BMI=40kg/m2': '=' on a measured quantity (not a score or a
    class), most often a '>=' lost in the registry's encoding."""
    analytes = vocabulary().analytes
    return [n for n in ir.walk(rule) if isinstance(n, ir.Measure) and n.op == "=" and isinstance(n.value, ir.Quantity)
            and (n.analyte == "age" or (n.analyte in analytes and analytes[n.analyte].value_type == "quantity"))]


# how far outside its typical range a limit must be to be taken for a unit slip: the slips seen in registry text
# ("Hb < 10 mg/dL", "platelets < 100,000/ml", "TSH 4.5 mIU/mL", "creatinine 44-133 mmol/L") are 300- to 10^6-fold off,
# while real limits stay well inside 100-fold (ferritin > 1000 ng/mL, triglycerides > 1000 mg/dL, PSA > 200 ng/mL
# are 3- to 50-fold)
_IMPLAUSIBLE = 100.0


def _range_text(rng) -> str:
    if rng.low is not None and rng.high is not None:
        return f"{rng.low:g}-{rng.high:g} {rng.unit}"
    return f"{'<=' if rng.low is None else '>='} {rng.high if rng.low is None else rng.low:g} {rng.unit}"


def _implausible_limits(rule) -> list[tuple]:
    """'Severe anemia (Hb < 10 mg/dL)', 'Platelet count < 75,000/ml': a limit in a unit that converts, but lands
    more than _IMPLAUSIBLE times outside the analyte's typical range (reference_ranges.csv, either sex). Read as
    written it decides nothing real (no haemoglobin is under 10 mg/dL), so an exclusion would let everyone
    through; the text's intended unit is not guessed."""
    from screener.units import UnitConversionError, convert

    v = vocabulary()
    out = []
    for node in ir.walk(rule):
        if not isinstance(node, (ir.Measure, ir.Between)):
            continue
        ranges = [r for r in (v.reference_range(node.analyte, sex) for sex in (None, "female", "male")) if r]
        if not ranges:
            continue
        rng = ranges[0]
        limits = (node.value,) if isinstance(node, ir.Measure) else (node.low, node.high)
        for q in limits:
            if not isinstance(q, ir.Quantity) or q.unit is None or q.value <= 0:
                continue
            try:
                seen = float(convert([q.value], q.unit, rng.unit, node.analyte)[0])
            except UnitConversionError:  # (an incomparable unit is _incomparable_limits')
                continue
            highs = [r.high for r in ranges if r.high]
            lows = [r.low for r in ranges if r.low]
            if (highs and seen > _IMPLAUSIBLE * max(highs)) or (lows and seen < min(lows) / _IMPLAUSIBLE):
                out.append((node, q, seen, rng))
                break
    return out


def _off_scale(rule) -> list[tuple]:
    """'NYHA grade VI', 'ECOG 7': a limit no place of an ordinal score can have (analyte_scales.csv)."""
    analytes = vocabulary().analytes
    out = []
    for node in ir.walk(rule):
        if not isinstance(node, (ir.Measure, ir.Between)) or node.analyte not in analytes:
            continue
        a = analytes[node.analyte]
        limits = (node.value,) if isinstance(node, ir.Measure) else (node.low, node.high)
        for q in limits:
            if (a.scale is not None and isinstance(q, ir.Quantity) and q.unit in (None, "{score}", a.canonical_unit)
                    and not a.scale[0] <= q.value <= a.scale[1]):
                out.append((node, q.value, a.scale))
                break
    return out


def _incomparable_limits(rule) -> list[tuple]:
    """Limits of a lab, vital or score that no result could be compared with: "eGFR < 30 mL/min"
    (a rate per 1.73 m2 needs the body surface area), "weight < 10 %", "Hb < 10" with no unit."""
    out = []
    for node in ir.walk(rule):
        if not isinstance(node, (ir.Measure, ir.Between)):
            continue
        limits = (node.value,) if isinstance(node, ir.Measure) else (node.low, node.high)
        for t in limits:
            if not isinstance(t, ir.Quantity):
                continue
            try:
                if node.analyte != "age":
                    analyte_threshold(node.analyte, t.value, t.unit)
                elif t.unit not in ir.TIME_UCUM.values():  # "Age < 1m": an age in metres is no age
                    raise UnitConversionError("unit.dimension_mismatch", "an age is a time")
            except UnitConversionError as err:
                out.append((node, f"{t.value:g} {t.unit or '(no unit)'}", err))
    return out


# numbers the lexer does not read as such: "class IV", "second", '"0"'
_NUMBERISH = re.compile(
    r"\d|\b(?:class|stage|grade|type|axis|level|tier|status)\s+[ivx]+\b|\b(?:one|two|three|four|five|six|seven|"
    r"eight|nine|ten|twelve|first|second|third|once|twice)\b", re.I)


def _glued_colon(tokens: list[Token], c: int, text: str) -> bool:
    """A colon glued to the words on both sides ("or SaO2:FiO2 150", "The MMSE score:Illiteracy is ...", "NYHA
    III:Marked limitation"): a ratio's, or a typing slip inside the rule; no label ends there."""
    t = tokens[c]
    return (0 < c < len(tokens) - 1 and tokens[c - 1].end_pos == t.start_pos and tokens[c + 1].start_pos == t.end_pos
            and text[t.start_pos - 1:t.start_pos].isalnum() and text[t.end_pos:t.end_pos + 1].isalpha())


def _names_what_follows(tokens: list[Token], colon: int) -> bool:
    """The words before the colon are an allergy or a judgement whose objects follow it."""
    k = colon - 1
    if tokens[k].type == "TO" and k:
        k -= 1
    while k and tokens[k].type in ("OF", "ALLSEX"):
        k -= 1  # "hypersensitivity or contraindication to any of the following medications:"
    return tokens[k].type in ("ALLERGY", "JUDGE")


# a judgement the rule depends on ("in the opinion of the investigator", "that would interfere with
# the study"); not "as judged by the CKD-EPI equation" or a drug "that interferes with the metabolism"
_OPINION = re.compile(r"(?i)\b(?:opinion|judge?ment|deemed|believed|jeopardi[sz]\w*"
                      r"|(?:would|could|may|might|likely to) interfere)\b")


def _judgement(tokens: list[Token], text: str) -> bool:
    """A line of consent, willingness or judgement, with no number a rule could have used."""
    return any(t.type == "JUDGE" for t in tokens) and not _NUMBERISH.search(text)


def _manual(line: CriterionLine, ln: Line, base: dict, diags: list[Diagnostic]) -> CompiledCriterion:
    span = ir.Span(start=line.start, end=line.end)
    rule = ir.Manual(reason=" ".join(line.text.split()), span=span)
    d = ln.diag("rule.manual", "info", "no record can decide this: it needs a person's attestation",
                0, len(ln.norm.text))
    return CompiledCriterion(section=line.role, status="compiled", rule=rule, canonical=render(rule),
                             diagnostics=diags + [d], **base)


# ---- structured registry fields ---------------------------------------------------

_AGE = re.compile(r"(\d+(?:\.\d+)?)\s*(year|month|week|day|hour)s?", re.I)


def compile_structured(line: CriterionLine, source: SourceText) -> CompiledCriterion | Diagnostic:
    base = dict(id=line.id, section=line.role, heading=line.heading, text=line.text,
                span={"start": line.start, "end": line.end, "line": line.line, "column": line.column},
                origin="structured")
    value = line.text.split(":", 1)[-1].strip()
    span = ir.Span(start=line.start, end=line.end)
    if line.id in ("age_min", "age_max"):
        m = _AGE.search(value)
        if not m:
            if re.fullmatch(r"(?i)n/?a|none|not applicable|", value):
                return source.diagnostic("section.note", "info", f"no {line.id.replace('_', ' ')} limit",
                                         line.start, line.end)
            return source.diagnostic("structured.unreadable", "warning", f"cannot read an age in '{value}'",
                                     line.start, line.end)
        q = ir.Quantity(value=float(m.group(1)), unit=ir.TIME_UCUM[m.group(2).lower()])
        rule = ir.Measure(analyte="age", op=">=" if line.id == "age_min" else "<=", value=q, span=span)
    elif line.id == "sex":
        v = value.lower()
        allowed = {"all": ("female", "male"), "both": ("female", "male"), "female": ("female",),
                   "male": ("male",)}.get(v)
        if allowed is None:
            return source.diagnostic("structured.unreadable", "warning", f"cannot read a sex in '{value}'",
                                     line.start, line.end)
        rule = ir.Sex(allowed=allowed, span=span)
    else:
        return source.diagnostic("structured.healthy_volunteers", "info", line.text, line.start, line.end)
    return CompiledCriterion(status="compiled", rule=rule, canonical=render(rule), **base)


# ---- a whole text ------------------------------------------------------------------


def compile_text(text: str, trial: str = "", overrides: str | None = None) -> CompiledTrial:
    """Compile a registry record or an eligibility block. Never raises."""
    from screener.text.registry import read_registry_record

    source = SourceText(text)
    record = read_registry_record(text)
    criteria: list[CompiledCriterion] = []
    notes: list[Diagnostic] = []
    for n in record.notes:
        if n.kind == "no_criteria":
            notes.append(source.diagnostic("section.no_criteria", "warning", n.reason, n.start, n.end))
        else:
            notes.append(source.diagnostic("section.note", "info", f"{n.kind}: {n.reason}", n.start, n.end))
    for line in record.lines:
        if line.structured:
            out = compile_structured(line, source)
            if isinstance(out, Diagnostic):
                notes.append(out)
            else:
                criteria.append(out)
        else:
            criteria.append(compile_line(line, source))
    if all(c.origin == "structured" for c in criteria) and not any(
            n.code == "section.no_criteria" for n in notes):
        notes.append(source.diagnostic("section.no_criteria", "warning",
                                       "the record gives no inclusion or exclusion criteria", 0, 1))
    criteria = nest(criteria, record.lines, source)
    trial_id = trial or getattr(record, "nct_id", "") or ""
    compiled = CompiledTrial(trial=trial_id, criteria=criteria, notes=notes)
    if overrides:
        from screener.overrides import apply_overrides

        compiled = apply_overrides(compiled, overrides)
    return compiled


# a heading that is the section's own ("Inclusion Criteria", "Key Exclusion Criteria"), or says it holds for all
_SECTION_HEADING = re.compile(r"^\s*(?:key\s+)?(?:inclusion|exclusion|non-inclusion)\s+criteria\s*:?\s*$", re.I)
_FOR_ALL = re.compile(r"\b(?:for all|all (?:subjects|participants|patients)|both groups|all groups|"
                      r"(?:participants|subjects|patients) must)\b", re.I)


# a nested list's lead-in that says whom its items are for ("For AD patients:", "Groups C & D:", "Immunocompromised
# patient defined by:"); narrower than _SCOPE, which reads "Participants will be excluded if they:" as a scope
_SCOPING_LEAD_IN = re.compile(r"^\s*for\s+(?!all\b)|\b(?:groups?|subgroups?|cohorts?|categor(?:y|ies)|strat(?:um|a)|arms?|"
                              r"only|defined)\b", re.I)


def _scoping_heading(heading: str) -> bool:
    """A heading that says whom or when its lines are for ("For the T2D groups", "Inclusion Criteria (control
    group)", "Inclusion criteria for mothers will be"), as an in-line label does (_SCOPE)."""
    h = heading.strip()
    return bool(h) and not _SECTION_HEADING.match(h) and not _FOR_ALL.search(h) and bool(_SCOPE.search(h))


def nest(criteria: list, lines: list, source: SourceText) -> list:
    """What a nested list's lead-in says of its items: a count groups them (screener.groups); a negation
    ("should report the absence of:") or a scope ("For AD patients:") leaves them partial.  An exclusion
    list written as requirements leaves its "No X" lines partial."""
    return group_nested(_requirement_lists(_under_limiting_lead_ins(criteria, lines, source), source),
                        lines, source)


_NO_ITEM = re.compile(r"^\W*(?:no|not|none|without)\b(?!\s+(?:more|less|greater|fewer|later|earlier|older|younger)\b)",
                      re.I)


def _requirement_lists(criteria: list, source: SourceText) -> list:
    """"Exclusion Criteria: No Down syndrome; No other major disease; No food allergies": a list that states what
    patients must be, not what excludes them (NCI-style, healthy-volunteer lists).  Read literally each "No X"
    excludes everyone without X.  Where most lines of an exclusion heading (3 at least) start with "No"/"Not",
    its compiled "No X" lines are partial (so are those of a list of two or more that all do): which way the heading
    means them is for a person to say."""
    by_heading: dict[str, list] = {}
    for c in criteria:
        if c.section == "exclusion" and c.origin != "structured":
            by_heading.setdefault(c.heading, []).append(c)
    flagged = set()
    for items in by_heading.values():
        negated = [c for c in items if _NO_ITEM.match(c.text)]
        if (len(negated) >= 3 and 2 * len(negated) > len(items)) or 2 <= len(negated) == len(items):
            flagged.update(c.id for c in negated if c.status == "compiled")
    if not flagged:
        return criteria
    out = []
    for c in criteria:
        if c.id in flagged:
            d = source.diagnostic("rule.requirement_list", "warning", "most lines of this exclusion list start with "
                                  "'No' or 'Not': it may state requirements ('No X': patients must not have X), "
                                  "which read literally would exclude everyone without X; the line is partial",
                                  c.span["start"], c.span["end"])
            c = c.model_copy(update={"status": "partial", "diagnostics": [*c.diagnostics, d]})
        out.append(c)
    return out


def _under_limiting_lead_ins(criteria: list, lines: list, source: SourceText) -> list:
    """Items nested under a lead-in that negates them ("should report the absence of:", "free of:") or says whom
    they are for ("For AD patients:") are partial: each is compiled alone, so an inclusion required the disease
    the lead-in excludes, or held for everyone."""
    lead = {ln.id: ln for ln in lines if ln.text.rstrip().endswith(":") and (
        _NEGATING_HEADING.search(ln.text) or _SCOPING_LEAD_IN.search(ln.text))}
    if not lead:
        return criteria
    parent = {ln.id: ln.parent for ln in lines}
    out = []
    for c in criteria:
        pid = parent.get(c.id)
        if pid in lead and c.status == "compiled":
            d = source.diagnostic("rule.label_scope", "warning", f"the lead-in above the line ('{lead[pid].text[:60]}') "
                                  "negates or limits it; the line is read alone, so it is partial",
                                  c.span["start"], c.span["end"])
            c = c.model_copy(update={"status": "partial", "diagnostics": [*c.diagnostics, d]})
        out.append(c)
    return out


def compile_rule(text: str, role: Role = "inclusion"):
    """Compile one rule written in the rule language (or free text); the IR or None."""
    line = CriterionLine(id="R", role=role, heading="", text=text, start=0, end=len(text), line=1, column=1)
    c = compile_line(line)
    # a rule on an unmapped subject, or with a limit in a unit no result converts to, is partial
    # only because no record can decide it: the rule itself compiled whole
    whole = c.status == "compiled" or (c.status == "partial" and all(
        d.severity == "info" or d.code in ("vocab.unmapped_subject", "vocab.unit_mismatch", "rule.exact_value",
                                           "rule.off_scale", "vocab.implausible_limit")
        for d in c.diagnostics))
    return c.rule if whole else None
