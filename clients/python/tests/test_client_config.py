"""Client settings: environment, TLS options, timeouts, retry policy; no server."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcecheck_client import AsyncClient, Client, RetryPolicy
from sourcecheck_client._config import API_KEY_HEADER, UNSET, Settings, env_kwargs


def test_defaults() -> None:
    with Client() as client:
        assert client.target == "127.0.0.1:50051"
        assert client.timeout == 30.0
        assert client.retry == RetryPolicy()
        assert client._settings.metadata() == ()
        assert client._settings.credentials() is None


def test_env_is_read() -> None:
    env = {
        "SOURCECHECK_SERVER": "scoring.internal:6000",
        "SOURCECHECK_API_KEY": "k-123",
        "SOURCECHECK_TIMEOUT": "2.5",
        "SOURCECHECK_TLS_CA": "/etc/ca.pem",
        "SOURCECHECK_TLS_CERT": "/etc/client.pem",
        "SOURCECHECK_TLS_KEY": "/etc/client.key",
        "UNRELATED": "x",
    }
    assert env_kwargs(env) == {
        "target": "scoring.internal:6000",
        "api_key": "k-123",
        "timeout": 2.5,
        "tls_ca": "/etc/ca.pem",
        "tls_cert": "/etc/client.pem",
        "tls_key": "/etc/client.key",
    }


def test_empty_env_gives_defaults() -> None:
    assert env_kwargs({"SOURCECHECK_SERVER": "", "SOURCECHECK_TIMEOUT": " "}) == {}


@pytest.mark.parametrize("raw", ["0", "none", "None", "inf"])
def test_env_timeout_can_turn_the_deadline_off(raw: str) -> None:
    assert env_kwargs({"SOURCECHECK_TIMEOUT": raw}) == {"timeout": None}


def test_bad_env_timeout_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="SOURCECHECK_TIMEOUT"):
        env_kwargs({"SOURCECHECK_TIMEOUT": "soon"})


def test_from_env_and_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCECHECK_SERVER", "env-host:1234")
    monkeypatch.setenv("SOURCECHECK_API_KEY", "from-env")
    monkeypatch.setenv("SOURCECHECK_TIMEOUT", "7")
    with Client.from_env(timeout=3.0) as client:
        assert client.target == "env-host:1234"
        assert client.timeout == 3.0
        assert client._settings.metadata() == ((API_KEY_HEADER, "from-env"),)
    with Client.from_env({"SOURCECHECK_SERVER": "explicit:1"}) as client:
        assert client.target == "explicit:1"
        assert client._settings.metadata() == ()


async def test_async_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCECHECK_SERVER", "env-host:1234")
    async with AsyncClient.from_env() as client:
        assert client.target == "env-host:1234"


def test_invalid_settings() -> None:
    with pytest.raises(ValueError, match="timeout"):
        Settings.create(timeout=0)
    with pytest.raises(ValueError, match="together"):
        Settings.create(tls_cert="c.pem")
    with pytest.raises(ValueError, match="contradicts"):
        Settings.create(tls=False, tls_ca="ca.pem")
    with pytest.raises(ValueError, match="max_attempts"):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError, match="timeout"):
        Settings.create().call_timeout(-1)


def test_call_timeout() -> None:
    settings = Settings.create(timeout=5)
    assert settings.call_timeout(UNSET) == 5
    assert settings.call_timeout(1.5) == 1.5
    assert settings.call_timeout(None) is None


def test_tls_is_on_when_files_are_given(tmp_path: Path) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_bytes(b"-----BEGIN CERTIFICATE-----\n")
    settings = Settings.create(tls_ca=ca, tls_server_name="scoring.test")
    assert settings.tls
    assert settings.credentials() is not None
    assert ("grpc.ssl_target_name_override", "scoring.test") in settings.options()
    assert Settings.create(tls=True).credentials() is not None  # system roots


def test_missing_tls_file_fails_when_the_client_is_built(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        Client(tls_ca=tmp_path / "absent.pem")


def test_backoff_is_exponential_capped_and_jittered() -> None:
    policy = RetryPolicy(max_attempts=10, initial_backoff=0.1, max_backoff=1.0, multiplier=2.0)
    # With the top of the jitter range the caps show: 0.1, 0.2, 0.4, 0.8, then 1.0.
    assert [round(policy.backoff(n, lambda: 1.0), 6) for n in range(1, 7)] == [0.1, 0.2, 0.4, 0.8, 1.0, 1.0]
    assert policy.backoff(3, lambda: 0.0) == 0.0
    assert policy.backoff(3, lambda: 0.5) == pytest.approx(0.2)


def test_call_metadata_merges_the_callers_pairs() -> None:
    settings = Settings.create(api_key="k")
    assert settings.metadata() == ((API_KEY_HEADER, "k"),)
    assert settings.metadata({"X-Request-Id": "r1"}) == ((API_KEY_HEADER, "k"), ("x-request-id", "r1"))
    # The caller's keys replace the client's; pairs may repeat a key, and -bin keys take bytes.
    assert settings.metadata([("x-api-key", "other"), ("tag", "a"), ("tag", "b"), ("blob-bin", b"\x00")]) == (
        ("x-api-key", "other"),
        ("tag", "a"),
        ("tag", "b"),
        ("blob-bin", b"\x00"),
    )


def test_the_current_trace_context_is_sent() -> None:
    sdk = pytest.importorskip("opentelemetry.sdk.trace")
    tracer = sdk.TracerProvider().get_tracer("test")
    settings = Settings.create()
    assert settings.metadata() == ()  # no current span
    with tracer.start_as_current_span("outer") as span:
        sent = dict(settings.metadata())
        trace_id = format(span.get_span_context().trace_id, "032x")
        assert sent["traceparent"].split("-")[1] == trace_id
        # The caller's own traceparent wins.
        mine = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
        assert dict(settings.metadata({"traceparent": mine}))["traceparent"] == mine
