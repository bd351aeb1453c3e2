"""Generate the Python code for proto/ into the server and client packages.

Run `python tools/gen_proto.py` after editing a .proto file; the test
tests/test_generated_code.py fails while the committed code is stale.
`--out DIR` writes both trees under DIR instead (what the test compares).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from importlib import resources
from pathlib import Path

from grpc_tools import protoc

ROOT = Path(__file__).resolve().parent.parent
PROTO_ROOT = ROOT / "proto"
GOOGLEAPIS = ROOT / "third_party" / "googleapis"  # google/api annotations
SERVER_OUT = Path("service")  # -> service/sourcecheck/v1/
CLIENT_OUT = Path("clients/python/src/sourcecheck_client/_proto")
SERVER_IMPORT = "from sourcecheck.v1 import "
CLIENT_IMPORT = "from sourcecheck_client._proto import "


def _protoc(out: Path) -> None:
    include = str(resources.files("grpc_tools") / "_proto")
    protos = sorted(str(p.relative_to(PROTO_ROOT)) for p in PROTO_ROOT.rglob("*.proto"))
    args = [
        "grpc_tools.protoc",
        f"-I{PROTO_ROOT}",
        f"-I{GOOGLEAPIS}",
        f"-I{include}",
        f"--python_out={out}",
        f"--pyi_out={out}",
        f"--grpc_python_out={out}",
        *protos,
    ]
    if protoc.main(args) != 0:
        raise SystemExit("protoc failed")


def generate(root: Path) -> None:
    """Write the server tree and the client tree under `root`."""
    with tempfile.TemporaryDirectory() as tmp:
        _protoc(Path(tmp))
        generated = Path(tmp) / "sourcecheck" / "v1"
        server = root / SERVER_OUT / "sourcecheck" / "v1"
        client = root / CLIENT_OUT
        for target in (server, client):
            target.mkdir(parents=True, exist_ok=True)
        for path in sorted(generated.iterdir()):
            shutil.copyfile(path, server / path.name)
            text = path.read_text(encoding="utf-8").replace(SERVER_IMPORT, CLIENT_IMPORT)
            (client / path.name).write_text(text, encoding="utf-8")
        for target in (server, client):
            (target / "__init__.py").write_text(
                '"""Generated from proto/; do not edit."""\n', encoding="utf-8"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT, help="root to write under")
    generate(parser.parse_args().out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
