"""The shell's one entry to the core: fetch candidates, call the pure pipeline, store.

The gRPC servicer and the in-process CLI both call this, so the two can never
score differently.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from sourcecheck import core
from sourcecheck.store import Store

CANDIDATES_PER_CLAIM = 50


class PolicyError(ValueError):
    """A policy file that cannot be used; the message names the bad field."""


def load_policy(path: str | Path | None = None) -> core.Policy:
    """The policy at `path`, or the default shipped in the package."""
    if path is None:
        text = resources.files("sourcecheck").joinpath("default_policy.toml").read_text(encoding="utf-8")
        where = "default policy"
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as error:
            raise PolicyError(f"cannot read policy file {path}: {error.strerror}") from error
        where = str(path)
    try:
        return core.Policy.model_validate(tomllib.loads(text))
    except tomllib.TOMLDecodeError as error:
        raise PolicyError(f"{where}: not valid TOML: {error}") from error
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors())
        raise PolicyError(f"{where}: {problems}") from error


class TooManyClaims(ValueError):
    """An article with more check-worthy claims than the server's limit."""

    def __init__(self, found: int, limit: int) -> None:
        super().__init__(f"claims per article ({found} found, at most {limit})")


@dataclass(frozen=True)
class Ingested:
    claim_count: int
    replaced: bool


class Engine:
    """Scores and ingests articles against one store under one policy."""

    def __init__(self, store: Store, policy: core.Policy, max_claims: int | None = None) -> None:
        self.store = store
        self.policy = policy
        self.max_claims = max_claims

    def _extract(self, article: core.Article) -> tuple[core.Claim, ...]:
        claims = core.extract(article)
        if self.max_claims is not None and len(claims) > self.max_claims:
            raise TooManyClaims(len(claims), self.max_claims)
        return claims

    def score(self, article: core.Article) -> tuple[core.Scored, ...]:
        claims = self._extract(article)
        candidates = self.store.candidates(
            claims, article.outlet, article.published, self.policy.matching.window_days, CANDIDATES_PER_CLAIM
        )
        return core.score(article, claims, candidates, self.policy)

    def ingest(self, article: core.Article) -> Ingested:
        claims = self._extract(article)
        replaced = self.store.put(article, claims)
        return Ingested(len(claims), replaced)
