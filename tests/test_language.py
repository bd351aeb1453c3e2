"""Which articles sourcecheck reads: English, tagged or identified; a bad tag or another language is
refused rather than scored as if it were English."""

from __future__ import annotations

import pytest

from sourcecheck import language

ENGLISH = (
    "The Elm Street bridge was closed on Tuesday after a barge struck one of its piers, the harbour "
    "police said. Engineers found cracks in two piers, according to a statement from the city's "
    "transport department, and the mayor said it would stay closed until every pier had been checked."
)
GERMAN = (
    "Die Brücke an der Ulmenstraße wurde am Dienstag gesperrt, nachdem ein Lastkahn einen ihrer Pfeiler "
    "gerammt hatte, teilte die Hafenpolizei mit. Ingenieure fanden Risse in zwei Pfeilern, hieß es in "
    "einer Erklärung der städtischen Verkehrsbehörde, und die Bürgermeisterin sagte, sie bleibe gesperrt."
)


@pytest.mark.parametrize("tag", ["en", "en-GB", "EN-us", "en-Latn-US"])
def test_english_tags_are_read(tag: str) -> None:
    assert language.check(tag, ENGLISH) is None


@pytest.mark.parametrize("tag", ["zz-!!", "english", "x" * 9])
def test_a_malformed_tag_is_refused(tag: str) -> None:
    problem = language.check(tag, ENGLISH)
    assert problem is not None and "BCP-47" in problem.message


def test_another_language_is_refused_by_its_tag() -> None:
    problem = language.check("de-AT", GERMAN)
    assert problem is not None and "does not score other languages" in problem.message


def test_an_untagged_body_is_identified() -> None:
    assert language.check("", ENGLISH) is None
    problem = language.check("", GERMAN)
    assert problem is not None and "'de'" in problem.message


def test_a_short_untagged_body_is_given_the_benefit_of_the_doubt() -> None:
    assert language.check("", "Die Brücke ist gesperrt.") is None
