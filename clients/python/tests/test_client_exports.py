"""Pins the public surface of sourcecheck_client: changing it is a deliberate act."""

from __future__ import annotations

import sourcecheck_client

EXPECTED = {
    # clients
    "Client",
    "AsyncClient",
    "RetryPolicy",
    # news pages (the web extra)
    "article_from_html",
    "fetch_article",
    # models
    "Article",
    "Attribution",
    "BulkIngestResult",
    "Claim",
    "CorpusStats",
    "ExtractorVersionCount",
    "IngestResult",
    "Match",
    "ScoreResult",
    "Source",
    "SourceKind",
    "Span",
    "ScoreView",
    "EncodingType",
    # errors
    "SourcecheckError",
    "InvalidArgumentError",
    "FieldViolation",
    "UnauthenticatedError",
    "PermissionDeniedError",
    "NotFoundError",
    "ResourceExhaustedError",
    "UnavailableError",
    "DeadlineExceededError",
    "ServerError",
    "__version__",
}


def test_all_is_pinned() -> None:
    assert set(sourcecheck_client.__all__) == EXPECTED
    assert len(sourcecheck_client.__all__) == len(EXPECTED), "no duplicates in __all__"


def test_every_exported_name_exists() -> None:
    for name in sourcecheck_client.__all__:
        assert hasattr(sourcecheck_client, name), name


def test_star_import_gives_exactly_all() -> None:
    namespace: dict[str, object] = {}
    exec("from sourcecheck_client import *", namespace)
    assert {k for k in namespace if k != "__builtins__"} == EXPECTED


def test_no_protobuf_types_leak() -> None:
    for name in sourcecheck_client.__all__:
        module = getattr(getattr(sourcecheck_client, name), "__module__", "")
        assert "_proto" not in module, name


def test_error_tree() -> None:
    from sourcecheck_client import SourcecheckError

    leaves = [
        "InvalidArgumentError",
        "UnauthenticatedError",
        "PermissionDeniedError",
        "NotFoundError",
        "ResourceExhaustedError",
        "UnavailableError",
        "DeadlineExceededError",
        "ServerError",
    ]
    for name in leaves:
        cls = getattr(sourcecheck_client, name)
        assert cls.__bases__ == (SourcecheckError,), name
    assert issubclass(SourcecheckError, Exception)


def test_does_not_need_the_server_package() -> None:
    import subprocess
    import sys

    code = (
        "import sys, importlib.abc\n"
        "class Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'sourcecheck' or name.startswith('sourcecheck.'):\n"
        "            raise ImportError('blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import sourcecheck_client\n"
        "sourcecheck_client.Client('127.0.0.1:1').close()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
