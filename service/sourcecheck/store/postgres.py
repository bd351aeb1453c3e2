"""The shared store: one PostgreSQL database, for several replicas of the service.

Same tables and semantics as the SQLite store. Calls borrow connections from a
pool; each write is one transaction. Connection trouble (the server down,
restarting, unreachable, or out of connections) surfaces as StoreUnavailable,
and the pool replaces broken connections, so calls succeed again once the
database is back. Messages name the database but never its password.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import ConnectionPool

from sourcecheck.core import EXTRACTOR_VERSION, Article, Claim, CorpusClaim
from sourcecheck.store.base import StoreError, StoreUnavailable
from sourcecheck.store.codec import (
    ARTICLE_COLUMNS,
    STORED_ARTICLE_COLUMNS,
    article_row,
    dump_claim,
    index_terms,
)
from sourcecheck.store.retrieval import find_candidates

MIGRATIONS: tuple[str, ...] = (
    # 1: the SQLite store's tables after its migration 2: articles, claims, the term index that
    # candidate retrieval reads, and each term's document frequency (kept exact by put and delete)
    # so a lookup reads only rare terms' postings. Ids and terms compare bytewise (COLLATE "C"):
    # only equality is asked of them, and their indexes then never depend on the operating
    # system's collation rules.
    """
    CREATE TABLE articles (
        id TEXT COLLATE "C" PRIMARY KEY, outlet TEXT NOT NULL, url TEXT NOT NULL, title TEXT NOT NULL,
        body TEXT NOT NULL, published BIGINT, language TEXT NOT NULL
    );
    CREATE TABLE claims (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        outlet TEXT NOT NULL, published BIGINT, data TEXT NOT NULL
    );
    CREATE INDEX claims_article ON claims(article_id);
    CREATE INDEX claims_published ON claims(published);
    CREATE TABLE claim_terms (
        term TEXT COLLATE "C" NOT NULL,
        claim_id BIGINT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        PRIMARY KEY (term, claim_id)
    );
    CREATE INDEX claim_terms_claim ON claim_terms(claim_id);
    CREATE TABLE term_df (term TEXT COLLATE "C" PRIMARY KEY, n INTEGER NOT NULL);
    """,
    # 2: the extractor version that read each article's claims ('' for articles stored before it was
    # recorded, and for those a replica still running an older build stores during a rolling upgrade),
    # indexed so that counting articles per version reads the index, not the bodies.
    """
    ALTER TABLE articles ADD COLUMN extractor_version TEXT COLLATE "C" NOT NULL DEFAULT '';
    CREATE INDEX articles_extractor_version ON articles(extractor_version);
    """,
    # 3: each claim's text fingerprint beside its data, so that retrieval picks one wire sentence's
    # copies before it decodes any of them.
    """
    ALTER TABLE claims ADD COLUMN fingerprint TEXT COLLATE "C" NOT NULL DEFAULT '';
    UPDATE claims SET fingerprint = coalesce(data::json -> 'f' ->> 'p', '');
    """,
)

# Advisory lock keys. Migrations take one 64-bit key; writes to an article take (ARTICLE_LOCK, hash of
# its id), a separate space, so a put and a put or delete of the same id run one after the other.
MIGRATION_LOCK = 0x736F75726365636B  # "sourceck"
ARTICLE_LOCK = 0x73630001


_CHECK = """
SELECT
    (SELECT coalesce(max(version), 0) FROM schema_migrations),
    EXISTS (SELECT 1 FROM claims AS c
            WHERE NOT EXISTS (SELECT 1 FROM articles AS a WHERE a.id = c.article_id)),
    EXISTS (SELECT 1 FROM claim_terms AS t
            WHERE NOT EXISTS (SELECT 1 FROM claims AS c WHERE c.id = t.claim_id)),
    EXISTS (SELECT 1 FROM claims AS c JOIN articles AS a ON a.id = c.article_id
            WHERE c.outlet <> a.outlet OR c.published IS DISTINCT FROM a.published),
    EXISTS (SELECT 1 FROM term_df AS d
            FULL JOIN (SELECT term, count(*) AS n FROM claim_terms GROUP BY term) AS t USING (term)
            WHERE coalesce(d.n, 0) <> coalesce(t.n, 0))
