"""The scoring policy: every weight in one validated, versioned value.

The shell loads it from TOML (the default ships as `default_policy.toml`);
the core only reads it.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from sourcecheck.core.model import Kind
from sourcecheck.core.outlets import alias_keys, normal_outlet

Unit = float


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# The defaults below are the shipped policy's values (default_policy.toml, which documents each one):
# a policy file that leaves out a field or a section gets these, and tests/core/test_policy.py pins
# the two together.


class MatchingPolicy(_Strict):
    threshold: Unit = Field(0.28, ge=0, le=1, description="least similarity for two claims to match")
    min_shared_terms: int = Field(3, ge=1, description="least content terms two matching claims share")
    stance_threshold: Unit = Field(0.45, ge=0, le=1, description="least similarity for a denial to count")
    reprint_similarity: Unit = Field(0.9, ge=0, le=1, description="similarity at which a match is a reprint")
    same_copy_reprints: int = Field(
        2, ge=1, description="reprinted sentences that make another article a print of the same copy"
    )
    window_days: int = Field(30, ge=0, description="days either side of publication a match may lie")


def _by_kind(**values: float) -> dict[Kind, float]:
    return {Kind[name]: value for name, value in values.items()}


class AttributionPolicy(_Strict):
    kind_strength: dict[Kind, Unit] = Field(
        default_factory=lambda: _by_kind(
            DOCUMENT=0.85,
            ORGANIZATION=0.9,
            UNATTRIBUTED=0.73,
            NAMED_OFFICIAL=0.77,
            NEWS_OUTLET=0.6,
            NAMED_PERSON=0.5,
            ANONYMOUS=0.47,
        ),
        description="strength of an origin of each kind",
    )
    relay_cost: dict[Kind, Unit] = Field(
        default_factory=lambda: _by_kind(
            NAMED_OFFICIAL=0.05,
            DOCUMENT=0.05,
            ORGANIZATION=0.05,
            NEWS_OUTLET=0.03,
            NAMED_PERSON=0.1,
            UNATTRIBUTED=0.1,
            ANONYMOUS=0.15,
        ),
        description="strength lost per relay of each kind",
    )
    extra_source_bonus: Unit = Field(0.04, ge=0, le=1, description="per source beyond one, when counted")
    extra_source_cap: Unit = Field(0.12, ge=0, le=1)
    hedge_cost: Unit = Field(0.3, ge=0, le=1, description="strength lost per hedge")
    hedge_cost_cap: Unit = Field(0.4, ge=0, le=1)
    interested_party_cost: Unit = Field(
        0.25, ge=0, le=1, description="a named speaker about their own conduct"
    )
    self_denial_cost: Unit = Field(
        0.2, ge=0, le=1, description="more lost when an interested party denies its own conduct"
    )
    unseen_cost: Unit = Field(
        0.2, ge=0, le=1, description="lost by an unsourced claim about secrets, motives or private thoughts"
    )
    past_record_bonus: Unit = Field(
        0.1, ge=0, le=1, description="gained by an unsourced claim about a past year's public record"
    )
    prediction_cost: Unit = Field(0.05, ge=0, le=1, description="lost by a claim about what will happen")

    @field_validator("kind_strength", "relay_cost")
    @classmethod
    def _unit_values(cls, value: dict[Kind, float]) -> dict[Kind, float]:
        for kind, weight in value.items():
            if not 0 <= weight <= 1:
                raise ValueError(f"{kind.value} = {weight} is outside [0, 1]")
        return value

    @field_validator("kind_strength")
    @classmethod
    def _all_kinds(cls, value: dict[Kind, float]) -> dict[Kind, float]:
        missing = [k.value for k in Kind if k not in value]
        if missing:
            raise ValueError(f"missing kinds: {', '.join(missing)}")
        return value


Level = int


class LevelPolicy(_Strict):
    """The scheme's procedure for the editor's level (SCHEME.md, "How to pick the level")."""

    base: dict[Kind, Level] = Field(
        default_factory=lambda: {
            Kind.DOCUMENT: 4,
            Kind.ORGANIZATION: 4,
            Kind.NAMED_OFFICIAL: 4,
            Kind.UNATTRIBUTED: 4,
            Kind.NEWS_OUTLET: 3,
            Kind.NAMED_PERSON: 3,
            Kind.ANONYMOUS: 2,
        },
        description="the base level of a claim by the kind of its origin",
    )
    several_unnamed: Level = Field(
        3, ge=1, le=5, description="unnamed sources counted as several, or vetted by a wire agency"
    )
    interested_party: Level = Field(3, ge=1, le=5, description="at most this for a speaker about themself")

    @field_validator("base")
    @classmethod
    def _levels(cls, value: dict[Kind, int]) -> dict[Kind, int]:
        missing = [k.value for k in Kind if k not in value]
        if missing:
            raise ValueError(f"missing kinds: {', '.join(missing)}")
        for kind, level in value.items():
            if not 1 <= level <= 5:
                raise ValueError(f"{kind.value} = {level} is outside 1..5")
        return value


class CorroborationPolicy(_Strict):
    per_origin: Unit = Field(
        0.6, ge=0, le=1, description="how much one independent origin of strength 1 adds"
    )
    contradiction_cost: Unit = Field(0.5, ge=0, le=1, description="how much one contradicting origin removes")
    unknown_origin_weight: Unit = Field(
        0.6, ge=0, le=1, description="share of an origin that an outlet's own-voice report counts for"
    )


class ScorePolicy(_Strict):
    level_weight: Unit = Field(0.3, ge=0, le=1, description="share of the score the level gives")
    attribution_weight: Unit = Field(0.75, ge=0, le=1)
    corroboration_weight: Unit = Field(0.3, ge=0, le=1)
    contradiction_weight: Unit = Field(0.1, ge=0, le=1)
    outlet_prior_weight: Unit = Field(0.1, ge=0, le=1)


class OutletPrior(_Strict):
    prior: float = Field(ge=-1, le=1, description="-1 (distrust) .. 0 (neutral) .. 1 (trust)")
    basis: str = Field(min_length=1, description="where the value comes from")


class Policy(_Strict):
    version: str = Field(min_length=1)
    matching: MatchingPolicy = MatchingPolicy()
    attribution: AttributionPolicy = AttributionPolicy()
    levels: LevelPolicy = LevelPolicy()
    corroboration: CorroborationPolicy = CorroborationPolicy()
    score: ScorePolicy = ScorePolicy()
    outlets: dict[str, OutletPrior] = Field(default_factory=dict)
    outlet_aliases: dict[str, str] = Field(
        default_factory=dict,
        description="another name or domain of an outlet -> its canonical name (core/outlets.py)",
    )
    _alias_keys: dict[str, str] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any, /) -> None:
        # The aliases by key, once: outlet keys are asked for every candidate of every claim.
        self._alias_keys.update(alias_keys(self.outlet_aliases))

    def outlet_key(self, name: str) -> str:
        """The outlet's key under this policy's aliases (core/outlets.py)."""
        key = normal_outlet(name)
        return self._alias_keys.get(key, key)
