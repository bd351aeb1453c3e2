"""The embedded default store: one SQLite file in WAL mode.

Each thread reads through its own connection (WAL lets readers run beside the
writer); writes go through one lock and one transaction per article, so an
acknowledged ingest is on disk (synchronous=FULL) and a crash leaves no half.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Mapping, Sequence

from sourcecheck.core import Article, Claim, CorpusClaim
from sourcecheck.store.base import StoreError
from sourcecheck.store.codec import dump_claim, index_terms, load_claim

MIGRATIONS: tuple[str, ...] = (
    # 1: articles, claims and the term index that candidate retrieval reads.
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY, outlet TEXT NOT NULL, url TEXT NOT NULL, title TEXT NOT NULL,
        body TEXT NOT NULL, published INTEGER, language TEXT NOT NULL
    );
    CREATE TABLE claims (
        rowid INTEGER PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        outlet TEXT NOT NULL, published INTEGER, data TEXT NOT NULL
    );
    CREATE INDEX claims_article ON claims(article_id);
    CREATE TABLE claim_terms (
        term TEXT NOT NULL, claim_rowid INTEGER NOT NULL REFERENCES claims(rowid) ON DELETE CASCADE,
        PRIMARY KEY (term, claim_rowid)
    ) WITHOUT ROWID;
    CREATE INDEX claim_terms_claim ON claim_terms(claim_rowid);
    """,
)

MIN_SHARED_TERMS = 2


class SqliteStore:
    def __init__(self, path: str) -> None:
        self.path = path
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self._migrate()

    def _connect(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            except sqlite3.Error as error:
                raise StoreError(f"cannot open {self.path}: {error}") from error
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA busy_timeout=30000")
            self._local.conn = conn
            with self._write_lock:
                self._connections.append(conn)
        return conn

    def _migrate(self) -> None:
        conn = self._connect()
        with self._write_lock:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                conn.execute("BEGIN IMMEDIATE")
                try:
                    for statement in filter(str.strip, script.split(";")):
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version={number}")
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise

    def put(self, article: Article, claims: Sequence[Claim]) -> bool:
        conn = self._connect()
        with self._write_lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                replaced = conn.execute("DELETE FROM articles WHERE id = ?", (article.id,)).rowcount > 0
                conn.execute(
                    "INSERT INTO articles (id, outlet, url, title, body, published, language) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        article.id,
                        article.outlet,
                        article.url,
                        article.title,
                        article.body,
                        article.published,
                        article.language,
                    ),
                )
                for claim in claims:
                    rowid = conn.execute(
                        "INSERT INTO claims (article_id, outlet, published, data) VALUES (?, ?, ?, ?)",
                        (article.id, article.outlet, article.published, dump_claim(claim)),
                    ).lastrowid
                    conn.executemany(
                        "INSERT OR IGNORE INTO claim_terms (term, claim_rowid) VALUES (?, ?)",
                        [(term, rowid) for term in index_terms(claim)],
                    )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return replaced

    def get(self, article_id: str) -> Article | None:
        row = (
            self._connect()
            .execute(
                "SELECT id, outlet, body, title, url, published, language FROM articles WHERE id = ?",
                (article_id,),
            )
            .fetchone()
        )
        return Article(*row) if row else None

    def delete(self, article_id: str) -> bool:
        conn = self._connect()
        with self._write_lock:
            return conn.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount > 0

    def candidates(
        self, claims: Sequence[Claim], outlet: str, published: int | None, window_days: int, per_claim: int
    ) -> Mapping[str, Sequence[CorpusClaim]]:
        conn = self._connect()
        found: dict[str, list[CorpusClaim]] = {}
        low, high = (
            (-(2**62), 2**62)
            if published is None
            else (published - window_days * 86400, published + window_days * 86400)
        )
        for claim in claims:
            terms = index_terms(claim)
            if not terms:
                found[claim.id] = []
                continue
            marks = ",".join("?" * len(terms))
            # Outlet and window filter before the LIMIT: else the outlet's own coverage, or older
            # coverage of the story, fills the limit and hides every other outlet's claim.
            rows = conn.execute(
                f"""
                SELECT c.article_id, c.outlet, c.published, c.data
                FROM (SELECT ct.claim_rowid, COUNT(*) AS hits
                      FROM claim_terms AS ct JOIN claims AS k ON k.rowid = ct.claim_rowid
                      WHERE ct.term IN ({marks}) AND k.outlet <> ?
                        AND (k.published IS NULL OR k.published BETWEEN ? AND ?)
                      GROUP BY ct.claim_rowid HAVING hits >= ?
                      ORDER BY hits DESC LIMIT ?) AS t
                JOIN claims AS c ON c.rowid = t.claim_rowid
                ORDER BY t.hits DESC
                """,
                (*terms, outlet, low, high, MIN_SHARED_TERMS, per_claim * 4),
            ).fetchall()
            found[claim.id] = [
                CorpusClaim(article_id, row_outlet, row_published, load_claim(data))
                for article_id, row_outlet, row_published, data in rows[:per_claim]
            ]
        return found

    def counts(self) -> tuple[int, int]:
        conn = self._connect()
        articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        claims = conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
        return int(articles), int(claims)

    def check(self) -> bool:
        return bool(self._connect().execute("PRAGMA integrity_check").fetchone()[0] == "ok")

    def close(self) -> None:
        """Close every thread's connection (the drain runs on a thread of its own)."""
        with self._write_lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()
