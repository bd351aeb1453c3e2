"""Which sentences are check-worthy claims."""

from sourcecheck.core import Article, extract


def claim_texts(body: str) -> list[str]:
    return [c.text for c in extract(Article(id="x", outlet="Example", body=body))]


def test_questions_headings_and_boilerplate_are_not_claims() -> None:
    body = (
        "Why did the dam fail?\n"
        "What we know so far\n"
        "READ MORE: flood maps\n"
        "By Staff Writer\n"
        "The dam failed at 4 a.m. after three days of rain."
    )
    assert claim_texts(body) == ["The dam failed at 4 a.m. after three days of rain."]


def test_captions_that_only_describe_a_picture_are_not_claims() -> None:
    assert claim_texts("Residents are pictured wading through the flooded market square") == []


def test_factual_sentences_are_claims() -> None:
    body = "Officials said 12 people died. The airport reopened on Thursday."
    assert claim_texts(body) == ["Officials said 12 people died.", "The airport reopened on Thursday."]
