"""ClaimReview JSON-LD: its shape, read back by a real JSON-LD processor offline, over gRPC and the CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from pyld import jsonld

from sourcecheck import claimreview, convert, core
from sourcecheck.cli import main
from sourcecheck.engine import Engine, load_policy
from sourcecheck.store.sqlite import SqliteStore
from sourcecheck.v1 import scoring_pb2 as pb

if TYPE_CHECKING:
    from conftest import LiveServer

SCHEMA = "https://schema.org/"
SC = "https://sourcecheck.dev/ns#"
WAIT = 30.0
SEEDS = Path(__file__).resolve().parent / ".." / "seeds"
DAILY_MAIL = "dailymail-2024-12-18"
DAILY_MAIL_FILE = SEEDS / "001_3100be0ccc3fa2db.txt"


def refuse_network(url: str, options: Any = None) -> Any:
    raise AssertionError(f"the JSON-LD processor tried to load {url}: the context must be inline")


def expand(document: dict[str, Any]) -> list[dict[str, Any]]:
    expanded: list[dict[str, Any]] = jsonld.expand(document, {"documentLoader": refuse_network})
    return expanded


def nodes(expanded: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every node object in an expanded document, depth first."""
    stack: list[Any] = list(expanded)
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "@type" in item or "@id" in item:
                yield item
            stack.extend(v for k, v in item.items() if k not in ("@value",))
        elif isinstance(item, list):
            stack.extend(item)


def value(node: dict[str, Any], term: str) -> Any:
    """The single value of a property in expanded form."""
    (entry,) = node[term]
    return entry.get("@value", entry.get("@id", entry))


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory, seed_articles: list[core.Article]) -> dict[str, Any]:
    """The Daily Mail seed scored in-process against the five seeds, with its article."""
    store = SqliteStore(str(tmp_path_factory.mktemp("cr") / "cr.db"))
    engine = Engine(store, load_policy())
    try:
        for article in seed_articles:
            engine.ingest(article)
        article = next(a for a in seed_articles if a.id == DAILY_MAIL)
        response = convert.score_response(
            article.id, engine.score(article), engine.policy.version, core.EXTRACTOR_VERSION
        )
    finally:
        store.close()
    return {"article": convert.article_to_pb(article), "response": response}


def test_one_claim_review_per_claim(scored: dict[str, Any]) -> None:
    article, response = scored["article"], scored["response"]
    doc = claimreview.document(article, response)
    assert isinstance(doc["@context"], dict), "the context is inline, never a URL to fetch"
    reviews = doc["@graph"]
    assert len(reviews) == len(response.claims) > 0
    for review, claim in zip(reviews, response.claims, strict=True):
        assert review["@type"] == "ClaimReview"
        assert review["claimReviewed"] == claim.text
        rating = review["reviewRating"]
        assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (claim.score, 1, 0)
        assert review["author"] == {
            "@type": "Organization",
            "name": "sourcecheck",
            "url": "https://sourcecheck.dev",
        }
        item = review["itemReviewed"]
        assert item["@type"] == "Claim"
        assert item["@id"] == f"urn:sourcecheck:claim:{DAILY_MAIL}:{claim.id}"
        assert item["text"] == claim.text
        appearance = item["appearance"]
        assert appearance["@type"] == "NewsArticle"
        assert appearance["headline"] == article.title
        assert appearance["publisher"] == {"@type": "Organization", "name": "Daily Mail"}
        assert appearance["datePublished"] == "2024-12-18T12:00:00Z"
        assert item["sc:policyVersion"] == response.policy_version
        assert item["sc:extractorVersion"] == response.extractor_version == core.EXTRACTOR_VERSION
        assert item["sc:score"] == claim.score
        assert item["sc:reasons"] == list(claim.reasons)
        assert [link["name"] for link in item["sc:attributionChain"]] == [
            s.name for s in claim.attribution.chain
        ]
        related = [
            *item.get("sc:corroboratedBy", []),
            *item.get("sc:echoedBy", []),
            *item.get("sc:alsoReportedBy", []),
        ]
        assert len(related) == len(claim.supporting)
        assert len(item.get("sc:contradictedBy", [])) == len(claim.contradicting)
        for node in related:
            assert node["@id"].startswith("urn:sourcecheck:claim:") and node["text"]
            assert node["appearance"]["publisher"]["name"] != "Daily Mail"


def test_echo_of_the_selvi_column(scored: dict[str, Any]) -> None:
    """The Daily Mail lede is The Sun's claim from the same columnist's source: an echo, first in The Sun."""
    doc = claimreview.document(scored["article"], scored["response"])
    lede = doc["@graph"][0]["itemReviewed"]
    assert lede["sc:sourceKind"] == "sc:ANONYMOUS"
    assert [link["sc:sourceKind"] for link in lede["sc:attributionChain"]] == [
        "sc:ANONYMOUS",
        "sc:NAMED_PERSON",
    ]
    assert lede["sc:hedged"] is True and lede["sc:hedges"]
    echoes = lede["sc:echoedBy"]
    assert [e["appearance"]["publisher"]["name"] for e in echoes] == ["The Sun"]
    assert "sc:corroboratedBy" not in lede
    assert lede["firstAppearance"]["@id"] == "urn:sourcecheck:article:sun-2024-12-17"
    assert lede["firstAppearance"]["datePublished"] == "2024-12-17T12:00:00Z"


