"""Crash safety: no acknowledged ingest is lost and no article is half-written, whatever goes down.

(a) SQLite: writer threads ingest synthetic articles through unary IngestArticle calls and record each
    acknowledged id; the server is SIGKILLed at a random (seeded) moment; it restarts on the same file,
    and every acknowledged id must be there (GetArticle, same body), the file must pass PRAGMA
    integrity_check and foreign_key_check, and every stored article must hold exactly its claims (the
    count acknowledged, or a fresh extraction's) with term_df exact. Repeated R times on one file.
(b) PostgreSQL (with --db-url, or $SOURCECHECK_TEST_POSTGRES_URL, where a fresh database is made):
    writers ingest while PostgreSQL restarts (pg_ctl restart -m fast, on --pg-data or
    $PG_CLUSTER_DIR/data as tests/pg_cluster.sh lays it out); calls may fail only with UNAVAILABLE
    while it is down, must succeed after, and every acknowledged write must be there with its claims.

Usage: python bench/crash_bench.py [--rounds 5] [--seed 1] [--writers 2] [--skip-sqlite | --skip-postgres]
                                   [--db-url postgresql://...] [--pg-data DIR] [--pg-restarts 2]
"""

from __future__ import annotations

import argparse
import os
import random
import shlex
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import grpc

from sourcecheck import convert, core
from sourcecheck.store import open_store
from sourcecheck.store.codec import index_terms, load_claim
from sourcecheck.store.sqlite import SqliteStore
from sourcecheck.v1 import scoring_pb2 as pb
from sourcecheck.v1 import scoring_pb2_grpc

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic
from load_bench import ServerProcess

POSTGRES_ENV = "SOURCECHECK_TEST_POSTGRES_URL"


@dataclass
class Attempt:
    article_id: str
    body: str
    started: float
    ended: float = 0.0
    code: str = ""
    details: str = ""
    claim_count: int = -1


@dataclass
class Writer:
    """One client thread's ingest calls, in order."""

    attempts: list[Attempt] = field(default_factory=list)

    def run(
        self,
        address: str,
        tag: str,
        seed: int,
        stop: threading.Event,
        stop_on_error: bool,
        max_calls: int = 200_000,
    ) -> None:
        articles = synthetic.articles(max_calls, seed=seed)
        options = [("grpc.use_local_subchannel_pool", 1)]
        with grpc.insecure_channel(address, options=options) as channel:
            stub = scoring_pb2_grpc.ScoringServiceStub(channel)
            for index, article in enumerate(articles):
                if stop.is_set():
                    return
                message = convert.article_to_pb(article)
                message.id = f"{tag}-{index}"
                attempt = Attempt(message.id, message.body, time.monotonic())
                self.attempts.append(attempt)
                try:
                    done = stub.IngestArticle(pb.IngestArticleRequest(article=message), timeout=30)
                    attempt.code, attempt.claim_count = "OK", done.claim_count
                except grpc.RpcError as error:
                    attempt.code = error.code().name  # type: ignore[attr-defined]
                    attempt.details = error.details() or ""  # type: ignore[attr-defined]
                attempt.ended = time.monotonic()
                if attempt.code != "OK":
                    if stop_on_error:
                        return
                    stop.wait(0.05)  # a client backing off a little before its next call


def verify_through_server(
    address: str, acked: dict[str, Attempt], unacked: list[Attempt]
) -> tuple[int, int, int]:
    """(missing, different, unacknowledged but stored) via GetArticle on a running server."""
    missing = different = stored_unacked = 0
    with grpc.insecure_channel(address) as channel:
        stub = scoring_pb2_grpc.ScoringServiceStub(channel)
        for attempt in acked.values():
            try:
                got = stub.GetArticle(pb.GetArticleRequest(id=attempt.article_id), timeout=30).article
                different += got.body != attempt.body
            except grpc.RpcError as error:
                if error.code() != grpc.StatusCode.NOT_FOUND:  # type: ignore[attr-defined]
                    raise
                missing += 1
        for attempt in unacked:
            try:
                stub.GetArticle(pb.GetArticleRequest(id=attempt.article_id), timeout=30)
                stored_unacked += 1
            except grpc.RpcError as error:
                if error.code() != grpc.StatusCode.NOT_FOUND:  # type: ignore[attr-defined]
                    raise
    return missing, different, stored_unacked


