"""The patient as the rules see it: records indexed by analyte, drug and condition group,
cut at the screening date.  Records dated after ``as_of`` do not exist for the
screening (they were not known then); records marked entered-in-error are gone.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from screener.records.model import (AllergyRecord, ConditionRecord, ImmunizationRecord, Medication, Observation, Patient,
                                    ProcedureRecord, StudyRecord)
from screener.vocab import vocabulary

_VOID_OBS = {"entered-in-error", "cancelled"}
_VOID_MED = {"entered-in-error", "not-taken", "not-done", "cancelled", "draft", "intended"}
_VOID_COND = {"entered-in-error", "refuted"}  # also an allergy's verification status
# a procedure recorded in error, not done, or not yet begun (preparation) was not performed
_VOID_PROC = {"entered-in-error", "not-done", "preparation"}
# a vaccine recorded in error, or not given (FHIR Immunization.status not-done), was not given
_VOID_IMM = {"entered-in-error", "not-done"}
# a procedure record that is over: one with no end date ended when it was performed
PROC_DONE = frozenset({"completed", "stopped"})


class PatientFacts:
    __slots__ = ("patient", "as_of", "_obs", "_meds", "conditions", "allergies", "procedures", "immunizations", "studies")

    def __init__(self, patient: Patient, as_of: dt.date):
        self.patient, self.as_of = patient, as_of
        obs: dict[str, list[Observation]] = defaultdict(list)
        for o in patient.observations:
            if o.analyte and o.date is not None and o.date <= as_of and (o.status or "").lower() not in _VOID_OBS:
                obs[o.analyte].append(o)
        for lst in obs.values():
            lst.sort(key=lambda o: o.date)
        self._obs = obs
        meds: dict[str, list[Medication]] = defaultdict(list)
        for m in patient.medications:
            if m.drug and (m.status or "").lower() not in _VOID_MED and (m.start is None or m.start <= as_of):
                meds[m.drug].append(m)
        self._meds = meds
        self.conditions: list[ConditionRecord] = [
            c for c in patient.conditions
            if c.groups and (c.verification_status or "").lower() not in _VOID_COND
            and (c.onset is None or c.onset <= as_of)]
        # an allergy record whose substance we cannot place is kept: it might be the one asked about
        self.allergies: list[AllergyRecord] = [
            a for a in patient.allergies
            if (a.verification_status or "").lower() not in _VOID_COND and (a.recorded is None or a.recorded <= as_of)]
        # procedures begun after as_of had not happened yet on the screening date
        self.procedures: list[ProcedureRecord] = [
            p for p in patient.procedures
            if p.procedures and (p.status or "").lower() not in _VOID_PROC
            and (p.performed is None or p.performed <= as_of)]
        # vaccines given after as_of had not been given yet on the screening date
        self.immunizations: list[ImmunizationRecord] = [
            i for i in patient.immunizations
            if i.vaccines and (i.status or "").lower() not in _VOID_IMM
            and (i.occurred is None or i.occurred <= as_of)]

        # the studies the patient was (or may have been) in: not a candidate's or a screened one's record,
        # nor one that starts after as_of
        self.studies: list[StudyRecord] = [
            s for s in patient.studies
            if s.enrolled is not False and (s.start is None or s.start <= as_of)]

    def observations(self, analyte: str, with_members: bool = False) -> list[Observation]:
        """Results for ``analyte`` up to ``as_of``, oldest first (with its isotypes for an umbrella)."""
        out = self._obs.get(analyte, [])
        if with_members:
            extra = [o for m, _c, _u in vocabulary().analyte_members(analyte) for o in self._obs.get(m, [])]
            if extra:
                out = sorted(out + extra, key=lambda o: o.date)
        return out

    def medications(self, drugs: frozenset[str]) -> list[Medication]:
        return [m for d in drugs for m in self._meds.get(d, ())]
