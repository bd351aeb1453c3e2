"""`sourcecheck eval`: the same figures as the shared judge (shared/eval/score.py), and the mistakes."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from sourcecheck import evaluate
from sourcecheck.cli import main
from sourcecheck.v1 import scoring_pb2 as pb

if TYPE_CHECKING:
    from conftest import LiveServer

SHARED = Path(__file__).resolve().parents[2] / "shared"
JUDGE = SHARED / "eval" / "score.py"
GOLD_DIR = SHARED / "eval" / "gold"
ROOT = Path(__file__).resolve().parent / ".."
FIGURES = (
    "claims_p_r_f1",
    "kind_accuracy",
    "kind_macro_f1",
    "kind_f1",
    "source_token_f1",
    "hedged_p_r_f1",
    "matching_p_r_f1",
    "independence_accuracy",
    "stance_accuracy",
    "ordering_accuracy",
    "counts",
)


def gold_files() -> list[str]:
    if not JUDGE.is_file() or not GOLD_DIR.is_dir():
        pytest.skip(f"the shared judge is not beside the repository ({JUDGE})")
    files = sorted(str(p) for p in GOLD_DIR.glob("*.json"))
    if not files:
        pytest.skip(f"no gold stories in {GOLD_DIR}")
    return files


def run_judge(address: str, gold: list[str]) -> tuple[dict[str, Any], str]:
    """The shared judge's figures (--json) and its one-line summary, against a running server."""
    done = subprocess.run(
        [sys.executable, str(JUDGE), "--server", address, "--json", *gold],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    *document, summary = done.stdout.strip().splitlines()
    return json.loads("\n".join(document)), summary


def json_after_logs(out: str) -> dict[str, Any]:
    """The JSON document of a command's stdout (an in-process server may log lines before it)."""
    lines = out.splitlines()
    data: dict[str, Any] = json.loads("\n".join(lines[lines.index("{") :]))
    return data


def test_eval_agrees_with_the_shared_judge(
    make_server: Callable[..., LiveServer], capsys: pytest.CaptureFixture[str]
) -> None:
    gold = gold_files()
    judged, judge_summary = run_judge(make_server().address, gold)
    assert list(judged) == list(FIGURES), "the shared judge's figures changed: update evaluate.py"

    # In-process on a fresh temporary store (the default).
    assert main(["eval", *gold, "--json"]) == 0
    mine = json_after_logs(capsys.readouterr().out)
    assert {name: mine[name] for name in FIGURES} == judged
    assert mine["counts"]["gold_claims"] > 0 and mine["kind_confusion"]

    # The text report ends with the same one-line summary.
    assert main(["eval", *gold]) == 0
    text = capsys.readouterr().out.strip().splitlines()
    assert text[-1] == judge_summary
    for name in FIGURES:
        assert any(line.startswith(f"{name}: ") for line in text), name
    assert "kind confusion (rows gold, columns predicted):" in text

    # Against another fresh server, over gRPC.
    assert main(["eval", *gold, "--json", "--server", make_server().address]) == 0
    remote = json_after_logs(capsys.readouterr().out)
    assert {name: remote[name] for name in FIGURES} == judged


def test_eval_seed_story_agrees_with_the_shared_judge(
    make_server: Callable[..., LiveServer], capsys: pytest.CaptureFixture[str]
) -> None:
    """One story alone (the five seeds): figures are per corpus, so this is a second, different check."""
    seed_story = [f for f in gold_files() if f.endswith("assad-escape.json")]
    if not seed_story:
        pytest.skip("no assad-escape.json gold story")
    judged, _ = run_judge(make_server().address, seed_story)
    assert main(["eval", *seed_story, "--json"]) == 0
    mine = json_after_logs(capsys.readouterr().out)
    assert {name: mine[name] for name in FIGURES} == judged


def test_scheme_is_a_copy_of_the_shared_one() -> None:
    shared = SHARED / "eval" / "SCHEME.md"
    if not shared.is_file():
        pytest.skip("shared/eval/SCHEME.md is absent")
    assert (ROOT / "docs" / "SCHEME.md").read_text(encoding="utf-8") == shared.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- metric definitions, offline


def test_overlap_and_align() -> None:
    assert evaluate.overlap((0, 10), (0, 10)) == 1.0
    assert evaluate.overlap((0, 10), (5, 15)) == pytest.approx(5 / 15)
    assert evaluate.overlap((0, 5), (5, 10)) == 0.0
    # Greedy by overlap, one to one, IoU at least 0.5.
    assert evaluate.align([(0, 10), (10, 20)], [(0, 9), (0, 10), (12, 20)]) == {0: 1, 1: 2}
    assert evaluate.align([(0, 10)], [(0, 4)]) == {}


def test_prf_and_token_f1() -> None:
    assert evaluate.prf(0, 0, 0) == (0.0, 0.0, 0.0)
    assert evaluate.prf(2, 2, 0) == pytest.approx((0.5, 1.0, 2 / 3))
    assert evaluate.token_f1("Lena Marsh", "port spokeswoman Lena Marsh") == pytest.approx(2 / 3)
    assert evaluate.token_f1("Marsh", "Marsch") == 0.0
    assert evaluate.token_f1("", "x") == 0.0


class FakeService:
    """Answers ScoreArticle from canned responses by article id; records what was ingested."""

    def __init__(self, responses: dict[str, pb.ScoreArticleResponse]) -> None:
        self.responses = responses
        self.ingested: list[str] = []

    def ingest(self, article: pb.Article) -> pb.IngestArticleResponse:
        self.ingested.append(article.id)
        return pb.IngestArticleResponse(article_id=article.id)

    def score(self, article: pb.Article) -> pb.ScoreArticleResponse:
        assert article.id in self.ingested, "every article is ingested before any is scored"
        return self.responses[article.id]


A_BODY = "Officials said the dam broke. It rained all week. Read more."
B_BODY = "The dam broke on Monday, officials said. Nobody was hurt."


def _gold_claim(body: str, text: str, kind: str, cluster: str, **extra: Any) -> dict[str, Any]:
    assert text in body
    chain = [{"kind": kind, "name": extra.pop("name")}] if "name" in extra else []
    return {"text": text, "kind": kind, "chain": chain, "cluster": cluster, **extra}


STORY = {
    "story": "dam",
    "articles": [
        {
            "id": "a",
            "outlet": "Alpha",
            "published_at": "2024-01-02",
            "body": A_BODY,
            "claims": [
                _gold_claim(
                    A_BODY,
                    "Officials said the dam broke.",
                    "ORGANIZATION",
                    "dam-broke",
                    name="Officials",
                    origin="officials",
                    reliability=4,
                ),
                _gold_claim(
                    A_BODY, "It rained all week.", "UNATTRIBUTED", "rain", reliability=1, hedged=True
                ),
            ],
        },
        {
            "id": "b",
            "outlet": "Beta",
            "published_at": "2024-01-03T08:00:00+02:00",
            "body": B_BODY,
            "claims": [
                _gold_claim(
                    B_BODY,
                    "The dam broke on Monday, officials said.",
                    "ORGANIZATION",
                    "dam-broke",
                    name="officials",
                    origin="officials",
                    reliability=5,
                ),
                _gold_claim(B_BODY, "Nobody was hurt.", "UNATTRIBUTED", "hurt", reliability=2),
            ],
        },
    ],
}


def _span(body: str, text: str) -> pb.Span:
    start = body.index(text)
    return pb.Span(start=start, end=start + len(text))


def _responses() -> dict[str, pb.ScoreArticleResponse]:
    dam_b = pb.Match(
        article_id="b",
        outlet="Beta",
        claim_id="c1",
        text="The dam broke on Monday, officials said.",
        span=_span(B_BODY, "The dam broke on Monday, officials said."),
        independent=True,
    )
    a = pb.ScoreArticleResponse(
        article_id="a",
        claims=[
            pb.Claim(
                id="c1",
                text="Officials said the dam broke.",
                span=_span(A_BODY, "Officials said the dam broke."),
                attribution=pb.Attribution(kind=pb.SOURCE_KIND_ANONYMOUS, source="Officials"),
                supporting=[dam_b],
                score=0.4,
            ),
            pb.Claim(
                id="c2",
                text="It rained all week.",
                span=_span(A_BODY, "It rained all week."),
                attribution=pb.Attribution(kind=pb.SOURCE_KIND_UNATTRIBUTED),
                score=0.6,
            ),
            pb.Claim(id="c3", text="Read more.", span=_span(A_BODY, "Read more."), score=0.5),
        ],
    )
    b = pb.ScoreArticleResponse(
        article_id="b",
        claims=[
            pb.Claim(
                id="c1",
                text="The dam broke on Monday, officials said.",
                span=_span(B_BODY, "The dam broke on Monday, officials said."),
                attribution=pb.Attribution(kind=pb.SOURCE_KIND_ORGANIZATION, source="officials"),
                score=0.7,
                supporting=[
                    pb.Match(article_id="a", outlet="Alpha", claim_id="c2", text="It rained all week.")
                ],
            ),
        ],
    )
    return {"a": a, "b": b}


def test_evaluate_figures_and_mistakes_on_a_small_story() -> None:
    articles = evaluate.parse_story(STORY)
    assert articles[1].message().published_at.ToJsonString() == "2024-01-03T06:00:00Z"
    assert articles[0].message().published_at.ToJsonString() == "2024-01-02T12:00:00Z"
    service = FakeService(_responses())
    result = evaluate.evaluate(articles, service)
    f = result.figures
    assert service.ingested == ["a", "b"]
    assert f["claims_p_r_f1"] == [0.75, 0.75, 0.75]  # 3 of 4 found, 1 extra ("Read more.")
    assert f["kind_accuracy"] == pytest.approx(0.667, abs=1e-3)
    assert f["kind_f1"] == {"ORGANIZATION": 0.667, "ANONYMOUS": 0.0, "UNATTRIBUTED": 1.0}
    assert f["hedged_p_r_f1"] == [0.0, 0.0, 0.0]
    assert f["matching_p_r_f1"] == [0.5, 1.0, 0.667]  # the dam pair, and a false rain ↔ dam link
    assert f["independence_accuracy"] == 0.0  # both say "officials": one origin, not independent
    assert f["stance_accuracy"] == 1.0
    assert f["counts"] == {"gold_claims": 4, "gold_pairs": 1, "independence_judged": 1, "ordered_pairs": 2}
    assert result.confusion["ORGANIZATION"]["ANONYMOUS"] == 1
    m = result.mistakes
    assert [x.text for x in m["missed_claim"]] == ["Nobody was hurt."]
    assert [x.text for x in m["extra_claim"]] == ["Read more."]
    assert "gold ORGANIZATION “Officials” vs predicted ANONYMOUS “Officials”" in m["kind"][0].detail
    assert [x.text for x in m["hedged"]] == ["It rained all week."]
    assert len(m["false_match"]) == 1 and "rain / dam-broke" in m["false_match"][0].detail
    assert len(m["independence"]) == 1
    assert m["ordering"], "reliability 4 scored below reliability 1"
    text = evaluate.format_report(result)
    assert text.splitlines()[-1] == evaluate.summary_line(f)
    assert "Missed claims (gold, not found): 1" in text
    assert "ORGANIZATION" in evaluate.confusion_table(result.confusion)


def test_bad_gold_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = json.loads(json.dumps(STORY))
    bad["articles"][0]["claims"][0]["text"] = "not in the body"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    assert main(["eval", str(path)]) == 2
    assert "not a substring" in capsys.readouterr().err
    path.write_text("[]", encoding="utf-8")
    assert main(["eval", str(path)]) == 2
    assert "bad.json" in capsys.readouterr().err
