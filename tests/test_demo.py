"""The quick start (`make demo`) step for step through the CLI in-process: ingest the seeds, score 001."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sourcecheck.cli import main

ROOT = Path(__file__).resolve().parent / ".."
DEMO_ARTICLE = "001_3100be0ccc3fa2db.txt"


def _demo_steps() -> list[list[str]]:
    """The `sourcecheck` command lines of the Makefile's demo target (its DEMO_DB left as a variable)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    return [
        line.split("$(BIN)/sourcecheck", 1)[1].split()
        for line in recipe.splitlines()
        if "$(BIN)/sourcecheck " in line
    ]


def test_makefile_demo_is_ingest_then_score() -> None:
    steps = _demo_steps()
    assert [step[0] for step in steps] == ["ingest", "score"]
    assert steps[0][1] == "seeds"
    assert steps[1][1] == f"seeds/{DEMO_ARTICLE}"


def test_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the demo's paths are relative to the repository root
    db = str(tmp_path / "sourcecheck.db")
    outputs = []
    for step in _demo_steps():
        argv = [db if arg == "$(DEMO_DB)" else arg for arg in step]
        assert main(argv) == 0, argv
        outputs.append(capsys.readouterr().out)
    ingest_out, score_out = outputs
    assert re.search(r"ingested 5 article\(s\), \d+ claim\(s\)", ingest_out)
    assert score_out.startswith("Daily Mail — ")
    assert re.search(r"^\d+ claims · policy \S+ · extractor \S+$", score_out, re.MULTILINE)
    supported = [line for line in score_out.splitlines() if line.strip().startswith("supported by:")]
    assert supported, score_out
    seed_outlets = {"The Sun", "The New Arab", "Spanish daily (translated)", "N1"}
    for line in supported:
        listed = line.split("supported by:", 1)[1].strip().split(", ")
        named = {re.sub(r" \((echo|independent|own voice|sourced)\)$", "", name) for name in listed}
        assert named <= seed_outlets, line
