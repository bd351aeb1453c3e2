"""Fuzz the request path of a real in-process server: whatever arrives, the answer is OK or
INVALID_ARGUMENT (with a google.rpc.BadRequest), never INTERNAL or UNKNOWN, and the server stays healthy.

Arbitrary Unicode (control and format characters, combining marks, NUL, astral planes; proto strings
cannot hold surrogates), empty, blank and huge fields (bodies up to 300,000 characters, past the
200,000 limit), odd timestamps, and raw bytes sent as the request message.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import grpc
import pytest
from google.protobuf.message import DecodeError
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_status import rpc_status
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from sourcecheck import convert
from sourcecheck.articles import expand, read_file
from sourcecheck.v1 import scoring_pb2 as pb

if TYPE_CHECKING:
    from conftest import LiveServer

WAIT = 30.0  # bound on every call, never an assertion about time
SERVICE = "/sourcecheck.v1.ScoringService/"
MAX_BODY = 200_000  # Settings.max_body_chars by default
MIN_TS, MAX_TS = -62135596800, 253402300799  # 0001-01-01, 9999-12-31T23:59:59
ALLOWED = {grpc.StatusCode.OK, grpc.StatusCode.INVALID_ARGUMENT}
FUZZ = settings(
    max_examples=150,
    deadline=5000,  # ms per example; the gRPC timeout bounds a hung call
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
SEED_BODIES = [
    read_file(path).body for path in expand([str(Path(__file__).resolve().parent.parent / "seeds")])
]

# ----------------------------------------------------------------------------------------- strategies

ANY_CHAR = st.characters(codec="utf-8")  # every code point but surrogates: NUL, controls, astral planes
ODD_CHAR = st.one_of(
    st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Co"]),
    st.sampled_from(["\x00", "\u200b", "\u202e", "\ufeff", "\ufffd", "\U0010ffff", "\r", "\x85", "."]),
)


def chars(valid: bool) -> st.SearchStrategy[str]:
    """Any character, or (valid) any but NUL, which every field refuses."""
    return ANY_CHAR.filter(lambda c: c != "\x00") if valid else ANY_CHAR


def odd_chars(valid: bool) -> st.SearchStrategy[str]:
    return ODD_CHAR.filter(lambda c: c != "\x00") if valid else ODD_CHAR


def texts(max_size: int, valid: bool = False, required: bool = False) -> st.SearchStrategy[str]:
    """Short text: anything (not valid), or text a field accepts (valid; not blank when required)."""
    if not valid:
        return st.one_of(
            st.text(ANY_CHAR, max_size=max_size),
            st.text(ODD_CHAR, max_size=max_size),
            st.sampled_from(["", " ", "\t\n", "\x00", "\u3000"]),
        )
    minimum = 1 if required else 0
    found = st.text(chars(True), min_size=minimum, max_size=max_size) | st.text(
        odd_chars(True), min_size=minimum, max_size=max_size
    ).map(lambda text: "x" + text if required else text)
    return found.filter(lambda text: bool(text.strip()) or not required)


@st.composite
def huge(draw: st.DrawFn, lengths: st.SearchStrategy[int], valid: bool = False) -> str:
    """A long string of a repeated random piece, exactly as long as drawn (never blank when valid)."""
    piece = draw(
        st.text(chars(valid), min_size=1, max_size=8) | st.sampled_from(["a", "é", "😀", "Mr. ", ". "])
    )
    if valid and not piece.strip():
        piece += "a"
    length = draw(lengths)
    return (piece * (length // len(piece) + 1))[:length]


@st.composite
def spliced_seed(draw: st.DrawFn, valid: bool = False) -> str:
    """A seed article's body with odd text spliced in, so the NLP sees real sentences gone strange."""
    body = draw(st.sampled_from(SEED_BODIES))
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(body)))
        inserted = draw(st.text(odd_chars(valid), max_size=30) | st.text(chars(valid), max_size=30))
        body = body[:at] + inserted + body[at:]
    return body


