"""The reader's memory across an article: the people met, the institutions named, the last
speaker. Pronouns and definite descriptions ("he", "the minister") are resolved against it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sourcecheck.core.model import Attribution, Kind

_PARTICLE_PREFIX = re.compile(r"^(?:al|el|bin|ibn|abu|de|van|von|da|di)-")


@dataclass(slots=True)
class Person:
    name: str
    kind: Kind
    role: str


@dataclass(slots=True)
class ArticleContext:
    """What a reader remembers while reading: people met so far and the last speaker."""

    people: dict[str, Person] = field(default_factory=dict)  # met so far, in reading order
    cast: dict[str, Person] = field(default_factory=dict)  # everyone the article names, read first
    last_speaker: Attribution | None = None
    last_person: Attribution | None = None
    last_institution: Attribution | None = None  # the institution, outlet or record that spoke last
    in_quote: bool = False
    recent: list[Attribution] = field(default_factory=list)
    pronoun_of: dict[str, str] = field(default_factory=dict)
    institutions: dict[str, str] = field(default_factory=dict)  # head noun -> full name last met
    organizations: set[str] = field(default_factory=set)  # proper names the article uses for institutions

    def remember(self, name: str, kind: Kind, role: str, book: dict[str, Person] | None = None) -> None:
        """Remember a person by full name and by surname, keeping the longest name met for each."""
        book = self.people if book is None else book
        person = Person(name, kind, role)
        last = name.split()[-1]
        for key in {name, last, _PARTICLE_PREFIX.sub("", last)}:
            existing = book.get(key)
            if existing is None or len(existing.name) <= len(name):
                book[key] = person

    def person(self, surname: str, book: dict[str, Person] | None = None) -> Person | None:
        """A person met before by surname, forgiving one letter ("Marsch" is "Marsh")."""
        book = self.people if book is None else book
        surname = surname.removesuffix("’s").removesuffix("'s")
        for key in (surname, _PARTICLE_PREFIX.sub("", surname)):
            if key in book:
                return book[key]
        if len(surname) >= 4:
            for key, person in book.items():
                if " " not in key and len(key) >= 4 and _one_edit_apart(key, surname):
                    return person
        return None

    def in_cast(self, name: str) -> Person | None:
        """A person the whole article names (read before the sentences), by full name or surname."""
        return self.cast.get(name) or self.person(name.split()[-1], self.cast) if name else None

    def describe(self, head: str, met_before: int, by_role_only: bool = False) -> Attribution | None:
        """The person a definite description ("the minister", "the official") refers to: among the
        people met before this sentence, the last whose role has that word, else (unless
        `by_role_only`, for an office written as a title) the last one."""
        earlier = self.recent[max(0, met_before - 6) : met_before]  # the last six met: no quadratic scan
        for attribution in reversed(earlier):
            origin = attribution.chain[0]
            if head in origin.role.lower().split():
                return attribution
        if by_role_only:
            return None
        return earlier[-1] if earlier else self.last_person

    def resolve(self, pronoun: str) -> Attribution | None:
        """The last person met whom `pronoun` can refer to ("she" skips a man already called "he")."""
        if pronoun not in ("he", "she"):
            return self.recent[-1] if self.recent else self.last_person
        other = "she" if pronoun == "he" else "he"
        for attribution in reversed(self.recent[-6:]):
            if self.pronoun_of.get(attribution.source) != other:
                self.pronoun_of[attribution.source] = pronoun
                return attribution
        return self.last_person


def _one_edit_apart(a: str, b: str) -> bool:
    """True when one insertion, deletion or substitution turns a into b."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]
