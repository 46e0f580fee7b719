"""Every criterion of LCT, Chia and the Clinical-Trial-Parser sample trials compiles without an exception."""

import pytest

from screener.compile import compile_line
from screener.coverage import line_class

pytestmark = [pytest.mark.corpus, pytest.mark.slow]


@pytest.fixture(scope="module")
def corpora():
    from tests.conftest import corpus_path

    corpus_path("lct", "lct.brat.jsonl")
    corpus_path("chia", "chia_without_scope.brat.jsonl")
    from bench.corpus_lines import chia, ctparser_samples, lct

    return {"lct": list(lct()), "chia": list(chia()), "ctparser": list(ctparser_samples())}


@pytest.mark.parametrize("name", ["lct", "chia", "ctparser"])
def test_whole_corpus_compiles_without_exception(corpora, name):
    lines = corpora[name]
    assert lines
    seen = set()
    for doc, src, line in lines:
        out = compile_line(line, src)  # an exception fails the test
        assert out.status in ("compiled", "partial", "unsupported")
        assert (out.rule is None) == (out.status == "unsupported")
        if line_class(out) != "full":
            # never lost without a diagnostic: partly manual, partial or unsupported, the line says why
            assert out.diagnostics, (doc, line.text)
        seen.add((doc, line.id))
    assert len(seen) == len(lines)
