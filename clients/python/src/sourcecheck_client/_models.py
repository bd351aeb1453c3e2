"""Typed, immutable models of the sourcecheck.v1 API.

These mirror the messages of ``proto/sourcecheck/v1/scoring.proto`` but are
plain pydantic models: no protobuf types leak out of the client. Conversion
lives in :mod:`sourcecheck_client._convert`.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class SourceKind(StrEnum):
    """The kind of a source, as defined by the annotation scheme.

    The values are the proto enum names without the ``SOURCE_KIND_`` prefix.
    A kind the client does not know (sent by a newer server) reads as
    ``UNSPECIFIED``.
    """

    UNSPECIFIED = "UNSPECIFIED"
    NAMED_OFFICIAL = "NAMED_OFFICIAL"
    NAMED_PERSON = "NAMED_PERSON"
    ORGANIZATION = "ORGANIZATION"
    NEWS_OUTLET = "NEWS_OUTLET"
    ANONYMOUS = "ANONYMOUS"
    DOCUMENT = "DOCUMENT"
    UNATTRIBUTED = "UNATTRIBUTED"


class ScoreView(StrEnum):
    """How much a score result carries (the proto's ``ScoreView`` without its ``SCORE_VIEW_`` prefix).

    ``BASIC``: the claims with their scores and reasons. ``CLAIM_REVIEW``: also
    the claims as a schema.org ClaimReview JSON-LD document, in
    :attr:`ScoreResult.json_ld`.
    """

    BASIC = "BASIC"
    CLAIM_REVIEW = "CLAIM_REVIEW"


class EncodingType(StrEnum):
    """The units of the spans of a score result (the proto's ``EncodingType`` without its prefix).

    ``UTF32``: Unicode code points, i.e. Python ``str`` indices (what the
    server counts when none is asked for). ``UTF8``: bytes of the body's UTF-8
    encoding. ``UTF16``: UTF-16 code units (JavaScript, Java, C# strings).
    """

    UTF8 = "UTF8"
    UTF16 = "UTF16"
    UTF32 = "UTF32"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Article(_Model):
    """A news article as published by one outlet.

    The server requires ``id``, ``outlet`` and a non-empty ``body``; the client
    leaves that check to the server so that the error carries field violations.
    A naive ``published_at`` is taken to be UTC.
    """

    id: str
    outlet: str
    body: str
    url: str = ""
    title: str = ""
    published_at: datetime | None = None
    language: str = "en"

    @classmethod
    def from_html(cls, html: str | bytes, *, url: str = "", **given: Any) -> Article:
        """The article in a news page's HTML (the ``web`` extra); see :func:`fetch_article`."""
        from sourcecheck_client._web import article_from_html

        return article_from_html(html, url=url, **given)


class Span(_Model):
    """A half-open range ``[start, end)`` of Unicode code points in an article body
    (in UTF-8 bytes or UTF-16 units when a score call asked for that ``encoding_type``)."""

    start: int = 0
    end: int = 0


class Source(_Model):
    """One link of an attribution chain."""

    kind: SourceKind = SourceKind.UNSPECIFIED
    name: str = ""
    role: str = ""
    span: Span = Field(default_factory=Span)
    count: int = 0


class Attribution(_Model):
    """Who the article says a claim comes from, and how it reached the article."""

    kind: SourceKind = SourceKind.UNSPECIFIED
    source: str = ""
    chain: tuple[Source, ...] = ()
    hedged: bool = False
    hedges: tuple[str, ...] = ()
    origin_key: str = ""


class Match(_Model):
    """A claim in another article that asserts (or denies) the same thing."""

    article_id: str
    outlet: str = ""
    claim_id: str = ""
    text: str = ""
    span: Span = Field(default_factory=Span)
    similarity: float = 0.0
    independent: bool = False
    published_at: datetime | None = None
    kind: SourceKind = SourceKind.UNSPECIFIED
    same_copy: bool = False


class Claim(_Model):
    """A check-worthy claim with its score and the reasons for it."""

    id: str
    text: str
    span: Span = Field(default_factory=Span)
    attribution: Attribution = Field(default_factory=Attribution)
    supporting: tuple[Match, ...] = ()
    contradicting: tuple[Match, ...] = ()
    independent_origins: int = 0
    attribution_strength: float = 0.0
    corroboration: float = 0.0
    score: float = 0.0
    reasons: tuple[str, ...] = ()
    level: int = 0  # the editor's level, 1 to 5 (0 from a server older than the field)


class ScoreResult(_Model):
    """The scored claims of one article.

    ``extractor_version`` names the extraction rules that read the claims
    (empty from a server older than the field). ``json_ld`` is the claims as a
    schema.org ClaimReview JSON-LD document when the call asked for
    ``view=ScoreView.CLAIM_REVIEW``, empty otherwise.
    """

    article_id: str
    claims: tuple[Claim, ...] = ()
    policy_version: str = ""
    extractor_version: str = ""
    json_ld: str = ""


class IngestResult(_Model):
    """What ``ingest_article`` stored."""

    article_id: str
    claim_count: int = 0
    replaced: bool = False


class BulkIngestResult(_Model):
    """What ``bulk_ingest`` stored."""

    article_count: int = 0
    claim_count: int = 0


class ExtractorVersionCount(_Model):
    """How many stored articles one version of the extraction rules read.

    ``extractor_version`` is empty for articles stored before versions were
    recorded.
    """

    extractor_version: str = ""
    article_count: int = 0


class CorpusStats(_Model):
    """The corpus size, the active scoring policy and extractor, and the
    extractor versions that read the stored articles (most articles first).

    A ``stored_extractor_versions`` entry other than ``extractor_version``
    means the corpus mixes readings of older rules (``sourcecheck reextract``
    reads them again).
    """

    article_count: int = 0
    claim_count: int = 0
    policy_version: str = ""
    extractor_version: str = ""
    stored_extractor_versions: tuple[ExtractorVersionCount, ...] = ()
