"""Properties of extraction on arbitrary text: never raises, spans inside the body, linear time."""

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sourcecheck.core import Article, extract

NEWSY = st.sampled_from(
    [
        '"',
        "“",
        "”",
        "‘",
        "’",
        ".",
        ",",
        ":",
        "?",
        "\n",
        " ",
        "said",
        "told",
        "according to",
        "Mr.",
        "A.",
        "sources",
        "the ministry",
        "allegedly",
        "He",
        "She",
        "Jane Roe",
        "(",
        ")",
        "—",
        "citing",
        "3,000",
    ]
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.one_of(st.text(max_size=400), st.lists(NEWSY, max_size=120).map(" ".join)))
def test_extract_never_raises_and_spans_lie_in_body(body: str) -> None:
    for claim in extract(Article(id="x", outlet="Example", body=body)):
        assert 0 <= claim.span.start < claim.span.end <= len(body)
        assert body[claim.span.start : claim.span.end] == claim.text
        for source in claim.attribution.chain:
            if source.span is not None:
                assert 0 <= source.span.start <= source.span.end <= len(body)


def _seconds(body: str) -> float:
    """Best of three in CPU time of this process: other load on the machine does not count."""
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        extract(Article(id="x", outlet="Example", body=body))
        best = min(best, time.process_time() - started)
    return best


def test_time_grows_linearly_on_pathological_punctuation() -> None:
    """A 1 MB body of quotes and stops costs about 20x a 50 KB one (no catastrophic backtracking).

    Linear work is exactly 20x; the 25% margin absorbs timer noise, while anything quadratic would be
    hundreds of times slower.
    """
    unit = '"‘ ... ," said "(" — “ Mr. A. B. ’ ” ?! ((( ))) ' * 3 + "word " * 5
    small = (unit * (50_000 // len(unit) + 1))[:50_000]
    large = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    ratio = _seconds(large) / max(_seconds(small), 1e-6)
    assert ratio <= 25, f"1 MB took {ratio:.1f}x the time of 50 KB"


def test_time_grows_linearly_on_a_long_run_of_stops() -> None:
    """One unbroken run of full stops (a fuzzer's body) costs linear time: 20x the length, about 20x
    the time, not 400x."""
    small, large = "." * 2_000 + "x End", "." * 40_000 + "x End"
    ratio = _seconds(large) / max(_seconds(small), 1e-6)
    assert ratio <= 25, f"40k stops took {ratio:.1f}x the time of 2k"
