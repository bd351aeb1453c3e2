"""Validated settings from flags and SOURCECHECK_* environment variables."""

from __future__ import annotations

import ipaddress
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class ApiKeySetting(BaseModel):
    """One API key as configured: a name for logs, the key's SHA-256 hex digest, its scopes."""

    name: str = Field(min_length=1)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    scopes: list[str] = Field(min_length=1)

    @field_validator("scopes")
    @classmethod
    def _known_scopes(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - {"score", "ingest"})
        if unknown:
            raise ValueError(f"unknown scopes {unknown}: use 'score' and/or 'ingest'")
        return value


def is_loopback(address: str) -> bool:
    host = address.rpartition(":")[0].strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _meta(metavar: str) -> dict[str, Any]:
    """The placeholder `sourcecheck serve --help` shows for a setting's value (sourcecheck.serve_flags)."""
    return {"metavar": metavar}


class Settings(BaseSettings):
    """The server's settings: each has a SOURCECHECK_<NAME> variable and a `serve --<name>` flag."""

    model_config = SettingsConfigDict(env_prefix="SOURCECHECK_", extra="ignore")

    address: str = Field(
        "127.0.0.1:50051",
        description="the address the gRPC server listens on",
        json_schema_extra=_meta("HOST:PORT"),
    )
    db: str = Field(
        "sourcecheck.db",
        description="SQLite file path or postgresql:// URL",
        json_schema_extra=_meta("PATH|URL"),
    )
    policy: str | None = Field(
        None, description="scoring policy TOML; default: the shipped policy", json_schema_extra=_meta("FILE")
    )
    workers: int = Field(
        4,
        ge=1,
        le=256,
        description="threads serving calls, per process (Python runs one at a time: few is faster)",
    )
    processes: int = Field(
        1,
        ge=1,
        le=64,
        description="server processes sharing the port (SO_REUSEPORT, Linux): one per core uses every core",
    )
    max_body_chars: int = Field(200_000, ge=1, description="largest article body accepted, in characters")
    max_claims: int = Field(500, ge=1, description="most claims scored per article")
    max_stream_articles: int = Field(10_000, ge=1, description="most articles in one stream")
    grace_seconds: float = Field(10.0, ge=0, description="time in-flight calls get on shutdown")
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        "info", description="least severe log events written"
    )
    api_keys: list[ApiKeySetting] = Field(
        default_factory=list,
        description="JSON list of {name, sha256, scopes} from `sourcecheck hash-key`; empty: no "
        "authentication. Set it in the environment, not with a flag",
    )
    allow_open: bool = Field(False, description="serve without API keys on a non-loopback address")
    max_concurrent_per_key: int = Field(32, ge=1, description="calls in flight per API key")
    tls_cert: str | None = Field(
        None,
        description="server certificate (PEM); enables TLS, with its key",
        json_schema_extra=_meta("FILE"),
    )
    tls_key: str | None = Field(None, description="server private key (PEM)", json_schema_extra=_meta("FILE"))
    tls_client_ca: str | None = Field(
        None,
        description="CA bundle (PEM) to require client certificates (mTLS)",
        json_schema_extra=_meta("FILE"),
    )
    metrics_address: str | None = Field(
        None,
        description="the address of the Prometheus metrics, over HTTP",
        json_schema_extra=_meta("HOST:PORT"),
    )
    otel_tracing: bool = Field(
        False, description="an OpenTelemetry server span per call (needs the otel extra)"
    )
    max_connection_age_seconds: float | None = Field(
        None, gt=0, description="close client connections after this long, so clients rebalance over replicas"
    )

    @field_validator("address")
    @classmethod
    def _host_port(cls, value: str) -> str:
        host, sep, port = value.rpartition(":")
        if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
            raise ValueError("must be HOST:PORT")
        return value

    @model_validator(mode="after")
    def _safe_to_serve(self) -> Settings:
        if not self.api_keys and not self.allow_open and not is_loopback(self.address):
            raise ValueError(
                f"refusing to serve {self.address} without API keys: configure api_keys, listen on "
                "loopback, or pass --allow-open"
            )
        if bool(self.tls_cert) != bool(self.tls_key):
            raise ValueError("tls_cert and tls_key go together")
        if self.tls_client_ca and not self.tls_cert:
            raise ValueError("tls_client_ca (mTLS) needs tls_cert and tls_key")
        if self.processes > 1 and self.address.rpartition(":")[2] == "0":
            raise ValueError("processes > 1 share one port: give the address a port, not 0")
        return self

    @field_validator("log_level", mode="before")
    @classmethod
    def _level(cls, value: object) -> object:
        """SOURCECHECK_LOG_LEVEL=INFO works as well as info."""
        return value.lower() if isinstance(value, str) else value
