"""Corpus scale: ingest rate, ScoreArticle latency, and server memory, per corpus size.

Starts a real `sourcecheck serve` per size on a fresh store, streams articles through
BulkIngestArticles until the corpus holds the wanted number of claims (real news by default:
bench/realnews.py, the ECB+ articles reprinted and retold by other outlets; or `--corpus synthetic`),
adds the five seeds, then times ScoreArticle over the gold stories' articles (undated, so every lookup
reaches the whole corpus; `--score seeds` for the seeds). Memory is the server's resident set (now
and peak).

Usage: python bench/scale_bench.py [--sizes 10000,100000,1000000] [--corpus real|synthetic]
                                   [--score gold|seeds] [--db-url postgresql://...]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from sourcecheck import convert
from sourcecheck.articles import expand, read_file
from sourcecheck.v1 import scoring_pb2 as pb
from sourcecheck.v1 import scoring_pb2_grpc

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load_bench

ROOT = Path(__file__).resolve().parent.parent
STREAM = 5000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def memory_mib(pid: int) -> tuple[float, float]:
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line
    )
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def start(db: str) -> tuple[subprocess.Popen[bytes], str]:
    address = f"127.0.0.1:{free_port()}"
    exe = Path(sys.executable).with_name("sourcecheck")
    process = subprocess.Popen(
        [str(exe), "serve", "--address", address, "--db", db, "--log-level", "warning"],
        stderr=subprocess.DEVNULL,
    )
    channel = grpc.insecure_channel(address)
    health = health_pb2_grpc.HealthStub(channel)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if health.Check(health_pb2.HealthCheckRequest(), timeout=1).status == 1:
                return process, address
        except grpc.RpcError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("server did not become healthy")


def run_size(
    claims: int, db: str, seeds: list[pb.Article], scored: list[pb.Article], repeats: int, kind: str
) -> str:
    process, address = start(db)
    try:
        with grpc.insecure_channel(address, options=[("grpc.max_send_message_length", 64 << 20)]) as channel:
            stub = scoring_pb2_grpc.ScoringServiceStub(channel)
            articles = load_bench.corpus_articles(kind, claims, scored)

            def feed(size: int) -> Iterator[pb.BulkIngestArticlesRequest]:
                for _, article in zip(range(size), articles, strict=False):
                    yield pb.BulkIngestArticlesRequest(article=convert.article_to_pb(article))

            started = time.perf_counter()
            stored = claims_stored = 0
            while claims_stored < claims:  # streams of at most STREAM articles: the server caps a stream
                size = min(STREAM, max(50, (claims - claims_stored) // 20))
                done = stub.BulkIngestArticles(feed(size), timeout=24 * 3600)
                if not done.article_count:
                    break
                stored += done.article_count
                claims_stored += done.claim_count
            ingest_seconds = time.perf_counter() - started
            for seed in seeds:
                stub.IngestArticle(pb.IngestArticleRequest(article=seed), timeout=60)
            for target in scored[:5]:
                stub.ScoreArticle(pb.ScoreArticleRequest(article=target), timeout=60)  # warm caches
            timings = []
            for call in range(repeats):
                target = load_bench.with_id(scored[call % len(scored)], f"scale-{call}")
                t0 = time.perf_counter()
                stub.ScoreArticle(pb.ScoreArticleRequest(article=target), timeout=60)
                timings.append((time.perf_counter() - t0) * 1000)
            rss, peak = memory_mib(process.pid)
            timings.sort()
            p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
            return (
                f"{claims_stored:>9,} claims | ingest "
                f"{stored / ingest_seconds:7.1f} articles/s "
                f"{claims_stored / ingest_seconds:8.0f} claims/s | ScoreArticle p50 "
                f"{statistics.median(timings):6.1f} ms p99 {p99:6.1f} ms | "
                f"RSS {rss:6.0f} MiB (peak {peak:.0f})"
            )
    finally:
        process.terminate()
        process.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--db-url", help="a postgresql:// URL (each size is ingested on top; default SQLite)")
    parser.add_argument("--corpus", choices=["real", "flood", "synthetic"], default="real")
    parser.add_argument("--score", choices=["gold", "real", "seeds"], default="gold")
    args = parser.parse_args()
    seeds = [convert.article_to_pb(read_file(p)) for p in expand([str(ROOT / "seeds")])]
    scored = load_bench.scored_articles(args.score)
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores; corpus {args.corpus}; "
        f"scoring {len(scored)} {args.score} articles in turn"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            db = args.db_url or str(Path(tmp) / "scale.db")
            print(run_size(size, db, seeds, scored, args.repeats, args.corpus), flush=True)


if __name__ == "__main__":
    main()
