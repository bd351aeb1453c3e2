"""What HTTP/JSON through the gateway costs over calling gRPC directly.

Starts a real `sourcecheck serve` (SQLite) and the gateway (`make gateway` builds it), ingests real
news (the ECB+ articles, ../shared/bench/ecbplus-news.jsonl) as the corpus, then scores the same
articles, one call at a time, once over gRPC and once over HTTP/JSON (a keep-alive connection, as
a CMS plugin holds one), each way first for every other article, so that neither always meets a
cold cache. Prints per-call latency
(p50, p90, p99) for each and the gateway's added time per call, and the response bytes.

Usage: python bench/gateway_bench.py [--articles 300] [--corpus 400] [--gateway .gateway/sourcecheck-gateway]
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import grpc
from google.protobuf import json_format

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_bench import ServerProcess, free_port
from realnews import load

from sourcecheck.v1 import scoring_pb2 as pb
from sourcecheck.v1 import scoring_pb2_grpc

ROOT = Path(__file__).resolve().parent.parent


def _percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
    return f"p50 {pick(0.5):6.2f} ms  p90 {pick(0.9):6.2f} ms  p99 {pick(0.99):6.2f} ms"


def _article(item: dict[str, str]) -> pb.Article:
    return pb.Article(**{k: item[k] for k in ("id", "outlet", "url", "title", "body")})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300, help="articles scored each way")
    parser.add_argument("--corpus", type=int, default=400, help="articles ingested first")
    parser.add_argument("--gateway", type=Path, default=ROOT / ".gateway" / "sourcecheck-gateway")
    args = parser.parse_args()
    if not args.gateway.exists():
        raise SystemExit(f"no gateway at {args.gateway}: run `make gateway`")

    news = load()
    corpus, scored = news[: args.corpus], news[args.corpus : args.corpus + args.articles]
    with tempfile.TemporaryDirectory() as tmp:
        server = ServerProcess(db=str(Path(tmp) / "bench.db"), log=Path(tmp) / "server.log").start()
        listen = f"127.0.0.1:{free_port()}"
        gateway = subprocess.Popen(
            [str(args.gateway), "--listen", listen, "--server", server.address],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            channel = grpc.insecure_channel(server.address)
            stub = scoring_pb2_grpc.ScoringServiceStub(channel)
            stub.BulkIngestArticles(
                (pb.BulkIngestArticlesRequest(article=_article(a)) for a in corpus), timeout=600
            )
            host, port = listen.split(":")
            for _ in range(100):
                try:
                    http.client.HTTPConnection(host, int(port), timeout=5).connect()
                    break
                except OSError:
                    time.sleep(0.05)
            connection = http.client.HTTPConnection(host, int(port), timeout=60)
            direct: list[float] = []
            through: list[float] = []
            grpc_bytes = http_bytes = 0
            for index, item in enumerate(scored):
                article = _article(item)
                body = json.dumps(
                    {"article": json_format.MessageToDict(article, preserving_proto_field_name=True)}
                )
                for way in ("grpc", "http") if index % 2 == 0 else ("http", "grpc"):  # neither always first
                    started = time.perf_counter()
                    if way == "grpc":
                        reply = stub.ScoreArticle(pb.ScoreArticleRequest(article=article), timeout=60)
                        direct.append(time.perf_counter() - started)
                        grpc_bytes += reply.ByteSize()
                        continue
                    connection.request(
                        "POST", "/v1/articles:score", body, {"Content-Type": "application/json"}
                    )
                    response = connection.getresponse()
                    payload = response.read()
                    through.append(time.perf_counter() - started)
                    if response.status != 200:
                        raise SystemExit(f"HTTP {response.status}: {payload[:200]!r}")
                    http_bytes += len(payload)
            added = [b - a for a, b in zip(direct, through, strict=True)]
            print(f"{len(scored)} real-news articles scored each way, corpus {len(corpus)} articles")
            print(f"gRPC direct      {_percentiles(direct)}  mean {statistics.mean(direct) * 1000:6.2f} ms")
            print(
                f"HTTP/JSON gateway {_percentiles(through)}  mean {statistics.mean(through) * 1000:6.2f} ms"
            )
            print(f"added per call   median {statistics.median(added) * 1000:6.2f} ms")
            print(
                f"response bytes   protobuf {grpc_bytes / len(scored):8.0f}"
                f"  JSON {http_bytes / len(scored):8.0f} per call"
            )
            channel.close()
        finally:
            gateway.terminate()
            gateway.wait(timeout=10)
            server.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
