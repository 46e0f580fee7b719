"""Criterion lines of the shared corpora (LCT, Chia, Clinical-Trial-Parser samples), for tests and benchmarks."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Iterator

from screener.diagnostics import SourceText
from screener.text.lines import CriterionLine
from screener.text.sections import split_criteria

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def _jsonl(path: Path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def lct() -> Iterator[tuple[str, SourceText, CriterionLine]]:
    for rec in _jsonl(CORPUS / "lct" / "lct.brat.jsonl"):
        src = SourceText(rec["txt"])
        for line in split_criteria(rec["txt"]).lines:
            yield rec["doc_id"], src, line


def chia() -> Iterator[tuple[str, SourceText, CriterionLine]]:
    for rec in _jsonl(CORPUS / "chia" / "chia_without_scope.brat.jsonl"):
        role = "inclusion" if rec["section"] == "inc" else "exclusion"
        src = SourceText(rec["txt"])
        for line in split_criteria(rec["txt"], default_role=role).lines:
            yield rec["doc_id"], src, line


def ctparser_samples() -> Iterator[tuple[str, SourceText, CriterionLine]]:
    raw = (CORPUS / "ctparser" / "sample_trials" / "clinical_trials.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(io.StringIO(raw)):
        if row.get("#nct_id", "").startswith("#"):
            continue  # the file repeats its header row between its two parts
        text = row.get("eligibility_criteria") or ""
        src = SourceText(text)
        for line in split_criteria(text).lines:
            yield row["#nct_id"], src, line
