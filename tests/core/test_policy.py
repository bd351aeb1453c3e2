"""The policy: validated, versioned, and outlet priors that are neutral unless a newsroom sets them."""

import tomllib
from importlib import resources

import pytest
from pydantic import ValidationError

from sourcecheck.core import Attribution, Claim, Features, Kind, Policy, Source, Span
from sourcecheck.core.score import outlet_prior, score_claim

DEFAULT = tomllib.loads(
    resources.files("sourcecheck").joinpath("default_policy.toml").read_text(encoding="utf-8")
)


def policy(**changes: object) -> Policy:
    return Policy.model_validate({**DEFAULT, **changes})


def a_claim() -> Claim:
    attribution = Attribution((Source(Kind.ORGANIZATION, "the ministry"),))
    return Claim(
        "c1",
        "The ministry said the road is closed.",
        Span(0, 37),
        attribution,
        "org:ministry",
        Features(frozenset({"road"})),
    )


def test_the_default_policy_is_valid_and_versioned() -> None:
    assert Policy.model_validate(DEFAULT).version


def test_unknown_outlets_are_neutral() -> None:
    assert outlet_prior("Never Heard Of It", policy()) == 0.0


def test_a_newsroom_prior_moves_the_score_and_says_so() -> None:
    trusted = policy(outlets={"Example Wire": {"prior": 0.5, "basis": "standards desk review"}})
    plain = score_claim(a_claim(), "Example Wire", (), (), {}, policy())
    primed = score_claim(a_claim(), "Example Wire", (), (), {}, trusted)
    assert primed.score > plain.score
    assert any("Example Wire" in reason for reason in primed.reasons)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"attribution": {**DEFAULT["attribution"], "hedge_cost": 5}}, "hedge_cost"),
        ({"score": {**DEFAULT["score"], "attribution_weight": -1}}, "attribution_weight"),
        ({"outlets": {"X": {"prior": 0.3}}}, "basis"),
        ({"version": ""}, "version"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_a_bad_policy_is_refused_naming_the_field(change: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        policy(**change)
    assert field in str(error.value)


def test_every_kind_needs_a_strength() -> None:
    strengths = dict(DEFAULT["attribution"]["kind_strength"])
    del strengths["ANONYMOUS"]
    with pytest.raises(ValidationError, match="ANONYMOUS"):
        policy(attribution={**DEFAULT["attribution"], "kind_strength": strengths})


def test_the_shipped_file_and_the_model_defaults_are_one_policy() -> None:
    """One source of defaults: a file that leaves out a field or a section gets exactly the weights the
    shipped, documented file gives, and the shipped file lists every field the model has."""
    shipped = Policy.model_validate(DEFAULT)
    assert Policy(version=shipped.version) == shipped
    model_fields = {
        name for name in Policy.model_fields if name not in ("version", "outlets", "outlet_aliases")
    }
    assert set(DEFAULT) - {"version"} == model_fields
    for section in model_fields:
        listed = set(DEFAULT[section])
        assert listed == set(type(getattr(shipped, section)).model_fields), section


def test_a_policy_without_a_section_gets_the_shipped_values() -> None:
    partial = {key: value for key, value in DEFAULT.items() if key not in ("levels", "corroboration")}
    assert Policy.model_validate(partial) == Policy.model_validate(DEFAULT)


def test_a_level_outside_one_to_five_is_refused() -> None:
    base = {**DEFAULT["levels"]["base"], "ANONYMOUS": 7}
    with pytest.raises(ValidationError, match="ANONYMOUS"):
        policy(levels={**DEFAULT["levels"], "base": base})
