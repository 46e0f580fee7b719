"""Readers that turn input files into ``screener.records.model.Patient`` objects.

``fhir`` reads FHIR R4 bundles, single resources and Bulk Data NDJSON; ``own``
reads the project's own JSON/JSONL records; ``csv`` reads the long CSV.
``screener.records.load`` picks the reader by file suffix.  Adapters fill the
reported fields only; binding to the vocabulary is ``screener.records.bind``.
"""
