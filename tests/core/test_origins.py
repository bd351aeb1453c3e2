"""Origin keys: one origin under many spellings; anonymous sources keyed by who relays them."""

import pytest

from sourcecheck.core import Attribution, Kind, Source
from sourcecheck.core.origins import name_key, origin_key


def key(*chain: tuple[Kind, str], outlet: str = "The Example Gazette") -> str:
    return origin_key(Attribution(tuple(Source(kind, name) for kind, name in chain)), outlet)


def test_one_person_under_several_spellings() -> None:
    assert key((Kind.NAMED_PERSON, "Nadia Hollis")) == key((Kind.NAMED_PERSON, "Hollis"))


def test_an_institution_and_its_initials() -> None:
    assert name_key("the National Weather Service") == name_key("NWS")
    assert name_key("Bureau of Coastal Safety (BCS)") == name_key("BCS")
    assert name_key("data from the National Weather Service") == name_key("National Weather Service")


def test_generic_names_of_the_police_are_one_origin() -> None:
    assert key((Kind.ORGANIZATION, "police")) == key((Kind.ORGANIZATION, "cops"))
    assert key((Kind.ORGANIZATION, "Investigators")) == key((Kind.ORGANIZATION, "police"))


def test_an_anonymous_source_is_keyed_by_its_relay() -> None:
    relayed = key((Kind.ANONYMOUS, "a source she trusts"), (Kind.NAMED_PERSON, "Nadia Hollis"))
    assert relayed == key((Kind.NAMED_PERSON, "Hollis"))
    mine = key((Kind.ANONYMOUS, "two officials"), outlet="Morning Ledger")
    theirs = key((Kind.ANONYMOUS, "two officials"), outlet="Evening Courier")
    assert mine != theirs


def test_unnamed_insiders_speak_from_their_institution() -> None:
    mine = key((Kind.ANONYMOUS, "Northvale officials"), outlet="Morning Ledger")
    theirs = key((Kind.ANONYMOUS, "a senior Northvale executive"), outlet="Evening Courier")
    assert mine == theirs == key((Kind.ORGANIZATION, "Northvale"))
    assert key((Kind.ANONYMOUS, "a senior police official")) == key((Kind.ORGANIZATION, "police"))
    # No institution named: still keyed by the outlet that heard them.
    assert key((Kind.ANONYMOUS, "Two officials"), outlet="Morning Ledger") == "anon:ml"
    assert key((Kind.ANONYMOUS, "Western diplomats"), outlet="Morning Ledger") == "anon:ml"


def test_no_source_no_origin() -> None:
    assert key() == ""


def test_an_officer_speaks_for_an_institution_that_speaks_in_the_article() -> None:
    from sourcecheck.core import Article, extract

    body = (
        "Quill Systems said on Monday it would buy a rival chipmaker for $300 million.\n\n"
        "Jane Roe, Quill Systems' chief executive, said the deal would close in June."
    )
    company, officer = extract(Article(id="a", outlet="Ledger", body=body))
    assert company.origin_key == officer.origin_key == "org:qs"
    # Where the institution never speaks, its officer speaks for herself.
    (alone,) = extract(Article(id="b", outlet="Ledger", body=body.split("\n\n")[1]))
    assert alone.origin_key == "person:roe"


@pytest.mark.parametrize(
    ("role", "institution"),
    [
        ("Quill Systems' chief executive", "Quill Systems"),
        ("senior vice president for operations at Northvale", "Northvale"),
        ("Northvale Energy chief financial officer", "Northvale Energy"),
        ("former Northvale Energy executive", ""),
        ("France's foreign minister", ""),
        ("spokesman", ""),
    ],
)
def test_the_institution_a_role_names(role: str, institution: str) -> None:
    from sourcecheck.core.origins import institution_in_role

    assert institution_in_role(role) == institution
