"""The real gRPC server on a real port: health, reflection, every call, rich errors, drain."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import grpc
import pytest
from google.protobuf import any_pb2, descriptor_pool
from google.rpc import error_details_pb2, status_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase
from grpc_status import rpc_status

from sourcecheck import convert, core
from sourcecheck.v1 import scoring_pb2 as pb

if TYPE_CHECKING:
    from conftest import LiveServer

SERVICE = "sourcecheck.v1.ScoringService"
WAIT = 30.0  # bound on every blocking wait, never an assertion about time
SCORED_SEED = "dailymail-2024-12-18"
MAX_TIMESTAMP = 253402300799  # 9999-12-31T23:59:59Z

SIMPLE_BODY = (
    "The city council approved a budget of 40 million dollars for the new Harbour Bridge on Tuesday, "
    "mayor Jane Holt said."
)


# ---------------------------------------------------------------------------------------------- helpers


def to_pb(article: core.Article) -> pb.Article:
    return convert.article_to_pb(article)


def simple(id: str = "t1", outlet: str = "Gazette", body: str = SIMPLE_BODY, **fields: Any) -> pb.Article:
    return pb.Article(id=id, outlet=outlet, body=body, **fields)


def ingest_all(live: LiveServer, articles: list[core.Article]) -> None:
    for item in articles:
        live.stub.IngestArticle(pb.IngestArticleRequest(article=to_pb(item)), timeout=WAIT)


def stats(live: LiveServer) -> tuple[int, int]:
    reply = live.stub.GetCorpusStats(pb.GetCorpusStatsRequest(), timeout=WAIT)
    return reply.article_count, reply.claim_count


def bad_request_fields(error: grpc.RpcError) -> list[str]:
    """The field paths of an INVALID_ARGUMENT error's google.rpc.BadRequest detail."""
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT, (error.code(), error.details())
    status = rpc_status.from_call(error)
    assert status is not None, "no google.rpc.Status in the trailing metadata"
    assert status.code == grpc.StatusCode.INVALID_ARGUMENT.value[0]
    assert status.message == error.details()
    fields: list[str] = []
    for detail in status.details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            for violation in bad.field_violations:
                assert violation.description, violation
                fields.append(violation.field)
    assert fields, "INVALID_ARGUMENT without a BadRequest field violation"
    return fields


def rpc_error(call: Callable[[], Any]) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as info:
        call()
    return info.value


def squash(text: str) -> str:
    return " ".join(text.split())


def assert_span_inside(span: pb.Span, body: str) -> None:
    assert 0 <= span.start < span.end <= len(body), (span.start, span.end, len(body))


def assert_unit(value: float) -> None:
    assert 0.0 <= value <= 1.0, value


def assert_well_formed(
    response: pb.ScoreArticleResponse, article: core.Article, corpus: dict[str, core.Article]
) -> None:
    """Structural invariants of a score, whatever the NLP decides."""
    assert response.article_id == article.id
    assert response.policy_version
    ids = [claim.id for claim in response.claims]
    assert len(ids) == len(set(ids)), "claim ids are unique within an article"
    starts = [claim.span.start for claim in response.claims]
    assert starts == sorted(starts), "claims come in body order"
    for claim in response.claims:
        assert claim.id and claim.text.strip()
        assert_span_inside(claim.span, article.body)
        assert squash(article.body[claim.span.start : claim.span.end]) == squash(claim.text)
        for value in (claim.score, claim.attribution_strength, claim.corroboration):
            assert_unit(value)
        assert claim.independent_origins >= 0
        assert claim.attribution.kind != pb.SOURCE_KIND_UNSPECIFIED
        assert claim.attribution.hedged == bool(claim.attribution.hedges)
        if claim.attribution.chain:
            assert claim.attribution.kind == claim.attribution.chain[0].kind
            assert claim.attribution.source == claim.attribution.chain[0].name
        for source in claim.attribution.chain:
            assert source.kind != pb.SOURCE_KIND_UNSPECIFIED
            assert source.count >= 0
            if source.HasField("span"):
                assert 0 <= source.span.start <= source.span.end <= len(article.body)
        for match in [*claim.supporting, *claim.contradicting]:
            assert match.article_id != article.id, "an article never matches itself"
            assert match.outlet != article.outlet, "matches come from other outlets"
            assert_unit(match.similarity)
            assert match.kind != pb.SOURCE_KIND_UNSPECIFIED
            other = corpus.get(match.article_id)
            assert other is not None, f"match from an article not in the corpus: {match.article_id}"
            assert match.outlet == other.outlet
            assert_span_inside(match.span, other.body)
            assert squash(other.body[match.span.start : match.span.end]) == squash(match.text)
            if other.published is not None:
                assert match.published_at.seconds == other.published
        for reason in claim.reasons:
            assert reason.strip()