def bodies(valid: bool) -> st.SearchStrategy[str]:
    if valid:
        return st.one_of(
            texts(2_000, valid=True, required=True),
            spliced_seed(valid=True),
            huge(st.integers(1, MAX_BODY), valid=True),
            huge(st.sampled_from([MAX_BODY - 1, MAX_BODY]), valid=True),
        )
    return st.one_of(
        texts(2_000),
        spliced_seed(),
        huge(st.integers(0, 300_000)),
        huge(st.sampled_from([MAX_BODY - 1, MAX_BODY, MAX_BODY + 1, 300_000])),
    )


ANY_TIMESTAMP = st.tuples(
    st.one_of(
        st.integers(-(2**63), 2**63 - 1),
        st.integers(MIN_TS, MAX_TS),
        st.sampled_from([MIN_TS - 1, MIN_TS, -1, 0, 1_734_436_800, MAX_TS, MAX_TS + 1]),
    ),
    st.one_of(st.integers(-(2**31), 2**31 - 1), st.sampled_from([0, -1, 999_999_999, 1_000_000_000])),
)
VALID_TIMESTAMP = st.tuples(
    st.integers(MIN_TS, MAX_TS) | st.sampled_from([MIN_TS, -1, 0, MAX_TS]),
    st.integers(0, 999_999_999),
)


@st.composite
def articles(draw: st.DrawFn) -> tuple[bool, pb.Article]:
    """Half the time (True, an article every field of which is acceptable, however odd); else (False,
    anything)."""
    valid = draw(st.booleans())
    sizes = [512] if valid else [512, 513, 5_000]
    article = pb.Article(
        id=draw(texts(40, valid, required=True) | huge(st.sampled_from(sizes), valid)),
        outlet=draw(texts(40, valid, required=True) | huge(st.sampled_from(sizes[:2]), valid)),
        url=draw(texts(100, valid) | huge(st.sampled_from([4096] if valid else [4096, 4097]), valid)),
        title=draw(texts(200, valid) | huge(st.sampled_from([4096] if valid else [4097, 100_000]), valid)),
        body=draw(bodies(valid)),
        # Valid: English, tagged (an untagged body is identified, and random text may read as another
        # language). Anything else: other languages, malformed tags, untagged random bodies.
        language=draw(
            st.sampled_from(["en", "en-GB", "EN-us", "en-Latn-US"])
            if valid
            else st.sampled_from(["", "en", "fr-CA", "zh-Hant-TW", "zz-!!", "x" * 35]) | texts(40)
        ),
    )
    stamp = draw(st.none() | (VALID_TIMESTAMP if valid else ANY_TIMESTAMP))
    if stamp is not None:
        article.published_at.seconds, article.published_at.nanos = stamp
    return valid, article


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        low, value = value & 0x7F, value >> 7
        out.append(low | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _field(number: int, payload: bytes) -> bytes:
    """A length-delimited field on the wire."""
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


articles_small = st.builds(
    lambda id, outlet, body: pb.Article(id=id, outlet=outlet, body=body),
    texts(20),
    texts(20),
    texts(200) | spliced_seed(),
)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A valid request's bytes, then truncated, flipped, or with bytes spliced in."""
    data = bytearray(pb.ScoreArticleRequest(article=draw(articles_small)).SerializeToString())
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        how = draw(st.sampled_from(["truncate", "flip", "insert"]))
        if how == "truncate":
            del data[at:]
        elif how == "flip" and at < len(data):
            data[at] ^= draw(st.integers(1, 255))
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
    return bytes(data)


BAD_UTF8 = st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"a\x80b"])
RAW = st.one_of(
    st.binary(max_size=4096),
    mutated(),
    # A well-formed message whose article.body (field 5 of field 1) is not UTF-8: proto3 rejects it.
    st.builds(lambda bad, tail: _field(1, _field(5, bad + tail)), BAD_UTF8, st.binary(max_size=64)),
    # Known fields with the wrong wire type, or a timestamp that is not a message.
    st.sampled_from([b"\x08\x01", b"\x0a\x02\x28\x01", b"\x0a\x03\x32\x01\xff", b"\x0d\x00\x00\x00\x00"]),
)


