"""Which engine screens a population, and the results it gives in the interpreter's contract.

- ``python``: the reference interpreter, patient by patient, with full evidence;
- ``duckdb``: the trial compiled to SQL, run in process over a store (the default
  for a store, and for inputs above ``AUTO_DUCKDB_ABOVE`` patients);
- ``spark``: the same SQL on Apache Spark (``local[*]`` or a cluster's master URL).

The SQL engines give the verdict and every criterion's status; the evidence is
summarized (``screener check`` shows it for one patient).  A criterion whose rule
the SQL builder cannot express is evaluated by the interpreter for those
patients (hybrid), never guessed.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import warnings
from collections import defaultdict
from itertools import chain
from pathlib import Path
from typing import Iterator

from screener.api import Trial, _as_date, _attested
from screener.evaluate.facts import PatientFacts
from screener.evaluate.rules import RuleEvaluator
from screener.evaluate.verdict import evaluate_criterion, verdict_of
from screener.records.model import Patient
from screener.results import CriterionResult, PatientResult, RecordError

ENGINES = ("auto", "python", "duckdb", "spark")
# Above this many patients "auto" picks duckdb: the interpreter screens about 1,500 patients/s
# with full evidence, and a load into a store plus one SQL query wins from there on
# (docs/performance.md, "Cohorts").
AUTO_DUCKDB_ABOVE = 20_000


class EngineError(RuntimeError):
    pass


def _dead_reason(deceased_date) -> str:
    when = f" on {deceased_date}" if deceased_date else ""
    return f"the record says the patient died{when}"


_NO_CRITERIA = ("the trial record gives no inclusion or exclusion criteria, "
                "so no one can be found eligible from it")


def finish(trial: Trial, criteria: list[CriterionResult], dead: bool, deceased_date) -> tuple[str, list[str]]:
    """The verdict and reasons from criterion results (the tail of evaluate.verdict.screen_patient)."""
    verdict, reasons = verdict_of(criteria)
    if dead:
        verdict, reasons = "ineligible", [_dead_reason(deceased_date)] + (reasons if verdict == "ineligible" else [])
    if any(n.code == "section.no_criteria" for n in trial.compiled.notes) and verdict != "ineligible":
        verdict, reasons = "undetermined", [_NO_CRITERIA] + reasons
    return verdict, reasons


class Screening:
    """The rows an SQL engine returned (one per patient, in load order) and the results they stand for."""

    def __init__(self, trial: Trial, query, table, store: Path, as_of: dt.date, engine: str,
                 attest: dict[str, bool]):
        self.trial, self.query, self.table, self.store = trial, query, table, Path(store)
        self.as_of, self.engine, self.attest = as_of, engine, attest

    def __len__(self) -> int:
        return self.table.num_rows

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for r in self.results():
            out[r.verdict] += 1
        return dict(out)

    def _problems(self) -> dict[int, list[tuple[RecordError, bool]]]:
        import pyarrow.dataset as ds

        from screener.store.schema import SCHEMAS

        out: dict[int, list[tuple[RecordError, bool]]] = defaultdict(list)
        rows = ds.dataset(self.store / "problems", format="parquet", schema=SCHEMAS["problems"]).to_table()
        for r in sorted(rows.to_pylist(), key=lambda r: (r["pid"], r["seq"])):
            out[r["pid"]].append((RecordError(code=r["code"], message=r["message"], file=r["file"],
                                              record=r["record"], field=r["field"]), bool(r["fatal"])))
        return out

    def _interpreted(self, pids: list[int]) -> dict[int, dict[str, CriterionResult]]:
        """Criteria the SQL could not express, evaluated by the interpreter on the stored records."""
        from screener.store.read import read_patients

        todo = [c for c in self.query.columns if c.mode == "interpreter"]
        if not todo:
            return {}
        out: dict[int, dict[str, CriterionResult]] = {}
        for pid, patient in read_patients(self.store, pids):
            patient = _attested(patient, self.attest)
            facts = PatientFacts(patient, self.as_of)
            evaluator = RuleEvaluator(facts, self.trial.policy, "", patient.attestations)
            out[pid] = {c.criterion.id: evaluate_criterion(
                c.criterion, facts, self.trial.policies.get(c.criterion.id, self.trial.policy), evaluator)
                for c in todo}
        return out

    def results(self) -> Iterator[PatientResult]:
        problems = self._problems()
        cols = self.query.columns
        rows = self.table.to_pylist()
        interpreted = self._interpreted([r["pid"] for r in rows if not r["broken"]]) \
            if not self.query.verdict_in_sql else {}
        engine_note = f"decided in SQL by the {self.engine} engine; `screener check` gives the evidence"
        for r in rows:
            found = problems.get(r["pid"], [])
            errors = [e for e, _fatal in found]
            if r["broken"]:
                yield PatientResult(patient_id=r["patient_id"], verdict="error", errors=errors,
                                    trial=self.trial.id, as_of=self.as_of,
                                    reasons=[e.message for e, fatal in found if fatal])
                continue
            criteria = []
            for c in cols:
                cc = c.criterion
                if c.mode == "interpreter":
                    criteria.append(interpreted[r["pid"]][cc.id])
                    continue
                status = r[c.name]
                if c.mode == "fixed" and status == "unsupported":
                    why = "; ".join(d.message for d in cc.diagnostics if d.severity == "error")[:300]
                    text = f"the text did not compile: {why or 'no rule'}"
                elif c.mode == "fixed":
                    text = "only part of the text compiled, so the part alone never decides"
                else:
                    text = f"{status.replace('_', ' ')} ({engine_note})"
                criteria.append(CriterionResult(id=cc.id, section=cc.section, text=cc.text, rule=cc.canonical,
                                                status=status, explanation=text, grouped_in=cc.grouped_in))
            verdict, reasons = finish(self.trial, criteria, r["dead"], r["deceased_date"])
            if self.query.verdict_in_sql and verdict != r["verdict"]:
                raise EngineError(f"patient {r['patient_id']}: the SQL verdict {r['verdict']!r} disagrees with the "
                                  f"verdict of its statuses {verdict!r} (a bug in screener.sql.build)")
            yield PatientResult(patient_id=r["patient_id"], verdict=verdict, criteria=criteria, errors=errors,
                                reasons=reasons, trial=self.trial.id, as_of=self.as_of)


def _check_reference_data(store: Path) -> None:
    from screener.store.write import read_meta, reference_fingerprint

    meta = read_meta(store)
    if meta.get("reference_data") != reference_fingerprint():
        warnings.warn(f"the store {store} was bound with other reference data than this installation has "
                      f"(screener/data changed since `screener load`); load it again to bind with the current data",
                      stacklevel=3)


def screen_store(trial: Trial, store: str | Path, *, as_of: dt.date | str, engine: str = "duckdb",
                 attest: dict[str, bool] | None = None, spark_master: str | None = None,
                 threads: int | None = None) -> Screening:
    """Screen every patient of a store with an SQL engine (duckdb or spark)."""
    from screener.sql import build_query

    store, day, attest = Path(store), _as_date(as_of), dict(attest or {})
    _check_reference_data(store)
    key = (day, tuple(sorted(attest.items())))
    cache = trial.__dict__.setdefault("_sql_queries", {})  # compiled once per trial, date and answers
    if key not in cache:
        query = build_query(trial.compiled, day, policies=trial.policies, default_policy=trial.policy, attest=attest)
        cache[key] = (query, {})
    query, rendered = cache[key]
    if engine == "duckdb":
        from screener.sql import duckdb as runner

        if "duckdb" not in rendered:
            rendered["duckdb"] = query.sql("duckdb", pretty=False)
        table = runner.run(rendered["duckdb"], store, threads=threads)
    elif engine == "spark":
        from screener.sql import spark as runner

        table = runner.run_query(query.select, store, master=spark_master)
    else:
        raise EngineError(f"screen_store runs the SQL engines (duckdb, spark), not {engine!r}")
    return Screening(trial, query, table, store, day, engine, attest)


def screen_python_store(trial: Trial, store: str | Path, *, as_of, attest=None) -> Iterator[PatientResult]:
    """The interpreter over a store's records (as bound when they were loaded)."""
    from screener.store.read import read_patients

    day = _as_date(as_of)
    for _pid, patient in read_patients(store):
        yield trial.screen(patient, as_of=day, attest=attest)