# --------------------------------------------------------------------------------------- health, reflection


@pytest.mark.parametrize("service", ["", SERVICE])
def test_health_reports_serving(server: LiveServer, service: str) -> None:
    stub = health_pb2_grpc.HealthStub(server.channel)
    reply = stub.Check(health_pb2.HealthCheckRequest(service=service), timeout=WAIT)
    assert reply.status == health_pb2.HealthCheckResponse.SERVING


def test_health_unknown_service_is_not_found(server: LiveServer) -> None:
    stub = health_pb2_grpc.HealthStub(server.channel)
    request = health_pb2.HealthCheckRequest(service="no.such.Service")
    error = rpc_error(lambda: stub.Check(request, timeout=WAIT))
    assert error.code() == grpc.StatusCode.NOT_FOUND


def test_reflection_lists_and_describes_the_service(server: LiveServer) -> None:
    database = ProtoReflectionDescriptorDatabase(server.channel)
    services = database.get_services()
    assert SERVICE in services
    assert "grpc.health.v1.Health" in services
    pool = descriptor_pool.DescriptorPool(database)
    service = pool.FindServiceByName(SERVICE)
    methods = {m.name for m in service.methods}
    assert methods == set(pb.DESCRIPTOR.services_by_name["ScoringService"].methods_by_name)
    score = service.FindMethodByName("ScoreArticle")
    assert score.input_type.full_name == "sourcecheck.v1.ScoreArticleRequest"
    assert score.output_type.full_name == "sourcecheck.v1.ScoreArticleResponse"


# ------------------------------------------------------------------------------------------------ scoring


def test_score_seed_against_seed_corpus(server: LiveServer, seed_articles: list[core.Article]) -> None:
    ingest_all(server, seed_articles)
    corpus = {a.id: a for a in seed_articles}
    article = corpus[SCORED_SEED]
    response = server.stub.ScoreArticle(pb.ScoreArticleRequest(article=to_pb(article)), timeout=WAIT)
    assert response.claims, "a long news article has check-worthy claims"
    assert_well_formed(response, article, corpus)
    assert any(claim.supporting for claim in response.claims), "the seeds share one story"


def test_every_seed_scores_well_formed(server: LiveServer, seed_articles: list[core.Article]) -> None:
    ingest_all(server, seed_articles)
    corpus = {a.id: a for a in seed_articles}
    for article in seed_articles:
        response = server.stub.ScoreArticle(pb.ScoreArticleRequest(article=to_pb(article)), timeout=WAIT)
        assert_well_formed(response, article, corpus)


def test_score_on_empty_corpus_has_no_matches(server: LiveServer, seed_articles: list[core.Article]) -> None:
    article = seed_articles[0]
    response = server.stub.ScoreArticle(pb.ScoreArticleRequest(article=to_pb(article)), timeout=WAIT)
    assert_well_formed(response, article, {})
    assert not any(claim.supporting or claim.contradicting for claim in response.claims)


def test_score_does_not_store(server: LiveServer, seed_articles: list[core.Article]) -> None:
    ingest_all(server, seed_articles[:2])
    before = stats(server)
    fresh = simple(id="never-stored")
    server.stub.ScoreArticle(pb.ScoreArticleRequest(article=fresh), timeout=WAIT)
    server.stub.ScoreArticle(pb.ScoreArticleRequest(article=to_pb(seed_articles[3])), timeout=WAIT)
    assert stats(server) == before
    error = rpc_error(
        lambda: server.stub.GetArticle(pb.GetArticleRequest(name="articles/never-stored"), timeout=WAIT)
    )
    assert error.code() == grpc.StatusCode.NOT_FOUND


def test_stats_report_policy_version(server: LiveServer) -> None:
    reply = server.stub.GetCorpusStats(pb.GetCorpusStatsRequest(), timeout=WAIT)
    assert (reply.article_count, reply.claim_count) == (0, 0)
    scored = server.stub.ScoreArticle(pb.ScoreArticleRequest(article=simple()), timeout=WAIT)
    assert reply.policy_version
    assert reply.policy_version == scored.policy_version


