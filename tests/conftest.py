"""Shared fixtures: a free port, a real in-process gRPC server, the seed articles, PostgreSQL databases."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import grpc
import psycopg
import pytest
from psycopg import sql

from sourcecheck import core
from sourcecheck.articles import expand, read_file
from sourcecheck.server.app import Server, build_server
from sourcecheck.settings import Settings
from sourcecheck.v1 import scoring_pb2_grpc

TESTS_DIR = Path(__file__).resolve().parent
ROOT = TESTS_DIR.parent
SEEDS_DIR = TESTS_DIR / ".." / "seeds"
SEED_COUNT = 5
POSTGRES_ENV = "SOURCECHECK_TEST_POSTGRES_URL"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listened on a moment ago."""
    return _free_port()


@dataclass
class LiveServer:
    """A started in-process server with a channel and a stub bound to it."""

    server: Server
    address: str
    settings: Settings
    channel: grpc.Channel
    stub: scoring_pb2_grpc.ScoringServiceStub


def start_server(tmp_path: Path, **overrides: Any) -> LiveServer:
    """Build and start a server on a free port over a fresh SQLite file in `tmp_path`."""
    address = f"127.0.0.1:{_free_port()}"
    settings = Settings(**{"address": address, "db": str(tmp_path / "x.db"), **overrides})
    server = build_server(settings)
    server.start()
    channel = grpc.insecure_channel(address)
    grpc.channel_ready_future(channel).result(timeout=30)
    return LiveServer(server, address, settings, channel, scoring_pb2_grpc.ScoringServiceStub(channel))


@pytest.fixture
def make_server(tmp_path: Path) -> Iterator[Callable[..., LiveServer]]:
    """A factory for servers with other settings (any Settings field, `db` too), each stopped after the test.

    Stopping twice is harmless, so a test may stop one itself.
    """
    started: list[LiveServer] = []

    def make(**overrides: Any) -> LiveServer:
        sub = tmp_path / f"server{len(started)}" if started else tmp_path
        sub.mkdir(exist_ok=True)
        live = start_server(sub, **overrides)
        started.append(live)
        return live

    yield make
    for live in started:
        live.channel.close()
        live.server.stop(grace=0)


@pytest.fixture
def server(make_server: Callable[..., LiveServer]) -> LiveServer:
    """A real server with default settings on 127.0.0.1:<free port>."""
    return make_server()


@pytest.fixture(scope="session")
def seed_articles() -> list[core.Article]:
    """The five seed articles, read as the CLI reads them (with seeds/articles.json metadata)."""
    articles = [read_file(path) for path in expand([str(SEEDS_DIR)])]
    assert len(articles) == SEED_COUNT, "the seeds folder should hold five articles"
    return articles


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    """$SOURCECHECK_TEST_POSTGRES_URL: a postgresql:// URL of a user who may create databases.

    Unset, the PostgreSQL tests skip; set but unreachable, they fail (CI sets it and must not skip).
    """
    url = os.environ.get(POSTGRES_ENV, "")
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set (tests/pg_cluster.sh starts a throwaway PostgreSQL)")
    with psycopg.connect(url, connect_timeout=10) as conn:
        conn.execute("SELECT 1")
    return url


def database_url(url: str, name: str) -> str:
    """`url` with its database replaced by `name`."""
    return urlsplit(url)._replace(path=f"/{name}").geturl()


@pytest.fixture
def postgres_url(postgres_admin_url: str) -> Iterator[str]:
    """The URL of a new, empty database of its own, dropped after the test."""
    name = f"sourcecheck_test_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(postgres_admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield database_url(postgres_admin_url, name)
    finally:
        with psycopg.connect(postgres_admin_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
