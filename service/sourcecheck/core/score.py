"""From sourcing and corroboration to scores an editor can read the reasons for."""

from __future__ import annotations

from collections.abc import Iterable

from sourcecheck.core.model import Attribution, Claim, Kind, Match, Scored
from sourcecheck.core.origins import name_key
from sourcecheck.core.policy import Policy

_KIND_WORDS = {
    Kind.NAMED_OFFICIAL: "a named official on the record",
    Kind.NAMED_PERSON: "a named person",
    Kind.ORGANIZATION: "an institution's statement",
    Kind.NEWS_OUTLET: "another outlet's reporting",
    Kind.ANONYMOUS: "anonymous sources",
    Kind.DOCUMENT: "documents or data",
    Kind.UNATTRIBUTED: "no source: the outlet's own assertion",
}


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def attribution_strength(attribution: Attribution, policy: Policy) -> tuple[float, list[str]]:
    """Strength of the sourcing as written, and why."""
    p = policy.attribution
    kind = attribution.kind
    strength = p.kind_strength[kind]
    origin = attribution.chain[0] if attribution.chain else None
    if origin is None:
        reasons = ["No source is given: the outlet asserts it in its own voice."]
    else:
        count = f"{origin.count} " if origin.count > 1 else ""
        reasons = [f"Origin: {_KIND_WORDS[kind]} ({count}{origin.name!s})."]
    if origin is not None and kind is Kind.ANONYMOUS and origin.count > 1:
        bonus = min(p.extra_source_cap, p.extra_source_bonus * (origin.count - 1))
        strength += bonus
    for relay in attribution.chain[1:]:
        strength -= p.relay_cost[relay.kind]
    if len(attribution.chain) > 1:
        path = " → ".join(s.name for s in attribution.chain)
        reasons.append(f"Reached this article through {len(attribution.chain) - 1} relay(s): {path}.")
    if attribution.hedges:
        cost = min(p.hedge_cost_cap, p.hedge_cost * len(attribution.hedges))
        strength -= cost
        reasons.append(f"Hedged by the outlet ({', '.join(attribution.hedges)}).")
    return _clamp(strength), reasons


def _origin_strengths(matches: Iterable[Match], own_origin: str) -> dict[str, float]:
    """The best strength seen per distinct independent origin (echoes of one origin count once)."""
    best: dict[str, float] = {}
    for m in matches:
        if not m.independent:
            continue
        key = m.other.claim.origin_key
        if key == own_origin:
            continue
        best[key] = max(best.get(key, 0.0), m.similarity)
    return best


def corroboration(
    claim: Claim,
    supporting: tuple[Match, ...],
    contradicting: tuple[Match, ...],
    strengths: dict[str, float],
    policy: Policy,
) -> tuple[float, float, list[str]]:
    """Corroboration in [0,1], the contradiction weight in [0,1], and why."""
    c = policy.corroboration
    reasons: list[str] = []
    support = _origin_strengths(supporting, claim.origin_key)
    remaining = 1.0
    for key in sorted(support):
        remaining *= 1.0 - c.per_origin * strengths.get(key, 0.5)
    value = 1.0 - remaining
    outlets = sorted({m.other.outlet for m in supporting})
    echoes = sorted({m.other.outlet for m in supporting if not m.independent})
    if outlets:
        if support:
            reasons.append(
                f"Reported by {len(outlets)} other outlet(s) ({', '.join(outlets)}); "
                f"{len(support)} independent origin(s) beyond this one."
            )
        else:
            reasons.append(
                f"Repeated by {len(outlets)} other outlet(s) ({', '.join(outlets)}) "
                "that trace to the same or an "
                "unknown origin: no independent corroboration."
            )
        if echoes and support:
            reasons.append(f"Echoes of the same origin add nothing: {', '.join(echoes)}.")
    else:
        reasons.append("No other outlet in the corpus reports it.")
    against = _origin_strengths(contradicting, claim.origin_key)
    remaining = 1.0
    for key in sorted(against):
        remaining *= 1.0 - c.contradiction_cost * strengths.get(key, 0.5)
    contradiction = 1.0 - remaining
    if contradicting:
        names = sorted({m.other.outlet for m in contradicting})
        reasons.append(f"Denied or contradicted in {', '.join(names)}.")
    return _clamp(value), _clamp(contradiction), reasons


def outlet_prior(outlet: str, policy: Policy) -> float:
    """The policy's prior for an outlet; unknown outlets are neutral (0)."""
    wanted = name_key(outlet)
    for name, prior in policy.outlets.items():
        if name == outlet or name_key(name) == wanted:
            return prior.prior
    return 0.0


def score_claim(
    claim: Claim,
    outlet: str,
    supporting: tuple[Match, ...],
    contradicting: tuple[Match, ...],
    strengths: dict[str, float],
    policy: Policy,
) -> Scored:
    """Score one claim. `strengths` gives the attribution strength of each corpus origin key."""
    strength, reasons = attribution_strength(claim.attribution, policy)
    corr, contra, corr_reasons = corroboration(claim, supporting, contradicting, strengths, policy)
    s = policy.score
    prior = outlet_prior(outlet, policy)
    value = s.attribution_weight * strength + s.corroboration_weight * corr
    value -= s.contradiction_weight * contra
    value += s.outlet_prior_weight * prior
    independent = {m.other.claim.origin_key for m in supporting if m.independent}
    independent.discard(claim.origin_key)
    origins = len(independent) + (1 if claim.origin_key else 0)
    reasons.extend(corr_reasons)
    if prior:
        reasons.append(f"Outlet prior for {outlet}: {prior:+.2f}.")
    return Scored(
        claim=claim,
        supporting=supporting,
        contradicting=contradicting,
        independent_origins=origins,
        attribution_strength=round(strength, 4),
        corroboration=round(corr, 4),
        score=round(_clamp(value), 4),
        reasons=tuple(reasons),
    )
