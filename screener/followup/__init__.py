"""Follow-up definitions of a trial: outcomes, measures, dosing schedules and monitoring (docs/outcomes.md)."""
