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


def test_speaker_named_in_a_relative_clause_antecedent() -> None:
    a = only('"The water came up in minutes," Tomas Varga, who runs a bakery on the square, said.')
    assert a.source == "Tomas Varga"


def test_a_place_after_a_preposition_is_not_a_speaker() -> None:
    a = only("Residents of a village near Ostrander described hearing three blasts before dawn.")
    assert a.kind is not Kind.NAMED_PERSON


def test_a_quote_takes_the_speaker_named_where_it_closes() -> None:
    found = claims_of(
        '"The roof came down at noon. Four people were inside the hall when it fell,"'
        " fire officer Dana Whitfield said."
    )
    assert [c.attribution.source for c in found] == ["Dana Whitfield", "Dana Whitfield"]


def test_the_official_refers_back_to_the_person_named_before() -> None:
    found = claims_of(
        "Six houses were damaged, said Rina Tal, an official of the regional disaster agency. "
        "Two people were missing in the valley, the official said."
    )
    assert [c.attribution.source for c in found] == ["Rina Tal", "Rina Tal"]
    assert found[0].attribution.kind is Kind.NAMED_OFFICIAL


def test_an_unnamed_source_cited_in_passing_is_the_origin() -> None:
    a = only("Columnist Nadia Hollis wrote that a source she trusts described the deal as done.")
    assert [s.kind for s in a.chain] == [Kind.ANONYMOUS, Kind.NAMED_PERSON]


def test_a_tracking_service_showed_is_a_document() -> None:
    a = only("Ship-tracking website Vesselwatch showed the tanker turning back towards the port.")
    assert a.kind is Kind.DOCUMENT


def test_photos_appearing_to_show_are_documents() -> None:
    a = only("Photos of the site circulated online, appearing to show a crater beside the runway.")
    assert a.kind is Kind.DOCUMENT


def test_claimed_victory_is_an_act_not_a_report() -> None:
    a = only("The rebels marched into the city on Sunday and claimed victory over the army.")
    assert a.kind is Kind.UNATTRIBUTED


def test_a_negated_comment_is_no_attribution() -> None:
    a = only("The company has not commented on the recall of 40,000 cars.")
    assert a.kind is Kind.UNATTRIBUTED


def test_passive_reported_is_a_hedge() -> None:
    a = only("Dozens of people have been reported injured in the blast.")
    assert a.hedged


def test_a_hedged_lede_takes_the_later_source_that_shares_its_facts() -> None:
    found = claims_of(
        "At least 40 reported hurt after a storm hits the coast.\n"
        "The storm made landfall on Monday night.\n"
        'Coastal Radio estimates "at least 40 people" were hurt as roofs collapsed.'
    )
    assert found[0].attribution.hedged
    assert found[0].attribution.source == "Coastal Radio"


def test_an_unnamed_witness_is_followed_by_he() -> None:
    found = claims_of(
        "The night watchman testified that the gate was open at midnight. "
        "He said two trucks left before dawn."
    )
    assert [c.attribution.kind for c in found] == [Kind.ANONYMOUS, Kind.ANONYMOUS]
    assert found[1].attribution.source == "The night watchman"


def test_a_place_named_after_of_is_not_a_person() -> None:
    a = only("The roads flooded, the wire service reported, citing residents of Port Alvar village.")
    assert a.kind is Kind.ANONYMOUS


def test_the_commission_refers_back_to_the_commission_named_before() -> None:
    found = claims_of(
        "The Regional Water Commission said 3,000 homes had no supply on Monday. "
        "The commission called for households to boil tap water until Friday."
    )
    assert [c.attribution.source for c in found] == ["Regional Water Commission", "Regional Water Commission"]
    assert found[1].attribution.kind is Kind.ORGANIZATION


def test_a_possessive_source_is_named_without_its_ending() -> None:
    a = only("According to Norland’s account of the talks, the ceasefire was agreed on Tuesday.")
    assert a.source == "Norland"


