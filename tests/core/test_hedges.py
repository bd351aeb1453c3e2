"""Hedges: distancing words in the outlet's voice, not verbs of saying, not quoted speech."""

import pytest

from sourcecheck.core.hedges import find_hedges


@pytest.mark.parametrize(
    "sentence",
    [
        "The minister allegedly took bribes from a builder.",
        "The ship was reportedly carrying grain.",
        "It has been claimed that the vote was rigged.",
        "The singer is said to have left the band.",
        "The company appears to have missed the deadline.",
        "Rumours of a merger have circulated for weeks.",
        "He claimed that the files had been lost.",
        "The photos purportedly show the prisoner alive.",
    ],
)
def test_distancing_words_are_hedges(sentence: str) -> None:
    assert find_hedges(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The mayor said the road would reopen on Monday.",
        "Police told reporters the suspect was arrested.",
        "The rebels claimed victory in the capital.",
        '"I allegedly did nothing," he joked.',
    ],
)
def test_plain_reporting_is_not_hedged(sentence: str) -> None:
    assert find_hedges(sentence) == ()
