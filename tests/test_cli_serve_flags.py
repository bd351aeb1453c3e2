"""`sourcecheck serve` flags come from the Settings model: one per setting, and a flag beats its variable."""

from __future__ import annotations

import argparse
import json

import pytest

from sourcecheck.cli import build_parser
from sourcecheck.serve_flags import settings_from_flags
from sourcecheck.settings import Settings

# The names README.md, deploy/ and the tests pass to `serve`: they must keep working.
DOCUMENTED = [
    "--address", "--db", "--policy", "--workers", "--processes", "--log-level", "--metrics-address",
    "--tls-cert", "--tls-key", "--tls-client-ca", "--allow-open", "--otel-tracing",
]  # fmt: skip
KEY = {"name": "newsroom", "sha256": "0" * 64, "scopes": ["score"]}


def _serve_parser() -> argparse.ArgumentParser:
    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    parser: argparse.ArgumentParser = commands.choices["serve"]
    return parser


def _settings(*flags: str) -> Settings:
    return settings_from_flags(build_parser().parse_args(["serve", *flags]))


def test_every_setting_has_one_flag_with_its_description() -> None:
    actions = [a for a in _serve_parser()._actions if a.dest != "help"]
    assert sorted(a.dest for a in actions) == sorted(Settings.model_fields)
    for action in actions:
        field = Settings.model_fields[action.dest]
        assert f"--{action.dest.replace('_', '-')}" in action.option_strings
        assert field.description, f"{action.dest} needs a description: it is the flag's help"
        assert action.help is not None and action.help.startswith(field.description)


def test_documented_flag_names_are_kept() -> None:
    options = {option for action in _serve_parser()._actions for option in action.option_strings}
    assert set(DOCUMENTED) <= options


def test_a_flag_beats_its_variable_and_a_variable_beats_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCECHECK_WORKERS", "3")
    monkeypatch.setenv("SOURCECHECK_LOG_LEVEL", "DEBUG")
    monkeypatch.setenv("SOURCECHECK_ALLOW_OPEN", "true")
    monkeypatch.setenv("SOURCECHECK_GRACE_SECONDS", "2.5")
    settings = _settings("--workers", "5", "--log-level", "warning", "--no-allow-open")
    assert (settings.workers, settings.log_level, settings.allow_open) == (5, "warning", False)
    assert settings.grace_seconds == 2.5  # no flag: the variable
    assert settings.max_claims == Settings.model_fields["max_claims"].default  # neither: the default
    assert _settings().log_level == "debug"


def test_switches_and_optional_values(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(f"SOURCECHECK_{name.upper()}", raising=False)
    settings = _settings("--allow-open", "--otel-tracing", "--max-connection-age-seconds", "30")
    assert settings.allow_open and settings.otel_tracing
    assert settings.max_connection_age_seconds == 30.0
    assert not _settings().allow_open


def test_api_keys_flag_takes_the_json_of_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCECHECK_API_KEYS", json.dumps([{**KEY, "name": "from-env"}]))
    assert _settings().api_keys[0].name == "from-env"
    assert _settings("--api-keys", json.dumps([KEY])).api_keys[0].name == "newsroom"


def test_a_flag_that_does_not_parse_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    for flags in (["--api-keys", "[{"], ["--workers", "many"], ["--log-level", "loud"]):
        with pytest.raises(SystemExit) as info:
            build_parser().parse_args(["serve", *flags])
        assert info.value.code == 2
        assert flags[0] in capsys.readouterr().err


def test_help_names_the_variables_and_keeps_keys_out_of_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "SOURCECHECK_MAX_BODY_CHARS" in text
    assert "Set SOURCECHECK_API_KEYS in the environment rather than with --api-keys" in text
    assert "(default: 127.0.0.1:50051)" in text



def test_choices_read_in_any_case_as_the_environment_is() -> None:
    assert _settings("--log-level", "WARNING").log_level == "warning"
