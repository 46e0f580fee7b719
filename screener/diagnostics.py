"""Diagnostics: a stable code, where, and a caret under the span (docs/diagnostics.md)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

Severity = Literal["error", "warning", "info"]

# code -> one-line meaning; docs/diagnostics.md is generated from this table.
CODES: dict[str, str] = {
    "syntax.unexpected_token": "The grammar cannot use this token here; the line (or this part of it) is unsupported.",
    "syntax.unexpected_end": "The line ended before the rule was complete.",
    "syntax.no_subject": "The line (or this part of it) names no lab, vital sign, drug, condition, age or sex; no rule can check it.",
    "syntax.empty": "Nothing in the line carries a rule (only filler words or punctuation).",
    "lex.ignored_words": "Words the grammar could not place were left out: the compile is partial.",
    "rule.partial": "Only some parts of the line compiled; the others are reported with their own diagnostics.",
    "rule.label_scope": "A label before a colon limits whom or when its rule is for ('For the T2D study group:', 'Adolescent participants:', 'RA cohort:') or defines more than the rule says; the rule after it is read for everyone, so the line is partial.",
    "rule.qualifier": "A qualifier of a diagnosis no record holds ('significant', 'recent', 'chronic', 'untreated' ...) compiles as a person's check beside the diagnosis; no record of the diagnosis decides alone, a recorded one needs the check.",
    "rule.label": "Text before a colon was read as a label; the rule is what follows the colon.",
    "rule.label_rules": "The text before the last colon holds rules of its own ('Contra-indications: 1) use of opioids; 2) renal impairment; 3) use of any of the following: ...'); only what follows the last colon is read, so the line is partial.",
    "rule.lead_in": "A line that ends with a colon ('Respiratory failure:') with no nested list under it: it introduces the lines that follow, which define or list what it names; read alone, it is partial.",
    "rule.allowance": "An allowance or washout was compiled to what it forbids, as an exclusion.",
    "rule.exact_value": "'=' on a measured quantity ('Age = 18 years', 'LVEF = 45%'): one exact value is rarely meant (often a lost '>=' or '<='); the part is kept, records leave it unknown, the line is partial.",
    "rule.negated_definition": "A negated diagnosis with values in parentheses ('Non-obese (BMI < 30)'): the values may define the diagnosis or its negation; the line is partial.",
    "rule.bad_range": "A two-sided comparison needs one lower and one upper bound.",
    "rule.bad_pair": "A pair of values ('140/90') needs two subjects (systolic/diastolic blood pressure).",
    "rule.bad_persistence": "Persistence needs 'for at least' a duration.",
    "rule.stable_without_drug": "'stable' needs the drug whose dose is stable.",
    "rule.onset_without_window": "'new onset' needs a window ('within 4 weeks').",
    "rule.study_when": "Another study needs a window ('within 30 days') or 'currently'; with neither, when is not said.",
    "rule.empty_range": "A range that holds no value ('from 6 to 5', or '-1 to -10' read without its sign).",
    "vocab.implausible_limit": "A limit whose unit converts but lands more than 100 times outside the analyte's typical range ('Hb < 10 mg/dL', 'platelets < 75,000/ml', 'TSH 4.5 mIU/mL'): the text's unit is likely a slip and is not guessed; the part is kept, records leave it unknown, the line is partial.",
    "rule.requirement_list": "Most lines of an exclusion list start with 'No' or 'Not' ('No Down syndrome', 'No food allergies'): the list may state requirements, and read literally each 'No X' would exclude everyone without X; its 'No X' lines are partial.",
    "rule.window_cmp": "A window is bounded by 'less than' or 'at most' a duration ('within less than 6 months'); 'within more than' bounds nothing.",
    "rule.two_windows": "A diagnosis cannot have both an onset window and a duration ('within 2 years for less than 6 months').",
    "rule.drug_timing": "A comparator and a duration before an index after a drug ('opioid therapy > 3 months before surgery') can mean taken that long or stopped that long before; the part is not compiled.",
    "rule.drug_short_course": "A drug taken for less than a duration ('antibiotics for less than 7 days') is no limit records of use can decide; 'for at least' a duration is.",
    "rule.sex_scope": "A sex after a list of more than two diagnoses ('asthma, IBS, and pregnant or lactating women') may be of its last items only or of all; the line is partial.",
    "rule.off_scale": "A limit no place of an ordinal score can have ('NYHA grade VI', 'ECOG 7'; analyte_scales.csv): the text may say something else (a typo, another scale); the part is kept, records leave it unknown, the line is partial.",
    "rule.window_scope": "A window after the last item of a list of diagnoses reached only that item ('History of MI, or unstable angina, or NYHA class III-IV within 6 months', 'MI or coronary revascularization within 3 months'); it may be every item's, so the line is partial.",
    "rule.exact_onset": "An onset exactly so long ago ('stroke = 6 months ago') is no limit a rule can check; 'at least' or 'within' is.",
    "rule.nested_allowance": "An allowance cannot be combined with other rules in one line.",
    "rule.open_list": "Part of the rule needs a person's attestation (an open list: 'such as', 'including but not limited to'); the listed items decide when present.",
    "rule.group": "A lead-in that counts the items of its nested list ('Meets one of the following:', 'two or more of the following') compiles to 'at least N of (items)'; the verdict counts the group, not each item (screener.groups).",
    "rule.manual": "The line states consent, willingness or a person's judgement: it compiles to a manual rule, which an attestation answers.",
    "vocab.unmapped_subject": "A comparison or window on a subject the vocabulary does not know; the numbers are kept, no record can decide it, the line is partial.",
    "vocab.unit_mismatch": "A limit on a lab, vital or score is in a unit its results cannot be converted to (another dimension, a rate per 1.73 m2, or no unit where one is needed); the rule is kept, records leave it unknown, the line is partial.",
    "vocab.no_defining_lab": "A range was given for a condition that no single lab value defines.",
    "vocab.no_equivalence": "'or equivalent' names a drug that is no class's reference drug.",
    "override.applied": "The rule comes from the trial's rules file, not from the text.",
    "override.invalid": "A line of the rules file did not compile; the automatic compile was kept.",
    "override.unknown_id": "A line of the rules file names a criterion the text does not have.",
    "section.note": "Text of the eligibility block that is not a criterion (a header, a sub-heading, 'Not provided').",
    "section.no_criteria": "The record gives no eligibility criteria.",
    "structured.unreadable": "A structured registry field (age, sex) has a value that could not be read.",
    "structured.healthy_volunteers": "Whether healthy volunteers are accepted restricts no patient record; shown for completeness.",
    # follow-up definitions (rules/<trial>.outcomes, .protocol; docs/outcomes.md)
    "followup.invalid": "A line of a follow-up definitions file is not a definition, or its rule does not fit its keyword or its timepoints.",
    "followup.unknown_subject": "A follow-up definition names a subject the vocabulary does not know.",
    "followup.unknown_reference": "A follow-up definition refers to an outcome or a timepoint the file does not define, or to itself.",
    "followup.bad_unit": "A dose, cap, rounding or taper step is not in a daily-dose unit (mg/d, or mg/kg/d for a starting dose).",
    "followup.bad_change": "A change needs a reference ('from baseline') and a number to compare with; only 'dose rise' stands alone.",
    "followup.bad_schedule": "A dosing schedule names one drug, and a dose limit must be a maximum.",
}


class Diagnostic(BaseModel):
    code: str
    severity: Severity
    message: str
    line: int
    column: int
    start: int
    end: int
    snippet: str = ""

    def render(self) -> str:
        head = f"{self.line}:{self.column}: {self.severity} [{self.code}] {self.message}"
        return f"{head}\n{self.snippet}" if self.snippet else head


class SourceText:
    """The text a compile read, for turning offsets into line/column and carets."""

    def __init__(self, text: str):
        self.text = text
        self._starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                self._starts.append(i + 1)

    def locate(self, offset: int) -> tuple[int, int]:
        import bisect

        row = bisect.bisect_right(self._starts, offset) - 1
        return row + 1, offset - self._starts[row] + 1

    def diagnostic(self, code: str, severity: Severity, message: str, start: int, end: int) -> Diagnostic:
        start = max(0, min(start, len(self.text)))
        end = max(start + 1, min(end, len(self.text) + 1))
        line, column = self.locate(start)
        row_start = self._starts[line - 1]
        row_end = self.text.find("\n", row_start)
        row_end = len(self.text) if row_end < 0 else row_end
        row = self.text[row_start:row_end].rstrip("\r")
        width = max(1, min(end, row_end) - start)
        caret = " " * (start - row_start) + "^" * width
        # built from checked values: skip pydantic's validation on this hot path
        return Diagnostic.model_construct(code=code, severity=severity, message=message, line=line,
                                          column=column, start=start, end=end, snippet=f"{row}\n{caret}")