def test_score_and_stats_report_extractor_version(server: LiveServer) -> None:
    reply = server.stub.GetCorpusStats(pb.GetCorpusStatsRequest(), timeout=WAIT)
    assert reply.extractor_version == core.EXTRACTOR_VERSION
    assert list(reply.stored_extractor_versions) == []
    scored = server.stub.ScoreArticle(pb.ScoreArticleRequest(article=simple()), timeout=WAIT)
    assert scored.extractor_version == core.EXTRACTOR_VERSION
    (streamed,) = server.stub.StreamScoreArticles(
        iter([pb.StreamScoreArticlesRequest(article=simple())]), timeout=WAIT
    )
    assert streamed.result.extractor_version == core.EXTRACTOR_VERSION
    for index in range(2):
        server.stub.IngestArticle(pb.IngestArticleRequest(article=simple(id=f"t{index}")), timeout=WAIT)
    reply = server.stub.GetCorpusStats(pb.GetCorpusStatsRequest(), timeout=WAIT)
    assert [(v.extractor_version, v.article_count) for v in reply.stored_extractor_versions] == [
        (core.EXTRACTOR_VERSION, 2)
    ]


# --------------------------------------------------------------------------------------- ingest, get, delete


def test_ingest_twice_replaces(server: LiveServer, seed_articles: list[core.Article]) -> None:
    article = to_pb(seed_articles[1])
    first = server.stub.IngestArticle(pb.IngestArticleRequest(article=article), timeout=WAIT)
    assert first.article_id == article.id
    assert first.replaced is False
    assert first.claim_count > 0
    after_first = stats(server)
    assert after_first == (1, first.claim_count)
    second = server.stub.IngestArticle(pb.IngestArticleRequest(article=article), timeout=WAIT)
    assert second.replaced is True
    assert second.claim_count == first.claim_count
    assert stats(server) == after_first


def test_get_article_round_trip(server: LiveServer, seed_articles: list[core.Article]) -> None:
    article = to_pb(seed_articles[0])
    server.stub.IngestArticle(pb.IngestArticleRequest(article=article), timeout=WAIT)
    got = server.stub.GetArticle(pb.GetArticleRequest(name=f"articles/{article.id}"), timeout=WAIT)
    assert got.id == article.id
    assert got.outlet == article.outlet
    assert got.title == article.title
    assert got.body == article.body
    assert got.published_at == article.published_at
    assert got.language == "en"
    assert got.name == f"articles/{article.id}"
    # The deprecated id still names it; a name outside the collection is the caller's mistake.
    assert server.stub.GetArticle(pb.GetArticleRequest(id=article.id), timeout=WAIT) == got
    for bad in ("articles/", article.id, "posts/" + article.id):
        error = rpc_error(lambda b=bad: server.stub.GetArticle(pb.GetArticleRequest(name=b), timeout=WAIT))
        assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    empty = rpc_error(lambda: server.stub.GetArticle(pb.GetArticleRequest(), timeout=WAIT))
    assert empty.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_spans_in_the_callers_string_units(server: LiveServer) -> None:
    """UTF-16 spans slice the body as JavaScript does; UTF-8 spans as bytes; UTF-32 as code points."""
    body = (
        "Fans cheered \U0001f389 in the square on Sunday night. "
        "The mayor of Lyon said the café would reopen on Monday, according to a statement. "
        "Police said two men were arrested after the crash on the ring road."
    )
    article = simple(id="emoji-1", body=body)
    plain = server.stub.ScoreArticle(pb.ScoreArticleRequest(article=article), timeout=WAIT)
    assert plain.claims
    utf16 = body.encode("utf-16-le")
    utf8 = body.encode("utf-8")
    for encoding, cut in (
        (pb.ENCODING_TYPE_UTF16, lambda a, b: utf16[2 * a : 2 * b].decode("utf-16-le")),
        (pb.ENCODING_TYPE_UTF8, lambda a, b: utf8[a:b].decode("utf-8")),
        (pb.ENCODING_TYPE_UTF32, lambda a, b: body[a:b]),
    ):
        request = pb.ScoreArticleRequest(article=article, encoding_type=encoding)
        reply = server.stub.ScoreArticle(request, timeout=WAIT)
        assert [c.text for c in reply.claims] == [c.text for c in plain.claims]
        for claim, before in zip(reply.claims, plain.claims, strict=True):
            assert cut(claim.span.start, claim.span.end) == body[before.span.start : before.span.end]
            for source, old in zip(claim.attribution.chain, before.attribution.chain, strict=True):
                assert cut(source.span.start, source.span.end) == body[old.span.start : old.span.end]
    shifted = server.stub.ScoreArticle(
        pb.ScoreArticleRequest(article=article, encoding_type=pb.ENCODING_TYPE_UTF16), timeout=WAIT
    )
    assert shifted.claims[-1].span.start == plain.claims[-1].span.start + 1  # the emoji is 2 units


