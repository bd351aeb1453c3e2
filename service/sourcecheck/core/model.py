"""Plain immutable data that flows through the pure pipeline."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Kind(enum.Enum):
    """The kind of a source (SCHEME.md): who the article says a claim comes from."""

    NAMED_OFFICIAL = "NAMED_OFFICIAL"
    NAMED_PERSON = "NAMED_PERSON"
    ORGANIZATION = "ORGANIZATION"
    NEWS_OUTLET = "NEWS_OUTLET"
    ANONYMOUS = "ANONYMOUS"
    DOCUMENT = "DOCUMENT"
    UNATTRIBUTED = "UNATTRIBUTED"


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open range of code points in an article body."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")


@dataclass(frozen=True, slots=True)
class Article:
    """An article as the core sees it; `published` is seconds since the epoch (or None)."""

    id: str
    outlet: str
    body: str
    title: str = ""
    url: str = ""
    published: int | None = None
    language: str = "en"


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a body, with what segmentation learnt about it."""

    text: str
    span: Span
    paragraph: int
    boilerplate: bool = False


@dataclass(frozen=True, slots=True)
class Source:
    """One link of an attribution chain."""

    kind: Kind
    name: str
    role: str = ""
    span: Span | None = None
    count: int = 0


@dataclass(frozen=True, slots=True)
class Attribution:
    """Origin first, then each relay; the publishing outlet is never a link."""

    chain: tuple[Source, ...] = ()
    hedges: tuple[str, ...] = ()
    # The id of the rule that decided the origin: an explanation, not part of the reading, so it is
    # neither stored with a claim nor compared.
    rule: str = field(default="", compare=False)

    @property
    def kind(self) -> Kind:
        return self.chain[0].kind if self.chain else Kind.UNATTRIBUTED

    @property
    def source(self) -> str:
        return self.chain[0].name if self.chain else ""

    @property
    def hedged(self) -> bool:
        return bool(self.hedges)


@dataclass(frozen=True, slots=True)
class Features:
    """What matching compares: content terms, the facts that must agree, and polarity."""

    terms: frozenset[str]
    numbers: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    negated: bool = False
    fingerprint: str = ""
    quote: str = ""  # the opening words of a direct quotation: the same words quoted are one speaker's


@dataclass(frozen=True, slots=True)
class Claim:
    """A check-worthy sentence with its attribution and matching features."""

    id: str
    text: str
    span: Span
    attribution: Attribution
    origin_key: str
    features: Features


@dataclass(frozen=True, slots=True)
class CorpusClaim:
    """A claim of a stored article, as the store hands it back for matching."""

    article_id: str
    outlet: str
    published: int | None
    claim: Claim


@dataclass(frozen=True, slots=True)
class Match:
    """A corpus claim judged to assert the same thing as a claim being scored."""

    other: CorpusClaim
    similarity: float
    independent: bool
    contradicts: bool
    # The other article prints the same copy as the scored one (several of their sentences are
    # reprints of each other): wire copy or a rewrite of one text, one report whatever it says.
    same_copy: bool = False


@dataclass(frozen=True, slots=True)
class Scored:
    """A claim with its matches, scores and the reasons an editor reads."""

    claim: Claim
    supporting: tuple[Match, ...]
    contradicting: tuple[Match, ...]
    independent_origins: int
    attribution_strength: float
    corroboration: float
    score: float
    level: int  # the editor's level, 1 to 5, by the scheme's procedure (core/levels.py)
    reasons: tuple[str, ...] = field(default=())
