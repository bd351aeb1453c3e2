"""The word lists: no word twice in a list, and no word in two lists that answer the same question
unless a precedence says which list it takes."""

from __future__ import annotations

import pytest

from sourcecheck.core import lexicon
from sourcecheck.core.lexicon._words import words

# Lists that answer one question each: which kind a head noun tells, which kind a role gives a name.
_SAME_QUESTION = {
    "head noun": (
        ("ORGANIZATION_HEADS", "OUTLET_HEADS", "DOCUMENT_HEADS", "ANONYMOUS_HEADS", "SPOKESPERSON_NOUNS"),
        lexicon.HEAD_PRECEDENCE,
    ),
    "role": (("OFFICIAL_ROLES", "PERSON_ROLES"), {}),
}


def test_a_list_that_repeats_a_word_fails() -> None:
    with pytest.raises(ValueError, match="repeats agency"):
        words("ministry agency bureau agency")


@pytest.mark.parametrize("question", sorted(_SAME_QUESTION))
def test_no_word_in_two_lists_without_a_precedence(question: str) -> None:
    names, precedence = _SAME_QUESTION[question]
    lists: dict[str, list[str]] = {}
    for name in names:
        for word in getattr(lexicon, name):
            lists.setdefault(word, []).append(name)
    shared = {word: owners for word, owners in lists.items() if len(owners) > 1}
    undeclared = {word: owners for word, owners in shared.items() if word not in precedence}
    assert not undeclared, f"{question}: words in two lists with no declared precedence: {undeclared}"
    stale = {word for word in precedence if word not in shared}
    assert not stale, f"{question}: a precedence for words in one list only: {stale}"
    wrong = {word: list_name for word, list_name in precedence.items() if list_name not in shared[word]}
    assert not wrong, f"{question}: a precedence naming a list the word is not in: {wrong}"
