"""Human-readable renderings of compile results (plain text, no colour needed)."""

from __future__ import annotations


def compile_report(trial) -> str:
    counts = trial.counts()
    out = [f"{trial.trial}: {len(trial.criteria)} criteria — "
           + ", ".join(f"{v} {k}" for k, v in counts.items())]
    for c in trial.criteria:
        origin = "" if c.origin == "text" else f" [{c.origin}]"
        out.append("")
        out.append(f"{c.id} {c.section}{origin} ({c.heading})" if c.heading else f"{c.id} {c.section}{origin}")
        out.append(f"  text:   {c.text}")
        out.append(f"  status: {c.status}")
        if c.canonical:
            out.append(f"  rule:   {c.canonical}")
        for d in c.diagnostics:
            out.extend("  " + row for row in d.render().splitlines())
    if trial.notes:
        out.append("")
        out.append("notes:")
        for d in trial.notes:
            out.append(f"  {d.line}:{d.column} [{d.code}] {d.message}")
    return "\n".join(out) + "\n"
