"""Unknown subjects lose the edge words that name nothing there (screener/parse/tokens.edge_trimmed): real corpus
lines (LCT), their rendered reading. The numbers stay where they were; only the subject's words change."""

import pytest

from screener.compile import compile_line
from screener.ir.canonical import render
from screener.parse.tokens import edge_trimmed
from screener.text.lines import CriterionLine

CASES = [
    # (role, line, a piece the reading holds)
    ("exclusion", "TSB reported as >6.0 mg/dL before 12 hours age", '"tsb reported" > 6 mg/dL'),
    ("inclusion", "Bilirubin < 20.0mg/dL (if Gilberts then < 2.5 mg/dL) and AST/AST < 2.5 ULN",
     '"gilberts" < 2.5 mg/dL'),
    ("inclusion", "HBsAg negative/HBcAb positive/hepatitis B virus DNA negative at baseline treated with "
                  "chemotherapy and/or immunosuppressive therapy life expectancy of more than 3 months",
     '"life expectancy" > 3 month'),
    ("exclusion", "Patients with >14 follicles on day of trigger", '"follicles" > 14'),
    ("exclusion", "Transforaminal epidural injection received in 6 months before randomization date",
     '"transforaminal epidural injection" within 6 month'),
    ("inclusion", "Has at least one HIV-infected sexual partner for =4 weeks.", '"sexual partner" = 4 week'),
    ("inclusion", "Time from onset to treatment =6 hours;", '"time from onset" = 6 hour'),
    ("exclusion", "Unable to wean steroids to ≤0.5 mg/kg/day prednisone.",
     '"unable to wean steroids" <= 0.5 mg/kg/d'),
    ("inclusion", "Refractory disease will be defined as at least 1 prior treatment with no remission.",
     '"refractory disease" >= 1'),
    ("exclusion", "Received radiation to more than 10% of bone.", '"received radiation" > 10 %'),
]


@pytest.mark.parametrize("role,line,piece", CASES)
def test_edge_words_trimmed(role, line, piece):
    c = compile_line(CriterionLine(id="R", role=role, heading="", text=line, start=0, end=len(line), line=1,
                                   column=1))
    assert piece in render(c.rule)


def test_names_kept():
    # a name that ends in a letter, a sex word, a subject that would be left with nothing
    assert edge_trimmed(["vitamin", "e"]) == ["vitamin", "e"]
    assert edge_trimmed(["cardiac", "troponin", "i"]) == ["cardiac", "troponin", "i"]
    assert edge_trimmed(["for", "men"]) == ["for", "men"]
    assert edge_trimmed(["history", "of"]) == ["history", "of"]
    assert edge_trimmed(["on", "stable", "dose"]) == ["on", "stable", "dose"]
    assert edge_trimmed(["i", "e", "pra"]) == ["pra"]
