"""Concurrent load: ScoreArticle throughput, latency percentiles, errors and server memory.

Starts a real `sourcecheck serve` (a subprocess, SQLite by default), builds a corpus through
BulkIngestArticles (100k claims by default, plus the five seeds), then runs N client threads, each with
a channel (and connection) of its own, for T seconds. Each client scores articles in turn under fresh
ids. Prints throughput, p50/p95/p99 latency, errors by status code, and the server's resident memory
and CPU time. Target: >= 50 articles/s and p99 <= 250 ms at 8 clients, no errors.

The corpus (--corpus) is real news by default (bench/realnews.py: the ECB+ articles, reprinted by other
outlets with small edits and retold from their sentences), or that plus a flood of near-copies of the
scored stories (`flood`), or the old synthetic articles (`synthetic`). The scored articles (--score) are
the gold stories' (../shared/eval/gold, undated so that the whole corpus is in reach), 3,000
real-news articles the corpus does not hold (`real`: every call a different article), or the seeds.

Usage: python bench/load_bench.py [--clients 8] [--seconds 30] [--claims 100000] [--workers N] [--processes N]
                                  [--corpus real|flood|synthetic] [--score gold|real|seeds]
                                  [--reuse-db PATH | --db-url postgresql://...]

The module also holds the helpers the drain and crash benchmarks share (ServerProcess, seed_articles).
"""

from __future__ import annotations

import argparse
import itertools
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from sourcecheck import convert, core
from sourcecheck.articles import expand, read_file
from sourcecheck.v1 import scoring_pb2 as pb
from sourcecheck.v1 import scoring_pb2_grpc

sys.path.insert(0, str(Path(__file__).resolve().parent))
import realnews
import synthetic

ROOT = Path(__file__).resolve().parent.parent
STREAM_CHUNK = 5_000  # articles per BulkIngestArticles stream (the server allows 10,000)
TARGET_RATE, TARGET_P99_MS = 50.0, 250.0
# Each channel its own subchannel pool, hence its own TCP connection, as separate client processes would.
CHANNEL_OPTIONS = [("grpc.use_local_subchannel_pool", 1), ("grpc.max_send_message_length", 64 << 20)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def seed_articles() -> list[pb.Article]:
    """The five seeds, read as the CLI reads them (with seeds/articles.json metadata)."""
    return [convert.article_to_pb(read_file(p)) for p in expand([str(ROOT / "seeds")])]


def with_id(article: pb.Article, new_id: str) -> pb.Article:
    copy = pb.Article()
    copy.CopyFrom(article)
    copy.id = new_id
    return copy


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * fraction))]