def error_info(error: grpc.RpcError) -> tuple[str, dict[str, str]]:
    """The reason and metadata of an error's google.rpc.ErrorInfo (AIP-193), in our domain."""
    status = rpc_status.from_call(error)
    assert status is not None
    for detail in status.details:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            assert info.domain == "sourcecheck.v1"
            return info.reason, dict(info.metadata)
    raise AssertionError(f"no ErrorInfo in {status}")


def test_every_error_names_its_reason(server: LiveServer) -> None:
    missing = rpc_error(
        lambda: server.stub.GetArticle(pb.GetArticleRequest(name="articles/missing"), timeout=WAIT)
    )
    assert error_info(missing) == ("ARTICLE_NOT_FOUND", {"id": "missing"})
    bad = rpc_error(lambda: server.stub.ScoreArticle(pb.ScoreArticleRequest(), timeout=WAIT))
    assert error_info(bad)[0] == "INVALID_REQUEST"


def test_an_outage_tells_when_to_retry() -> None:
    from sourcecheck.server import errors

    detail_types = [d.type_url.rsplit("/", 1)[-1] for d in _details(errors.unavailable("store down").status)]
    assert detail_types == ["google.rpc.ErrorInfo", "google.rpc.RetryInfo"]


def _details(status: grpc.Status) -> list[any_pb2.Any]:
    for key, value in status.trailing_metadata:
        if key == "grpc-status-details-bin":
            return list(status_pb2.Status.FromString(value).details)
    return []


def test_list_articles_pages_through_the_corpus(
    server: LiveServer, seed_articles: list[core.Article]
) -> None:
    ingest_all(server, seed_articles)
    seen: list[str] = []
    token = ""
    for _ in range(5):
        page = server.stub.ListArticles(pb.ListArticlesRequest(page_size=2, page_token=token), timeout=WAIT)
        seen += [a.id for a in page.articles]
        token = page.next_page_token
        if not token:
            break
    assert seen == sorted(a.id for a in seed_articles)
    whole = server.stub.ListArticles(pb.ListArticlesRequest(), timeout=WAIT)  # default page size: all five
    assert len(whole.articles) == 5 and whole.next_page_token == ""


@pytest.mark.parametrize(
    ("request_", "field"), [({"page_size": -1}, "page_size"), ({"page_token": "x"}, "page_token")]
)
def test_list_articles_refuses_a_bad_page(
    server: LiveServer, request_: dict[str, object], field: str
) -> None:
    error = rpc_error(lambda: server.stub.ListArticles(pb.ListArticlesRequest(**request_), timeout=WAIT))
    assert bad_request_fields(error) == [field]


def test_get_article_not_found(server: LiveServer) -> None:
    error = rpc_error(
        lambda: server.stub.GetArticle(pb.GetArticleRequest(name="articles/missing"), timeout=WAIT)
    )
    assert error.code() == grpc.StatusCode.NOT_FOUND
    assert "missing" in (error.details() or "")


@pytest.mark.parametrize("method", ["GetArticle", "DeleteArticle"])
def test_by_name_calls_require_name(server: LiveServer, method: str) -> None:
    request = pb.GetArticleRequest() if method == "GetArticle" else pb.DeleteArticleRequest()
    error = rpc_error(lambda: getattr(server.stub, method)(request, timeout=WAIT))
    assert bad_request_fields(error) == ["name"]


