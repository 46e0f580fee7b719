"""The screener command line: ``screener compile TRIAL``, ``screener screen TRIAL PATIENTS...``,
``screener check TRIAL PATIENT``, ``screener serve`` (HTTP API and pre-check page), and for follow-up
``screener outcomes|protocol TRIAL PATIENTS...``.  Results go to stdout, progress and logs to stderr;
exit 0 when the run completed (whatever the verdicts), 2 on usage or compile errors."""

from __future__ import annotations

import json
import sys
from enum import Enum

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Clinical-trial eligibility screening.")


class CompileFormat(str, Enum):
    text = "text"
    json = "json"


@app.callback()
def _root() -> None:
    """Clinical-trial eligibility screening."""


@app.command("compile")
def compile_cmd(
    trial: str = typer.Argument(..., help="A registry-style criteria text file, or a bundled trial id."),
    format: CompileFormat = typer.Option(CompileFormat.text, "--format", "-f"),
) -> None:
    """Compile a trial's criteria into rules; unsupported lines are reported, not fatal."""
    from screener.compile import compile_text
    from screener.trials import TrialNotFound, read_trial

    try:
        trial_id, text, overrides = read_trial(trial)
    except (TrialNotFound, OSError, UnicodeDecodeError) as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2)
    compiled = compile_text(text, trial=trial_id, overrides=overrides)
    if format is CompileFormat.json:
        sys.stdout.write(json.dumps(json.loads(compiled.model_dump_json()), indent=2, ensure_ascii=False))
        sys.stdout.write("\n")
        return
    from screener.report import compile_report

    sys.stdout.write(compile_report(compiled))


class ScreenFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    table = "table"


def _usage_error(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


def _load_trial(spec: str, lookback: int | None):
    from screener.api import load_trial
    from screener.evaluate.policy import DEFAULT_POLICY
    from screener.trials import TrialNotFound

    policy = DEFAULT_POLICY if lookback is None else DEFAULT_POLICY.with_settings({"lab_lookback_days": str(lookback)})
    try:
        return load_trial(spec, policy=policy)
    except (TrialNotFound, OSError, UnicodeDecodeError) as err:
        raise _usage_error(str(err))


def _as_of(value: str, flag: str = "--as-of"):
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _usage_error(f"{flag} must be a date YYYY-MM-DD, not {value!r}")


def _attestations(pairs: list[str]) -> dict[str, bool]:
    out: dict[str, bool] = {}
    for pair in pairs:
        cid, _, answer = pair.partition("=")
        a = answer.strip().lower()
        if not cid or a not in ("yes", "no", "true", "false", "holds", "absent"):
            raise _usage_error(f"--attest takes ID=yes|no (the manual clause holds or not), not {pair!r}")
        out[cid.strip()] = a in ("yes", "true", "holds")
    return out


_AS_OF = typer.Option(..., "--as-of", help="The screening date, YYYY-MM-DD. Nothing reads the clock.")
_ATTEST = typer.Option([], "--attest", help="Answer a manual clause for every patient: E5=no (repeatable).")
_LOOKBACK = typer.Option(None, "--lab-lookback-days", help="How old the latest lab result may be (default 90).")


class Engine(str, Enum):
    auto = "auto"
    python = "python"
    duckdb = "duckdb"
    spark = "spark"


@app.command("load")
def load_cmd(
    patients: list[str] = typer.Argument(..., help="Files or folders: FHIR .json bundles, .ndjson, own .json/.jsonl, .csv."),
    store: str = typer.Option(..., "--store", help="The store folder (Parquet long tables; replaced if it holds one)."),
) -> None:
    """Load and bind patient records once into a store, to screen them many times (docs/store.md)."""
    from screener.store import load_into_store

    try:
        meta = load_into_store(patients, store)
    except FileExistsError as err:
        raise _usage_error(str(err))
    rows = meta["rows"]
    typer.echo(f"{meta['patients']} patients loaded into {store}: {rows['observations']} observations, "
               f"{rows['medications']} medications, {rows['conditions']} conditions, {rows['problems']} problems", err=True)


@app.command("screen")
def screen_cmd(
    trial: str = typer.Argument(..., help="A bundled trial id or a criteria text file."),
    patients: list[str] = typer.Argument(..., help="Files or folders (FHIR .json bundles, .ndjson, own .json/.jsonl, "
                                                   ".csv), or one store made by `screener load`."),
    as_of: str = _AS_OF,
    format: ScreenFormat = typer.Option(ScreenFormat.json, "--format", "-f"),
    output: str = typer.Option(None, "--output", "-o", help="Write results here instead of stdout."),
    attest: list[str] = _ATTEST,
    lab_lookback_days: int = _LOOKBACK,
    progress: bool = typer.Option(True, "--progress/--no-progress", help="A progress bar on stderr."),
    engine: Engine = typer.Option(Engine.auto, "--engine", help="python (the interpreter, full evidence), duckdb or "
                                  "spark (SQL, evidence summarized); auto: duckdb for a store or above 20,000 patients."),
    spark_master: str = typer.Option(None, "--spark-master", help="Spark master URL (default local[*])."),
) -> None:
    """Screen patient records against a trial: one result per input patient."""
    from screener.engines import EngineError, screen
    from screener.output import Writer

    day = _as_of(as_of)
    answers = _attestations(attest)
    t = _load_trial(trial, lab_lookback_days)
    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    writer = Writer(out, format.value)
    counts: dict[str, int] = {}
    with _progress(progress) as bar:
        task = bar.add_task("screening", total=None)
        try:
            for result in screen(t, patients, as_of=day, engine=engine.value, attest=answers, spark_master=spark_master):
                writer.write(result)
                counts[result.verdict] = counts.get(result.verdict, 0) + 1
                bar.advance(task)
        except EngineError as err:
            raise _usage_error(str(err))
    writer.close()
    if output:
        out.close()
    typer.echo(f"{sum(counts.values())} patients screened against {t.id} on {day}: "
               + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), err=True)