def claim_mismatches(rows: list[tuple[str, str, int]], acked: dict[str, Attempt]) -> tuple[int, int]:
    """(articles whose stored claims differ from what they should hold, articles re-extracted).

    `rows` is (id, body, stored claim count) per article. The count acknowledged is what it should hold;
    for an article stored without an acknowledgement, a fresh extraction says.
    """
    wrong = extracted = 0
    for article_id, body, stored in rows:
        if article_id in acked:
            expected = acked[article_id].claim_count
        else:
            expected = len(core.extract(core.Article(id=article_id, outlet="x", body=body)))
            extracted += 1
        wrong += stored != expected
    return wrong, extracted


def sqlite_offline_checks(db: str, acked: dict[str, Attempt]) -> dict[str, object]:
    """Integrity of the file with no server running."""
    store = SqliteStore(db)
    try:
        integrity = store.check()
    finally:
        store.close()
    conn = sqlite3.connect(db)
    try:
        foreign = conn.execute("PRAGMA foreign_key_check").fetchall()
        rows = conn.execute(
            "SELECT a.id, a.body, (SELECT COUNT(*) FROM claims AS c WHERE c.article_id = a.id) "
            "FROM articles AS a"
        ).fetchall()
        df_wrong = conn.execute(
            "SELECT COUNT(*) FROM (SELECT term, n FROM term_df WHERE n <> 0 EXCEPT "
            "SELECT term, COUNT(*) FROM claim_terms GROUP BY term) "
        ).fetchone()[0]
        df_wrong += conn.execute(
            "SELECT COUNT(*) FROM (SELECT term, COUNT(*) FROM claim_terms GROUP BY term EXCEPT "
            "SELECT term, n FROM term_df)"
        ).fetchone()[0]
        stored_terms = dict(
            conn.execute("SELECT claim_rowid, COUNT(*) FROM claim_terms GROUP BY claim_rowid").fetchall()
        )
        terms_wrong = sum(
            stored_terms.get(rowid, 0) != len(set(index_terms(load_claim(data))))
            for rowid, data in conn.execute("SELECT rowid, data FROM claims")
        )
    finally:
        conn.close()
    wrong, extracted = claim_mismatches(rows, acked)
    return {
        "integrity": integrity,
        "foreign_key_violations": len(foreign),
        "articles": len(rows),
        "claims_wrong": wrong,
        "re_extracted": extracted,
        "term_df_wrong": df_wrong,
        "claims_with_wrong_terms": terms_wrong,
    }


def run_sqlite(args: argparse.Namespace, tmp: Path) -> bool:
    db = str(tmp / "crash.db")
    log = tmp / "sqlite-server.log"
    rng = random.Random(args.seed)
    acked: dict[str, Attempt] = {}
    passed = True
    print(f"(a) SQLite, {args.rounds} rounds on {db}, {args.writers} writers, seed {args.seed}", flush=True)
    for round_number in range(1, args.rounds + 1):
        server = ServerProcess(db, log).start()
        writers = [Writer() for _ in range(args.writers)]
        stop = threading.Event()
        threads = [
            threading.Thread(
                target=w.run,
                args=(server.address, f"crash-r{round_number}-w{n}", round_number * 100 + n, stop, True),
                daemon=True,
            )
            for n, w in enumerate(writers)
        ]
        kill_after = rng.uniform(args.kill_min, args.kill_max)
        for thread in threads:
            thread.start()
        time.sleep(kill_after)
        server.kill()  # SIGKILL
        for thread in threads:
            thread.join(timeout=60)
        stop.set()
        attempts = [a for w in writers for a in w.attempts]
        round_acked = {a.article_id: a for a in attempts if a.code == "OK"}
        acked.update(round_acked)
        unacked = [a for a in attempts if a.code != "OK"]
        codes = Counter(a.code for a in unacked)

        server = ServerProcess(db, log).start()
        restarted = time.monotonic()
        missing, different, stored_unacked = verify_through_server(server.address, acked, unacked)
        verify_seconds = time.monotonic() - restarted
        exit_code = server.terminate()
        checks = sqlite_offline_checks(db, acked)
        ok = (
            not missing
            and not different
            and checks["integrity"] is True
            and checks["foreign_key_violations"] == 0
            and checks["claims_wrong"] == 0
            and checks["term_df_wrong"] == 0
            and checks["claims_with_wrong_terms"] == 0
            and exit_code == 0
            and set(codes) <= {"UNAVAILABLE"}
        )
        passed &= ok
        print(
            f"  round {round_number}: SIGKILL after {kill_after:.2f} s; acknowledged {len(round_acked)} "
            f"(total {len(acked)}); cut off {len(unacked)} ({dict(codes)}), of which stored "
            f"{stored_unacked}; after restart: missing {missing}, body differs {different} "
            f"(checked in {verify_seconds:.1f} s); integrity {'ok' if checks['integrity'] else 'FAILED'}, "
            f"foreign-key violations {checks['foreign_key_violations']}, articles {checks['articles']}, "
            f"with wrong claim count {checks['claims_wrong']} ({checks['re_extracted']} re-extracted), "
            f"term_df wrong {checks['term_df_wrong']}, claims with wrong terms "
            f"{checks['claims_with_wrong_terms']}; clean exit {exit_code} -> {'PASS' if ok else 'FAIL'}",
            flush=True,
        )
    return passed