def test_delete_article(server: LiveServer, seed_articles: list[core.Article]) -> None:
    ingest_all(server, seed_articles[:2])
    kept = server.stub.IngestArticle(pb.IngestArticleRequest(article=to_pb(seed_articles[2])), timeout=WAIT)
    gone = seed_articles[0].id
    assert (
        server.stub.DeleteArticle(pb.DeleteArticleRequest(name=f"articles/{gone}"), timeout=WAIT).deleted
        is True
    )
    assert server.stub.DeleteArticle(
        pb.DeleteArticleRequest(name=f"articles/{seed_articles[1].id}"), timeout=WAIT
    ).deleted
    assert stats(server) == (1, kept.claim_count)
    error = rpc_error(
        lambda: server.stub.GetArticle(pb.GetArticleRequest(name=f"articles/{gone}"), timeout=WAIT)
    )
    assert error.code() == grpc.StatusCode.NOT_FOUND
    missing = rpc_error(
        lambda: server.stub.DeleteArticle(pb.DeleteArticleRequest(name=f"articles/{gone}"), timeout=WAIT)
    )
    assert missing.code() == grpc.StatusCode.NOT_FOUND  # AIP-135
    assert error_info(missing) == ("ARTICLE_NOT_FOUND", {"id": gone})
    allowed = pb.DeleteArticleRequest(name=f"articles/{gone}", allow_missing=True)
    assert server.stub.DeleteArticle(allowed, timeout=WAIT).deleted is False


def test_deleted_article_no_longer_matches(server: LiveServer, seed_articles: list[core.Article]) -> None:
    ingest_all(server, seed_articles)
    article = next(a for a in seed_articles if a.id == SCORED_SEED)
    request = pb.ScoreArticleRequest(article=to_pb(article))
    before = server.stub.ScoreArticle(request, timeout=WAIT)
    matched = {m.article_id for c in before.claims for m in [*c.supporting, *c.contradicting]}
    assert matched
    removed = sorted(matched)[0]
    server.stub.DeleteArticle(pb.DeleteArticleRequest(name=f"articles/{removed}"), timeout=WAIT)
    after = server.stub.ScoreArticle(request, timeout=WAIT)
    assert removed not in {m.article_id for c in after.claims for m in [*c.supporting, *c.contradicting]}


# ---------------------------------------------------------------------------------------------- streams


def test_bulk_ingest_counts(server: LiveServer, seed_articles: list[core.Article]) -> None:
    requests = (pb.BulkIngestArticlesRequest(article=to_pb(a)) for a in seed_articles)
    reply = server.stub.BulkIngestArticles(requests, timeout=WAIT)
    assert reply.article_count == len(seed_articles)
    assert reply.claim_count > 0
    assert stats(server) == (reply.article_count, reply.claim_count)


def test_bulk_ingest_empty_stream(server: LiveServer) -> None:
    reply = server.stub.BulkIngestArticles(iter(()), timeout=WAIT)
    assert (reply.article_count, reply.claim_count) == (0, 0)


def test_bulk_ingest_bad_article_in_the_middle(server: LiveServer, seed_articles: list[core.Article]) -> None:
    articles = [to_pb(a) for a in seed_articles[:4]]
    articles[2].body = "   "
    requests = [pb.BulkIngestArticlesRequest(article=a) for a in articles]
    error = rpc_error(lambda: server.stub.BulkIngestArticles(iter(requests), timeout=WAIT))
    assert bad_request_fields(error) == ["article[2].body"]
    # Nothing after the bad article was stored.
    for later in articles[3:]:
        request = pb.GetArticleRequest(name=f"articles/{later.id}")
        missing = rpc_error(lambda r=request: server.stub.GetArticle(r, timeout=WAIT))
        assert missing.code() == grpc.StatusCode.NOT_FOUND


def test_bulk_ingest_stream_length_limit(make_server: Callable[..., LiveServer]) -> None:
    live = make_server(max_stream_articles=2)
    requests = [pb.BulkIngestArticlesRequest(article=simple(id=f"a{i}", outlet=f"O{i}")) for i in range(3)]
    error = rpc_error(lambda: live.stub.BulkIngestArticles(iter(requests), timeout=WAIT))
    assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED


def test_stream_score_answers_each_in_order(server: LiveServer, seed_articles: list[core.Article]) -> None:
    ingest_all(server, seed_articles)
    corpus = {a.id: a for a in seed_articles}
    order = [*reversed(seed_articles), seed_articles[0]]
    requests = (pb.StreamScoreArticlesRequest(article=to_pb(a)) for a in order)
    answers = list(server.stub.StreamScoreArticles(requests, timeout=WAIT))
    assert [a.result.article_id for a in answers] == [a.id for a in order]
    for article, answer in zip(order, answers, strict=True):
        assert_well_formed(answer.result, article, corpus)
        single = server.stub.ScoreArticle(pb.ScoreArticleRequest(article=to_pb(article)), timeout=WAIT)
        assert answer.result == single, "a streamed score equals the unary score"


