"""Graceful drain under load: SIGTERM a busy server; no accepted call may fail, and it must exit 0 in time.

Starts a real `sourcecheck serve` (SQLite by default) on a small corpus, runs K client threads (each with
a connection of its own) that score the seeds under fresh ids, and ingest a synthetic article every
fourth call, then sends SIGTERM mid-load. It watches health with a Watch stream (and polls Check, as a
probe would), and tags every call with an x-request-id, so the server's log tells which calls it
accepted. Prints: calls started, completed OK, refused (UNAVAILABLE, never reached the server: it was
shutting down), failed otherwise (must be 0); when health turned NOT_SERVING; the exit code and time;
and whether every acknowledged ingest is in the store afterwards.

Usage: python bench/drain_bench.py [--clients 8] [--before 3] [--grace 10] [--keep-watch]
                                   [--db-url postgresql://...]
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from sourcecheck import convert
from sourcecheck.store import open_store
from sourcecheck.v1 import scoring_pb2 as pb
from sourcecheck.v1 import scoring_pb2_grpc

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic
from load_bench import ServerProcess, build_corpus, seed_articles, with_id

SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


@dataclass
class Call:
    request_id: str
    method: str
    started: float
    ended: float = 0.0
    code: str = ""
    details: str = ""
    echoed: bool = False  # the server's trailers echoed x-request-id: a handler ran
    article_id: str = ""


class Health:
    """What the health service said after SIGTERM: first on a Watch stream, and to Check polls."""

    def __init__(self, address: str, keep_watch: bool) -> None:
        self.address = address
        self.keep_watch = keep_watch
        self.watch_statuses: list[tuple[float, str]] = []
        self.poll_first_change: tuple[float, str] | None = None
        self.watching = threading.Event()
        self.stop = threading.Event()

    def watch(self) -> None:
        with grpc.insecure_channel(self.address, options=[("grpc.use_local_subchannel_pool", 1)]) as ch:
            call = health_pb2_grpc.HealthStub(ch).Watch(health_pb2.HealthCheckRequest(), timeout=300)
            try:
                for response in call:
                    self.watch_statuses.append((time.monotonic(), response.status))
                    self.watching.set()
                    if response.status == NOT_SERVING and not self.keep_watch:
                        call.cancel()  # a client that has seen NOT_SERVING moves on
            except grpc.RpcError as error:
                self.watch_statuses.append((time.monotonic(), f"stream ended: {error.code().name}"))

    def poll(self) -> None:
        with grpc.insecure_channel(self.address, options=[("grpc.use_local_subchannel_pool", 1)]) as ch:
            stub = health_pb2_grpc.HealthStub(ch)
            for _ in range(100_000):
                if self.stop.wait(0.02):
                    return
                try:
                    status = stub.Check(health_pb2.HealthCheckRequest(), timeout=1).status
                    seen = health_pb2.HealthCheckResponse.ServingStatus.Name(status)
                except grpc.RpcError as error:
                    status, seen = -1, error.code().name
                if status != SERVING and self.poll_first_change is None:
                    self.poll_first_change = (time.monotonic(), seen)
                    return


def client(
    address: str, number: int, seeds: list[pb.Article], calls: list[Call], stop: threading.Event
) -> None:
    synthetic_articles = synthetic.articles(100_000, seed=1000 + number)
    with grpc.insecure_channel(address, options=[("grpc.use_local_subchannel_pool", 1)]) as channel:
        stub = scoring_pb2_grpc.ScoringServiceStub(channel)
        for index in range(1_000_000):
            if stop.is_set():
                return
            call = Call(uuid.uuid4().hex, "", time.monotonic())
            metadata = (("x-request-id", call.request_id),)
            try:
                if index % 4 == 3:
                    article = convert.article_to_pb(next(synthetic_articles))
                    article.id = call.article_id = f"drain-{number}-{index}"
                    call.method = "IngestArticle"
                    stub.IngestArticle(
                        pb.IngestArticleRequest(article=article), timeout=30, metadata=metadata
                    )
                else:
                    call.method = "ScoreArticle"
                    article = with_id(seeds[(number + index) % len(seeds)], f"drain-score-{number}-{index}")
                    stub.ScoreArticle(pb.ScoreArticleRequest(article=article), timeout=30, metadata=metadata)
                call.code = "OK"
            except grpc.RpcError as error:
                call.code = error.code().name  # type: ignore[attr-defined]
                call.details = error.details() or ""  # type: ignore[attr-defined]
                trailers = dict(error.trailing_metadata() or ())  # type: ignore[attr-defined]
                call.echoed = "x-request-id" in trailers
            call.ended = time.monotonic()
            calls.append(call)
            if call.code == "UNAVAILABLE":
                stop.wait(0.05)  # do not spin on a closed port


def accepted_calls(log: Path) -> dict[str, str]:
    """request id -> status code, for every call the server's log shows it handled."""
    handled: dict[str, str] = {}
    for line in log.read_text(errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        if entry.get("event") == "rpc" and "request_id" in entry:
            handled[entry["request_id"]] = entry.get("code", "?")
    return handled


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads (default 8)")
    parser.add_argument("--before", type=float, default=3.0, help="seconds of load before SIGTERM")
    parser.add_argument("--grace", type=float, default=10.0, help="the server's drain grace (seconds)")
    parser.add_argument("--corpus", type=int, default=300, help="synthetic articles in the corpus")
    parser.add_argument("--workers", type=int, help="passed to `sourcecheck serve --workers`")
    parser.add_argument("--db-url", help="a postgresql:// URL (default: a fresh SQLite file)")
    parser.add_argument(
        "--keep-watch",
        action="store_true",
        help="keep the health Watch stream open after NOT_SERVING (the drain then waits for it)",
    )
    args = parser.parse_args()
    seeds = seed_articles()
    with tempfile.TemporaryDirectory(prefix="drain-bench-") as tmp:
        db = args.db_url or str(Path(tmp) / "drain.db")
        log = Path(tmp) / "server.log"
        env = {"SOURCECHECK_GRACE_SECONDS": str(args.grace)}
        server = ServerProcess(db, log, workers=args.workers, env=env, log_level="info").start()
        assert server.process is not None
        try:
            print(build_corpus(server, args.corpus * 30, seeds), flush=True)
            health = Health(server.address, args.keep_watch)
            watcher = threading.Thread(target=health.watch, daemon=True)
            watcher.start()
            if not health.watching.wait(10):
                raise SystemExit("the health Watch stream sent nothing")
            calls: list[Call] = []
            stop = threading.Event()
            clients = [
                threading.Thread(target=client, args=(server.address, n, seeds, calls, stop), daemon=True)
                for n in range(args.clients)
            ]
            for thread in clients:
                thread.start()
            time.sleep(args.before)
            poller = threading.Thread(target=health.poll, daemon=True)
            poller.start()
            sigterm = time.monotonic()
            server.process.send_signal(signal.SIGTERM)
            try:
                code = server.process.wait(timeout=args.grace + 60)
            except Exception:
                server.kill()
                raise
            exited = time.monotonic()
            time.sleep(1.0)  # clients meet the closed port for a moment
            stop.set()
            health.stop.set()
            for thread in [*clients, poller, watcher]:
                thread.join(timeout=60)
        finally:
            server.kill()
        handled = accepted_calls(log)
        acked = [c.article_id for c in calls if c.method == "IngestArticle" and c.code == "OK"]
        store = open_store(db)
        try:
            missing = [a for a in acked if store.get(a) is None]
            store_ok = store.check()
        finally:
            store.close()

    ok = [c for c in calls if c.code == "OK"]
    refused = [c for c in calls if c.code == "UNAVAILABLE" and c.request_id not in handled]
    refused_ids = {c.request_id for c in refused}
    failed = [c for c in calls if c.code != "OK" and c.request_id not in refused_ids]
    unhandled = [c for c in failed if c.request_id not in handled and not c.echoed]
    not_logged_ok = [c for c in ok if c.request_id not in handled]
    in_flight = [c for c in calls if c.started < sigterm < c.ended]
    after = [c for c in calls if c.started >= sigterm]
    print(
        f"calls started {len(calls)} ({len(calls) - len(after)} before SIGTERM, {len(after)} after); "
        f"completed OK {len(ok)}; refused {len(refused)} (UNAVAILABLE, never reached a handler; "
        f"{sum(c.started < sigterm for c in refused)} of them sent before SIGTERM); "
        f"failed otherwise {len(failed)} (must be 0"
        + (f"; {len(unhandled)} of them never reached a handler" if unhandled else "")
        + ")"
    )
    for c in failed[:20]:
        print(
            f"  failed: {c.method} {c.code} ({c.details!r}), sent {(c.started - sigterm) * 1000:+.0f} ms "
            f"from SIGTERM, ended {(c.ended - sigterm) * 1000:+.0f} ms; server log: "
            f"{handled.get(c.request_id, 'no entry')}; x-request-id echoed: {c.echoed}"
        )
    print(
        f"in flight at SIGTERM: {len(in_flight)} calls, {sum(c.code == 'OK' for c in in_flight)} "
        "completed OK "
        f"(the last {max((c.ended - sigterm for c in in_flight), default=0) * 1000:.0f} ms after SIGTERM); "
        f"calls started after SIGTERM that the server still took: {sum(c.code == 'OK' for c in after)}"
    )
    watch_flip = next((t for t, s in health.watch_statuses if s == NOT_SERVING and t >= sigterm), None)
    watch_text = (
        f"NOT_SERVING on the Watch stream {(watch_flip - sigterm) * 1000:.0f} ms after SIGTERM"
        if watch_flip is not None
        else f"the Watch stream never said NOT_SERVING ({health.watch_statuses})"
    )
    poll_text = (
        f"first Check poll not SERVING: {health.poll_first_change[1]} "
        f"{(health.poll_first_change[0] - sigterm) * 1000:.0f} ms after SIGTERM"
        if health.poll_first_change
        else "Check polls never saw a change"
    )
    print(f"health: {watch_text}; {poll_text}")
    seconds = exited - sigterm
    print(f"exit: code {code} {seconds:.2f} s after SIGTERM (grace {args.grace:.0f} s)")
    print(
        f"ingests acknowledged {len(acked)}, missing from the store afterwards {len(missing)}; "
        f"store check {'ok' if store_ok else 'FAILED'}; "
        f"OK calls absent from the server log {len(not_logged_ok)}"
    )
    passed = (
        not failed
        and watch_flip is not None
        and code == 0
        and seconds <= args.grace + 1
        and not missing
        and store_ok
        and len(in_flight) > 0
    )
    print(f"drain: {'PASS' if passed else 'FAIL'}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
