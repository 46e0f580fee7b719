"""The screener command line: ``screener compile TRIAL``."""

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


def main() -> None:
    app()


if __name__ == "__main__":
    main()
