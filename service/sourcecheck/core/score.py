"""From sourcing and corroboration to scores an editor can read the reasons for."""

from __future__ import annotations

from collections.abc import Iterable

from sourcecheck.core.levels import base_level, story_level
from sourcecheck.core.model import Attribution, Claim, Kind, Match, Scored
from sourcecheck.core.policy import Policy
from sourcecheck.core.signals import denies, predicts, recounts_past_years, speaks_of_self, tells_the_unseen

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


def attribution_strength(attribution: Attribution, policy: Policy, text: str = "") -> tuple[float, list[str]]:
    """Strength of the sourcing as written, and why. `text` is the claim, to spot self-interest."""
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
    if origin is None and text:
        if tells_the_unseen(text):
            strength -= p.unseen_cost
            reasons.append("It tells of secrets, motives or private thoughts that no reader can see.")
        elif recounts_past_years(text):
            strength += p.past_record_bonus
            reasons.append("It recounts events of past years, on the public record.")
    if origin is not None and kind in (Kind.NAMED_OFFICIAL, Kind.NAMED_PERSON) and speaks_of_self(text):
        strength -= p.interested_party_cost
        if denies(text):
            strength -= p.self_denial_cost
            reasons.append(f"{origin.name} denies something about their own conduct: a self-serving denial.")
        else:
            reasons.append(f"{origin.name} speaks about their own conduct: an interested party.")
    if text and predicts(text):
        strength -= p.prediction_cost
        reasons.append("It tells what will happen: a prediction, which no record can bear out yet.")
    if attribution.hedges:
        cost = min(p.hedge_cost_cap, p.hedge_cost * len(attribution.hedges))
        strength -= cost
        reasons.append(f"Hedged by the outlet ({', '.join(attribution.hedges)}).")
    return _clamp(strength), reasons


def _origins(
    matches: Iterable[Match], own_origin: str, policy: Policy, strengths: dict[str, float]
) -> dict[str, float]:
    """What each distinct origin among the matches is worth, echoes of one origin counted once.

    A known origin other than the claim's own counts in full. An origin that cannot be told (the
    other outlet asserts it in its own voice) counts once per outlet at a discount: it may be
    independent, or copy. A known origin equal to the claim's own is an echo and counts nothing.
    """
    c = policy.corroboration
    best: dict[str, float] = {}
    for m in _reports(matches, policy):  # a reprint of the same copy is not a second report
        known = m.other.claim.origin_key
        if known and known == own_origin:
            continue
        key = _origin_of(m, policy)
        worth = strengths.get(key, 0.5) * (1.0 if known else c.unknown_origin_weight)
        best[key] = max(best.get(key, 0.0), worth)
    return best


def _reports(matches: Iterable[Match], policy: Policy) -> list[Match]:
    """The matches that are reports of their own, not prints of the same copy."""
    return [m for m in matches if m.similarity < policy.matching.reprint_similarity and not m.same_copy]


def _origin_of(m: Match, policy: Policy) -> str:
    """The origin a match reports: its known origin, else its outlet's own-voice stand-in."""
    return m.other.claim.origin_key or unknown_origin(m.other.outlet, policy)


def _origin_strength(m: Match, strengths: dict[str, float], policy: Policy) -> float:
    return strengths.get(_origin_of(m, policy), 0.5)


def _confirmed(claim: Claim, reports: list[Match]) -> bool:
    """Another origin confirms: a different known source, or the own reporting of at least two other
    outlets (one outlet's unsourced account may be a rewrite of this one; two are less likely to be)."""
    if any(m.independent and m.other.claim.origin_key not in ("", claim.origin_key) for m in reports):
        return True
    own_voice = {
        m.other.outlet
        for m in reports
        if not m.other.claim.origin_key and m.other.claim.attribution.kind is Kind.UNATTRIBUTED
    }
    return len(own_voice) >= 2


def unknown_origin(outlet: str, policy: Policy) -> str:
    """The stand-in origin of an outlet's own-voice report: one per outlet, however it is written."""
    return f"unknown@{policy.outlet_key(outlet)}"


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
    support = _origins(supporting, claim.origin_key, policy, strengths)
    remaining = 1.0
    for key in sorted(support):
        remaining *= 1.0 - c.per_origin * support[key]
    value = 1.0 - remaining
    outlets = sorted({m.other.outlet for m in supporting})
    known = sorted(k for k in support if not k.startswith("unknown@"))
    echoes = sorted(
        {m.other.outlet for m in supporting if claim.origin_key == m.other.claim.origin_key != ""}
    )
    if outlets:
        if known:
            reasons.append(
                f"Reported by {len(outlets)} other outlet(s) ({', '.join(outlets)}); "
                f"{len(known)} independent origin(s) beyond this one."
            )
        elif support:
            reasons.append(
                f"Also reported by {len(outlets)} other outlet(s) ({', '.join(outlets)}) in their own voice: "
                "possible but unproven corroboration."
            )
        else:
            reasons.append(
                f"Repeated by {len(outlets)} other outlet(s) ({', '.join(outlets)}) that trace to the same "
                "origin: no independent corroboration."
            )
        if echoes and known:
            reasons.append(f"Echoes of the same origin add nothing: {', '.join(echoes)}.")
        copies = sorted({m.other.outlet for m in supporting if m.same_copy})
        if copies:
            reasons.append(
                f"{len(copies)} outlet(s) print the same copy as this article ({', '.join(copies)}): "
                "one report, counted once."
            )
    else:
        reasons.append("No other outlet in the corpus reports it.")
    against = _origins(contradicting, claim.origin_key, policy, strengths)
    remaining = 1.0
    for key in sorted(against):
        remaining *= 1.0 - c.contradiction_cost * against[key]
    contradiction = 1.0 - remaining
    if contradicting:
        names = sorted({m.other.outlet for m in contradicting})
        reasons.append(f"Denied or contradicted in {', '.join(names)}.")
    return _clamp(value), _clamp(contradiction), reasons


def outlet_prior(outlet: str, policy: Policy) -> float:
    """The policy's prior for an outlet; unknown outlets are neutral (0)."""
    wanted = policy.outlet_key(outlet)
    for name, prior in policy.outlets.items():
        if name == outlet or policy.outlet_key(name) == wanted:
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
    strength, reasons = attribution_strength(claim.attribution, policy, claim.text)
    corr, contra, corr_reasons = corroboration(claim, supporting, contradicting, strengths, policy)
    s = policy.score
    prior = outlet_prior(outlet, policy)
    weighed = s.attribution_weight * strength + s.corroboration_weight * corr
    weighed -= s.contradiction_weight * contra
    weighed += s.outlet_prior_weight * prior
    independent = {m.other.claim.origin_key for m in supporting if m.independent}
    independent.discard(claim.origin_key)
    origins = len(independent) + (1 if claim.origin_key else 0)
    attribution = claim.attribution
    level, level_reason = story_level(
        base_level(attribution, claim.text, policy),
        unsourced_hedge=not attribution.chain and bool(attribution.hedges),
        contradicted_by_stronger=any(
            _origin_strength(m, strengths, policy) > strength for m in _reports(contradicting, policy)
        ),
        disputed=bool(contradicting),
        confirmed=_confirmed(claim, _reports(supporting, policy)),
    )
    value = s.level_weight * (level - 1) / 4 + (1 - s.level_weight) * _clamp(weighed)
    reasons.insert(0, level_reason)
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
        level=level,
        reasons=tuple(reasons),
    )