"""


def describe(url: str) -> str:
    """The database a URL names, for messages: user, host, port and name, never the password."""
    try:
        params = conninfo_to_dict(url)
    except psycopg.Error:
        return "an unparseable PostgreSQL URL"
    user = f"{params['user']}@" if params.get("user") else ""
    port = f":{params['port']}" if params.get("port") else ""
    return f"postgresql://{user}{params.get('host', '')}{port}/{params.get('dbname', '')}"


class PostgresStore:
    def __init__(
        self,
        url: str,
        *,
        min_size: int = 1,
        max_size: int = 10,
        timeout: float = 5.0,
        connect_timeout: int = 5,
        reconnect_timeout: float = 5.0,
    ) -> None:
        """Connect, apply pending migrations, and open the pool.

        `timeout` bounds a call's wait for a connection (then StoreUnavailable); `connect_timeout` one
        connection attempt (a URL's own connect_timeout wins). A failed reconnection backs off for at
        most `reconnect_timeout`, after which the next call tries afresh: a short bound keeps the
        pool from sleeping through the database's return.
        """
        self.where = describe(url)
        try:
            params = conninfo_to_dict(url)
        except psycopg.Error:
            # libpq's message may quote the URL, password and all.
            raise StoreError(f"not a valid PostgreSQL URL: {self.where}") from None
        # No server-side prepared statements (they break behind PgBouncer in transaction mode, and
        # these few small queries plan quickly); advisory locks are per transaction for the same reason.
        kwargs: dict[str, Any] = {"autocommit": True, "prepare_threshold": None}
        if "connect_timeout" not in params:
            kwargs["connect_timeout"] = connect_timeout
        if "application_name" not in params:
            kwargs["application_name"] = "sourcecheck"
        self._pool: ConnectionPool[psycopg.Connection[Any]] = ConnectionPool(
            url,
            kwargs=kwargs,
            min_size=min_size,
            max_size=max_size,
            timeout=timeout,
            reconnect_timeout=reconnect_timeout,
            check=self._check_connection,
            name="sourcecheck-store",
            open=False,
        )
        try:
            with self._errors():
                # A connection of its own, so a failure names its cause (a pool would only time out).
                with psycopg.connect(url, **kwargs) as conn:
                    self._migrate(conn)
                self._pool.open(wait=True, timeout=timeout)
        except BaseException:
            self._pool.close()
            raise

    def _check_connection(self, conn: psycopg.Connection[Any]) -> None:
        """Vet a connection before a call uses it; one found broken means the server dropped them all
        (a restart, a failover), so sweep the others out too rather than meet them one call at a time."""
        try:
            ConnectionPool.check_connection(conn)
        except psycopg.Error:
            self._pool.check()
            raise

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Map the driver's errors to the store's: connection trouble to StoreUnavailable."""
        try:
            yield
        except (psycopg.OperationalError, psycopg.errors.ReadOnlySqlTransaction) as error:
            # OperationalError: refused, reset, timed out, server shutting down or starting, too many
            # connections, pool timeout or closed. Read-only: a failover that has not finished yet.
            raise StoreUnavailable(f"PostgreSQL at {self.where}: {_first_line(error)}") from error
        except psycopg.Error as error:
            raise StoreError(f"PostgreSQL at {self.where}: {_first_line(error)}") from error

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Any]]:
        with self._errors(), self._pool.connection() as conn:
            yield conn

    def _migrate(self, conn: psycopg.Connection[Any]) -> None:
        """Apply pending migrations in one transaction, under a lock, so replicas starting together
        neither race nor apply one twice."""
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                "version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
            )
            row = conn.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
            version = int(row[0]) if row else 0
            if version > len(MIGRATIONS):
                raise StoreError(
                    f"PostgreSQL at {self.where} has schema version {version}; this build knows "
                    f"{len(MIGRATIONS)} (upgrade sourcecheck)"
                )
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                conn.execute(script)
                conn.execute("INSERT INTO schema_migrations (version) VALUES (%s)", (number,))

    def put(
        self, article: Article, claims: Sequence[Claim], *, extractor_version: str = EXTRACTOR_VERSION
    ) -> bool:
        with self._connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (ARTICLE_LOCK, article.id))
            replaced, df_change = self._remove(conn, article.id)
            conn.execute(
                f"INSERT INTO articles ({STORED_ARTICLE_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                article_row(article, extractor_version),
            )
            self._insert_claims(conn, article, claims, df_change)
            self._change_df(conn, df_change)
        return replaced

    @staticmethod
    def _insert_claims(
        conn: psycopg.Connection[Any], article: Article, claims: Sequence[Claim], df_change: Counter[str]
    ) -> None:
        """Insert an article's claims and their index terms; add the terms to `df_change` (for the caller
        to apply to term_df)."""
        rows = []
        for claim in claims:
            terms = list(dict.fromkeys(index_terms(claim)))
            df_change.update(terms)
            rows.append(
                (
                    article.id,
                    article.outlet,
                    article.published,
                    dump_claim(claim),
                    claim.features.fingerprint,
                    terms,
                )
            )
        if rows:
            with conn.cursor() as cursor:
                # One statement per claim (the claim and its terms), pipelined in one round trip.
                cursor.executemany(
                    "WITH claim AS (INSERT INTO claims (article_id, outlet, published, data, fingerprint) "
                    "VALUES (%s, %s, %s, %s, %s) RETURNING id) "
                    "INSERT INTO claim_terms (term, claim_id) "
                    "SELECT term, claim.id FROM claim, unnest(%s::text[]) AS term",
                    rows,
                )

    @staticmethod
    def _claim_terms(conn: psycopg.Connection[Any], article_id: str) -> Counter[str]:
        """The change to term_df that removing an article's claims makes: minus one per claim and term."""
        change: Counter[str] = Counter()
        for (term,) in conn.execute(
            "SELECT ct.term FROM claim_terms AS ct JOIN claims AS c ON c.id = ct.claim_id "
            "WHERE c.article_id = %s",
            (article_id,),
        ):
            change[term] -= 1
        return change

    @classmethod
    def _remove(cls, conn: psycopg.Connection[Any], article_id: str) -> tuple[bool, Counter[str]]:
        """Delete an article and its claims inside the caller's transaction; whether there was one,
        and the change to term_df that removing its claims' terms makes (for the caller to apply)."""
        change = cls._claim_terms(conn, article_id)
        deleted = conn.execute("DELETE FROM articles WHERE id = %s", (article_id,)).rowcount > 0
        return deleted, change

    @staticmethod
    def _change_df(conn: psycopg.Connection[Any], change: Counter[str]) -> None:
        """Add `change` to term_df in one statement, rows taken in term order: writers that share
        terms then lock them in the same order and never deadlock. (A replacement with the same
        terms changes nothing, and locks nothing.)"""
        terms = sorted(term for term, delta in change.items() if delta)
        if terms:
            conn.execute(
                "INSERT INTO term_df (term, n) "
                "SELECT term, delta FROM unnest(%s::text[], %s::int[]) AS d(term, delta) ORDER BY term "
                "ON CONFLICT (term) DO UPDATE SET n = term_df.n + excluded.n",
                (terms, [change[term] for term in terms]),
            )

    def get(self, article_id: str) -> Article | None:
        with self._connection() as conn:
            row = conn.execute(
                f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = %s", (article_id,)
            ).fetchone()
        return Article(*row) if row else None

    def list_after(self, after_id: str, limit: int) -> Sequence[Article]:
        with self._connection() as conn:
            rows = conn.execute(
                f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id > %s ORDER BY id LIMIT %s",
                (after_id, limit),
            ).fetchall()
        return [Article(*row) for row in rows]

    def delete(self, article_id: str) -> bool:
        with self._connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (ARTICLE_LOCK, article_id))
            deleted, df_change = self._remove(conn, article_id)
            self._change_df(conn, df_change)
        return deleted

    def extractor_versions(self) -> Mapping[str, int]:
        with self._connection() as conn:
            rows = conn.execute(
                "SELECT extractor_version, count(*) FROM articles GROUP BY extractor_version"
            ).fetchall()
        return {version: int(count) for version, count in rows}

    def articles_after(
        self, after: str, limit: int, *, unless_version: str | None = None
    ) -> Sequence[Article]:
        with self._connection() as conn:
            rows = conn.execute(
                f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id > %s "
                "AND (%s::text IS NULL OR extractor_version <> %s) ORDER BY id LIMIT %s",
                (after, unless_version, unless_version, limit),
            ).fetchall()
        return [Article(*row) for row in rows]

    def replace_claims(
        self, extracted: Sequence[tuple[Article, Sequence[Claim]]], extractor_version: str
    ) -> Sequence[bool]:
        """As the SQLite store. The articles' locks (those put and delete take) are taken in the order of
        their keys, so two of these never wait on each other in a cycle; term_df changes once, at the
        end, as in put."""
        done: list[bool] = []
        df_change: Counter[str] = Counter()
        ids = sorted({article.id for article, _ in extracted})
        with self._connection() as conn, conn.transaction():
            keys = conn.execute(
                "SELECT DISTINCT hashtext(id) FROM unnest(%s::text[]) AS id", (ids,)
            ).fetchall()
            for (key,) in sorted(keys):
                conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", (ARTICLE_LOCK, key))
            for article, claims in extracted:
                row = conn.execute(
                    f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = %s", (article.id,)
                ).fetchone()
                if row is None or Article(*row) != article:
                    done.append(False)
                    continue
                df_change.update(self._claim_terms(conn, article.id))
                conn.execute("DELETE FROM claims WHERE article_id = %s", (article.id,))
                self._insert_claims(conn, article, claims, df_change)
                conn.execute(
                    "UPDATE articles SET extractor_version = %s WHERE id = %s",
                    (extractor_version, article.id),
                )
                done.append(True)
            self._change_df(conn, df_change)
        return done

    def candidates(
        self, claims: Sequence[Claim], outlet: str, published: int | None, window_days: int, per_claim: int
    ) -> Mapping[str, Sequence[CorpusClaim]]:
        """As the SQLite store, in four round trips whatever the corpus size (retrieval.find_candidates)."""
        window = (
            None if published is None else (published - window_days * 86400, published + window_days * 86400)
        )
        with self._connection() as conn:
            return find_candidates(
                claims,
                outlet,
                window,
                per_claim,
                read_df=lambda terms: dict(
                    conn.execute("SELECT term, n FROM term_df WHERE term = ANY(%s)", (terms,)).fetchall()
                ),
                read_postings=lambda terms: conn.execute(
                    "SELECT term, array_agg(claim_id) FROM claim_terms WHERE term = ANY(%s) GROUP BY term",
                    (terms,),
                ).fetchall(),
                read_heads=lambda rows: conn.execute(
                    "SELECT id, article_id, outlet, published, fingerprint FROM claims WHERE id = ANY(%s)",
                    (rows,),
                ).fetchall(),
                read_data=lambda rows: conn.execute(
                    "SELECT id, data FROM claims WHERE id = ANY(%s)", (rows,)
                ).fetchall(),
            )

    def counts(self) -> tuple[int, int]:
        with self._connection() as conn:
            row = conn.execute(
                "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM claims)"
            ).fetchone()
        assert row is not None
        return int(row[0]), int(row[1])

    def check(self) -> bool:
        """The server answers, the schema is this build's, no claim or term has lost its article or
        claim, no claim its article's outlet and time (the constraints should see to those), and
        term_df counts exactly the claims that hold each term."""
        with self._connection() as conn:
            conn.execute("SELECT 1")
            row = conn.execute(_CHECK).fetchone()
        assert row is not None
        version, *faults = row
        return bool(version == len(MIGRATIONS) and not any(faults))

    def close(self) -> None:
        """Close the pool; later calls raise StoreUnavailable. Closing twice is harmless."""
        self._pool.close()


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
