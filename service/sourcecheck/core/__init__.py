"""The pure scoring core: plain data in, plain data out.

No I/O, no clock, no randomness, no logging (an import-linter contract keeps
it so). `extract` turns an article into claims; `score` scores them against
candidates the shell fetched from the corpus, under a `Policy`.
`explain` says why each sentence got its attribution. `EXTRACTOR_VERSION`
names the extraction rules, so stored claims can say which rules read them.
"""

from sourcecheck.core.explain import CueReading, SentenceReading, explain
from sourcecheck.core.model import (
    Article,
    Attribution,
    Claim,
    CorpusClaim,
    Features,
    Kind,
    Match,
    Scored,
    Source,
    Span,
)
from sourcecheck.core.pipeline import extract, score
from sourcecheck.core.policy import Policy
from sourcecheck.core.version import EXTRACTOR_VERSION

__all__ = [
    "EXTRACTOR_VERSION",
    "Article",
    "Attribution",
    "Claim",
    "CorpusClaim",
    "CueReading",
    "Features",
    "Kind",
    "Match",
    "Policy",
    "Scored",
    "SentenceReading",
    "Source",
    "Span",
    "explain",
    "extract",
    "score",
]
