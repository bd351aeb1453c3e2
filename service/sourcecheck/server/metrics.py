"""Prometheus metrics: calls by method and code, latency, corpus size; served on their own HTTP port."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram, start_http_server
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

REGISTRY = CollectorRegistry()
RPCS = Counter(
    "sourcecheck_rpcs", "RPCs handled, by method and status code", ["method", "code"], registry=REGISTRY
)
LATENCY = Histogram(
    "sourcecheck_rpc_seconds",
    "RPC latency in seconds, by method",
    ["method"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    registry=REGISTRY,
)


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


def observe(method: str, code: str, seconds: float) -> None:
    RPCS.labels(method=method, code=code).inc()
    LATENCY.labels(method=method).observe(seconds)


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
