"""Generate the OpenAPI (Swagger 2.0) document of the HTTP/JSON API from proto/.

grpc-gateway's `protoc-gen-swagger` (Debian's golang-grpc-gateway) reads the google.api.http
annotations; this script runs it and then fills in what that version leaves out, from the same
proto's own annotations:

- a path that binds a resource name, `/v1/{name=articles/*}`, is written with the resource's
  pattern, `/v1/articles/{article}`, so that OpenAPI tools see an ordinary path parameter;
- fields marked `(google.api.field_behavior) = REQUIRED` are listed as required, and
  OUTPUT_ONLY ones are read-only;
- message fields, which the gateway writes as null when unset, are nullable (a part such as a
  span; a request, a response or an article never is);
- the non-standard `format: boolean` is dropped;
- the API key header and the document's title and version.

Run `python tools/gen_openapi.py` after editing a .proto file; tests/test_http_gateway.py fails
while the committed document is stale. `--out FILE` writes elsewhere.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from google.api import field_behavior_pb2, resource_pb2
from google.protobuf.descriptor import Descriptor, FieldDescriptor

ROOT = Path(__file__).resolve().parent.parent
PROTO = "sourcecheck/v1/scoring.proto"
DOCUMENT = ROOT / "docs" / "openapi" / "sourcecheck.swagger.json"
DEFINITION_PREFIX = "v1"  # protoc-gen-swagger names definitions after the proto package's last part
TEMPLATE = re.compile(r"\{(\w+)=([^}]+)\}")  # {name=articles/*}


def _swagger() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                "protoc",
                f"-I{ROOT / 'proto'}",
                f"-I{ROOT / 'third_party' / 'googleapis'}",
                "-I/usr/include",
                f"--swagger_out=logtostderr=true:{tmp}",
                PROTO,
            ],
            check=True,
            cwd=ROOT,
        )
        loaded: dict[str, Any] = json.loads((Path(tmp) / PROTO).with_suffix(".swagger.json").read_text())
        return loaded


def _messages() -> dict[str, Descriptor]:
    from sourcecheck.v1 import scoring_pb2

    return {DEFINITION_PREFIX + name: d for name, d in scoring_pb2.DESCRIPTOR.message_types_by_name.items()}


def _resource_patterns(messages: dict[str, Descriptor]) -> dict[str, str]:
    """Collection prefix -> resource pattern: "articles/" -> "articles/{article}"."""
    patterns = {}
    for message in messages.values():
        options = message.GetOptions()
        if options.HasExtension(resource_pb2.resource):
            for pattern in options.Extensions[resource_pb2.resource].pattern:
                patterns[pattern.rsplit("{", 1)[0]] = pattern
    return patterns


def _resource_paths(document: dict[str, Any], patterns: dict[str, str]) -> None:
    paths = {}
    for path, operations in document["paths"].items():
        match = TEMPLATE.search(path)
        if match is None:
            paths[path] = operations
            continue
        field, template = match.groups()
        pattern = patterns[template.removesuffix("*")]
        variable = pattern.rsplit("{", 1)[1].rstrip("}")
        paths[path[: match.start()] + pattern + path[match.end() :]] = operations
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"] == field:
                    parameter["name"] = variable
                    parameter["description"] = (
                        f"The {variable}'s id: the last segment of its resource name, {pattern}."
                    )
    document["paths"] = paths


def _behaviour(field: FieldDescriptor) -> set[int]:
    return set(field.GetOptions().Extensions[field_behavior_pb2.field_behavior])


def _definitions(document: dict[str, Any], messages: dict[str, Descriptor]) -> None:
    for name, schema in document["definitions"].items():
        message = messages.get(name)
        if message is None or "properties" not in schema:
            continue
        required = []
        for field in message.fields:
            prop = schema["properties"].get(field.name)
            if prop is None:
                continue
            behaviour = _behaviour(field)
            if field_behavior_pb2.REQUIRED in behaviour:
                required.append(field.name)
            if field_behavior_pb2.OUTPUT_ONLY in behaviour:
                prop["readOnly"] = True
            if prop.get("format") == "boolean":  # not an OpenAPI format; the type says it
                del prop["format"]
            if field.message_type is not None and not field.is_repeated:
                # The gateway writes an unset message as null. A $ref takes no siblings in 2.0, so
                # the referenced definition says it, where that stays true of every use: a part
                # (Span, Source), never a request, a response or a resource, which are never null.
                ref = prop.get("$ref", "").rpartition("/")[2]
                if not ref:
                    prop["x-nullable"] = True
                elif _may_be_null(ref, messages):
                    document["definitions"][ref]["x-nullable"] = True
        if required:
            schema["required"] = required


def _may_be_null(definition: str, messages: dict[str, Descriptor]) -> bool:
    message = messages.get(definition)
    whole = definition.endswith(("Request", "Response")) or (
        message is not None and message.GetOptions().HasExtension(resource_pb2.resource)
    )
    return not whole


def generate() -> dict[str, Any]:
    document = _swagger()
    messages = _messages()
    _resource_paths(document, _resource_patterns(messages))
    _definitions(document, messages)
    document["info"] = {
        "title": "sourcecheck",
        "version": "v1",
        "description": (
            "Scores the sourcing of news articles: who each check-worthy claim comes from, and "
            "whether other outlets report it independently. HTTP/JSON transcoding of the gRPC "
            "service sourcecheck.v1.ScoringService (docs/api.md)."
        ),
    }
    document["securityDefinitions"] = {"api_key": {"type": "apiKey", "in": "header", "name": "x-api-key"}}
    document["security"] = [{"api_key": []}]
    return document


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DOCUMENT, help="where to write the document")
    out = parser.parse_args().out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(generate()), encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
