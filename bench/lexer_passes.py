"""What each lexer pass costs over LCT + Chia, and on how many lines it changes anything.

    python3 bench/lexer_passes.py [N]         # the N most costly passes (default 30)

A pass that costs much and changes few lines should test first whether it can change the line at all
(screener.parse.tokens.mentions / has_kind). The timer wraps the functions screener.parse.lexer.tokenize
calls by name, so the figures are those passes' own time (a chain such as ``value_passes`` counts as one);
the total is the tokenizer's, lines normalized beforehand. Timing adds overhead: compare passes with each
other, and whole-compile speed with bench/compile_speed.py.
"""

from __future__ import annotations

import inspect
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import screener.parse.lexer as lexer  # noqa: E402
from bench.corpus_lines import chia, lct  # noqa: E402
from screener.text.normalize import normalize  # noqa: E402


def _pass_names() -> list[str]:
    """The functions tokenize calls after its phrase loop (its passes), by name."""
    body = inspect.getsource(lexer.tokenize)
    body = body[body.index("if followup"):]
    names = set(re.findall(r"\b([a-z_][a-z0-9_]*)\b(?=[,)(]|\s*$)", body, re.M))
    return sorted(n for n in names if inspect.isfunction(getattr(lexer, n, None)) and n != "tokenize")


def _shape(tokens) -> list[tuple]:
    return [(t.type, t.value, t.start_pos, t.end_pos) for t in tokens]


def main(top: int = 30) -> None:
    cost: dict[str, float] = defaultdict(float)
    changed: dict[str, int] = defaultdict(int)
    for name in _pass_names():
        fn = getattr(lexer, name)

        def timed(*args, _fn=fn, _name=name, **kw):
            before = _shape(args[0]) if args and isinstance(args[0], list) else None
            t0 = time.perf_counter()
            out = _fn(*args, **kw)
            cost[_name] += time.perf_counter() - t0
            if before is not None and _shape(out) != before:
                changed[_name] += 1
            return out

        setattr(lexer, name, timed)
    texts = [normalize(line.text).text for _, _, line in [*lct(), *chia()]]
    t0 = time.perf_counter()
    for text in texts:
        lexer.tokenize(text)
    total = time.perf_counter() - t0
    print(f"lines={len(texts)} tokenize_seconds={total:.2f} passes_seconds={sum(cost.values()):.2f}")
    for name, seconds in sorted(cost.items(), key=lambda kv: -kv[1])[:top]:
        print(f"{seconds * 1000:8.0f} ms  changes {changed[name]:5d} lines  {name}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
