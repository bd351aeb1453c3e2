"""The store interface: what the shell needs of a corpus, whatever keeps it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from sourcecheck.core import Article, Claim, CorpusClaim


class StoreError(Exception):
    """A store failed for a reason of its own (not the caller's input)."""


class StoreUnavailable(StoreError):
    """The store cannot be reached now; the same call may succeed later."""


class Store(Protocol):
    def put(self, article: Article, claims: Sequence[Claim]) -> bool:
        """Store an article and its claims, replacing one with the same id; True if it replaced."""
        ...

    def get(self, article_id: str) -> Article | None: ...

    def delete(self, article_id: str) -> bool: ...

    def candidates(
        self, claims: Sequence[Claim], outlet: str, published: int | None, window_days: int, per_claim: int
    ) -> Mapping[str, Sequence[CorpusClaim]]:
        """For each claim id, the stored claims of other outlets worth comparing (indexed, never a scan)."""
        ...

    def counts(self) -> tuple[int, int]:
        """(articles, claims) in the corpus."""
        ...

    def check(self) -> bool:
        """Whether the store passes its integrity check."""
        ...

    def close(self) -> None: ...


def open_store(location: str) -> Store:
    """A SQLite file path (the default) or a postgresql:// URL."""
    if location.startswith(("postgresql://", "postgres://")):
        from sourcecheck.store.postgres import PostgresStore

        return PostgresStore(location)
    from sourcecheck.store.sqlite import SqliteStore

    return SqliteStore(location)
