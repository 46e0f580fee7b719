"""One patient with lab or score observations, and a rule decided on them by the interpreter, for tests."""

from __future__ import annotations

import datetime as dt
from itertools import count

from screener.compile import compile_rule
from screener.evaluate.facts import PatientFacts
from screener.evaluate.policy import DEFAULT_POLICY
from screener.evaluate.rules import RuleEvaluator
from screener.records.bind import bind_patient
from screener.records.model import Code, Observation, Patient

AS_OF = dt.date(2026, 11, 23)
LOINC = "http://loinc.org"
_ids = count(1)


def lab(loinc: str, value: float, unit: str | None, days: int = 5) -> Observation:
    """A result coded in LOINC, ``days`` before AS_OF."""
    return Observation(id=f"o{next(_ids)}", codes=[Code(system=LOINC, code=loinc)], value=value, unit=unit,
                       date=AS_OF - dt.timedelta(days=days))


def decide(rule_text: str, *observations: Observation, sex: str = "female", birth: dt.date = dt.date(1960, 5, 17)):
    """The outcome of one rule (compiled whole) for a bound patient with these observations, on AS_OF."""
    rule = compile_rule(rule_text, "inclusion")
    assert rule is not None, rule_text
    patient = Patient(id="p", sex=sex, birth_date=birth, observations=list(observations))
    bind_patient(patient)
    return RuleEvaluator(PatientFacts(patient, AS_OF), DEFAULT_POLICY, "X", patient.attestations).eval(rule)
