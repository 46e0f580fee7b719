"""Compiled trials for the server, compiled once and kept.

Compiling NCT06722586 takes a few hundred milliseconds and screening one patient
under a millisecond, so a request must never compile a bundled trial twice.
Pasted criteria are kept too (a clinician re-checks with the same text), a few at a time.
Only bundled trial ids are accepted: a request never names a file on the server.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
from collections import OrderedDict

from screener import ir
from screener.api import Trial
from screener.compile import CompiledTrial, compile_text
from screener.evaluate.policy import DEFAULT_POLICY, Policy
from screener.http.problems import Problem
from screener.http.schemas import CompileResponse, Question, TrialSummary
from screener.trials import bundled_trials, read_trial


def _policy(lookback: int | None) -> Policy:
    return DEFAULT_POLICY if lookback is None else DEFAULT_POLICY.with_settings({"lab_lookback_days": str(lookback)})


class Catalog:
    def __init__(self, max_pasted: int = 32) -> None:
        self._lock = threading.Lock()  # one compile at a time; a second caller waits and then reuses it
        self._compiled: dict[str, CompiledTrial] = {}
        self._pasted: OrderedDict[str, CompiledTrial] = OrderedDict()
        self._trials: dict[tuple[str, int | None], Trial] = {}
        self._max_pasted = max_pasted
        self._ids = {t.upper(): t for t in bundled_trials()}

    def summaries(self) -> list[TrialSummary]:
        return [TrialSummary(id=t, title=_title(read_trial(t)[1])) for t in self._ids.values()]

    def bundled(self, trial_id: str) -> CompiledTrial:
        key = self._ids.get(trial_id.strip().upper())
        if key is None:
            raise Problem("trial.not_found", f"no bundled trial {trial_id!r}; bundled: {', '.join(self._ids.values())}"
                          " (or send the criteria text as 'criteria')")
        with self._lock:
            if key not in self._compiled:
                tid, text, overrides = read_trial(key)
                self._compiled[key] = compile_text(text, trial=tid, overrides=overrides)
            return self._compiled[key]

    def pasted(self, text: str, label: str = "") -> CompiledTrial:
        key = hashlib.sha256(f"{label}\0{text}".encode()).hexdigest()
        with self._lock:
            compiled = self._pasted.pop(key, None) or compile_text(text, trial=label)
            self._pasted[key] = compiled
            while len(self._pasted) > self._max_pasted:
                self._pasted.popitem(last=False)
            return compiled

    def trial(self, *, trial: str | None, criteria: str | None, lookback: int | None) -> Trial:
        """The Trial to screen with; bundled ones are kept per look-back setting."""
        if criteria is not None:
            return Trial(self.pasted(criteria), _policy(lookback))
        compiled = self.bundled(trial or "")
        key = (compiled.trial, lookback)
        found = self._trials.get(key)
        if found is None:
            found = self._trials[key] = Trial(compiled, _policy(lookback))
        return found


def _title(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def questions(compiled: CompiledTrial) -> list[Question]:
    """The manual clauses of each criterion: what a person must attest."""
    out = []
    for c in compiled.criteria:
        asks = [m.reason for m in _manual_nodes(c.rule)] if c.rule is not None else []
        if asks:
            out.append(Question(criterion=c.id, section=c.section, text=c.text, asks=asks))
    return out


def _manual_nodes(node) -> list[ir.Manual]:
    """Every Manual node under a rule, whatever node kinds hold it (walked through dataclass fields)."""
    if isinstance(node, ir.Manual):
        return [node]
    if isinstance(node, (tuple, list)):
        return [m for item in node for m in _manual_nodes(item)]
    if dataclasses.is_dataclass(node):
        return [m for f in dataclasses.fields(node) for m in _manual_nodes(getattr(node, f.name))]
    return []


def compile_response(compiled: CompiledTrial) -> CompileResponse:
    return CompileResponse(trial=compiled.trial, counts=compiled.counts(), criteria=compiled.criteria,
                           notes=compiled.notes, policies=compiled.policies, questions=questions(compiled))
