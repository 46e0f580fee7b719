"""Spark runs the same SQL and agrees with the interpreter (a smaller sample: Spark starts slowly).

Runs in CI (.ci/run installs Java when the machine has none; pyspark comes with the dev extra).
"""

from __future__ import annotations

import shutil
import tempfile

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from screener.engines import screen_store
from screener.records.model import Patient
from screener.store import write_store
from tests.population_strategies import AS_OF, population
from tests.test_sql_differential import statuses, trial

pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java 17 (.ci/run installs it)")


@pytest.fixture(scope="module", autouse=True)
def spark_session():
    from screener.sql import spark

    spark.session("local[2]")
    yield
    spark.stop()


def _sample() -> list[Patient]:
    """30 patients from the differential test's generator, drawn the same way on every run."""
    drawn: list[Patient] = []

    @settings(max_examples=15, derandomize=True, phases=[Phase.generate], database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(population(min_size=3, max_size=6))
    def collect(patients):
        drawn.extend(patients)

    collect()
    return [p.model_copy(update={"id": f"s{i}"}) for i, p in enumerate(drawn[-30:])]


def test_spark_agrees_with_the_interpreter():
    t = trial("NCT06722586", "default")
    fresh = [Patient.model_validate(p.model_dump()) for p in _sample()]
    with tempfile.TemporaryDirectory() as store:
        write_store(fresh, store)
        by_spark = list(screen_store(t, store, as_of=AS_OF, engine="spark", spark_master="local[2]").results())
    by_interpreter = [t.screen(p, as_of=AS_OF) for p in fresh]
    assert [statuses(r) for r in by_spark] == [statuses(r) for r in by_interpreter]
    assert len({str(statuses(r)) for r in by_interpreter}) >= 5, "the sample should not be all alike"
