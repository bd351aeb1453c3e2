"""What the claim's own words do to its strength: self-interest, the unseen, the public record."""

from __future__ import annotations

import tomllib
from importlib import resources

from sourcecheck.core import Attribution, Kind, Policy, Source
from sourcecheck.core.score import attribution_strength

POLICY = Policy.model_validate(
    tomllib.loads(resources.files("sourcecheck").joinpath("default_policy.toml").read_text(encoding="utf-8"))
)
NOBODY = Attribution()
MAYOR = Attribution((Source(Kind.NAMED_OFFICIAL, "Jane Roe"),))


def strength(attribution: Attribution, text: str) -> float:
    return attribution_strength(attribution, POLICY, text)[0]


def test_a_self_serving_denial_is_weaker_than_a_plain_account_of_oneself() -> None:
    plain = strength(MAYOR, "'I signed the order on Monday,' Roe said.")
    denial = strength(MAYOR, "'At no point did I sign the order,' Roe said.")
    neutral = strength(MAYOR, "The bridge will reopen on Monday, Roe said.")
    assert denial < plain < neutral


def test_an_unsourced_claim_about_secrets_or_motives_is_weaker() -> None:
    seen = strength(NOBODY, "The council closed the bridge on Monday.")
    unseen = strength(NOBODY, "The council secretly decided to close the bridge to avoid a vote.")
    assert unseen < seen


def test_an_unsourced_claim_about_a_past_year_is_public_record() -> None:
    today = strength(NOBODY, "The river flooded the lower town.")
    history = strength(NOBODY, "In 1998 the river flooded the lower town.")
    assert history > today
    _, reasons = attribution_strength(NOBODY, POLICY, "In 1998 the river flooded the lower town.")
    assert any("public record" in r for r in reasons)


def test_the_text_rules_leave_sourced_claims_alone() -> None:
    assert strength(MAYOR, "In 1998 the river flooded the lower town.") == strength(
        MAYOR, "The river flooded the lower town."
    )