@dataclass
class ServerProcess:
    """A `sourcecheck serve` subprocess on a free loopback port; its stderr (JSON log lines) goes to `log`."""

    db: str
    log: Path
    workers: int | None = None
    processes: int | None = None
    env: dict[str, str] = field(default_factory=dict)
    log_level: str = "warning"
    address: str = ""
    process: subprocess.Popen[bytes] | None = None

    def start(self, health_timeout: float = 120.0) -> ServerProcess:
        self.address = f"127.0.0.1:{free_port()}"
        command = [str(Path(sys.executable).with_name("sourcecheck")), "serve", "--address", self.address]
        command += ["--db", self.db, "--log-level", self.log_level]
        if self.workers is not None:
            command += ["--workers", str(self.workers)]
        if self.processes is not None:
            command += ["--processes", str(self.processes)]
        # Only the settings given here: no SOURCECHECK_* (API keys, limits) leaking in from the caller.
        env = {k: v for k, v in os.environ.items() if not k.startswith("SOURCECHECK_")} | self.env
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(command, stderr=log, stdout=log, env=env)
        self.wait_healthy(health_timeout)
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def wait_healthy(self, timeout: float) -> None:
        assert self.process is not None
        with grpc.insecure_channel(self.address) as channel:
            health = health_pb2_grpc.HealthStub(channel)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise SystemExit(f"server exited with {self.process.returncode}; see {self.log}")
                try:
                    status = health.Check(health_pb2.HealthCheckRequest(), timeout=1).status
                    if status == health_pb2.HealthCheckResponse.SERVING:
                        return
                except grpc.RpcError:
                    pass
                time.sleep(0.1)
        self.kill()
        raise SystemExit(f"server did not become healthy in {timeout:.0f} s; see {self.log}")

    def channel(self) -> grpc.Channel:
        return grpc.insecure_channel(self.address, options=CHANNEL_OPTIONS)

    def pids(self) -> list[int]:
        """The server process and its children (the processes of `serve --processes N`)."""
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        found = [int(p) for p in children.read_text().split()] if children.exists() else []
        return [self.pid, *found]

    def memory_mib(self) -> tuple[float, float]:
        """Resident set now and its peak, summed over the server's processes."""
        now = peak = 0.0
        for pid in self.pids():
            status = Path(f"/proc/{pid}/status").read_text()
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            now += int(fields["VmRSS"].split()[0]) / 1024
            peak += int(fields["VmHWM"].split()[0]) / 1024
        return now, peak

    def cpu_seconds(self) -> float:
        """User plus system CPU time of the server's processes so far."""
        total = 0
        for pid in self.pids():
            stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(stat[11]) + int(stat[12])
        return total / os.sysconf("SC_CLK_TCK")

    def terminate(self, timeout: float = 60.0) -> int:
        """SIGTERM (a graceful drain) and wait; SIGKILL if it outlives `timeout`."""
        assert self.process is not None
        if self.process.poll() is None:
            self.process.terminate()
            try:
                return self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
        return self.process.wait(timeout=30)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)


def corpus_articles(kind: str, seed: int, scored: Sequence[pb.Article]) -> Iterator[core.Article]:
    """The articles a corpus of that kind is built from, endless for practical purposes."""
    if kind == "synthetic":
        return synthetic.articles(10_000_000, seed=seed)
    real = realnews.articles(10_000_000, seed=seed)
    if kind == "real":
        return real
    # The flood pastes the scored stories' own sentences: one story per pool, as a flood would.
    ids = {a.id for a in scored}
    stories = [story for story in realnews.gold_articles() if any(a.id in ids for a in story)]
    stories = stories or [[convert.article_from_pb(a) for a in scored]]
    return itertools.chain(realnews.flood(stories, 2_000, seed=seed), real)


