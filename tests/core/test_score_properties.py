"""Properties of the scoring policy (issue 5): bounds, determinism, monotonicity, order independence."""

from __future__ import annotations

import tomllib
from importlib import resources

from hypothesis import given
from hypothesis import strategies as st

from sourcecheck.core import Attribution, Claim, CorpusClaim, Features, Kind, Match, Policy, Source, Span
from sourcecheck.core.score import attribution_strength, score_claim

POLICY = Policy.model_validate(
    tomllib.loads(resources.files("sourcecheck").joinpath("default_policy.toml").read_text(encoding="utf-8"))
)
FEATURES = Features(frozenset({"term"}))
HEDGES = st.lists(st.sampled_from(["allegedly", "reportedly", "it has been claimed", "rumours"]), unique=True)

kinds = st.sampled_from(list(Kind))
sources = st.builds(
    Source,
    kind=kinds,
    name=st.sampled_from(["Jane Roe", "the ministry", "a source"]),
    count=st.integers(0, 5),
)
attributions = st.builds(
    Attribution, chain=st.lists(sources, max_size=3).map(tuple), hedges=HEDGES.map(tuple)
)


def claim(attribution: Attribution, origin: str = "person:roe") -> Claim:
    return Claim("c1", "text", Span(0, 4), attribution, origin if attribution.chain else "", FEATURES)


def match(origin: str, outlet: str, similarity: float, independent: bool = True) -> Match:
    other = Claim(
        "c9", "other", Span(0, 5), Attribution((Source(Kind.ORGANIZATION, origin),)), origin, FEATURES
    )
    return Match(CorpusClaim(f"a-{outlet}-{origin}", outlet, None, other), similarity, independent, False)


origins = st.sampled_from(["org:a", "org:b", "person:c", "anon:d", "doc:e"])
matches = st.lists(
    st.builds(
        match,
        origin=origins,
        outlet=st.sampled_from(["X", "Y", "Z"]),
        similarity=st.floats(0.3, 1.0),
        independent=st.booleans(),
    ),
    max_size=6,
)
strengths = st.dictionaries(origins, st.floats(0.0, 1.0), min_size=5, max_size=5)


@given(attributions, matches, matches, strengths)
def test_scores_are_bounded_and_deterministic(
    a: Attribution, sup: list[Match], con: list[Match], s: dict[str, float]
) -> None:
    first = score_claim(claim(a), "Out", tuple(sup), tuple(con), s, POLICY)
    second = score_claim(claim(a), "Out", tuple(sup), tuple(con), s, POLICY)
    assert first == second
    for value in (first.attribution_strength, first.corroboration, first.score):
        assert 0.0 <= value <= 1.0
    assert 1 <= first.level <= 5


@given(attributions, st.sampled_from(["allegedly", "reportedly", "purportedly", "so-called"]))
def test_a_hedge_never_raises_attribution_strength(a: Attribution, hedge: str) -> None:
    hedged = Attribution(a.chain, (*a.hedges, hedge) if hedge not in a.hedges else a.hedges)
    assert attribution_strength(hedged, POLICY)[0] <= attribution_strength(a, POLICY)[0]


@given(
    attributions, st.sampled_from(["allegedly", "reportedly", "purportedly", "so-called"]), matches, strengths
)
def test_a_hedge_never_raises_the_level_or_the_score(
    a: Attribution, hedge: str, sup: list[Match], s: dict[str, float]
) -> None:
    hedged = Attribution(a.chain, (*a.hedges, hedge) if hedge not in a.hedges else a.hedges)
    plain = score_claim(claim(a), "Out", tuple(sup), (), s, POLICY)
    doubted = score_claim(claim(hedged), "Out", tuple(sup), (), s, POLICY)
    assert doubted.level <= plain.level
    assert doubted.score <= plain.score


@given(attributions, matches, strengths, st.floats(0.3, 1.0))
def test_a_new_independent_origin_never_lowers_corroboration(
    a: Attribution, sup: list[Match], s: dict[str, float], similarity: float
) -> None:
    before = score_claim(claim(a), "Out", tuple(sup), (), {**s, "org:new": 0.7}, POLICY)
    extra = match("org:new", "W", similarity)
    after = score_claim(claim(a), "Out", (*sup, extra), (), {**s, "org:new": 0.7}, POLICY)
    assert after.corroboration >= before.corroboration
    assert after.level >= before.level
    assert after.score >= before.score


@given(attributions, matches, strengths)
def test_an_echo_of_a_counted_origin_changes_nothing(
    a: Attribution, sup: list[Match], s: dict[str, float]
) -> None:
    counted = [m for m in sup if m.independent]
    if not counted:
        return
    echo = match(counted[0].other.claim.origin_key, "V", counted[0].similarity)
    before = score_claim(claim(a), "Out", tuple(sup), (), s, POLICY)
    after = score_claim(claim(a), "Out", (*sup, echo), (), s, POLICY)
    assert (after.corroboration, after.score, after.independent_origins) == (
        before.corroboration,
        before.score,
        before.independent_origins,
    )


@given(attributions, matches, matches, strengths, origins)
def test_an_independent_contradiction_never_raises_the_score(
    a: Attribution, sup: list[Match], con: list[Match], s: dict[str, float], origin: str
) -> None:
    before = score_claim(claim(a), "Out", tuple(sup), tuple(con), s, POLICY)
    after = score_claim(claim(a), "Out", tuple(sup), (*con, match(origin, "Q", 0.8)), s, POLICY)
    assert after.score <= before.score
    assert after.level <= before.level


@given(attributions, matches, strengths, st.randoms())
def test_the_order_of_matches_does_not_matter(
    a: Attribution, sup: list[Match], s: dict[str, float], rnd: object
) -> None:
    shuffled = list(sup)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    first = score_claim(claim(a), "Out", tuple(sup), (), s, POLICY)
    second = score_claim(claim(a), "Out", tuple(shuffled), (), s, POLICY)
    assert (first.score, first.corroboration, first.independent_origins) == (
        second.score,
        second.corroboration,
        second.independent_origins,
    )