def screen(trial: Trial, inputs: list[str], *, as_of, engine: str = "auto", attest: dict[str, bool] | None = None,
           spark_master: str | None = None, auto_above: int = AUTO_DUCKDB_ABOVE) -> Iterator[PatientResult]:
    """Screen files, folders or one store with the engine asked for (``auto``: see AUTO_DUCKDB_ABOVE)."""
    from screener.records.load import iter_patients
    from screener.store.write import is_store, write_store

    if engine not in ENGINES:
        raise EngineError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    stores = [p for p in inputs if is_store(p)]
    if stores and len(inputs) > 1:
        raise EngineError("give either one store or record files and folders, not both")
    if stores:
        if engine == "python":
            yield from screen_python_store(trial, stores[0], as_of=as_of, attest=attest)
        else:
            yield from screen_store(trial, stores[0], as_of=as_of, engine="duckdb" if engine == "auto" else engine,
                                    attest=attest, spark_master=spark_master).results()
        return
    patients = iter_patients(inputs)
    if engine == "python":
        yield from trial.screen_many(patients, as_of=as_of, attest=attest)
        return
    head: list[Patient] = []
    if engine == "auto":
        for p in patients:
            head.append(p)
            if len(head) > auto_above:
                break
        if len(head) <= auto_above:
            yield from trial.screen_many(head, as_of=as_of, attest=attest)
            return
    with tempfile.TemporaryDirectory(prefix="screener-store-") as tmp:
        write_store(chain(head, patients), tmp, inputs=inputs)
        yield from screen_store(trial, tmp, as_of=as_of, engine="duckdb" if engine == "auto" else engine,
                                attest=attest, spark_master=spark_master).results()