def test_stream_score_answers_before_reading_the_next(server: LiveServer) -> None:
    # Each answer arrives while the client still holds the next request back.
    requests: queue.Queue[pb.StreamScoreArticlesRequest | None] = queue.Queue()
    call = server.stub.StreamScoreArticles(iter(requests.get, None), timeout=WAIT)
    try:
        for index in range(3):
            requests.put(pb.StreamScoreArticlesRequest(article=simple(id=f"s{index}")))
            assert next(call).result.article_id == f"s{index}"
    finally:
        requests.put(None)
    assert list(call) == []
    assert call.code() == grpc.StatusCode.OK


def test_stream_score_bad_article_in_the_middle(server: LiveServer) -> None:
    articles = [simple(id="s0"), simple(id="s1", outlet=""), simple(id="s2")]
    call = server.stub.StreamScoreArticles(
        iter([pb.StreamScoreArticlesRequest(article=a) for a in articles]), timeout=WAIT
    )
    assert next(call).result.article_id == "s0"
    error = rpc_error(lambda: next(call))
    fields = bad_request_fields(error)
    assert len(fields) == 1
    assert fields[0].startswith("article") and fields[0].endswith(".outlet")


# ----------------------------------------------------------------------------------------------- errors


def _bad_articles() -> list[tuple[str, pb.Article, str]]:
    beyond_9999 = simple()
    beyond_9999.published_at.seconds = MAX_TIMESTAMP + 1
    before_year_1 = simple()
    before_year_1.published_at.seconds = -62135596801
    bad_nanos = simple()
    bad_nanos.published_at.seconds = 1_700_000_000
    bad_nanos.published_at.nanos = -1
    return [
        ("empty-body", simple(body=""), "article.body"),
        ("blank-body", simple(body=" \n\t "), "article.body"),
        ("missing-id", simple(id=""), "article.id"),
        ("blank-id", simple(id="   "), "article.id"),
        ("missing-outlet", simple(outlet=""), "article.outlet"),
        ("long-id", simple(id="x" * 513), "article.id"),
        ("long-title", simple(title="t" * 4097), "article.title"),
        ("nul-in-body", simple(body="Mayor Jane Holt said\x00 the bridge opens."), "article.body"),
        ("nul-in-id", simple(id="t\x001"), "article.id"),
        ("nul-in-outlet", simple(outlet="Gaz\x00ette"), "article.outlet"),
        ("beyond-9999", beyond_9999, "article.published_at"),
        ("before-year-1", before_year_1, "article.published_at"),
        ("negative-nanos", bad_nanos, "article.published_at"),
        ("long-language", simple(language="x" * 36), "article.language"),
    ]


@pytest.mark.parametrize("method", ["ScoreArticle", "IngestArticle"])
@pytest.mark.parametrize(
    ("article", "field"),
    [(a, f) for _, a, f in _bad_articles()],
    ids=[name for name, _, _ in _bad_articles()],
)
def test_invalid_article_is_invalid_argument(
    server: LiveServer, method: str, article: pb.Article, field: str
) -> None:
    request = (
        pb.ScoreArticleRequest(article=article)
        if method == "ScoreArticle"
        else pb.IngestArticleRequest(article=article)
    )
    error = rpc_error(lambda: getattr(server.stub, method)(request, timeout=WAIT))
    assert error.code() not in (grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN)
    assert field in bad_request_fields(error)
    assert stats(server) == (0, 0)


def test_missing_article_names_every_required_field(server: LiveServer) -> None:
    error = rpc_error(lambda: server.stub.IngestArticle(pb.IngestArticleRequest(), timeout=WAIT))
    assert set(bad_request_fields(error)) == {"article.id", "article.outlet", "article.body"}


def test_oversize_body(make_server: Callable[..., LiveServer]) -> None:
    live = make_server(max_body_chars=200)
    sentence = "Mayor Jane Holt said the Harbour Bridge will cost 40 million dollars. "
    at_limit = (sentence * 10)[:200]
    reply = live.stub.IngestArticle(pb.IngestArticleRequest(article=simple(body=at_limit)), timeout=WAIT)
    assert reply.article_id == "t1"
    # Code points, not bytes: 200 non-ASCII characters are still within the limit.
    live.stub.ScoreArticle(pb.ScoreArticleRequest(article=simple(body="é" * 200)), timeout=WAIT)
    for method, request_type in (
        ("ScoreArticle", pb.ScoreArticleRequest),
        ("IngestArticle", pb.IngestArticleRequest),
    ):
        request = request_type(article=simple(id="big", body=at_limit + "x"))
        error = rpc_error(lambda m=method, r=request: getattr(live.stub, m)(r, timeout=WAIT))
        assert bad_request_fields(error) == ["article.body"]
    assert stats(live)[0] == 1