def pg_ctl_path() -> str:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3]))
    if found:
        return str(found[-1])
    raise SystemExit("no pg_ctl under /usr/lib/postgresql (give --pg-ctl)")


def pg_outage(pg_ctl: str, data: Path, down_seconds: float) -> None:
    """`pg_ctl restart -m fast`; or, given `down_seconds`, stop (fast), stay down that long, and start
    again with the options it ran with. As the owner of the data directory."""
    owner = data.stat().st_uid
    prefix: list[str] = []
    if os.getuid() == 0 and owner != 0:
        import pwd

        prefix = ["runuser", "-u", pwd.getpwuid(owner).pw_name, "--"]
    # -l: the server must not inherit our pipes, or waiting for pg_ctl would wait for the server too.
    base = [*prefix, pg_ctl, "-D", str(data), "-l", str(data.parent / "server.log"), "-w", "-t", "60"]

    def run(*extra: str) -> None:
        subprocess.run([*base, *extra], check=True, cwd="/", stdout=subprocess.DEVNULL, timeout=120)

    if down_seconds <= 0:
        run("restart", "-m", "fast")
        return
    # postmaster.opts: the postgres command line it runs with; start needs its options again.
    options = shlex.split((data / "postmaster.opts").read_text())[3:]  # past `postgres -D DIR`
    run("stop", "-m", "fast")
    time.sleep(down_seconds)
    run("start", "-o", shlex.join(options))