def _progress(enabled: bool):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=Console(stderr=True), disable=not enabled, transient=True)


@app.command("check")
def check_cmd(
    trial: str = typer.Argument(..., help="A bundled trial id or a criteria text file."),
    patient: str = typer.Argument(..., help="One patient: a FHIR bundle or an own-format JSON file."),
    as_of: str = _AS_OF,
    attest: list[str] = _ATTEST,
    lab_lookback_days: int = _LOOKBACK,
    width: int = typer.Option(120, "--width", help="Table width in characters."),
) -> None:
    """One patient, one trial: a readable answer per criterion and what is missing."""
    from screener.output import check_report
    from screener.records.load import load_paths

    day = _as_of(as_of)
    answers = _attestations(attest)
    t = _load_trial(trial, lab_lookback_days)
    loaded = load_paths([patient])
    if len(loaded) != 1:
        raise _usage_error(f"{patient} holds {len(loaded)} patients; check takes one (use screen for a batch)")
    sys.stdout.write(check_report(t.screen(loaded[0], as_of=day, attest=answers), width=width))


@app.command("serve")
def serve_cmd(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    max_body_mb: float = typer.Option(20.0, "--max-body-mb", help="Largest request body, in MiB (413 above)."),
    max_patients: int = typer.Option(1000, "--max-patients", help="Most patients in one request (413 above)."),
    max_criteria_chars: int = typer.Option(20_000, "--max-criteria-chars",
                                           help="Longest criteria text in a request (422 above)."),
) -> None:
    """The HTTP API (/v1, docs at /docs) and the clinician pre-check page (/), under uvicorn."""
    try:
        import uvicorn
    except ImportError:
        raise _usage_error("serve needs the http extra: pip install 'screener[http]'")

    from screener.http.app import create_app
    from screener.http.limits import Limits

    limits = Limits(max_body_bytes=int(max_body_mb * 1024 * 1024), max_patients=max_patients,
                    max_criteria_chars=max_criteria_chars)
    app = create_app(limits)
    app.state.screening.warm()  # the first request must not pay for compiling a trial
    uvicorn.run(app, host=host, port=port, log_level="info")


class FollowupFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


def _definitions(trial: str, kind: str):
    from screener.followup.definitions import DefinitionsNotFound, load_definitions

    try:
        defs = load_definitions(trial, kind)
    except (DefinitionsNotFound, OSError, UnicodeDecodeError) as err:
        raise _usage_error(str(err))
    for d in defs.problems:  # a definition that did not compile is reported per patient as unsupported
        typer.echo(f"warning: {defs.path}:{d.line}:{d.column}: [{d.code}] {d.message}", err=True)
    return defs


def _followup_run(kind: str, trial: str, patients: list[str], baseline: str | None, as_of: str | None,
                  format: FollowupFormat, output: str | None) -> None:
    from screener.followup.output import ModelWriter, outcomes_table, protocol_table
    from screener.outcomes import assess_patients
    from screener.protocol import check_patients
    from screener.records.load import iter_patients

    day1 = _as_of(baseline, "--baseline") if baseline else None
    cutoff = _as_of(as_of) if as_of else None
    defs = _definitions(trial, kind)
    run = assess_patients(defs, iter_patients(patients), day1, cutoff) if kind == "outcomes" else \
        check_patients(defs, iter_patients(patients), day1, cutoff)
    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    writer = ModelWriter(out, format.value, outcomes_table if kind == "outcomes" else protocol_table)
    counts: dict[str, int] = {}
    for result in run:
        writer.write(result)
        key = result.status if kind == "outcomes" else result.verdict
        counts[key] = counts.get(key, 0) + 1
    writer.close()
    if output:
        out.close()
    typer.echo(f"{sum(counts.values())} patients, {kind} of {defs.trial}: "
               + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), err=True)


_CUTOFF = typer.Option(None, "--as-of", help="Where the data ends, YYYY-MM-DD (records after it do not exist); "
                                           "default: each record's last date.")


@app.command("outcomes")
def outcomes_cmd(
    trial: str = typer.Argument(..., help="A bundled trial id (rules/<ID>.outcomes) or an outcomes file."),
    patients: list[str] = typer.Argument(..., help="Files or folders of patient records, as for screen."),
    baseline: str = typer.Option(..., "--baseline", help="The baseline (enrolment) date, YYYY-MM-DD."),
    as_of: str = _CUTOFF,
    format: FollowupFormat = typer.Option(FollowupFormat.json, "--format", "-f"),
    output: str = typer.Option(None, "--output", "-o", help="Write results here instead of stdout."),
) -> None:
    """Per patient and timepoint: each outcome (met / not met / unknown) or measure, with evidence."""
    _followup_run("outcomes", trial, patients, baseline, as_of, format, output)


@app.command("protocol")
def protocol_cmd(
    trial: str = typer.Argument(..., help="A bundled trial id (rules/<ID>.protocol) or a protocol file."),
    patients: list[str] = typer.Argument(..., help="Files or folders of patient records, as for screen."),
    baseline: str = typer.Option(None, "--baseline", help="Day 1, YYYY-MM-DD; default: each patient's first dose."),
    as_of: str = _CUTOFF,
    format: FollowupFormat = typer.Option(FollowupFormat.json, "--format", "-f"),
    output: str = typer.Option(None, "--output", "-o", help="Write results here instead of stdout."),
) -> None:
    """Expected vs recorded daily doses, deviations, monitoring results out of range or missed."""
    _followup_run("protocol", trial, patients, baseline, as_of, format, output)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
