"""Validated settings from flags and SOURCECHECK_* environment variables."""

from __future__ import annotations

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SOURCECHECK_", extra="ignore")

    address: str = Field("127.0.0.1:50051", description="HOST:PORT the gRPC server listens on")
    db: str = Field("sourcecheck.db", description="SQLite file path or postgresql:// URL")
    policy: str | None = Field(None, description="scoring policy TOML; default: the shipped policy")
    workers: int = Field(8, ge=1, le=256, description="threads serving calls")
    max_body_chars: int = Field(200_000, ge=1, description="largest article body accepted")
    max_claims: int = Field(500, ge=1, description="most claims scored per article")
    max_stream_articles: int = Field(10_000, ge=1, description="most articles in one stream")
    grace_seconds: float = Field(10.0, ge=0, description="time in-flight calls get on shutdown")
    log_level: str = Field("info")

    @field_validator("address")
    @classmethod
    def _host_port(cls, value: str) -> str:
        host, sep, port = value.rpartition(":")
        if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
            raise ValueError("must be HOST:PORT")
        return value

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        if value.lower() not in ("debug", "info", "warning", "error"):
            raise ValueError("must be debug, info, warning or error")
        return value.lower()
