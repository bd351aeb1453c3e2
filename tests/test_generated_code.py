"""The committed generated code is exactly what tools/gen_proto.py makes from proto/."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
GENERATED_TREES = (
    Path("service/sourcecheck/v1"),
    Path("clients/python/src/sourcecheck_client/_proto"),
)


def _load_gen_proto() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_proto", ROOT / "tools" / "gen_proto.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _files(tree: Path) -> dict[str, bytes]:
    return {
        p.relative_to(tree).as_posix(): p.read_bytes()
        for p in sorted(tree.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("grpc_tools", reason="grpcio-tools generates the code")
    out = tmp_path_factory.mktemp("gen")
    _load_gen_proto().generate(out)
    return out


@pytest.mark.parametrize("tree", GENERATED_TREES, ids=lambda t: t.as_posix())
def test_committed_code_matches_generator(generated: Path, tree: Path) -> None:
    fresh = _files(generated / tree)
    committed = _files(ROOT / tree)
    assert fresh, f"the generator wrote nothing under {tree}"
    assert sorted(committed) == sorted(fresh), f"{tree}: file sets differ; run `python tools/gen_proto.py`"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"{tree}: stale generated files {stale}; run `python tools/gen_proto.py`"


def test_client_tree_imports_client_package(generated: Path) -> None:
    grpc_module = (generated / GENERATED_TREES[1] / "scoring_pb2_grpc.py").read_text(encoding="utf-8")
    assert "from sourcecheck_client._proto import" in grpc_module
    assert "from sourcecheck.v1 import" not in grpc_module
