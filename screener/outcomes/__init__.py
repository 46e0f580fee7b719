"""Outcomes of a trial per patient and timepoint (rules/<trial>.outcomes, docs/outcomes.md)."""

from screener.outcomes.assess import assess_patient, assess_patients

__all__ = ["assess_patient", "assess_patients"]
