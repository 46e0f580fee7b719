"""A trial's dosing and monitoring protocol checked against patient records (rules/<trial>.protocol)."""

from screener.protocol.check import check_patient, check_patients

__all__ = ["check_patient", "check_patients"]
