"""The embedded default store: one SQLite file in WAL mode.

Each thread reads through its own connection (WAL lets readers run beside the
writer); writes go through one lock and one transaction per article, so an
acknowledged ingest is on disk (synchronous=FULL) and a crash leaves no half.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sourcecheck.core import EXTRACTOR_VERSION, Article, Claim, CorpusClaim
from sourcecheck.store.base import StoreError
from sourcecheck.store.codec import (
    ARTICLE_COLUMNS,
    STORED_ARTICLE_COLUMNS,
    article_row,
    dump_claim,
    index_terms,
)
from sourcecheck.store.retrieval import find_candidates

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
    # 2: document frequency per term, so that a lookup reads only rare terms' postings.
    """
    CREATE TABLE term_df (term TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO term_df (term, n) SELECT term, COUNT(*) FROM claim_terms GROUP BY term;
    CREATE INDEX claims_published ON claims(published);
    """,
    # 3: the extractor version that read each article's claims ('' for articles stored before it was
    # recorded), indexed so that counting articles per version reads the index, not the bodies.
    """
    ALTER TABLE articles ADD COLUMN extractor_version TEXT NOT NULL DEFAULT '';
    CREATE INDEX articles_extractor_version ON articles(extractor_version);
    """,
    # 4: each claim's text fingerprint beside its data, so that retrieval picks one wire sentence's
    # copies before it decodes any of them.
    """
    ALTER TABLE claims ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';
    UPDATE claims SET fingerprint = coalesce(json_extract(data, '$.f.p'), '');
    """,
)

_CHUNK = 500  # SQLite allows a limited number of bound parameters per statement


def _window(published: int | None, window_days: int) -> tuple[int, int]:
    if published is None:
        return -(2**62), 2**62
    return published - window_days * 86400, published + window_days * 86400


def _chunked_select(
    conn: sqlite3.Connection, sql: str, values: Sequence[object], extra: tuple[object, ...] = ()
) -> list[tuple[Any, ...]]:
    """Run `sql` (with an IN ({marks}) list) over `values` in chunks, then `extra` parameters."""
    out: list[tuple[Any, ...]] = []
    for start in range(0, len(values), _CHUNK):
        chunk = values[start : start + _CHUNK]
        out.extend(conn.execute(sql.format(marks=",".join("?" * len(chunk))), (*chunk, *extra)).fetchall())
    return out


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

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, behind the write lock: committed if the block ends, else rolled back."""
        conn = self._connect()
        with self._write_lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def put(
        self, article: Article, claims: Sequence[Claim], *, extractor_version: str = EXTRACTOR_VERSION
    ) -> bool:
        with self._writing() as conn:
            replaced = self._remove(conn, article.id)
            conn.execute(
                f"INSERT INTO articles ({STORED_ARTICLE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                article_row(article, extractor_version),
            )
            self._insert_claims(conn, article, claims)
        return replaced

    @staticmethod
    def _insert_claims(conn: sqlite3.Connection, article: Article, claims: Sequence[Claim]) -> None:
        """Insert an article's claims, their index terms and the terms' document frequencies."""
        for claim in claims:
            rowid = conn.execute(
                "INSERT INTO claims (article_id, outlet, published, data, fingerprint) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    article.id,
                    article.outlet,
                    article.published,
                    dump_claim(claim),
                    claim.features.fingerprint,
                ),
            ).lastrowid
            terms = list(dict.fromkeys(index_terms(claim)))
            conn.executemany(
                "INSERT INTO claim_terms (term, claim_rowid) VALUES (?, ?)",
                [(t, rowid) for t in terms],
            )
            conn.executemany(
                "INSERT INTO term_df (term, n) VALUES (?, 1) ON CONFLICT (term) DO UPDATE SET n = n + 1",
                [(t,) for t in terms],
            )

    def get(self, article_id: str) -> Article | None:
        row = (
            self._connect()
            .execute(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,))
            .fetchone()
        )
        return Article(*row) if row else None

    def list_after(self, after_id: str, limit: int) -> Sequence[Article]:
        rows = self._connect().execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id > ? ORDER BY id LIMIT ?", (after_id, limit)
        )
        return [Article(*row) for row in rows.fetchall()]

    @staticmethod
    def _forget_terms(conn: sqlite3.Connection, article_id: str) -> None:
        """Take the terms of an article's claims off term_df, before its claims are deleted."""
        conn.execute(
            """
            UPDATE term_df SET n = n - (
                SELECT COUNT(*) FROM claim_terms AS ct JOIN claims AS c ON c.rowid = ct.claim_rowid
                WHERE c.article_id = ? AND ct.term = term_df.term)
            WHERE term IN (SELECT ct.term FROM claim_terms AS ct JOIN claims AS c ON c.rowid = ct.claim_rowid
                           WHERE c.article_id = ?)
            """,
            (article_id, article_id),
        )

    @classmethod
    def _remove(cls, conn: sqlite3.Connection, article_id: str) -> bool:
        """Delete an article and its claims inside the caller's transaction, keeping term_df exact."""
        cls._forget_terms(conn, article_id)
        return conn.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount > 0

    def delete(self, article_id: str) -> bool:
        with self._writing() as conn:
            return self._remove(conn, article_id)

    def extractor_versions(self) -> Mapping[str, int]:
        rows = (
            self._connect()
            .execute("SELECT extractor_version, COUNT(*) FROM articles GROUP BY extractor_version")
            .fetchall()
        )
        return {version: int(count) for version, count in rows}

    def articles_after(
        self, after: str, limit: int, *, unless_version: str | None = None
    ) -> Sequence[Article]:
        where, params = "id > ?", [after]
        if unless_version is not None:
            where, params = f"{where} AND extractor_version <> ?", [after, unless_version]
        rows = (
            self._connect()
            .execute(
                f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE {where} ORDER BY id LIMIT ?", (*params, limit)
            )
            .fetchall()
        )
        return [Article(*row) for row in rows]

    def replace_claims(
        self, extracted: Sequence[tuple[Article, Sequence[Claim]]], extractor_version: str
    ) -> Sequence[bool]:
        done: list[bool] = []
        with self._writing() as conn:
            for article, claims in extracted:
                row = conn.execute(
                    f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article.id,)
                ).fetchone()
                if row is None or Article(*row) != article:
                    done.append(False)
                    continue
                self._forget_terms(conn, article.id)
                conn.execute("DELETE FROM claims WHERE article_id = ?", (article.id,))
                self._insert_claims(conn, article, claims)
                conn.execute(
                    "UPDATE articles SET extractor_version = ? WHERE id = ?", (extractor_version, article.id)
                )
                done.append(True)
        return done

    def candidates(
        self, claims: Sequence[Claim], outlet: str, published: int | None, window_days: int, per_claim: int
    ) -> Mapping[str, Sequence[CorpusClaim]]:
        """Four indexed reads per article, whatever the corpus size (retrieval.find_candidates)."""
        conn = self._connect()
        return find_candidates(
            claims,
            outlet,
            None if published is None else _window(published, window_days),
            per_claim,
            read_df=lambda terms: dict(
                _chunked_select(conn, "SELECT term, n FROM term_df WHERE term IN ({marks})", terms)
            ),
            read_postings=lambda terms: [
                (term, json.loads(rows))
                for term, rows in _chunked_select(
                    conn,
                    "SELECT term, json_group_array(claim_rowid) FROM claim_terms WHERE term IN ({marks}) "
                    "GROUP BY term",
                    terms,
                )
            ],
            read_heads=lambda rows: _chunked_select(
                conn,
                "SELECT rowid, article_id, outlet, published, fingerprint FROM claims "
                "WHERE rowid IN ({marks})",
                rows,
            ),
            read_data=lambda rows: _chunked_select(
                conn, "SELECT rowid, data FROM claims WHERE rowid IN ({marks})", rows
            ),
        )

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