def ingest_until(
    stub: scoring_pb2_grpc.ScoringServiceStub, articles: Iterator[core.Article], claims: int
) -> tuple[int, int, float]:
    """Stream `articles` through BulkIngestArticles until the store took about `claims` claims:
    (articles stored, claims stored, seconds)."""
    started = time.perf_counter()
    stored = stored_claims = 0
    while stored_claims < claims:
        # Small streams near the end, so that the corpus overshoots the wanted size by little.
        size = min(STREAM_CHUNK, max(50, (claims - stored_claims) // 20))
        chunk = list(itertools.islice(articles, size))
        if not chunk:
            break

        def feed(chunk: list[core.Article] = chunk) -> Iterator[pb.BulkIngestArticlesRequest]:
            for article in chunk:
                yield pb.BulkIngestArticlesRequest(article=convert.article_to_pb(article))

        done = stub.BulkIngestArticles(feed(), timeout=6 * 3600)
        stored += done.article_count
        stored_claims += done.claim_count
    return stored, stored_claims, time.perf_counter() - started


def build_corpus(
    server: ServerProcess,
    claims: int,
    seeds: list[pb.Article],
    kind: str = "real",
    scored: Sequence[pb.Article] = (),
) -> str:
    """Ingest articles of the corpus kind until the store holds about `claims` claims, and the seeds,
    unless the store has them already."""
    with server.channel() as channel:
        stub = scoring_pb2_grpc.ScoringServiceStub(channel)
        stats = stub.GetCorpusStats(pb.GetCorpusStatsRequest(), timeout=60)
        if stats.claim_count >= claims * 0.95:
            return f"reusing the corpus: {stats.article_count:,} articles, {stats.claim_count:,} claims"
        stored, stored_claims, seconds = ingest_until(stub, corpus_articles(kind, claims, scored), claims)
        for seed in seeds:
            stub.IngestArticle(pb.IngestArticleRequest(article=seed), timeout=60)
        stats = stub.GetCorpusStats(pb.GetCorpusStatsRequest(), timeout=60)
        return (
            f"built the corpus ({kind}): {stored:,} articles ({stored_claims:,} claims) + "
            f"{len(seeds)} seeds in {seconds:.0f} s ({stored / seconds:.0f} articles/s); store holds "
            f"{stats.article_count:,} articles, {stats.claim_count:,} claims"
        )


def scored_articles(which: str) -> list[pb.Article]:
    """What the clients score: the gold stories' articles (undated, so the whole corpus is in reach
    of every lookup) or the five seeds."""
    if which == "seeds":
        return seed_articles()
    if which == "real":
        # Articles the corpus does not hold (another seed's reprints and rewrites): lookups that vary
        # as a newsroom's stream does, where the gold set repeats 53 articles over and over.
        fresh = itertools.islice(realnews.articles(100_000, seed=99), 30_000, 33_000)
        return [convert.article_to_pb(a) for a in fresh]
    stories = realnews.gold_articles()
    if not stories:
        raise SystemExit(f"no gold stories in {realnews.GOLD_DIR}")
    return [convert.article_to_pb(a) for story in stories for a in story]


@dataclass
class ClientResult:
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    claims: int = 0


def client(
    server: ServerProcess,
    number: int,
    seeds: list[pb.Article],
    start: threading.Barrier,
    warmup_until: list[float],
    stop_at: list[float],
    result: ClientResult,
    max_calls: int,
) -> None:
    with server.channel() as channel:
        stub = scoring_pb2_grpc.ScoringServiceStub(channel)
        grpc.channel_ready_future(channel).result(timeout=30)
        start.wait(timeout=60)
        for call in range(max_calls):
            now = time.perf_counter()
            if now >= stop_at[0]:
                break
            article = with_id(seeds[(number + call) % len(seeds)], f"load-{number}-{call}")
            try:
                response = stub.ScoreArticle(pb.ScoreArticleRequest(article=article), timeout=30)
                ok = True
            except grpc.RpcError as error:
                ok = False
                code = error.code().name  # type: ignore[attr-defined]
            done = time.perf_counter()
            if not ok:
                result.errors[code] += 1  # every error counts, warm-up or not
            elif warmup_until[0] <= now and done <= stop_at[0]:  # calls wholly inside the measured window
                result.latencies_ms.append((done - now) * 1000)
                result.claims += len(response.claims)


def run_load(
    server: ServerProcess, seeds: list[pb.Article], clients: int, seconds: float, warmup: float
) -> tuple[list[float], Counter[str], int, float]:
    """Latencies (sorted, ms), errors by code, claims scored, and the measured window's length."""
    results = [ClientResult() for _ in range(clients)]
    barrier = threading.Barrier(clients + 1)
    warmup_until, stop_at = [float("inf")], [float("inf")]
    threads = [
        threading.Thread(
            target=client,
            args=(server, n, seeds, barrier, warmup_until, stop_at, results[n], 10_000_000),
            daemon=True,
        )
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    barrier.wait(timeout=60)
    began = time.perf_counter()
    warmup_until[0] = began + warmup
    stop_at[0] = began + warmup + seconds
    for thread in threads:
        thread.join(timeout=warmup + seconds + 120)
    if any(thread.is_alive() for thread in threads):
        raise SystemExit("a client did not finish in time")
    latencies = sorted(x for r in results for x in r.latencies_ms)
    errors: Counter[str] = sum((r.errors for r in results), Counter())
    return latencies, errors, sum(r.claims for r in results), seconds


def open_watches(server: ServerProcess, count: int) -> list[tuple[grpc.Channel, Any]]:
    """`count` health Watch streams, each on a connection of its own, as health-checking clients keep."""
    watches = []
    for _ in range(count):
        channel = server.channel()
        call = health_pb2_grpc.HealthStub(channel).Watch(health_pb2.HealthCheckRequest(), timeout=3600)
        next(call)  # the first status: the stream is open
        watches.append((channel, call))
    return watches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads (default 8)")
    parser.add_argument("--seconds", type=float, default=30.0, help="measured time (default 30)")
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured time first (default 3)")
    parser.add_argument("--claims", type=int, default=100_000, help="corpus size in claims (default 100k)")
    parser.add_argument("--workers", type=int, help="passed to `sourcecheck serve --workers`")
    parser.add_argument("--processes", type=int, help="passed to `sourcecheck serve --processes`")
    parser.add_argument("--watchers", type=int, default=0, help="health Watch streams held open meanwhile")
    parser.add_argument(
        "--corpus", choices=["real", "flood", "synthetic"], default="real", help="corpus kind (default real)"
    )
    parser.add_argument(
        "--score", choices=["gold", "real", "seeds"], default="gold", help="articles the clients score"
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--reuse-db", metavar="PATH", help="SQLite file kept between runs (built if missing)")
    where.add_argument("--db-url", help="a postgresql:// URL (corpus built unless already there)")
    args = parser.parse_args()
    if args.clients < 1 or args.seconds <= 0 or args.warmup < 0:
        parser.error("--clients must be >= 1, --seconds > 0 and --warmup >= 0")

    seeds = seed_articles()
    scored = scored_articles(args.score)
    with tempfile.TemporaryDirectory(prefix="load-bench-") as tmp:
        db = args.db_url or args.reuse_db or str(Path(tmp) / "load.db")
        server = ServerProcess(
            db, Path(tmp) / "server.log", workers=args.workers, processes=args.processes
        ).start()
        try:
            store = "PostgreSQL" if args.db_url else "SQLite"
            print(
                f"python {sys.version.split()[0]}, {os.cpu_count()} cores; {store}; server pid {server.pid}, "
                f"processes {args.processes or 1}, workers {args.workers or 'default (4)'} each; "
                f"{args.watchers} health watchers; "
                f"{args.clients} clients x {args.seconds:.0f} s (+{args.warmup:.0f} s warm-up)",
                flush=True,
            )
            print(build_corpus(server, args.claims, seeds, args.corpus, scored), flush=True)
            print(f"scoring {len(scored)} {args.score} articles in turn", flush=True)
            watches = open_watches(server, args.watchers)
            rss_before, _ = server.memory_mib()
            cpu_before = server.cpu_seconds()
            client_before = time.process_time()
            latencies, errors, claims, seconds = run_load(
                server, scored, args.clients, args.seconds, args.warmup
            )
            cpu = server.cpu_seconds() - cpu_before  # includes the warm-up
            client_cpu = time.process_time() - client_before
            rss, peak = server.memory_mib()
            for channel, call in watches:
                call.cancel()
                channel.close()
        finally:
            code = server.terminate()
    rate = len(latencies) / seconds
    p50, p95, p99 = (percentile(latencies, f) for f in (0.50, 0.95, 0.99))
    error_text = ", ".join(f"{name} {n}" for name, n in sorted(errors.items())) or "none"
    print(
        f"throughput: {rate:.1f} articles/s ({len(latencies)} OK in {seconds:.0f} s, "
        f"{claims / seconds:.0f} claims/s)"
    )
    if latencies:
        print(
            f"latency ms: p50 {p50:.1f}  p95 {p95:.1f}  p99 {p99:.1f}  "
            f"(mean {statistics.fmean(latencies):.1f}, max {latencies[-1]:.1f})"
        )
    print(f"errors: {error_text}")
    print(
        f"server: RSS {rss_before:.0f} MiB before load, {rss:.0f} MiB after (peak {peak:.0f} MiB); "
        f"CPU {cpu / (seconds + args.warmup):.2f} cores busy; exit code {code}"
    )
    print(f"clients (this process): CPU {client_cpu / (seconds + args.warmup):.2f} cores busy")
    met = rate >= TARGET_RATE and p99 <= TARGET_P99_MS and not errors
    print(
        f"target (>= {TARGET_RATE:.0f} articles/s, p99 <= {TARGET_P99_MS:.0f} ms, 0 errors): "
        f"{'MET' if met else 'NOT MET'}"
    )


if __name__ == "__main__":
    main()
