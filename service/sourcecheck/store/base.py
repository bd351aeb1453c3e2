"""The store interface: what the shell needs of a corpus, whatever keeps it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from sourcecheck.core import EXTRACTOR_VERSION, Article, Claim, CorpusClaim

UNKNOWN_VERSION = ""
"""The extractor version of articles stored before versions were recorded."""


class StoreError(Exception):
    """A store failed for a reason of its own (not the caller's input)."""


class StoreUnavailable(StoreError):
    """The store cannot be reached now; the same call may succeed later."""


class Store(Protocol):
    def put(
        self, article: Article, claims: Sequence[Claim], *, extractor_version: str = EXTRACTOR_VERSION
    ) -> bool:
        """Store an article and its claims, replacing one with the same id; True if it replaced.
        `extractor_version` names the rules that extracted the claims (by default, this build's)."""
        ...

    def get(self, article_id: str) -> Article | None: ...

    def list_after(self, after_id: str, limit: int) -> Sequence[Article]:
        """Up to `limit` articles whose ids sort after `after_id`, by id (keyset paging: a page costs
        the same however deep, and articles added or removed meanwhile do not shift the others)."""
        ...

    def delete(self, article_id: str) -> bool: ...

    def candidates(
        self, claims: Sequence[Claim], outlet: str, published: int | None, window_days: int, per_claim: int
    ) -> Mapping[str, Sequence[CorpusClaim]]:
        """For each claim id, the stored claims of other outlets worth comparing (indexed, never a scan)."""
        ...

    def counts(self) -> tuple[int, int]:
        """(articles, claims) in the corpus."""
        ...

    def extractor_versions(self) -> Mapping[str, int]:
        """How many stored articles each extractor version extracted (UNKNOWN_VERSION: before versions
        were recorded). Reads an index, not the articles."""
        ...

    def articles_after(
        self, after: str, limit: int, *, unless_version: str | None = None
    ) -> Sequence[Article]:
        """At most `limit` stored articles with ids greater than `after`, in id order (bytewise);
        with `unless_version`, only those whose claims another extractor version extracted."""
        ...

    def replace_claims(
        self, extracted: Sequence[tuple[Article, Sequence[Claim]]], extractor_version: str
    ) -> Sequence[bool]:
        """Replace the stored claims of each article (and the rows kept to find them) with the claims
        given, and record `extractor_version`, in one transaction for the lot. An article that is gone,
        or no longer stored exactly as given (replaced meanwhile), is left alone: False in its place."""
        ...

    def check(self) -> bool:
        """Whether the store passes its integrity check."""
        ...

    def close(self) -> None: ...