def run_postgres(args: argparse.Namespace, tmp: Path) -> bool:
    import psycopg
    from psycopg import sql

    data = Path(args.pg_data or Path(os.environ.get("PG_CLUSTER_DIR", "")) / "data")
    if not (data / "postmaster.pid").exists():
        raise SystemExit(f"no running PostgreSQL data directory at {data} (give --pg-data)")
    pg_ctl = args.pg_ctl or pg_ctl_path()
    admin_url, created = args.db_url, None
    if not admin_url:
        admin_url = os.environ[POSTGRES_ENV]
        created = f"crash_bench_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(created)))
    url = urlsplit(admin_url)._replace(path=f"/{created}").geturl() if created else admin_url
    tag = f"pgcrash-{uuid.uuid4().hex[:8]}"
    print(
        f"(b) PostgreSQL: {args.writers * 2} writers, {args.pg_restarts} "
        + (f"outages of {args.pg_down:.0f} s (fast stop, start)" if args.pg_down > 0 else "fast restarts")
        + f" of {data}",
        flush=True,
    )
    try:
        server = ServerProcess(url, tmp / "pg-server.log").start()
        writers = [Writer() for _ in range(args.writers * 2)]
        stop = threading.Event()
        threads = [
            threading.Thread(
                target=w.run, args=(server.address, f"{tag}-w{n}", 7000 + n, stop, False), daemon=True
            )
            for n, w in enumerate(writers)
        ]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        restarts: list[tuple[float, float]] = []
        for _ in range(args.pg_restarts):
            time.sleep(args.pg_interval)
            started = time.monotonic()
            pg_outage(pg_ctl, data, args.pg_down)
            restarts.append((started, time.monotonic()))
        time.sleep(args.pg_interval)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        attempts = [a for w in writers for a in w.attempts]
        acked = {a.article_id: a for a in attempts if a.code == "OK"}
        unacked = [a for a in attempts if a.code != "OK"]
        missing, different, stored_unacked = verify_through_server(server.address, acked, unacked)
        server_alive = server.process is not None and server.process.poll() is None
        exit_code = server.terminate()
        store = open_store(url)
        try:
            check = store.check()
        finally:
            store.close()
        with psycopg.connect(url) as conn:
            rows = conn.execute(
                "SELECT a.id, a.body, (SELECT count(*) FROM claims AS c WHERE c.article_id = a.id) "
                "FROM articles AS a WHERE a.id LIKE %s",
                (f"{tag}-%",),
            ).fetchall()
        wrong, extracted = claim_mismatches([(r[0], r[1], int(r[2])) for r in rows], acked)
    finally:
        if created:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(created))
                )

    codes = Counter(a.code for a in attempts)
    passed = (
        not missing
        and not different
        and check
        and wrong == 0
        and set(codes) <= {"OK", "UNAVAILABLE"}
        and server_alive
        and exit_code == 0
    )
    print(
        f"  calls {len(attempts)} in {time.monotonic() - began:.0f} s: "
        + ", ".join(f"{c} {n}" for c, n in sorted(codes.items()))
    )
    for number, (down, up) in enumerate(restarts, 1):
        next_start = restarts[number][0] - 1 if number < len(restarts) else float("inf")
        window = [a for a in attempts if down - 1 <= a.started < next_start]
        failed = [a for a in window if a.code == "UNAVAILABLE"]
        ok_after = sorted(a.ended for a in window if a.code == "OK" and a.started >= up)
        first_ok = f"{(ok_after[0] - up) * 1000:.0f} ms" if ok_after else "never"
        last_fail = f"{(max(a.ended for a in failed) - up) * 1000:+.0f} ms" if failed else "-"
        print(
            f"  outage {number}: PostgreSQL down/up in {up - down:.2f} s; UNAVAILABLE {len(failed)} "
            f"(last ended {last_fail} from its return); OK after it {len(ok_after)}, first OK "
            f"{first_ok} after its return"
        )
        for attempt in sorted(failed, key=lambda a: a.started):
            print(
                f"    UNAVAILABLE: sent {(attempt.started - down) * 1000:+.0f} ms, ended "
                f"{(attempt.ended - down) * 1000:+.0f} ms from the outage start: {attempt.details}"
            )
    print(
        f"  acknowledged {len(acked)}: missing {missing}, body differs {different}; unacknowledged "
        f"{len(unacked)}, of which stored {stored_unacked}; wrong claim count {wrong} of {len(rows)} "
        f"({extracted} re-extracted); store check {'ok' if check else 'FAILED'}; server alive throughout "
        f"{server_alive}, clean exit {exit_code} -> {'PASS' if passed else 'FAIL'}"
    )
    return passed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="SQLite kill/restart rounds (default 5)")
    parser.add_argument("--seed", type=int, default=1, help="seeds the kill moments (default 1)")
    parser.add_argument("--writers", type=int, default=2, help="concurrent ingest clients (default 2)")
    parser.add_argument("--kill-min", type=float, default=0.5, help="earliest SIGKILL, seconds in")
    parser.add_argument("--kill-max", type=float, default=4.0, help="latest SIGKILL, seconds in")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--skip-sqlite", action="store_true")
    which.add_argument("--skip-postgres", action="store_true")
    parser.add_argument(
        "--db-url", help="PostgreSQL URL to ingest into (default: a fresh database on $" + POSTGRES_ENV + ")"
    )
    parser.add_argument("--pg-data", help="the cluster's data directory (default $PG_CLUSTER_DIR/data)")
    parser.add_argument("--pg-ctl", help="pg_ctl to restart it with (default: newest in /usr/lib/postgresql)")
    parser.add_argument("--pg-restarts", type=int, default=2, help="PostgreSQL restarts (default 2)")
    parser.add_argument("--pg-interval", type=float, default=4.0, help="seconds of load around restarts")
    parser.add_argument(
        "--pg-down",
        type=float,
        default=0.0,
        help="stop PostgreSQL this long instead of `restart -m fast` (default 0: restart)",
    )
    args = parser.parse_args()
    if not 0 < args.kill_min <= args.kill_max or args.rounds < 1 or args.writers < 1:
        parser.error("need 0 < --kill-min <= --kill-max, --rounds >= 1, --writers >= 1")
    passed = True
    with tempfile.TemporaryDirectory(prefix="crash-bench-") as tmp:
        if not args.skip_sqlite:
            passed &= run_sqlite(args, Path(tmp))
        if not args.skip_postgres:
            if args.db_url or os.environ.get(POSTGRES_ENV):
                passed &= run_postgres(args, Path(tmp))
            else:
                print(f"(b) PostgreSQL skipped: give --db-url or set {POSTGRES_ENV} (tests/pg_cluster.sh)")
    print(f"crash: {'PASS' if passed else 'FAIL'}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