def test_an_instrument_cited_by_a_relay_is_the_origin() -> None:
    a = only("The monitoring group said the blast measured 3.0 on nearby seismic sensors.")
    assert [s.kind for s in a.chain] == [Kind.DOCUMENT, Kind.ORGANIZATION]
    assert a.chain[0].name == "nearby seismic sensors"


def test_a_role_named_in_the_next_sentence_is_that_person() -> None:
    found = claims_of(
        "Flood defences will fail within a decade, according to a senior river engineer. "
        "Engineer Maya Olsen warned that the embankments were built for smaller storms."
    )
    assert found[0].attribution.source == "Maya Olsen"


def test_an_unnamed_role_is_anonymous() -> None:
    a = only("The dam is safe for now, according to a regional water official.")
    assert a.kind is Kind.ANONYMOUS


def test_a_person_called_by_surname_is_named_as_introduced() -> None:
    found = claims_of(
        "Local farmer Ines Calloway said the river rose two metres overnight. "
        "The barns were flooded by morning, Calloway said."
    )
    assert [c.attribution.source for c in found] == ["Ines Calloway", "Ines Calloway"]


def test_the_headline_protagonist_keeps_the_surname() -> None:
    body = (
        "Former governor Piet Hallworth said he had left the capital by car. "
        "He crossed the border at dawn, Hallworth said."
    )
    found = extract(Article(id="a1", outlet="The Example Gazette", body=body, title="Hallworth flees"))
    assert found[1].attribution.source == "Hallworth"


def test_roles_inside_a_capitalised_run_are_not_the_name() -> None:
    a = only("The driver faces three charges, Lakeside County District Attorney Mara Quist said.")
    assert a.source == "Mara Quist"
    assert a.kind is Kind.NAMED_OFFICIAL


def test_a_closing_speaker_speaks_the_whole_sentence() -> None:
    a = only("Identifying them will require samples from the bones found in the trenches, Odile Brandt said.")
    assert a.source == "Odile Brandt"


def test_a_relative_clause_with_commas_before_the_verb() -> None:
    a = only(
        "The head of the relief group, Tamsin Oyelaran, who also visited Dorrow, 40 km north of the city,"
        " has estimated that 900 families lost their homes."
    )
    assert a.source == "Tamsin Oyelaran"


def test_a_description_by_nationality_refers_back_to_the_person() -> None:
    found = claims_of(
        "Former premier Arno Vittel said he had never signed the order. "
        "The decision was taken by the army alone, said the ousted Norwegian leader."
    )
    assert [c.attribution.source for c in found] == ["Arno Vittel", "Arno Vittel"]


def test_a_based_modifier_is_not_a_person() -> None:
    a = only(
        "The head of UK-based Somali advocacy organisation the Horn Relief Network, Ilse Marrow, has"
        " estimated that 900 families lost their homes."
    )
    assert a.source == "Ilse Marrow"


def test_a_country_in_common_english_speaks_through_its_account() -> None:
    a = only("According to Russia's account of the talks, it persuaded both sides to hold fire.")
    assert a.kind is Kind.ORGANIZATION
    assert a.source == "Russia"


def test_an_alleged_act_continues_the_account_before_it() -> None:
    found = claims_of(
        "According to the criminal complaint, the driver left the bar at midnight. "
        "He allegedly ran two red lights before the crash on Elm Road."
    )
    assert [c.attribution.kind for c in found] == [Kind.DOCUMENT, Kind.DOCUMENT]
    assert found[1].attribution.source == "the criminal complaint"


def test_an_alleged_act_after_plain_narrative_stays_unattributed() -> None:
    found = claims_of(
        "The driver left the bar at midnight. He allegedly ran two red lights before the crash on Elm Road."
    )
    assert found[1].attribution.kind is Kind.UNATTRIBUTED
    assert found[1].attribution.hedged


def test_charged_with_is_the_law_not_a_speaker() -> None:
    a = only("Driver Charged With Manslaughter After Crash On Elm Road")
    assert a.kind is Kind.UNATTRIBUTED
