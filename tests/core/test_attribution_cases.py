"""The attribution table (attribution_cases.toml): one parametrised test over sentences of our own."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from sourcecheck.core import Article, Kind, extract

_CASES: list[dict[str, Any]] = tomllib.loads(
    (Path(__file__).with_name("attribution_cases.toml")).read_text(encoding="utf-8")
)["case"]


def _case_id(case: dict[str, Any]) -> str:
    return f"{case['family']}: {case['body'][:50]}"


@pytest.mark.parametrize("case", _CASES, ids=[_case_id(c) for c in _CASES])
def test_attribution_case(case: dict[str, Any]) -> None:
    claims = extract(Article(id="a1", outlet="The Example Gazette", body=case["body"]))
    wanted = case.get("claim")
    if case.get("not_a_claim"):
        assert not [c.text for c in claims if wanted in c.text]
        return
    chosen = [c for c in claims if wanted is None or wanted in c.text]
    assert chosen, [c.text for c in claims]
    attribution = chosen[-1].attribution
    got = (attribution.kind.name, attribution.source, [s.kind.name for s in attribution.chain])
    if "kind" in case:
        assert attribution.kind is Kind[case["kind"]], got
    if "source" in case:
        assert attribution.source == case["source"], got
    if "chain" in case:
        assert [s.kind.name for s in attribution.chain] == case["chain"], got
    if "hedged" in case:
        assert attribution.hedged is case["hedged"], attribution.hedges
