"""The editor's level, 1 to 5, by the scheme's procedure (SCHEME.md, "How to pick the level").

First the claim's own sourcing gives a base; then the story's coverage decides, the first rule that
fits: contradicted by a stronger source or hedged with no source at all, 1; a self-serving account
that others dispute, 2; confirmed by another, independent origin, the base plus one; otherwise the
base. Each step is a sentence the editor reads among the reasons.
"""

from __future__ import annotations

from dataclasses import dataclass

from sourcecheck.core.model import Attribution, Kind
from sourcecheck.core.policy import Policy
from sourcecheck.core.signals import speaks_of_self

_BASE_WORDS = {
    Kind.DOCUMENT: "a document or record",
    Kind.ORGANIZATION: "an institution on the record",
    Kind.NAMED_OFFICIAL: "a named official on the record",
    Kind.UNATTRIBUTED: "the outlet's own account",
    Kind.NEWS_OUTLET: "another outlet's reporting",
    Kind.NAMED_PERSON: "a named person who holds no office",
    Kind.ANONYMOUS: "a single unnamed source",
}


@dataclass(frozen=True)
class Base:
    level: int
    why: str
    interested: bool  # a named speaker about their own conduct


def base_level(attribution: Attribution, text: str, policy: Policy) -> Base:
    """The level the claim's own sourcing earns before the rest of the coverage is read."""
    rules = policy.levels
    kind = attribution.kind
    level, why = rules.base[kind], _BASE_WORDS[kind]
    origin = attribution.chain[0] if attribution.chain else None
    relayed_by_a_wire = any(link.kind is Kind.NEWS_OUTLET for link in attribution.chain[1:])
    several = origin is not None and (origin.count > 1 or relayed_by_a_wire)
    if kind is Kind.ANONYMOUS and several and rules.several_unnamed > level:
        level, why = rules.several_unnamed, "unnamed sources, several of them or vetted by a wire agency"
    interested = kind in (Kind.NAMED_OFFICIAL, Kind.NAMED_PERSON) and speaks_of_self(text)
    if interested and level > rules.interested_party:
        level, why = rules.interested_party, "a named speaker about their own conduct"
    return Base(level, why, interested)


def story_level(
    base: Base, *, unsourced_hedge: bool, contradicted_by_stronger: bool, disputed: bool, confirmed: bool
) -> tuple[int, str]:
    """The level once the story's coverage is read, and the reason an editor reads for it."""
    if unsourced_hedge:
        return 1, "Level 1 of 5: hedged in the outlet's own voice, with no source."
    if contradicted_by_stronger:
        return 1, "Level 1 of 5: contradicted by a stronger source."
    if disputed and base.interested:
        level = min(base.level, 2)
        return level, f"Level {level} of 5: a self-serving account that others dispute."
    if confirmed and base.level < 5:
        level = base.level + 1
        return (
            level,
            f"Level {level} of 5: {base.why} (level {base.level}), confirmed by an independent origin.",
        )
    return base.level, f"Level {base.level} of 5: {base.why}."
