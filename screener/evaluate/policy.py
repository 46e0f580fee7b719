"""Which data counts as complete history, and how old a lab result may be.

Defaults (docs/semantics.md): conditions, medications and allergies are taken as complete
history -- no record means the patient does not have it or did not take it;
labs and vitals are open -- no result means unknown; so are immunizations, which many are
given where the record does not see (a pharmacy, a school, abroad); and so are studies (FHIR
ResearchSubject), which most records never hold.  A trial can change
either per criterion in its rules file (``policy E4: conditions=open``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

Completeness = str  # "complete" | "open"


@dataclass(frozen=True, slots=True)
class Policy:
    conditions: Completeness = "complete"
    medications: Completeness = "complete"
    allergies: Completeness = "complete"
    observations: Completeness = "open"
    immunizations: Completeness = "open"
    studies: Completeness = "open"
    lab_lookback_days: int = 90  # the latest result older than this is stale

    def with_settings(self, settings: dict[str, str]) -> "Policy":
        """A copy with ``{"conditions": "open", "lab_lookback_days": "30"}``-style settings applied."""
        changes: dict[str, object] = {}
        for key, value in settings.items():
            if key in ("conditions", "medications", "allergies", "observations", "immunizations", "studies"):
                if value not in ("complete", "open"):
                    raise ValueError(f"{key} must be 'complete' or 'open', not {value!r}")
                changes[key] = value
            elif key == "lab_lookback_days":
                days = int(value)
                if days < 0:
                    raise ValueError("lab_lookback_days must be >= 0")
                changes[key] = days
            else:
                raise ValueError(f"unknown policy setting {key!r} (conditions, medications, allergies, observations, immunizations, "
                                 f"studies, lab_lookback_days)")
        return replace(self, **changes)


DEFAULT_POLICY = Policy()
