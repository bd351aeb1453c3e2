"""The scheme's procedure for the editor's level: a base from the claim's own sourcing, then the
story's coverage, the first rule that fits (core/levels.py). Sentences of our own."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from importlib import resources

from sourcecheck.core import Attribution, Claim, CorpusClaim, Features, Kind, Match, Policy, Source, Span
from sourcecheck.core.levels import base_level
from sourcecheck.core.score import score_claim

POLICY = Policy.model_validate(
    tomllib.loads(resources.files("sourcecheck").joinpath("default_policy.toml").read_text(encoding="utf-8"))
)


def said_by(kind: Kind, name: str, count: int = 0) -> Attribution:
    return Attribution((Source(kind, name, count=count),))


def a_claim(text: str, attribution: Attribution, origin: str = "") -> Claim:
    return Claim("c1", text, Span(0, len(text)), attribution, origin, Features(frozenset({"bridge"})))


def report(origin: str, kind: Kind = Kind.ORGANIZATION, outlet: str = "Other Daily") -> Match:
    attribution = Attribution((Source(kind, origin),)) if origin else Attribution()
    other = Claim("c7", "other", Span(0, 5), attribution, origin, Features(frozenset({"bridge"})))
    return Match(CorpusClaim(f"a-{outlet}", outlet, None, other), 0.6, bool(origin), False)


def level(
    text: str,
    attribution: Attribution,
    origin: str = "",
    sup: Sequence[Match] = (),
    con: Sequence[Match] = (),
    strengths: dict[str, float] | None = None,
) -> int:
    claim = a_claim(text, attribution, origin)
    return score_claim(claim, "Our Paper", tuple(sup), tuple(con), strengths or {}, POLICY).level


def test_the_base_follows_the_kind_of_origin() -> None:
    official = said_by(Kind.NAMED_OFFICIAL, "Mayor Ines Okafor")
    resident = said_by(Kind.NAMED_PERSON, "Tomas Reyes")
    tipster = said_by(Kind.ANONYMOUS, "a person familiar with the talks")
    assert base_level(official, "The bridge will reopen on Monday, the mayor said.", POLICY).level == 4
    assert base_level(resident, "The bridge shook for a minute, Reyes said.", POLICY).level == 3
    assert base_level(tipster, "The contract was signed in March, a source said.", POLICY).level == 2


def test_several_unnamed_sources_earn_more_than_one() -> None:
    several = said_by(Kind.ANONYMOUS, "three engineers", count=3)
    assert base_level(several, "Cracks were found in two piers, three engineers said.", POLICY).level == 3


def test_a_speaker_about_their_own_conduct_is_an_interested_party() -> None:
    official = said_by(Kind.NAMED_OFFICIAL, "Minister Lena Vos")
    base = base_level(official, '"I never approved that payment," Vos said.', POLICY)
    assert (base.level, base.interested) == (3, True)


def test_a_hedge_in_the_outlets_own_voice_is_level_one() -> None:
    assert level("The contractor allegedly skipped the inspection.", Attribution(hedges=("allegedly",))) == 1


def test_an_independent_origin_confirms_and_an_echo_does_not() -> None:
    police = said_by(Kind.ORGANIZATION, "the harbour police")
    text = "The bridge was closed after a barge struck it, the harbour police said."
    alone = level(text, police, "org:harbour-police")
    echoed = level(text, police, "org:harbour-police", sup=[report("org:harbour-police")])
    confirmed = level(text, police, "org:harbour-police", sup=[report("org:coast-guard")])
    assert alone == echoed == 4
    assert confirmed == 5


def test_two_other_outlets_own_reporting_confirms_and_one_does_not() -> None:
    text = "The bridge was closed after a barge struck it."
    assert level(text, Attribution(), sup=[report("")]) == 4
    assert (
        level(text, Attribution(), sup=[report("", outlet="Other Daily"), report("", outlet="Night Post")])
        == 5
    )


def test_a_stronger_contradiction_makes_it_level_one() -> None:
    tipster = said_by(Kind.ANONYMOUS, "a dock worker")
    text = "The barge captain was drunk, a dock worker said."
    assert level(text, tipster, "anon:dock-worker", con=[report("org:harbour-police")]) == 1


def test_a_disputed_self_serving_account_is_level_two() -> None:
    owner = said_by(Kind.NAMED_PERSON, "Karl Brandt")
    text = "Brandt said he had followed every safety rule."
    assert level(text, owner, "person:brandt") == 3
    weak = report("anon:crew", kind=Kind.ANONYMOUS)
    assert level(text, owner, "person:brandt", con=[weak], strengths={"anon:crew": 0.1}) == 2
    assert level(text, owner, "person:brandt", con=[weak], strengths={"anon:crew": 0.9}) == 1


def test_the_level_is_the_first_reason() -> None:
    scored = score_claim(a_claim("The bridge reopened.", Attribution()), "Our Paper", (), (), {}, POLICY)
    assert scored.reasons[0].startswith(f"Level {scored.level} of 5")
