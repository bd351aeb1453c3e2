"""Sentence splitting: spans, abbreviations, initials, quotes, paragraphs, boilerplate."""

from sourcecheck.core.segment import segment


def texts(body: str) -> list[str]:
    return [s.text for s in segment(body)]


def test_spans_point_at_the_text() -> None:
    body = "The council met on Monday. It voted to close the bridge.\n\nWork starts in May."
    for sentence in segment(body):
        assert body[sentence.span.start : sentence.span.end] == sentence.text
    assert texts(body) == [
        "The council met on Monday.",
        "It voted to close the bridge.",
        "Work starts in May.",
    ]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    body = (
        "Dr. Mary K. Jones of the U.S. Forest Service said the fire grew. "
        "Crews arrived at 7 a.m. UTC on Friday."
    )
    assert texts(body) == [
        "Dr. Mary K. Jones of the U.S. Forest Service said the fire grew.",
        "Crews arrived at 7 a.m. UTC on Friday.",
    ]


def test_quotes_end_with_their_sentence() -> None:
    body = '"We will rebuild," the mayor said. "It will take years." She left.'
    assert texts(body) == ['"We will rebuild," the mayor said.', '"It will take years."', "She left."]


def test_paragraphs_always_split() -> None:
    assert texts("Storm hits coast\nThousands lose power") == ["Storm hits coast", "Thousands lose power"]


def test_boilerplate_is_marked_not_dropped() -> None:
    body = "READ MORE ON THE ELECTION\nBy Staff Reporter\nTurnout rose to 70 percent."
    sentences = segment(body)
    assert [s.boilerplate for s in sentences] == [True, True, False]


def test_paragraph_index_counts_lines() -> None:
    sentences = segment("One fact here. Another fact.\nA third fact.")
    assert [s.paragraph for s in sentences] == [0, 0, 1]
