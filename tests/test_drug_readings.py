"""When a drug criterion means now, ever or a window (screener/parse/to_ir.py drug_use), and what a list of drugs
shares (grammars/criteria.lark routed_item)."""

from __future__ import annotations

import pytest

from tests.lines import line


@pytest.mark.parametrize("text, canonical", [
    # corpus lines (LCT, Chia): present-tense wordings are the drug taken now; they read as ever received,
    # which excluded anyone who once took it
    ("Receiving insulin", "taking insulins"),
    ("use of antiepileptics", "taking antiepileptics"),
    ("Treatment with warfarin", "taking warfarin"),
    ("Usage of anticoagulants", "taking anticoagulants"),
    ("Patients using monoamine oxidase inhibitors.", "taking maois"),
    # a past word or "prior"/"previous" is ever; a window wins
    ("Prior use of anticoagulants", "received anticoagulants"),
    ("Previous treatment with rituximab", "received rituximab"),
    ("received rituximab", "received rituximab"),
    ("pre-treatment with atropine", "received atropine"),
    ("Use of rituximab within 6 months of screening", "received rituximab within 6 month"),
])
def test_now_ever_or_a_window(text, canonical):
    assert line(text, "exclusion").canonical == canonical


def test_a_route_inside_a_list_keeps_the_list_and_its_window():
    # LCT: the route before the last item split the list, and only that item kept the window
    c = line("Use of colchicine, methotrexate, azathioprine, or systemic steroids in the two months preceding "
             "screening", "exclusion")
    assert c.canonical == ("(received colchicine within 2 month) or (received methotrexate within 2 month) or "
                           "(received azathioprine within 2 month) or (received systemic glucocorticoids within 2 month)")
    assert line("use of systemic steroids or oral antibiotics within 2 weeks", "exclusion").canonical == (
        "(received systemic glucocorticoids within 2 week) or (received oral systemic_antibiotics within 2 week)")


@pytest.mark.parametrize("text, canonical", [
    # "with or without X": either way, so X decides nothing; it read as "or not X", which excluded everyone
    # not on a statin
    ("Cholesterol total > 300 mg/dl with or without use of statin;", "total_cholesterol > 300 mg/dL"),
    ("Inadequately controlled hypertension with or without current antihypertensive medications;", "hypertension"),
])
def test_with_or_without(text, canonical):
    c = line(text, "exclusion")
    assert c.canonical == canonical and c.status == "partial"
    assert any("with or without" in d.message for d in c.diagnostics if d.code == "lex.ignored_words")


@pytest.mark.parametrize("text, canonical", [
    # drugs round 4's note: "Anaphylactic reaction to neomycin" read as taking neomycin
    ("Anaphylactic reaction to neomycin", "allergy to neomycin"),
    ("anaphylaxis to aspirin", "allergy to aspirin"),
])
def test_an_anaphylaxis_to_a_drug_is_a_severe_allergy_not_taking_it(text, canonical):
    c = line(text, "exclusion")
    # a severity the allergy rule cannot hold is left out, as for "severe allergy to": the line is partial
    assert c.canonical == canonical and c.status == "partial"


@pytest.mark.parametrize("text, canonical", [
    # review: "no" opens the whole list; read as the first item's only, anyone taking an antidepressant met it
    ("has no history of depression or use of antidepressants or antipsychotics,",
     "not ((history of depression) or ((taking antidepressants) or (taking antipsychotics)))"),
    ("No diabetes or use of insulin", "not ((diabetes) or (taking insulins))"),
    # the later item names the first's subject again: the 'no' is the first item's only
    ("No smokers or smokers of less than 10 cigarettes a day.", '(not (smoker)) or ("smoker" < 10 {cigarettes}/d)'),
    # "being treated with" is now
    ("Being treated with IL-1 inhibitor, other biological agents and immunosuppressants",
     "(taking il1_inhibitors) or (taking biologics) or (taking immunosuppressants)"),
])
def test_no_a_or_b_and_being_treated(text, canonical):
    role = "exclusion" if text.startswith("Being") else "inclusion"
    assert line(text, role).canonical == canonical


def test_a_not_in_parentheses_of_its_own_is_not_neither():
    # found by the round-trip test: the canonical "(not (taking X)) or (taking Y)" read back as neither
    from screener.compile import compile_rule
    from screener.ir.canonical import render

    text = "(not (taking metformin)) or (taking insulins)"
    assert render(compile_rule(text)) == text
    assert render(compile_rule("no metformin or insulin")) == "not ((taking metformin) or (taking insulins))"
