"""`sourcecheck serve` flags made from the Settings model, so that a new setting gets its flag and help."""

from __future__ import annotations

import argparse
import json
import textwrap
import types
import typing
from typing import Any, Literal

from pydantic.fields import FieldInfo

from sourcecheck.settings import Settings

EPILOG = textwrap.fill(
    "Every flag has an environment variable: --max-body-chars is SOURCECHECK_MAX_BODY_CHARS. A flag "
    "beats its variable, which beats the default. Set SOURCECHECK_API_KEYS in the environment rather "
    "than with --api-keys: a command line is visible to every local user.",
    width=78,
    break_on_hyphens=False,
)
"""Under the flags; wrapped here, so that no flag name breaks at its hyphen (RawDescriptionHelpFormatter)."""


def add_settings_flags(parser: argparse.ArgumentParser) -> None:
    """One flag per Settings field, --field-name; absent flags stay None so the environment applies."""
    for name, field in Settings.model_fields.items():
        parser.add_argument(f"--{name.replace('_', '-')}", dest=name, default=None, **_shape(name, field))


def settings_from_flags(args: argparse.Namespace) -> Settings:
    """Settings from the flags given, then SOURCECHECK_* variables, then the defaults."""
    given = {name: getattr(args, name) for name in Settings.model_fields}
    return Settings(**{name: value for name, value in given.items() if value is not None})


def _shape(name: str, field: FieldInfo) -> dict[str, Any]:
    """argparse keywords for a field: its type's parser, choices or metavar, and its help."""
    kind = _unoptional(field.annotation)
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    shape: dict[str, Any] = {"help": _help(field)}
    if kind is bool:
        shape["action"] = argparse.BooleanOptionalAction
    elif typing.get_origin(kind) is Literal:
        shape["choices"] = typing.get_args(kind)
        if all(isinstance(c, str) and c == c.lower() for c in shape["choices"]):
            shape["type"] = str.lower  # "--log-level INFO", as SOURCECHECK_LOG_LEVEL=INFO is read
    elif kind in (int, float, str):
        shape["type"] = kind
        shape["metavar"] = extra.get("metavar") or _metavar(name, kind)
    else:  # lists and models: JSON, as pydantic-settings reads them from the environment
        shape["type"] = _json
        shape["metavar"] = "JSON"
    return shape


def _unoptional(annotation: Any) -> Any:
    """`X | None` as X: None is what an absent flag means already."""
    if typing.get_origin(annotation) in (types.UnionType, typing.Union):
        rest = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return annotation


def _metavar(name: str, kind: type) -> str:
    if kind is float:
        return "SECONDS" if name.endswith("_seconds") else "X"
    return "N" if kind is int else name.upper()


def _help(field: FieldInfo) -> str:
    text = field.description or ""
    default = field.get_default(call_default_factory=True)
    if default is not None and default is not False and default != []:
        text += f" (default: {default})"
    return text.replace("%", "%%")


def _json(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not JSON: {error}") from error
