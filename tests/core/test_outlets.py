"""One outlet, however it is written: names, domains, URLs, and the policy's aliases."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sourcecheck.core import Article, CorpusClaim, extract, score
from sourcecheck.core.outlets import normal_outlet, outlet_key
from sourcecheck.engine import load_policy


@pytest.mark.parametrize(
    "spelling",
    [
        "Northvale Herald",
        "The Northvale Herald",
        "NORTHVALE HERALD",
        "Northvale Herald Online",
        "Northvale Herald News",
    ],
)
def test_spellings_of_a_name_are_one_outlet(spelling: str) -> None:
    assert normal_outlet(spelling) == "northvaleherald"


@pytest.mark.parametrize(
    "spelling",
    [
        "northvaleherald.com",
        "www.northvaleherald.co.uk",
        "https://m.northvaleherald.com/news/2026/a-story?x=1",
    ],
)
def test_domains_and_urls_are_their_registrable_name(spelling: str) -> None:
    assert normal_outlet(spelling) == normal_outlet("The Northvale Herald") == "northvaleherald"


def test_distinct_mastheads_stay_distinct() -> None:
    assert normal_outlet("Quill Business") != normal_outlet("Quill Sport")
    assert normal_outlet("Times of Dorrow") != normal_outlet("The Times")


def test_the_policy_aliases_tie_what_spelling_cannot() -> None:
    aliases = {"northvaleherald.com": "The Northvale Herald", "Valley Sunday Herald": "The Northvale Herald"}
    assert outlet_key("northvaleherald.com", aliases) == outlet_key("Northvale Herald", aliases)
    assert outlet_key("Valley Sunday Herald", aliases) == outlet_key("Northvale Herald", aliases)
    assert outlet_key("Evening Courier", aliases) == "eveningcourier"


@given(st.text(alphabet=string.ascii_letters + string.digits + " .-/:", max_size=40))
def test_a_key_never_fails_and_ignores_case(name: str) -> None:
    assert outlet_key(name) == outlet_key(name.upper()) == outlet_key(name.lower())


def test_an_outlet_does_not_confirm_itself_under_another_spelling() -> None:
    policy = load_policy()
    body = "Floods killed 12 people in the town of Dorrow on Monday, police said."
    mine = Article(id="a", outlet="Northvale Herald", body=body)
    (claim,) = extract(mine)

    def matches_from(outlet: str) -> int:
        (other,) = extract(Article(id="b", outlet=outlet, body=body))
        (scored,) = score(mine, (claim,), {claim.id: [CorpusClaim("b", outlet, None, other)]}, policy)
        return len(scored.supporting)

    assert matches_from("Evening Courier") == 1
    assert matches_from("https://www.northvaleherald.com/") == 0
    assert matches_from("The Northvale Herald") == 0