def _odd_but_valid() -> list[tuple[str, pb.Article]]:
    year_1 = simple()
    year_1.published_at.seconds = -62135596800
    year_9999 = simple()
    year_9999.published_at.seconds = MAX_TIMESTAMP
    return [
        ("punctuation-only", simple(body="?!... -- ;;; ''' \"\"")),
        ("one-word", simple(body="Yes")),
        ("digits", simple(body="1 2 3 4 5 6 7 8 9 10 11 12 13 14 15")),
        ("no-full-stop", simple(body="officials said " * 300)),
        ("unicode", simple(body="Пресс-секретарь Кремля Дмитрий Песков заявил, что 😀 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 «цитата».")),
        ("quotes-unbalanced", simple(body="'He said \u201cthe bridge is safe, officials told reporters.")),
        ("newlines", simple(body="\n\n\nMayor Jane Holt said so.\n\n\n\n")),
        ("year-1", year_1),
        ("year-9999", year_9999),
    ]


@pytest.mark.parametrize("article", [a for _, a in _odd_but_valid()], ids=[n for n, _ in _odd_but_valid()])
def test_odd_but_valid_articles_score_and_ingest(server: LiveServer, article: pb.Article) -> None:
    reply = server.stub.IngestArticle(pb.IngestArticleRequest(article=article), timeout=WAIT)
    assert reply.claim_count >= 0
    other = pb.Article()
    other.CopyFrom(article)
    other.id, other.outlet = "t2", "Courier"
    response = server.stub.ScoreArticle(pb.ScoreArticleRequest(article=other), timeout=WAIT)
    core_article = convert.article_from_pb(other)
    assert_well_formed(response, core_article, {"t1": convert.article_from_pb(article)})


# ------------------------------------------------------------------------------------------- request id


def test_request_id_is_echoed(server: LiveServer) -> None:
    _, call = server.stub.GetCorpusStats.with_call(
        pb.GetCorpusStatsRequest(), metadata=(("x-request-id", "req-123"),), timeout=WAIT
    )
    assert ("x-request-id", "req-123") in tuple(call.trailing_metadata() or ())


def test_request_id_is_made_when_not_sent(server: LiveServer) -> None:
    ids = []
    for _ in range(2):
        _, call = server.stub.GetCorpusStats.with_call(pb.GetCorpusStatsRequest(), timeout=WAIT)
        echoed = dict(call.trailing_metadata() or ()).get("x-request-id")
        assert echoed
        ids.append(echoed)
    assert ids[0] != ids[1]


def test_request_id_is_echoed_on_errors_beside_the_status(server: LiveServer) -> None:
    request = pb.IngestArticleRequest(article=simple(body=""))
    error = rpc_error(
        lambda: server.stub.IngestArticle(request, metadata=(("x-request-id", "req-bad"),), timeout=WAIT)
    )
    assert ("x-request-id", "req-bad") in tuple(error.trailing_metadata() or ())
    assert bad_request_fields(error) == ["article.body"]


def test_request_id_is_echoed_on_streams(server: LiveServer) -> None:
    call = server.stub.StreamScoreArticles(
        iter([pb.StreamScoreArticlesRequest(article=simple())]),
        metadata=(("x-request-id", "req-stream"),),
        timeout=WAIT,
    )
    assert len(list(call)) == 1
    assert ("x-request-id", "req-stream") in tuple(call.trailing_metadata() or ())


# ------------------------------------------------------------------------------------------------ drain


