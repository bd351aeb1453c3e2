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
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sourcecheck import convert
from sourcecheck.articles import expand, read_file
from sourcecheck.v1 import scoring_pb2 as pb
from sourcecheck.v1 import scoring_pb2_grpc

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load_bench

ROOT = Path(__file__).resolve().parent.parent
STREAM = 5000


def run_size(
    claims: int,
    db: str,
    log: Path,
    seeds: list[pb.Article],
    scored: list[pb.Article],
    repeats: int,
    kind: str,
) -> str:
    server = load_bench.ServerProcess(db, log).start()
    try:
        with server.channel() as channel:
            stub = scoring_pb2_grpc.ScoringServiceStub(channel)
            articles = load_bench.corpus_articles(kind, claims, scored)
            stored, claims_stored, ingest_seconds = load_bench.ingest_until(stub, articles, claims)
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
            rss, peak = server.memory_mib()
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
        server.terminate()


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
            log = Path(tmp) / "server.log"
            print(run_size(size, db, log, seeds, scored, args.repeats, args.corpus), flush=True)


if __name__ == "__main__":
    main()
