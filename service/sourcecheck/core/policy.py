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


class MatchingPolicy(_Strict):
    threshold: Unit = Field(0.34, ge=0, le=1, description="least similarity for two claims to match")
    min_shared_terms: int = Field(3, ge=1, description="least content terms two matching claims share")
    stance_threshold: Unit = Field(0.3, ge=0, le=1, description="least similarity for a denial to count")
    reprint_similarity: Unit = Field(0.9, ge=0, le=1, description="similarity at which a match is a reprint")
    same_copy_reprints: int = Field(
        2, ge=1, description="reprinted sentences that make another article a print of the same copy"
    )
    window_days: int = Field(30, ge=0, description="days either side of publication a match may lie")


class AttributionPolicy(_Strict):
    kind_strength: dict[Kind, Unit] = Field(description="strength of an origin of each kind")
    relay_cost: dict[Kind, Unit] = Field(description="strength lost per relay of each kind")
    extra_source_bonus: Unit = Field(0.04, ge=0, le=1, description="per source beyond one, when counted")
    extra_source_cap: Unit = Field(0.12, ge=0, le=1)
    hedge_cost: Unit = Field(0.15, ge=0, le=1, description="strength lost per hedge")
    hedge_cost_cap: Unit = Field(0.35, ge=0, le=1)
    interested_party_cost: Unit = Field(0.1, ge=0, le=1, description="an official speaking about themself")
    unseen_cost: Unit = Field(
        0.0, ge=0, le=1, description="lost by an unsourced claim about secrets, motives or private thoughts"
    )
    past_record_bonus: Unit = Field(
        0.0, ge=0, le=1, description="gained by an unsourced claim about a past year's public record"
    )
    self_denial_cost: Unit = Field(
        0.0, ge=0, le=1, description="more lost when an interested party denies its own conduct"
    )

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


class CorroborationPolicy(_Strict):
    per_origin: Unit = Field(
        0.6, ge=0, le=1, description="how much one independent origin of strength 1 adds"
    )
    contradiction_cost: Unit = Field(0.5, ge=0, le=1, description="how much one contradicting origin removes")
    unknown_origin_weight: Unit = Field(
        0.4, ge=0, le=1, description="share of an origin that an outlet's own-voice report counts for"
    )


class ScorePolicy(_Strict):
    attribution_weight: Unit = Field(0.7, ge=0, le=1)
    corroboration_weight: Unit = Field(0.3, ge=0, le=1)
    contradiction_weight: Unit = Field(0.25, ge=0, le=1)
    outlet_prior_weight: Unit = Field(0.1, ge=0, le=1)


class OutletPrior(_Strict):
    prior: float = Field(ge=-1, le=1, description="-1 (distrust) .. 0 (neutral) .. 1 (trust)")
    basis: str = Field(min_length=1, description="where the value comes from")


class Policy(_Strict):
    version: str = Field(min_length=1)
    matching: MatchingPolicy = MatchingPolicy()
    attribution: AttributionPolicy
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
