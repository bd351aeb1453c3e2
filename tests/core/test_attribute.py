"""Attribution, one pattern family at a time, on sentences written for these tests."""

from sourcecheck.core import Article, Kind, extract


def claims_of(body: str, outlet: str = "The Example Gazette"):
    return extract(Article(id="a1", outlet=outlet, body=body))


def only(body: str):
    found = claims_of(body)
    assert len(found) == 1, [c.text for c in found]
    return found[0].attribution


def test_named_official_with_role_before_the_name() -> None:
    a = only("The harbour will close for repairs next month, port authority spokeswoman Lena Marsh said.")
    assert a.kind is Kind.NAMED_OFFICIAL
    assert a.source == "Lena Marsh"
    assert "spokeswoman" in a.chain[0].role


def test_named_person_with_apposition() -> None:
    a = only("Prices have doubled since spring, said Tomas Reyes, an economist at a private bank.")
    assert a.kind is Kind.NAMED_PERSON
    assert a.source == "Tomas Reyes"


def test_institution_speaking_as_a_whole() -> None:
    a = only("The health ministry said 40 people had been taken to hospital.")
    assert a.kind is Kind.ORGANIZATION
    assert "ministry" in a.source.lower()


def test_according_to_an_institution() -> None:
    a = only("The river rose four metres overnight, according to the National Weather Service.")
    assert a.kind is Kind.ORGANIZATION
    assert a.source == "National Weather Service"


def test_anonymous_sources_with_a_count() -> None:
    a = only("Three senior officials said the talks had collapsed on Tuesday.")
    assert a.kind is Kind.ANONYMOUS
    assert a.chain[0].count == 3


def test_anonymous_source_relayed_by_an_outlet() -> None:
    a = only("The plan was dropped in March, sources told the Evening Courier.")
    assert [s.kind for s in a.chain] == [Kind.ANONYMOUS, Kind.NEWS_OUTLET]
    assert a.chain[1].name.endswith("Evening Courier")


def test_outlet_citing_its_own_sources() -> None:
    a = only(
        "The Morning Ledger reported, citing two people familiar with the matter, that the deal was off."
    )
    assert a.kind is Kind.ANONYMOUS
    assert a.chain[-1].kind is Kind.NEWS_OUTLET


def test_documents_show() -> None:
    a = only("Court documents show the firm paid the fine in 2019.")
    assert a.kind is Kind.DOCUMENT


def test_data_showed() -> None:
    a = only("Satellite imagery showed smoke rising over the depot on Sunday.")
    assert a.kind is Kind.DOCUMENT


def test_plain_narrative_is_unattributed() -> None:
    a = only("The bridge was built in 1932 and carries 40,000 cars a day.")
    assert a.kind is Kind.UNATTRIBUTED
    assert a.chain == ()


def test_pronoun_continues_the_previous_speaker() -> None:
    found = claims_of(
        "Fire chief Dana Whitfield said the blaze began in a kitchen. "
        "She added that two firefighters were treated for smoke inhalation."
    )
    assert [c.attribution.source for c in found] == ["Dana Whitfield", "Dana Whitfield"]


def test_next_sentence_of_a_quote_keeps_its_speaker() -> None:
    found = claims_of(
        '"The levee held for six hours," said engineer Priya Natarajan. '
        '"Then the north wall gave way and the water reached the school."'
    )
    assert [c.attribution.source for c in found] == ["Priya Natarajan", "Priya Natarajan"]


def test_context_never_invents_a_source() -> None:
    found = claims_of(
        "Mayor Olu Adebayo said the budget would rise by 3 percent. "
        "The city has 120,000 residents and four public libraries."
    )
    assert found[1].attribution.kind is Kind.UNATTRIBUTED


def test_hedged_lede_takes_the_source_named_later() -> None:
    found = claims_of(
        "The striker agreed to join the rival club for a record fee, it has been claimed.\n"
        "The club has not commented on the transfer.\n"
        "The claims were made by sports writer Nadia Hollis in her weekly column."
    )
    assert found[0].attribution.hedged
    assert found[0].attribution.source == "Nadia Hollis"


def test_a_quoted_cue_belongs_to_the_speaker_not_the_article() -> None:
    a = only('The minister said: "Nobody told me the report was ready, and nobody asked."')
    assert a.kind in (Kind.NAMED_OFFICIAL, Kind.ANONYMOUS, Kind.ORGANIZATION)
    assert "Nobody" not in a.source


def test_source_spans_point_at_the_name() -> None:
    body = "Water rationing will begin on Friday, utility director Sam Okafor said."
    claim = claims_of(body)[0]
    span = claim.attribution.chain[0].span
    assert span is not None
    assert body[span.start : span.end] == "Sam Okafor"