def decodes(data: bytes) -> bool:
    try:
        pb.ScoreArticleRequest.FromString(data)
        pb.IngestArticleRequest.FromString(data)
    except DecodeError:
        return False
    return True


# -------------------------------------------------------------------------------------------- helpers


def outcome(call: Callable[[], Any]) -> tuple[grpc.StatusCode, Any]:
    try:
        return grpc.StatusCode.OK, call()
    except grpc.RpcError as error:
        return error.code(), error  # type: ignore[attr-defined]


def violations(error: grpc.RpcError) -> list[str]:
    """The field paths of an INVALID_ARGUMENT's google.rpc.BadRequest; asserts there is one."""
    status = rpc_status.from_call(error)
    assert status is not None, f"INVALID_ARGUMENT without a google.rpc.Status: {error.details()}"  # type: ignore[attr-defined]
    fields = []
    for detail in status.details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            fields += [v.field for v in bad.field_violations]
    assert fields, f"INVALID_ARGUMENT without field violations: {error.details()}"  # type: ignore[attr-defined]
    return fields


def check_answer(code: grpc.StatusCode, answer: Any, article: pb.Article, valid: bool = False) -> None:
    """Only OK or INVALID_ARGUMENT; OK for a valid article; INVALID_ARGUMENT names the fields, and
    names the body when it is blank or too long."""
    event(f"code {code.name}")
    details = "" if code == grpc.StatusCode.OK else answer.details()
    assert code in ALLOWED, f"{code.name}: {details}"
    if valid:
        assert code == grpc.StatusCode.OK, f"a valid article was refused: {details}"
    body = article.body
    if not body.strip() or len(body) > MAX_BODY:
        assert code == grpc.StatusCode.INVALID_ARGUMENT, "an empty or oversize body must be refused"
        assert "article.body" in violations(answer)
    elif code == grpc.StatusCode.INVALID_ARGUMENT:
        assert violations(answer)


def assert_healthy(live: LiveServer) -> None:
    health = health_pb2_grpc.HealthStub(live.channel)
    reply = health.Check(health_pb2.HealthCheckRequest(), timeout=WAIT)
    assert reply.status == health_pb2.HealthCheckResponse.SERVING
    seed = pb.Article(id="after-fuzz", outlet="Fuzz Gazette", body=SEED_BODIES[1])
    scored = live.stub.ScoreArticle(pb.ScoreArticleRequest(article=seed), timeout=WAIT)
    assert scored.claims, "a seed article still scores with claims after the fuzz"
    live.stub.GetCorpusStats(pb.GetCorpusStatsRequest(), timeout=WAIT)


def raw_call(live: LiveServer, method: str) -> grpc.UnaryUnaryMultiCallable:
    """A call that sends its request bytes as they are and returns the response's bytes."""
    return live.channel.unary_unary(SERVICE + method, request_serializer=None, response_deserializer=None)


# ---------------------------------------------------------------------------------------------- tests


def test_fuzz_score_article(server: LiveServer) -> None:
    assert server.settings.max_body_chars == MAX_BODY
    codes: Counter[str] = Counter()

    @FUZZ
    @given(case=articles())
    def run(case: tuple[bool, pb.Article]) -> None:
        valid, article = case
        code, answer = outcome(
            lambda: server.stub.ScoreArticle(pb.ScoreArticleRequest(article=article), timeout=WAIT)
        )
        codes[code.name] += 1
        check_answer(code, answer, article, valid)
        if code == grpc.StatusCode.OK:
            assert answer.article_id == article.id
            assert len(answer.claims) <= server.settings.max_claims
            for claim in answer.claims:
                assert 0 <= claim.span.start < claim.span.end <= len(article.body)
                assert 0.0 <= claim.score <= 1.0

    run()
    print(f"ScoreArticle fuzz: {sum(codes.values())} calls, codes {dict(codes)}")
    assert_healthy(server)


