"""Prometheus metrics: calls by method and code, latency, stream messages, corpus size; served on their own
HTTP port. The call metrics take go-grpc-prometheus's names and labels, so stock gRPC dashboards and
alerts read them as they are."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any

import grpc
from prometheus_client import CollectorRegistry, Counter, Histogram, start_http_server
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

REGISTRY = CollectorRegistry()
_LABELS = ("grpc_type", "grpc_service", "grpc_method")
STARTED = Counter(
    "grpc_server_started_total", "Total number of RPCs started on the server.", _LABELS, registry=REGISTRY
)
HANDLED = Counter(
    "grpc_server_handled_total",
    "Total number of RPCs completed on the server, regardless of success or failure.",
    (*_LABELS, "grpc_code"),
    registry=REGISTRY,
)
HANDLING = Histogram(
    "grpc_server_handling_seconds",
    "Histogram of response latency (seconds) of gRPC that had been application-level handled by the server.",
    _LABELS,
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    registry=REGISTRY,
)
RECEIVED = Counter(
    "grpc_server_msg_received_total",
    "Total number of RPC stream messages received on the server.",
    _LABELS,
    registry=REGISTRY,
)
SENT = Counter(
    "grpc_server_msg_sent_total",
    "Total number of gRPC stream messages sent by the server.",
    _LABELS,
    registry=REGISTRY,
)


def grpc_type(request_streaming: bool, response_streaming: bool) -> str:
    """The `grpc_type` label: unary, client_stream, server_stream or bidi_stream."""
    if request_streaming:
        return "bidi_stream" if response_streaming else "client_stream"
    return "server_stream" if response_streaming else "unary"


@functools.cache
def _series(kind: str, method: str) -> tuple[tuple[str, str, str], Any, Any, Any, Any]:
    """A method's labels and labelled children, looked up once: per message a lookup would cost more than
    the count. Only served methods come here, so the cache stays as small as the API."""
    service, _, name = method.lstrip("/").rpartition("/")
    labels = (kind, service, name)
    return (
        labels,
        STARTED.labels(*labels),
        RECEIVED.labels(*labels),
        SENT.labels(*labels),
        HANDLING.labels(*labels),
    )


# go-grpc-prometheus labels codes with Go's names (codes.Code.String()), which stock alerts match:
# "Unavailable", "InvalidArgument", and "Canceled" with one l.
_GO_CODE_NAMES = {
    code: {"OK": "OK", "CANCELLED": "Canceled"}.get(code.name)
    or "".join(part.capitalize() for part in code.name.split("_"))
    for code in grpc.StatusCode
}


def go_code_name(code: grpc.StatusCode) -> str:
    """The grpc_code label of a status code, as Go writes it: UNAVAILABLE -> "Unavailable"."""
    return _GO_CODE_NAMES[code]


class Call:
    """One RPC's samples: started when made, each message in and out, then its code and duration."""

    __slots__ = ("_handling", "_labels", "_received", "_sent", "_started", "method")

    def __init__(self, method: str, kind: str) -> None:
        self.method = method
        self._labels, self._started, self._received, self._sent, self._handling = _series(kind, method)

    def started(self) -> None:
        self._started.inc()

    def received(self) -> None:
        self._received.inc()

    def sent(self) -> None:
        self._sent.inc()

    def handled(self, code: str, seconds: float) -> None:
        HANDLED.labels(*self._labels, code).inc()
        self._handling.observe(seconds)


class _CorpusCollector(Collector):
    """Reads the corpus size from the store at scrape time."""

    def __init__(self, counts: Callable[[], tuple[int, int]]) -> None:
        self.counts = counts

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            articles, claims = self.counts()
        except Exception:  # a scrape must not fail because the store is down
            return
        yield GaugeMetricFamily("sourcecheck_corpus_articles", "Articles in the corpus", value=articles)
        yield GaugeMetricFamily("sourcecheck_corpus_claims", "Claims in the corpus", value=claims)


_corpus: _CorpusCollector | None = None


def serve_metrics(address: str, counts: Callable[[], tuple[int, int]], *, processes: bool = False) -> int:
    """Start the metrics HTTP server on HOST:PORT; returns the port. With `processes`, it reports the
    calls of every server process (prometheus_client's multiprocess mode: PROMETHEUS_MULTIPROC_DIR
    was set before any process imported it), not this process's own."""
    global _corpus
    registry = REGISTRY
    if processes:
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    elif _corpus is not None:
        REGISTRY.unregister(_corpus)  # a second server in one process (tests) reports its own store
    _corpus = _CorpusCollector(counts)
    registry.register(_corpus)
    host, _, port = address.rpartition(":")
    server, _thread = start_http_server(int(port), addr=host.strip("[]"), registry=registry)
    return int(server.server_port)