def test_graceful_drain(make_server: Callable[..., LiveServer], seed_articles: list[core.Article]) -> None:
    live = make_server()
    stopper: threading.Thread | None = None
    try:
        ingest_all(live, seed_articles)
        health = health_pb2_grpc.HealthStub(live.channel)
        watch = health.Watch(health_pb2.HealthCheckRequest(service=SERVICE), timeout=WAIT)
        assert next(watch).status == health_pb2.HealthCheckResponse.SERVING

        # Two calls in flight, each holding its next message back until the drain has begun.
        scores: queue.Queue[pb.StreamScoreArticlesRequest | None] = queue.Queue()
        stream = live.stub.StreamScoreArticles(iter(scores.get, None), timeout=WAIT)
        ingests: queue.Queue[pb.BulkIngestArticlesRequest | None] = queue.Queue()
        bulk = live.stub.BulkIngestArticles.future(iter(ingests.get, None), timeout=WAIT)
        scores.put(pb.StreamScoreArticlesRequest(article=to_pb(seed_articles[0])))
        assert next(stream).result.article_id == seed_articles[0].id
        ingests.put(pb.BulkIngestArticlesRequest(article=simple(id="late-0")))

        stopper = threading.Thread(target=live.server.stop, kwargs={"grace": 5}, name="stopper")
        stopper.start()
        assert next(watch).status == health_pb2.HealthCheckResponse.NOT_SERVING
        watch.cancel()
        for name in ("", SERVICE):
            direct = live.server.health.Check(health_pb2.HealthCheckRequest(service=name), None)
            assert direct.status == health_pb2.HealthCheckResponse.NOT_SERVING

        # In-flight calls still complete normally.
        for article in seed_articles[1:]:
            scores.put(pb.StreamScoreArticlesRequest(article=to_pb(article)))
        scores.put(None)
        ingests.put(pb.BulkIngestArticlesRequest(article=simple(id="late-1", outlet="Courier")))
        ingests.put(None)
        rest = [answer.result.article_id for answer in stream]
        assert rest == [a.id for a in seed_articles[1:]]
        assert stream.code() == grpc.StatusCode.OK
        assert bulk.result(timeout=WAIT).article_count == 2

        stopper.join(timeout=WAIT)
        assert not stopper.is_alive(), "stop() did not return once in-flight calls were done"
        # New calls are refused once stopped.
        refused = rpc_error(lambda: live.stub.GetCorpusStats(pb.GetCorpusStatsRequest(), timeout=5))
        assert refused.code() == grpc.StatusCode.UNAVAILABLE
    finally:
        if stopper is not None and stopper.is_alive():
            stopper.join(timeout=WAIT)

    # Everything acknowledged before and during the drain is on disk.
    again = make_server(db=live.settings.db)
    assert stats(again)[0] == len(seed_articles) + 2


def test_a_store_outage_is_retried_by_the_client_against_the_real_server(server: LiveServer) -> None:
    """The client's service-config retry works only while the server sends no headers before its
    answer: UNAVAILABLE from a store outage must reach the client uncommitted."""
    from sourcecheck.store import StoreUnavailable
    from sourcecheck_client import Client, RetryPolicy

    real_counts = server.server.store.counts
    calls = []

    def flaky_counts() -> tuple[int, int]:
        calls.append(1)
        if len(calls) == 1:
            raise StoreUnavailable("the database went away")
        return real_counts()

    server.server.store.counts = flaky_counts  # type: ignore[method-assign]
    retry = RetryPolicy(max_attempts=3, initial_backoff=0.01, max_backoff=0.02)
    with Client(server.address, retry=retry, timeout=WAIT) as client:
        stats = client.corpus_stats()
    assert stats.article_count == 0
    assert len(calls) == 2


def test_match_spans_count_units_of_the_matched_article(server: LiveServer) -> None:
    """A match's span points into the other article's body, in the units the caller asked for."""
    other_body = (
        "Crowds cheered \U0001f389 on the quay at dawn. "
        "Police said two men were arrested on Sunday after a crash on the ring road near the harbour."
    )
    other = simple(id="emoji-wire", outlet="Wire", body=other_body)
    server.stub.IngestArticle(pb.IngestArticleRequest(article=other), timeout=WAIT)
    scored = simple(
        id="emoji-paper",
        outlet="Paper",
        body="Two men were arrested on Sunday after a crash on the ring road near the harbour, police said.",
    )
    plain = server.stub.ScoreArticle(pb.ScoreArticleRequest(article=scored), timeout=WAIT)
    wide = server.stub.ScoreArticle(
        pb.ScoreArticleRequest(article=scored, encoding_type=pb.ENCODING_TYPE_UTF16), timeout=WAIT
    )
    before = [m for c in plain.claims for m in c.supporting if m.article_id == "emoji-wire"]
    after = [m for c in wide.claims for m in c.supporting if m.article_id == "emoji-wire"]
    assert before and len(before) == len(after)
    units = other_body.encode("utf-16-le")
    for old, new in zip(before, after, strict=True):
        assert new.span.start == old.span.start + 1  # the emoji before it is two UTF-16 units
        text = units[2 * new.span.start : 2 * new.span.end].decode("utf-16-le")
        assert text == other_body[old.span.start : old.span.end] == new.text