def test_fuzz_ingest_article_round_trips(server: LiveServer) -> None:
    assert server.settings.max_body_chars == MAX_BODY
    codes: Counter[str] = Counter()

    @FUZZ
    @given(case=articles())
    def run(case: tuple[bool, pb.Article]) -> None:
        valid, article = case
        code, answer = outcome(
            lambda: server.stub.IngestArticle(pb.IngestArticleRequest(article=article), timeout=WAIT)
        )
        codes[code.name] += 1
        check_answer(code, answer, article, valid)
        if code == grpc.StatusCode.OK:
            assert answer.article_id == article.id
            assert answer.claim_count >= 0
            stored = server.stub.GetArticle(pb.GetArticleRequest(name=f"articles/{article.id}"), timeout=WAIT)
            assert (stored.id, stored.outlet, stored.body, stored.title, stored.url) == (
                article.id,
                article.outlet,
                article.body,
                article.title,
                article.url,
            )
            assert stored.published_at.seconds == article.published_at.seconds
            assert convert.article_from_pb(stored).language == (article.language or "en")

    run()
    print(f"IngestArticle fuzz: {sum(codes.values())} calls, codes {dict(codes)}")
    assert_healthy(server)


@pytest.mark.parametrize("method", ["ScoreArticle", "IngestArticle"])
def test_fuzz_raw_bytes_that_decode(server: LiveServer, method: str) -> None:
    """Bytes that parse as the request (unknown fields and all) are judged like any request."""
    codes: Counter[str] = Counter()
    call = raw_call(server, method)

    @FUZZ
    @given(data=RAW.filter(decodes))
    @example(data=b"")
    @example(data=_field(1, b"") + b"\xf8\x07\x01")  # an empty article and an unknown field 127
    def run(data: bytes) -> None:
        code, answer = outcome(lambda: call(data, timeout=WAIT))
        codes[code.name] += 1
        check_answer(code, answer, pb.ScoreArticleRequest.FromString(data).article)

    run()
    print(f"{method} raw decodable fuzz: {sum(codes.values())} calls, codes {dict(codes)}")
    assert_healthy(server)


@pytest.mark.parametrize("method", ["ScoreArticle", "IngestArticle"])
def test_fuzz_raw_bytes_that_do_not_decode_are_invalid_argument(server: LiveServer, method: str) -> None:
    call = raw_call(server, method)

    @FUZZ
    @given(data=RAW.filter(lambda data: not decodes(data)))
    @example(data=b"\xff")
    @example(data=_field(1, _field(5, b"\xff")))
    def run(data: bytes) -> None:
        code, answer = outcome(lambda: call(data, timeout=WAIT))
        event(f"code {code.name}")
        assert code == grpc.StatusCode.INVALID_ARGUMENT, f"{code.name}: {answer.details()}"

    run()


def test_server_stays_healthy_after_undecodable_requests(server: LiveServer) -> None:
    """Whatever code the garbage gets, it must not hurt the server: later calls still work."""
    codes: Counter[str] = Counter()

    @FUZZ
    @given(
        data=RAW.filter(lambda data: not decodes(data)),
        method=st.sampled_from(["ScoreArticle", "IngestArticle"]),
    )
    def run(data: bytes, method: str) -> None:
        code, _ = outcome(lambda: raw_call(server, method)(data, timeout=WAIT))
        codes[code.name] += 1
        event(f"code {code.name}")
        assert code not in (grpc.StatusCode.UNKNOWN, grpc.StatusCode.UNAVAILABLE)

    run()
    print(f"raw undecodable fuzz: {sum(codes.values())} calls, codes {dict(codes)}")
    assert_healthy(server)
    assert server.stub.GetCorpusStats(pb.GetCorpusStatsRequest(), timeout=WAIT).article_count == 0
