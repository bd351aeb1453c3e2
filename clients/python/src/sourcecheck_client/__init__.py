"""Python client of the sourcecheck scoring service (gRPC API ``sourcecheck.v1``).

::

    from sourcecheck_client import Article, Client

    with Client.from_env() as client:
        client.ingest_article(Article(id="a1", outlet="Example Times", body="..."))
        for claim in client.score_article(Article(id="b1", outlet="Daily Example", body="...")).claims:
            print(claim.score, claim.attribution.kind, claim.text)

:class:`Client` blocks; :class:`AsyncClient` is its asyncio twin with the same
methods. Results are immutable pydantic models.

Every failed call raises a :class:`SourcecheckError`::

    SourcecheckError                 every error the client raises for a failed call
    ├── InvalidArgumentError         INVALID_ARGUMENT; .field_violations from google.rpc.BadRequest
    ├── UnauthenticatedError         UNAUTHENTICATED
    ├── PermissionDeniedError        PERMISSION_DENIED
    ├── NotFoundError                NOT_FOUND
    ├── ResourceExhaustedError       RESOURCE_EXHAUSTED
    ├── UnavailableError             UNAVAILABLE, after the retries are spent; .attempts
    ├── DeadlineExceededError        DEADLINE_EXCEEDED
    └── ServerError                  every other code (INTERNAL, UNKNOWN, UNIMPLEMENTED, ...)

Each has ``.code`` (the gRPC status code name), ``.message``, ``.request_id``
(the server's ``x-request-id`` for the call), and from the ``google.rpc.Status``
details ``.reason``, ``.domain`` and ``.metadata`` (``google.rpc.ErrorInfo``) and
``.retry_delay`` (seconds, ``google.rpc.RetryInfo``).

Every call takes ``timeout=`` and ``metadata=`` (sent besides the API key, e.g.
``{"x-request-id": "..."}``); ``score_article`` and ``stream_score`` take
``view=ScoreView.CLAIM_REVIEW`` (JSON-LD in ``ScoreResult.json_ld``) and
``encoding_type=EncodingType.UTF16`` (spans in UTF-16 units). gRPC retries the
idempotent unary calls on UNAVAILABLE as ``RetryPolicy`` says (its
``service_config()`` is the channel's gRPC service config).

Bad configuration (a negative timeout, a certificate without its key) raises
``ValueError`` when the client is built.

News pages are read on the caller's side (the ``web`` extra)::

    article = fetch_article("https://news.example/2026/03/04/bridge-closed")
    article = Article.from_html(saved_html, url="https://news.example/...")
"""

from sourcecheck_client._async_client import AsyncClient
from sourcecheck_client._client import Client
from sourcecheck_client._config import RetryPolicy
from sourcecheck_client._errors import (
    DeadlineExceededError,
    FieldViolation,
    InvalidArgumentError,
    NotFoundError,
    PermissionDeniedError,
    ResourceExhaustedError,
    ServerError,
    SourcecheckError,
    UnauthenticatedError,
    UnavailableError,
)
from sourcecheck_client._models import (
    Article,
    Attribution,
    BulkIngestResult,
    Claim,
    CorpusStats,
    EncodingType,
    ExtractorVersionCount,
    IngestResult,
    Match,
    ScoreResult,
    ScoreView,
    Source,
    SourceKind,
    Span,
)
from sourcecheck_client._version import __version__
from sourcecheck_client._web import article_from_html, fetch_article

__all__ = [
    "Article",
    "AsyncClient",
    "Attribution",
    "BulkIngestResult",
    "Claim",
    "Client",
    "CorpusStats",
    "DeadlineExceededError",
    "EncodingType",
    "ExtractorVersionCount",
    "FieldViolation",
    "IngestResult",
    "InvalidArgumentError",
    "Match",
    "NotFoundError",
    "PermissionDeniedError",
    "ResourceExhaustedError",
    "RetryPolicy",
    "ScoreResult",
    "ScoreView",
    "ServerError",
    "Source",
    "SourceKind",
    "SourcecheckError",
    "Span",
    "UnauthenticatedError",
    "UnavailableError",
    "__version__",
    "article_from_html",
    "fetch_article",
]
