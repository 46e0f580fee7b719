"""The compiler never raises: random Unicode, and sentences generated from the grammar itself."""

from hypothesis import HealthCheck, given, settings, strategies as st
from hypothesis.extra.lark import from_lark

from screener.compile import compile_line
from screener.parse.lexer import tokenize
from screener.parse.parser import grammar, has_subject, parse
from screener.text.normalize import normalize
from screener.text.lines import CriterionLine
from screener.vocab import vocabulary

STATUSES = {"compiled", "partial", "unsupported"}


def _line(text: str, role="exclusion") -> CriterionLine:
    return CriterionLine(id="X", role=role, heading="", text=text, start=0, end=len(text), line=1, column=1)


def _check(text: str, role="exclusion"):
    out = compile_line(_line(text, role))
    assert out.status in STATUSES
    assert out.id == "X"
    if out.status == "unsupported":
        assert out.rule is None and out.diagnostics, text
    else:
        assert out.rule is not None and out.canonical
    for d in out.diagnostics:
        assert 0 <= d.start <= len(text) + 1
    return out


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=160), st.sampled_from(["inclusion", "exclusion"]))
def test_random_unicode(text, role):
    _check(text, role)


_ALPHABET = "<>=()[],;:/-~^*x.%0123456789 abcdefghijklmnopqrstuvwxyz\u2265\u2264\u00d7\u00b5\\\""


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=120))
def test_random_criteria_alphabet(text):
    _check(text)


def _surface(values):
    return st.sampled_from(sorted(values)).map(lambda s: s + " ")


def _terms(kind):
    return _surface({t.text for t in vocabulary().terms() if t.kind == kind})


# Surface forms for the grammar's declared (lexer-made) terminals.
EXPLICIT = {
    "NUMBER": st.integers(0, 5000).map(lambda n: f"{n / 10:g} "),
    "UNIT": _surface(["mg/dL", "x 10^9/L", "10^3/uL", "g/L", "mmol/L", "mL/min/1.73m^2", "%", "U/L", "mg/d",
                      "mg per day", "ng/mL", "mm Hg", "kg/m2"]),
    "TIMEUNIT": _surface(["days", "weeks", "months", "years", "hours", "week"]),
    "CMP": _surface(["<", "<=", ">", ">=", "more than", "at least", "less than", "no more than", "\u2265"]),
    "CMP_POST": _surface(["or more", "or older", "or less"]),
    "AND_CMP": _surface(["and <=", "and >"]), "OR_CMP": _surface(["or <", "or >"]),
    "TIMES": _surface(["x", "times"]), "REF": _surface(["ULN", "upper limit of normal", "LLN"]),
    "BETWEEN": _surface(["between"]), "TO": _surface(["to", "-"]),
    "AND": _surface(["and"]), "OR": _surface(["or"]), "NOT": _surface(["not", "no"]),
    # the parser's driver feeds these for "and", "or", "," that end a list (parser.py, _connective)
    "CLAUSE_AND": _surface(["and"]), "CLAUSE_OR": _surface(["or"]), "CLAUSE_COMMA": _surface([","]),
    "EITHER": _surface(["either"]), "NEITHER": _surface(["neither"]), "NOR": _surface(["nor"]),
    "OF": _surface(["of"]), "COMMA": _surface([","]), "SEMI": _surface([";"]),
    "LPAR": _surface(["("]), "RPAR": _surface([")"]), "SLASH": _surface(["/"]),
    "ANALYTE": _terms("analyte"), "DRUG": _terms("drug"), "DRUG_CLASS": _terms("drug_class"),
    "CONDITION": _terms("condition"),
    "ALLERGY": _surface(["allergy to", "hypersensitivity to", "allergy"]),
    "ALLERGEN": st.one_of(_terms("allergen"), _terms("drug")),
    "PROCEDURE": _terms("procedure"),
    # a drug a drug rule excepts ("NSAIDs other than aspirin"): the lexer's own re-typing of a drug
    "XDRUG": _terms("drug"),
    "IMMUNIZATION": _terms("vaccine"),
    # a diagnosis's treatment verb, right before a drug (lexer._treated_with)
    "TREATED": _surface(["on", "treated with"]),
    "STUDY": _surface(["in a clinical study", "received an investigational product", "currently in a clinical study",
                       "participation in another clinical trial"]),
    "AGENT_SEP": _surface([",", "or", "and"]),
    "SEX_TAG": _surface(["in women", "(men)", "for women"]),
    "ROUTE": _surface(["oral", "intravenous", "iv", "subcutaneous"]),
    "WITHIN": _surface(["within", "in the past"]), "BEFORE": _surface(["before", "prior to"]),
    "AFTER": _surface(["after"]), "INDEX": _surface(["enrollment", "screening"]), "FOR": _surface(["for"]),
    "APART": _surface(["apart"]), "HALF_LIVES": _surface(["half-lives"]),
    "LONGER": _surface(["whichever is longer"]),
    "POSITIVE": _surface(["positive"]), "NEGATIVE": _surface(["negative"]),
    "PERSISTENT": _surface(["persistent"]), "RECEIVED": _surface(["received"]),
    "TAKING": _surface(["taking"]), "DOSE": _surface(["dose"]), "STABLE": _surface(["stable"]),
    "EQUIV": _surface(["or equivalent"]), "AS": _surface(["as"]), "ALLOWED": _surface(["is allowed"]),
    "DISCONTINUED": _surface(["discontinued"]), "EXCEPT": _surface(["other than", "except"]),
    "INCLUDING": _surface(["including"]), "INCLUDING_OPEN": _surface(["such as"]),
    # "(including", "(e.g.", "(except" right after a diagnosis or drug: the lexer's own tokens (parse/lists6.py)
    "EXAMPLES_OPEN": _surface(["(including", "(e.g.,"]), "EXCEPT_OPEN": _surface(["(except", "(excluding"]),
    "ONSET": _surface(["new onset of"]), "HISTORY": _surface(["history of"]),
    "ACTIVE": _surface(["active", "current"]), "SEVERITY": _surface(["severe", "moderate", "mild"]),
    "QUALIFIER": _surface(["significant", "recent", "chronic", "clinically significant"]), "AGE": _surface(["age"]), "SEX": _surface(["sex"]),
    "MALE": _surface(["male", "men"]), "FEMALE": _surface(["female", "women"]),
    "ALLSEX": _surface(["all"]), "MANUAL": _surface(["manual"]), "NOTHING": _surface(["nothing"]),
    "STRING": st.text(alphabet="abc xyz", max_size=12).map(lambda s: f'"{s}" '),
    "WORD": _surface(["severe", "organ", "manifestations", "life"]),
    "SUBJECT": _surface(['"life expectancy"', '"karnofsky index"']),
    # follow-up keywords (outcome definitions): declared in the same grammar, never reached from a criterion
    "CHANGE": _surface(["rise", "fall"]), "MISSING": _surface(["missing"]),
}


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(from_lark(grammar(), explicit=EXPLICIT))
def test_grammar_sentences(text):
    _check(text)
    _check(text, "inclusion")
    # the compiler's shortcut: a line without a subject terminal never parses
    tokens = tokenize(normalize(text).text)
    tokens = [t for t in tokens if t.type != "COLON"]
    if parse(tokens).tree is not None:
        assert has_subject(tokens), text