def test_expands_offline_to_schema_org_and_the_sourcecheck_vocabulary(scored: dict[str, Any]) -> None:
    doc = claimreview.document(scored["article"], scored["response"])
    expanded = expand(doc)
    all_nodes = list(nodes(expanded))
    types = {t for node in all_nodes for t in node.get("@type", [])}
    assert {f"{SCHEMA}Claim", f"{SCHEMA}ClaimReview", f"{SCHEMA}NewsArticle", f"{SCHEMA}Rating"} <= types
    assert f"{SC}Source" in types
    claims = [n for n in all_nodes if f"{SCHEMA}Claim" in n.get("@type", []) and f"{SC}score" in n]
    assert len(claims) == len(scored["response"].claims)
    lede = next(n for n in claims if n["@id"].endswith(":c1"))
    for term in (
        "sourceKind",
        "attributionChain",
        "hedges",
        "independentOrigins",
        "attributionStrength",
        "corroboration",
        "score",
        "reasons",
        "policyVersion",
        "extractorVersion",
        "echoedBy",
    ):
        assert f"{SC}{term}" in lede, term
    assert value(lede, f"{SC}sourceKind") == f"{SC}ANONYMOUS"
    chain = lede[f"{SC}attributionChain"][0]["@list"]  # an ordered list: origin first
    assert [value(link, f"{SCHEMA}name") for link in chain] == [
        source.name for source in scored["response"].claims[0].attribution.chain
    ]
    reasons = lede[f"{SC}reasons"][0]["@list"]
    assert [r["@value"] for r in reasons] == list(scored["response"].claims[0].reasons)
    assert lede[f"{SC}score"][0]["@type"] == "http://www.w3.org/2001/XMLSchema#double"
    (echo,) = lede[f"{SC}echoedBy"]
    assert echo["@id"].startswith("urn:sourcecheck:claim:sun-2024-12-17:")
    assert f"{SCHEMA}appearance" in lede and f"{SCHEMA}firstAppearance" in lede


def test_every_sc_term_is_documented() -> None:
    doc = (Path(__file__).resolve().parent / ".." / "docs" / "claimreview.md").read_text(encoding="utf-8")
    response = pb.ScoreArticleResponse(
        article_id="a",
        policy_version="p",
        extractor_version="e",
        claims=[
            pb.Claim(
                id="c1",
                text="x",
                attribution=pb.Attribution(
                    kind=pb.SOURCE_KIND_ANONYMOUS,
                    source="s",
                    origin_key="k",
                    chain=[pb.Source(kind=pb.SOURCE_KIND_ANONYMOUS, name="s", role="r", count=2)],
                ),
                supporting=[
                    pb.Match(article_id="b", claim_id="c1", independent=True, kind=pb.SOURCE_KIND_DOCUMENT)
                ],
                contradicting=[pb.Match(article_id="c", claim_id="c2", kind=pb.SOURCE_KIND_ANONYMOUS)],
            )
        ],
    )
    text = json.dumps(claimreview.document(pb.Article(id="a", outlet="O"), response))
    used = {word for word in text.replace('"', " ").split() if word.startswith("sc:")}
    used |= {f"sc:{name}" for name in claimreview.KIND_NAMES.values()}
    missing = sorted(term for term in used if f"`{term.rstrip(',:')}`" not in doc)
    assert not missing, f"terms not in docs/claimreview.md: {missing}"


def _at(seconds: int) -> Timestamp:
    return Timestamp(seconds=seconds)


def test_first_appearance_is_the_earliest_dated_report() -> None:
    article = pb.Article(id="late", outlet="Late Post", published_at=_at(3_000))
    claim = pb.Claim(
        id="c1",
        supporting=[
            pb.Match(article_id="undated", outlet="Undated", claim_id="c9"),
            pb.Match(article_id="early", outlet="Early News", claim_id="c2", published_at=_at(1_000)),
            pb.Match(article_id="middle", outlet="Middle", claim_id="c3", published_at=_at(2_000)),
        ],
    )
    first = claimreview.first_appearance(article, claim)
    assert first["@id"] == "urn:sourcecheck:article:early"
    assert first["publisher"]["name"] == "Early News"
    assert claimreview.first_appearance(pb.Article(id="x", outlet="X", published_at=_at(500)), claim)[
        "@id"
    ] == ("urn:sourcecheck:article:x")
    same_time = pb.Article(id="tie", outlet="T", published_at=_at(1_000))
    assert claimreview.first_appearance(same_time, claim)["@id"] == "urn:sourcecheck:article:tie"
    undated = pb.Article(id="nodate", outlet="N")
    assert claimreview.first_appearance(undated, claim)["@id"] == "urn:sourcecheck:article:early"
    alone = pb.Claim(id="c1")
    assert claimreview.first_appearance(undated, alone)["@id"] == "urn:sourcecheck:article:nodate"


