"""The canonical text of any rule compiles back to the same rule (sqlglot's identity idea)."""

import pytest
from hypothesis import given, settings, HealthCheck

from screener.compile import compile_rule
from screener.ir.canonical import render

from tests.strategies import leaves, rules


@pytest.mark.parametrize("role", ["inclusion", "exclusion"])
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rule=leaves)
def test_leaf_roundtrip(rule, role):
    text = render(rule)
    assert compile_rule(text, role) == rule, text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rule=rules)
def test_rule_roundtrip(rule):
    text = render(rule)
    for role in ("inclusion", "exclusion"):
        assert compile_rule(text, role) == rule, text
