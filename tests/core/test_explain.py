"""`explain`: each sentence's cues and the rule that decided its origin, on sentences of our own."""

from sourcecheck.core import Article, Kind, explain, extract


def _read(body: str):
    return explain(Article(id="a1", outlet="The Example Gazette", body=body))


def test_a_cue_and_its_rule_are_named() -> None:
    first, second = _read("Police said the driver fled on foot. They said he was arrested a mile away.")
    assert [(c.verb, c.speaker, c.rule) for c in first.cues] == [("said", "Police", "subject-verb")]
    assert first.attribution.kind is Kind.ORGANIZATION
    assert first.attribution.rule == "subject-verb:head-noun"
    assert second.attribution.rule == "subject-verb:institution-goes-on"


def test_a_refusal_to_say_is_no_cue() -> None:
    (reading,) = _read("Harriet Vance wouldn't say when the talks began but said the offer was a surprise.")
    assert [(c.verb, c.speaker) for c in reading.cues] == [("said", "Harriet Vance")]
    assert reading.attribution.chain[0].role == ""


def test_context_rules_are_named_too() -> None:
    readings = _read(
        '"The roof came down at noon. Four people were inside the hall," fire officer Dana Whitfield said.'
    )
    assert readings[0].attribution.rule == "quote-speaker-named-where-it-closes"
    assert readings[0].attribution.source == "Dana Whitfield"


def test_a_sentence_that_is_no_claim_is_still_read() -> None:
    readings = _read("Updated 3/3/2011 10:12 AM\n\nThe council voted to close the depot on Monday.")
    assert [r.claim for r in readings] == [False, True]
    assert readings[1].attribution.rule == ""


def test_explain_agrees_with_extract() -> None:
    body = (
        "Mayor Lena Ortiz said the bridge would reopen in June. "
        "She added that repairs had cost $4 million. The bridge carries 40,000 cars a day."
    )
    by_span = {r.span: r.attribution for r in _read(body)}
    for claim in extract(Article(id="a1", outlet="The Example Gazette", body=body)):
        assert by_span[claim.span] == claim.attribution