@pytest.mark.parametrize(
    ("own_origin", "independent", "kind", "expected"),
    [
        ("person:a", True, pb.SOURCE_KIND_NAMED_PERSON, "independent"),
        ("person:a", False, pb.SOURCE_KIND_NAMED_PERSON, "echo"),
        ("person:a", False, pb.SOURCE_KIND_UNATTRIBUTED, "own voice"),
        ("", False, pb.SOURCE_KIND_UNATTRIBUTED, "own voice"),
        ("", False, pb.SOURCE_KIND_DOCUMENT, "origin unknown"),
    ],
)
def test_relation(own_origin: str, independent: bool, kind: pb.SourceKind, expected: str) -> None:
    claim = pb.Claim(attribution=pb.Attribution(origin_key=own_origin))
    assert claimreview.relation(claim, pb.Match(independent=independent, kind=kind)) == expected


def test_odd_ids_make_valid_iris() -> None:
    article = pb.Article(id="a b/ç?#1", outlet="O")
    response = pb.ScoreArticleResponse(article_id=article.id, claims=[pb.Claim(id="c 1", text="t")])
    doc = claimreview.document(article, response)
    item = doc["@graph"][0]["itemReviewed"]
    assert item["@id"] == "urn:sourcecheck:claim:a%20b%2F%C3%A7%3F%231:c%201"
    assert item["identifier"] == "c 1"
    expand(doc)


# ---------------------------------------------------------------------------------------- over the wire


def _ingest(live: LiveServer, articles: list[core.Article]) -> None:
    for article in articles:
        live.stub.IngestArticle(pb.IngestArticleRequest(article=convert.article_to_pb(article)), timeout=WAIT)


def test_server_claim_review_view(server: LiveServer, seed_articles: list[core.Article]) -> None:
    _ingest(server, seed_articles)
    article = convert.article_to_pb(next(a for a in seed_articles if a.id == DAILY_MAIL))
    basic = server.stub.ScoreArticle(pb.ScoreArticleRequest(article=article), timeout=WAIT)
    assert basic.json_ld == ""
    explicit_basic = server.stub.ScoreArticle(
        pb.ScoreArticleRequest(article=article, view=pb.SCORE_VIEW_BASIC), timeout=WAIT
    )
    assert explicit_basic.json_ld == ""
    full = server.stub.ScoreArticle(
        pb.ScoreArticleRequest(article=article, view=pb.SCORE_VIEW_CLAIM_REVIEW), timeout=WAIT
    )
    assert full.json_ld
    doc = json.loads(full.json_ld)
    bare = pb.ScoreArticleResponse()
    bare.CopyFrom(full)
    bare.ClearField("json_ld")
    assert bare == basic, "the view adds the JSON-LD and changes nothing else"
    assert doc == claimreview.document(article, basic)
    expanded = expand(doc)
    types = {t for node in nodes(expanded) for t in node.get("@type", [])}
    assert f"{SCHEMA}Claim" in types and f"{SCHEMA}ClaimReview" in types
    assert any(f"{SC}attributionChain" in node for node in nodes(expanded))


def test_server_stream_claim_review_view(server: LiveServer, seed_articles: list[core.Article]) -> None:
    _ingest(server, seed_articles)
    requests = [
        pb.StreamScoreArticlesRequest(article=convert.article_to_pb(a), view=view)
        for a, view in zip(
            seed_articles[:2], (pb.SCORE_VIEW_CLAIM_REVIEW, pb.SCORE_VIEW_UNSPECIFIED), strict=True
        )
    ]
    first, second = server.stub.StreamScoreArticles(iter(requests), timeout=WAIT)
    doc = json.loads(first.result.json_ld)
    assert len(doc["@graph"]) == len(first.result.claims)
    expand(doc)
    assert second.result.json_ld == ""


def test_cli_claim_review_in_process_and_over_the_server(
    server: LiveServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "cli.db")
    assert main(["ingest", str(SEEDS), "--db", db]) == 0
    assert main(["ingest", str(SEEDS), "--server", server.address]) == 0
    capsys.readouterr()
    assert main(["score", str(DAILY_MAIL_FILE), "--db", db, "--claim-review"]) == 0
    local = json.loads(capsys.readouterr().out)
    assert main(["score", str(DAILY_MAIL_FILE), "--server", server.address, "--claim-review"]) == 0
    lines = capsys.readouterr().out.splitlines()  # the in-process server may log on this stdout too
    remote = json.loads("\n".join(lines[lines.index("{") :]))
    assert local == remote
    assert local["@graph"][0]["itemReviewed"]["appearance"]["publisher"]["name"] == "Daily Mail"
    expand(local)
