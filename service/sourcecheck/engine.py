"""The shell's one entry to the core: fetch candidates, call the pure pipeline, store.

The gRPC servicer and the in-process CLI both call this, so the two can never
score differently.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from sourcecheck import core
from sourcecheck.store import UNKNOWN_VERSION, Store

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
        replaced = self.store.put(article, claims, extractor_version=core.EXTRACTOR_VERSION)
        return Ingested(len(claims), replaced)


REEXTRACT_BATCH = 100


@dataclass(frozen=True)
class Reextracted:
    article_count: int  # articles whose claims were re-extracted
    claim_count: int  # claims they have now
    skipped: int  # articles replaced or deleted while their claims were being re-extracted


def reextract(
    store: Store,
    *,
    every: bool = False,
    batch: int = REEXTRACT_BATCH,
    progress: Callable[[int], object] | None = None,
) -> Reextracted:
    """Extract the claims of stored articles again, from their stored bodies, with this build's rules:
    those another extractor version read (or every article), a batch per transaction. An article an
    ingest replaces meanwhile is skipped: the ingest extracted it with its own build's rules.
    `progress` is told the size of each batch done."""
    articles = claims = skipped = 0
    after = ""
    while True:
        page = store.articles_after(after, batch, unless_version=None if every else core.EXTRACTOR_VERSION)
        if not page:
            break
        extracted = [(article, core.extract(article)) for article in page]
        done = store.replace_claims(extracted, core.EXTRACTOR_VERSION)
        for (_, found), replaced in zip(extracted, done, strict=True):
            if replaced:
                articles += 1
                claims += len(found)
            else:
                skipped += 1
        after = page[-1].id
        if progress is not None:
            progress(len(page))
    return Reextracted(articles, claims, skipped)


def stale_versions(store: Store) -> dict[str, int]:
    """The extractor versions other than this build's that stored articles carry, with article counts."""
    return {v: n for v, n in store.extractor_versions().items() if v != core.EXTRACTOR_VERSION}


def version_name(version: str) -> str:
    return version if version != UNKNOWN_VERSION else "unknown"


def version_mix_warning(stale: Mapping[str, int]) -> str:
    """What to tell an operator whose corpus holds claims read by other extraction rules."""
    listed = ", ".join(
        f"{version_name(v)}: {n}" for v, n in sorted(stale.items(), key=lambda item: (-item[1], item[0]))
    )
    total = sum(stale.values())
    return (
        f"{total} stored article(s) were extracted by other extractor versions than this build's "
        f"{core.EXTRACTOR_VERSION} ({listed}), so their claims follow other rules; "
        "run `sourcecheck reextract` to extract them again"
    )
