"""Attribute each sentence to its chain of sources, as a careful reader would.

A sentence's own cue comes first: "according to X", "X said", "said X",
"X told Y", "X reported, citing Y", "documents show". Without one, context
decides: a pronoun subject ("He added") or the next sentence of an open quote
takes the previous speaker; a lede's bare "it has been claimed" takes the
source the article gives later. Context never invents a source for a plain
narrative sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sourcecheck.core.hedges import find_hedges
from sourcecheck.core.lexicon import (
    ACT_OR_REPORT_VERBS,
    AGENT_NOUN_SUFFIXES,
    ANONYMOUS_DETERMINERS,
    ANONYMOUS_HEADS,
    AUXILIARIES_AND_ADVERBS,
    BY_AGENT_VERBS,
    CAPITALISED_NON_NAMES,
    CLAUSE_OPENERS,
    COUNTRIES,
    DEMONYM_ENDINGS,
    DETERMINERS,
    DOCUMENT_HEADS,
    HEAD_NOUNS,
    HONORIFICS,
    INVERTIBLE_SAY_VERBS,
    MAIN_CLAUSE_VERBS,
    MEASURE_VERBS,
    NAME_CONNECTORS,
    NAME_PARTICLES,
    NOUN_MARKERS,
    NOUN_PHRASE_LEADERS,
    NUMBER_WORDS,
    OBTAIN_VERBS,
    OFFICIAL_ROLES,
    ORGANIZATION_HEADS,
    OUTLET_HEADS,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    PERSON_ROLES,
    PLACE_PREPOSITIONS,
    PREPOSITIONS,
    PUBLISH_VERBS,
    RESOLVABLE_PRONOUNS,
    SAY_INFINITIVES,
    SAY_PARTICIPLES,
    SAY_VERBS,
    SAY_WORDS_ALSO_NOUNS,
    SHOW_ONLY_VERBS,
    SHOW_VERBS,
    SOURCE_NOUNS,
    SUBJECT_BOUNDARY_WORDS,
    TIME_WORDS,
)
from sourcecheck.core.model import Attribution, Kind, Sentence, Source, Span

_TOKEN = re.compile(r"[\w][\w'’‘\-.]*[\w]|[\w]|[\"“”‘’«»]|[,;:()\[\]—–-]")
_CAPITALISED = re.compile(r"[A-Z]")
_PARTICLE_NAME = re.compile(r"(?:al|el|bin|ibn|abu|de|van|von|da|di)-[A-Z]")
_PARTICLE_PREFIX = re.compile(r"^(?:al|el|bin|ibn|abu|de|van|von|da|di)-")
_CLAUSE_BREAKS = frozenset([",", ";", ":", "(", ")", "—", "–", '"', "“", "”", "«", "»"])
_OPEN_QUOTES = frozenset('"“«‘')
_CLOSE_QUOTES = frozenset('"”»’')


@dataclass(frozen=True, slots=True)
class _Tok:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def capitalised(self) -> bool:
        return bool(_CAPITALISED.match(self.text) or _PARTICLE_NAME.match(self.text))

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


@dataclass(slots=True)
class _Person:
    name: str
    kind: Kind
    role: str


@dataclass(slots=True)
class ArticleContext:
    """What a reader remembers while reading: people met so far and the last speaker."""

    people: dict[str, _Person] = field(default_factory=dict)
    last_speaker: Attribution | None = None
    last_person: Attribution | None = None
    in_quote: bool = False
    recent: list[Attribution] = field(default_factory=list)
    pronoun_of: dict[str, str] = field(default_factory=dict)
    institutions: dict[str, str] = field(default_factory=dict)  # head noun -> full name last met

    def person(self, surname: str) -> _Person | None:
        """A person met before by surname, forgiving one letter ("Marsch" is "Marsh")."""
        surname = surname.removesuffix("’s").removesuffix("'s")
        for key in (surname, _PARTICLE_PREFIX.sub("", surname)):
            if key in self.people:
                return self.people[key]
        if len(surname) >= 4:
            for key, person in self.people.items():
                if " " not in key and len(key) >= 4 and _one_edit_apart(key, surname):
                    return person
        return None

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


def _count_of(words: list[str]) -> int:
    for word in words:
        if word.isdigit():
            return int(word)
        if word in NUMBER_WORDS:
            return NUMBER_WORDS[word]
    return 0


def _strip_determiners(toks: list[_Tok]) -> list[_Tok]:
    """Drop leading articles and "-based" modifiers ("the UK-based Example Monitor")."""
    while len(toks) > 1 and (
        (toks[0].lower in ("the", "a", "an") and toks[1].capitalised) or toks[0].lower.endswith("-based")
    ):
        toks = toks[1:]
    return toks


def _name_runs(toks: list[_Tok]) -> list[tuple[int, int]]:
    """Runs [i, j) of capitalised tokens (allowing particles such as 'al-').

    A lone capitalised common noun ("Officials say", "Police said") is not a name.
    """
    return [(i, j) for i, j in _capitalised_runs(toks) if j - i > 1 or toks[i].lower not in HEAD_NOUNS]


def _capitalised_runs(toks: list[_Tok]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        if toks[i].is_word and toks[i].capitalised and toks[i].lower not in CAPITALISED_NON_NAMES:
            j = i + 1
            while j < len(toks) and (
                (toks[j].is_word and toks[j].capitalised and toks[j].lower not in CAPITALISED_NON_NAMES)
                or toks[j].text in ("(", ")")
                or (
                    (toks[j].lower in NAME_PARTICLES or toks[j].lower in NAME_CONNECTORS)
                    and j + 1 < len(toks)
                    and toks[j + 1].capitalised
                )
            ):
                if toks[j].text.endswith(("’s", "'s")):
                    j += 1
                    break
                j += 1
            while j > i + 1 and not toks[j - 1].is_word and toks[j - 1].text != ")":
                j -= 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _looks_like_person(words: list[str]) -> bool:
    words = [w.removesuffix("’s").removesuffix("'s") for w in words]
    if not 2 <= len(words) <= 5:
        return False
    lowered = [w.lower().rstrip(".") for w in words]
    if any(w in ORGANIZATION_HEADS or w in OUTLET_HEADS or w in DOCUMENT_HEADS for w in lowered):
        return False
    if " ".join(words) in COUNTRIES or any(w in COUNTRIES for w in words):
        return False
    if any(w.isupper() and len(w) > 3 for w in words[:-1]) or any(w.endswith("-based") for w in words):
        return False
    return not any(w.lower() in OFFICIAL_ROLES or w.lower() in PERSON_ROLES for w in words[:1])


class _Classifier:
    """Turns the words that name a source into a Source, using what the article said before."""

    def __init__(self, context: ArticleContext) -> None:
        self.context = context

    def remember(self, name: str, kind: Kind, role: str) -> None:
        person = _Person(name, kind, role)
        last = name.split()[-1]
        for key in {name, last, _PARTICLE_PREFIX.sub("", last)}:
            existing = self.context.people.get(key)
            if existing is None or len(existing.name) <= len(name):
                self.context.people[key] = person

    def classify(self, toks: list[_Tok], sentence_start: int, verb: str) -> Source | None:
        toks = [t for t in toks if t.text not in _CLAUSE_BREAKS or t.text in ("(", ")", ",")]
        conjunction = next((n for n, t in enumerate(toks) if t.lower == "and"), None)
        if conjunction is not None and 0 < conjunction < len(toks) - 1 and toks[0].lower in HEAD_NOUNS:
            toks = toks[:conjunction]  # "police and the victim's friend said": the first names the source
        while toks and not toks[-1].is_word:
            toks = toks[:-1]
        while toks and not toks[0].is_word:
            toks = toks[1:]
        if not toks:
            return None
        words = [t.text for t in toks]
        lowered = [t.lower for t in toks]
        span = Span(sentence_start + toks[0].start, sentence_start + toks[-1].end)
        phrase = " ".join(words)
        if len(toks) == 1 and lowered[0] in PERSON_PRONOUNS:
            return None  # resolved by the caller from context
        runs = _name_runs(toks)
        lead_is_name = bool(runs) and runs[0][0] <= 1 and lowered[0] not in NOUN_PHRASE_LEADERS - {"the"}
        # Documents, data and instruments.
        first_name = next((n for n, t in enumerate(toks) if t.capitalised and n > 0), len(toks))
        if verb in SHOW_VERBS | {"according"} and any(
            t.lower in DOCUMENT_HEADS and (n == 0 or not t.capitalised)
            for n, t in [*enumerate(toks[:first_name]), *((len(toks), t) for t in toks[-3:])]
        ):
            return Source(Kind.DOCUMENT, _tidy(phrase), span=span)
        # Unnamed people: "a source", "three officials", "residents of the village".
        anonymous_head = next((w for w in lowered if w in ANONYMOUS_HEADS), None)
        if lowered[0] == "the" and len(lowered) <= 3 and lowered[-1] in PERSON_NOUNS and not runs:
            return None  # "the official": the caller resolves it to the person last met
        if lowered[0] == "the" and len(lowered) == 2 and lowered[-1] in self.context.institutions:
            return Source(Kind.ORGANIZATION, self.context.institutions[lowered[-1]], span=span)
        if lowered[0] in ("a", "an") and lowered[-1] in PERSON_NOUNS and not self._person_in(toks, runs):
            return Source(Kind.ANONYMOUS, _tidy(phrase), span=span)  # "a UK terrorism lawmaker": unnamed
        determiner = lowered[0] in ANONYMOUS_DETERMINERS or lowered[0] in ("its", "his", "her", "their")
        head_first = anonymous_head is not None and (
            not runs or (lowered.index(anonymous_head) < runs[0][0] and not self._person_in(toks, runs))
        )
        if anonymous_head and (
            determiner
            or head_first
            or (lowered[0] == "the" and not self._person_in(toks, runs))
            or (lowered[-1] == anonymous_head and not self._person_in(toks, runs))
        ):
            return Source(Kind.ANONYMOUS, _tidy(phrase), span=span, count=_count_of(lowered))
        if runs:
            named = self._named(toks, runs, sentence_start, verb)
            if named is not None:
                return named
        by_head = _head_kind(lowered, named=False)
        if by_head is not None:
            return Source(by_head, _tidy(phrase), span=span)
        if lead_is_name:
            return Source(Kind.ORGANIZATION, _tidy(phrase), span=span)
        return None

    def _person_in(self, toks: list[_Tok], runs: list[tuple[int, int]]) -> bool:
        """Whether a person's name stands in the phrase (a place after "of", "in" or "near" does not)."""
        return any(
            (_looks_like_person([t.text for t in toks[i:j]]) or (j - i == 1 and _beside_role(toks, i, j)))
            and not (i >= 1 and toks[i - 1].lower in PLACE_PREPOSITIONS)
            for i, j in runs
        )

    def _named(
        self,
        toks: list[_Tok],
        runs: list[tuple[int, int]],
        sentence_start: int,
        verb: str,
    ) -> Source | None:
        lowered = [t.lower for t in toks]
        runs = [_without_titles(toks, i, j) for i, j in runs]
        runs = [(i, j) for i, j in runs if j > i]
        if not runs:
            return None
        # Prefer a person's name; else the first name-like run.
        # The head of a noun phrase comes last ("Riverside resident Jane Roe"): prefer the last
        # person-like run that is not itself a modifier of a following noun.
        comma = next((n for n, t in enumerate(toks) if t.text == ","), len(toks))
        candidates = [r for r in reversed(runs) if r[1] <= comma] + [r for r in runs if r[0] > comma]
        person_run = next(
            (
                r
                for r in candidates
                if _looks_like_person([t.text for t in toks[r[0] : r[1]]])
                and not (r[0] >= 1 and toks[r[0] - 1].lower == "the")  # people take no article
                and not (r[1] < len(toks) and toks[r[1]].lower in HEAD_NOUNS)
            ),
            None,
        )
        if person_run is None:
            for i, j in runs:
                last = toks[j - 1].text
                known = self.context.person(last) or self.context.people.get(
                    " ".join(t.text for t in toks[i:j])
                )
                if known is not None and j - i == 1:
                    person_run = (i, j)
                    break
        if person_run is None:
            person_run = next((r for r in runs if r[1] - r[0] == 1 and _beside_role(toks, *r)), None)
        if person_run is not None:
            i, j = person_run
            name_toks = toks[i:j]
            name = _tidy(" ".join(t.text for t in name_toks)).removesuffix("’s").removesuffix("'s")
            role_toks = [t for t in toks[:i] if t.is_word and t.lower not in ("the", "a", "an")]
            role_toks += [t for t in toks[j:] if t.is_word and t.lower not in ("the", "a", "an")]
            role = " ".join(t.text for t in role_toks)
            if i >= 1 and toks[i - 1].lower in ORGANIZATION_HEADS:
                span = Span(sentence_start + name_toks[0].start, sentence_start + name_toks[-1].end)
                return Source(Kind.ORGANIZATION, name, span=span)
            known = self.context.people.get(name) or self.context.person(name.split()[-1])
            if known is not None and not role:
                kind, role = known.kind, known.role
            else:
                official = any(
                    t.lower.rstrip("s") in OFFICIAL_ROLES or t.lower.strip(".") in OFFICIAL_ROLES
                    for t in [*role_toks, *name_toks]
                ) or _speaks_for_institution(toks[j:])
                kind = Kind.NAMED_OFFICIAL if official else Kind.NAMED_PERSON
                if known is not None and known.kind is Kind.NAMED_OFFICIAL:
                    kind = Kind.NAMED_OFFICIAL
            self.remember(name, kind, role)
            span = Span(sentence_start + name_toks[0].start, sentence_start + name_toks[-1].end)
            return Source(kind, name, role=role, span=span)
        i, j = runs[0]
        words = [t.text for t in toks[i:j]]
        lowered_run = [w.lower() for w in words]
        # "The Observatory", "the Foreign Ministry", "Example Times": the whole phrase names it.
        phrase_toks = _strip_determiners(toks)
        phrase = _tidy(" ".join(t.text for t in phrase_toks))
        span = Span(sentence_start + phrase_toks[0].start, sentence_start + phrase_toks[-1].end)
        if verb in SHOW_ONLY_VERBS:
            return Source(Kind.DOCUMENT, phrase, span=span)  # "Example Tracker showed ..."
        by_head = _head_kind(lowered, named=True)
        if by_head is Kind.DOCUMENT and verb not in SHOW_VERBS:
            by_head = Kind.ORGANIZATION
        if by_head is not None:
            return Source(by_head, phrase, span=span)
        bare = [w.removesuffix("’s").removesuffix("'s") for w in words]
        if " ".join(bare) in COUNTRIES or bare[0] in COUNTRIES:
            # "Norland's account of the talks": Norland speaks.
            country = Span(sentence_start + toks[i].start, sentence_start + toks[j - 1].end)
            return Source(Kind.ORGANIZATION, " ".join(bare), span=country)
        if len(words) == 1 and words[0].isupper() and len(words[0]) >= 2:
            kind = Kind.NEWS_OUTLET if verb in PUBLISH_VERBS or verb == "told-to" else Kind.ORGANIZATION
            return Source(kind, phrase, span=span)
        if verb in PUBLISH_VERBS or verb == "told-to":
            return Source(Kind.NEWS_OUTLET, phrase, span=span)
        if i >= 1 and toks[i - 1].lower in PREPOSITIONS | {"near", "to", "of"}:
            return None  # "a cemetery in Ashford": a place, not a speaker
        if len(words) == 1 and not any(w in lowered_run for w in ORGANIZATION_HEADS):
            name = _tidy(words[0])
            self.remember(name, Kind.NAMED_PERSON, "")
            return Source(Kind.NAMED_PERSON, name, span=span)
        return Source(Kind.ORGANIZATION, phrase, span=span)


def _head_kind(lowered: list[str], named: bool) -> Kind | None:
    """The kind told by the rightmost head noun a lexicon knows ("Russian state media" -> outlet)."""
    for word in reversed(lowered):
        word = word.removesuffix("’s").removesuffix("'s")
        if named:
            if word in ORGANIZATION_HEADS:
                return Kind.ORGANIZATION
            if word in OUTLET_HEADS:
                return Kind.NEWS_OUTLET
            if word in DOCUMENT_HEADS:
                return Kind.DOCUMENT
        else:
            if word in DOCUMENT_HEADS:
                return Kind.DOCUMENT
            if word in OUTLET_HEADS:
                return Kind.NEWS_OUTLET
            if word in ORGANIZATION_HEADS:
                return Kind.ORGANIZATION
    return None


def _beside_role(toks: list[_Tok], i: int, j: int) -> bool:
    """A lone name that a role introduces ("agency official Jane") or an apposition follows (", a doctor")."""
    word = toks[i].text
    if word.isupper() or word in COUNTRIES or toks[i].lower in HEAD_NOUNS:
        return False
    if i >= 1 and toks[i - 1].lower in OFFICIAL_ROLES | PERSON_ROLES:
        return True
    after = [t.lower for t in toks[j : j + 4] if t.is_word]
    return (
        bool(after)
        and after[0] in ("a", "an", "the")
        and any(w in OFFICIAL_ROLES | PERSON_ROLES for w in after)
    )


def _speaks_for_institution(after: list[_Tok]) -> bool:
    """ "Jane Roe of the Example Agency": a person named with the institution they work for."""
    words = [t.lower for t in after if t.is_word]
    return (
        bool(words)
        and words[0] in ("of", "from", "at", "with")
        and any(w in ORGANIZATION_HEADS for w in words[:8])
    )


def _without_titles(toks: list[_Tok], i: int, j: int) -> tuple[int, int]:
    """Drop titles and roles before a name in a capitalised run ("President Jane Roe" -> "Jane Roe",
    "Riverside District Attorney Jane Roe" -> "Jane Roe")."""

    def is_title(tok: _Tok) -> bool:
        return tok.lower.strip(".") in HONORIFICS or tok.lower in OFFICIAL_ROLES or tok.lower in PERSON_ROLES

    last_title = max((k for k in range(i, j - 1) if is_title(toks[k])), default=None)
    if last_title is not None and not any(t.text in ("(", ")") for t in toks[last_title:j]):
        i = last_title + 1
    return i, j


def _tidy(phrase: str) -> str:
    phrase = re.sub(r"\s+([,.)’'])", r"\1", phrase)
    phrase = re.sub(r"([(])\s+", r"\1", phrase)
    return phrase.strip(" ,;:").removesuffix("’s").removesuffix("'s")


def _verb_at(tok: _Tok) -> str | None:
    word = tok.lower
    if word in SAY_VERBS or word in SHOW_VERBS:
        return word
    return None


def _subject_before(toks: list[_Tok], verb_index: int) -> list[_Tok]:
    """The noun phrase right before a verb, skipping auxiliaries, with one apposition.

    "Ruslan Roe, head of a think tank, said" and "the country's leader, Jane Roe,
    signalled" both give the whole phrase; the classifier finds the name in it.
    """
    i = verb_index - 1
    passive = False
    while i >= 0 and toks[i].lower in AUXILIARIES_AND_ADVERBS:
        passive = passive or toks[i].lower in ("was", "were", "is", "are", "been", "be")
        if toks[i].lower in ("not", "never") or toks[i].lower.endswith(("n't", "n’t")):
            return []  # "has not commented": no attribution
        i -= 1
    if passive and toks[verb_index].lower.endswith(("ed", "en", "wn", "ld", "id")):
        return []  # "it was reported", "the statement was published": no speaker here
    if i >= 0 and toks[i].text == ",":
        i -= 1
        # "Jane Roe, who farms near the river, said": the speaker is the relative clause's antecedent.
        for k in range(i, max(-1, i - 24), -1):
            if toks[k].text in (";", ":") or toks[k].text in _OPEN_QUOTES or toks[k].text in _CLOSE_QUOTES:
                break
            if toks[k].lower in ("who", "which") and k >= 2 and toks[k - 1].text == ",":
                i = k - 2
                break
    end = i + 1
    segments = 0
    while i >= 0 and end - i <= 16:
        t = toks[i]
        if t.text in ("(", ")") or (t.is_word and t.lower not in SUBJECT_BOUNDARY_WORDS):
            i -= 1
            continue
        if t.lower == "and" and i >= 1 and toks[i - 1].lower in HEAD_NOUNS and not toks[i - 1].capitalised:
            i -= 1  # "police and family said"
            continue
        if (
            t.text == ","
            and segments == 0
            and i >= 1
            and toks[i - 1].is_word
            and (
                any(x.capitalised for x in toks[i + 1 : end])
                or (
                    toks[i + 1].lower in ("a", "an", "the")
                    and any(x.lower in PERSON_NOUNS for x in toks[i + 1 : end])
                )
            )
            and (toks[i - 1].capitalised or toks[i - 1].lower in PERSON_NOUNS)
        ):
            segments += 1
            i -= 1
            continue
        break
    subject = toks[i + 1 : end]
    while subject and subject[0].text in (",", ")"):
        subject = subject[1:]
    if segments and subject and subject[0].lower in PREPOSITIONS:
        comma = max(n for n, t in enumerate(subject) if t.text == ",")
        subject = subject[comma + 1 :]
    if len(subject) == 1 and subject[0].lower in ("it", "this", "that", "there", "which", "what", "who"):
        return []
    if subject and subject[0].lower in PREPOSITIONS:
        return []  # "In a letter published on ...": a setting, not a speaker
    return subject


def _phrase_after(toks: list[_Tok], index: int, limit: int = 14) -> list[_Tok]:
    """The noun phrase after a cue, up to the next clause break or verb."""
    out: list[_Tok] = []
    j = index
    while j < len(toks) and len(out) < limit:
        t = toks[j]
        if t.text in (";", ":", "(", "—", "–") or (
            t.text == "," and out and not _apposition_follows(toks, j)
        ):
            break
        if t.text in _OPEN_QUOTES | _CLOSE_QUOTES:
            break
        if out and (
            (t.lower in SAY_VERBS and _is_verb_use(toks, j))
            or t.lower in ("that", "who", "which", "citing", "when", "while")
        ):
            break
        out.append(t)
        j += 1
    return out


def _apposition_follows(toks: list[_Tok], comma_index: int) -> bool:
    """ "Jane Roe, the mayor": a role after a name's comma. After a common noun ("the complaint, the
    driver left") the comma ends the phrase."""
    nxt = toks[comma_index + 1] if comma_index + 1 < len(toks) else None
    return bool(
        comma_index >= 1
        and toks[comma_index - 1].capitalised
        and nxt
        and nxt.lower in ("a", "an", "the")
        and comma_index + 2 < len(toks)
        and (
            toks[comma_index + 2].lower in OFFICIAL_ROLES
            or toks[comma_index + 2].lower in PERSON_ROLES
            or (comma_index + 3 < len(toks) and toks[comma_index + 3].lower in OFFICIAL_ROLES | PERSON_ROLES)
        )
    )


@dataclass(frozen=True, slots=True)
class _Cue:
    source_toks: list[_Tok]
    verb: str
    relay_toks: list[_Tok]
    position: int


def _is_verb_use(toks: list[_Tok], k: int) -> bool:
    """Whether a saying word is used as a verb here ("the reports of", "his claims" are nouns)."""
    word = toks[k].lower
    if word in ("alleged", "reported", "claimed", "suspected") and k >= 1:
        previous = toks[k - 1].lower
        if previous in DETERMINERS or previous.endswith(("’s", "'s")):
            return False  # "the minister's alleged meetings": an adjective
    if word in ("charged", "charges", "charge") and k + 1 < len(toks) and toks[k + 1].lower == "with":
        return False  # "charged with manslaughter": the law's charge, not a speaker's
    if word in ACT_OR_REPORT_VERBS and (k + 1 < len(toks)):
        following = toks[k + 1]
        if following.is_word and not following.capitalised and following.lower not in CLAUSE_OPENERS:
            return False  # "claimed victory", "announced plans": an act, not a report
    if word not in SAY_WORDS_ALSO_NOUNS:
        return True
    previous = toks[k - 1].lower if k else ""
    nxt = toks[k + 1].lower if k + 1 < len(toks) else ""
    if previous in NOUN_MARKERS:
        return False
    if k + 1 >= len(toks) or toks[k + 1].text in (",", ";", ")", "(", ":"):
        return False  # "according to the criminal charges," ends a noun phrase
    return nxt not in ("of", "by", "about", "from", "on", "were", "was", "are", "is", "have", "that's")


def _sentence_subject(toks: list[_Tok]) -> list[_Tok]:
    """The main clause's subject, roughly: the words before its first verb-like word."""
    start = 0
    while start < len(toks) and (
        toks[start].lower in ("but", "and", "however", "then", "yet", "so") or not toks[start].is_word
    ):
        start += 1
    if start < len(toks) and (toks[start].lower in PREPOSITIONS or toks[start].lower in TIME_WORDS):
        # "Last week, the agency used ...": skip the opening adverbial up to its comma.
        comma = next((n for n in range(start, min(len(toks), start + 8)) if toks[n].text == ","), None)
        if comma is not None:
            start = comma + 1
    end = start
    while end < len(toks) and end - start < 5 and toks[end].is_word:
        word = toks[end].lower
        named_subject = toks[start].capitalised and toks[start].lower not in ("the", "a", "an")
        if end - start >= 1 and (
            word in SAY_VERBS
            or word in AUXILIARIES_AND_ADVERBS
            or word in MAIN_CLAUSE_VERBS
            or ((end - start >= 2 or named_subject) and word.endswith("ed"))
        ):
            break
        end += 1
    return toks[start:end] if end > start and end < len(toks) and toks[end].is_word else []


def _find_cues(toks: list[_Tok]) -> list[_Cue]:
    cues: list[_Cue] = []
    n = len(toks)
    for k, tok in enumerate(toks):
        word = tok.lower
        if word == "according" and k + 1 < n and toks[k + 1].lower == "to":
            cues.append(_Cue(_phrase_after(toks, k + 2), "according", [], k))
        elif word in ("called", "calls", "call") and k + 1 < n and toks[k + 1].lower in ("for", "on"):
            subject = _subject_before(toks, k)  # "the commission called for ..."
            if subject:
                cues.append(_Cue(subject, "called", [], k))
        elif word == "citing":
            cues.append(_Cue(_phrase_after(toks, k + 1), "citing", [], k))
        elif word in ("told", "tells", "tell") and k + 1 < n:
            previous = toks[k - 1] if k else None
            listener = _phrase_after(toks, k + 1, limit=6)
            if listener and listener[0].lower == "the" and len(listener) > 1 and listener[1].capitalised:
                listener = listener[1:]
            relay = (
                listener
                if listener and listener[0].capitalised and listener[0].lower not in PERSON_PRONOUNS
                else []
            )
            subject = _subject_before(toks, k)
            if subject:
                cues.append(_Cue(subject, "told", relay, k))
        elif word == "by" and any(t.lower in BY_AGENT_VERBS for t in toks[max(0, k - 3) : k]):
            cues.append(_Cue(_phrase_after(toks, k + 1), "made", [], k))
        elif word in SAY_PARTICIPLES or (word in SAY_INFINITIVES and k >= 1 and toks[k - 1].lower == "to"):
            # ", insisting that ...": the sentence's subject speaks; "a prosecutor declaring that ...":
            # the noun right before the participle does.
            after_comma = k >= 1 and toks[k - 1].text == ","
            subject = (
                _sentence_subject(toks)
                if after_comma or word in SAY_INFINITIVES
                else _subject_before(toks, k)
            )
            if subject:
                cues.append(_Cue(subject, word, [], k))
        elif word in OBTAIN_VERBS and k + 1 < n:
            thing = _phrase_after(toks, k + 1, limit=5)
            if any(t.lower in DOCUMENT_HEADS for t in thing):
                cues.append(_Cue(thing, "show", _subject_before(toks, k), k))
        elif word == "from" and k >= 1 and toks[k - 1].lower in ("learned", "learnt", "heard"):
            subject = _subject_before(toks, k - 1)
            cues.append(_Cue(_phrase_after(toks, k + 1), "told", subject, k))
        elif _verb_at(tok) and _is_verb_use(toks, k):
            previous = toks[k - 1] if k else None
            nxt = toks[k + 1] if k + 1 < n else None
            # Inverted: '..., said John Smith, a spokesman.' / '"...," said the minister.'
            if (
                word in INVERTIBLE_SAY_VERBS
                and previous is not None
                and previous.text in (",", "”", '"', "’")
                and nxt is not None
                and nxt.is_word
                and (
                    nxt.capitalised
                    or nxt.lower in NOUN_PHRASE_LEADERS
                    or nxt.lower in PERSON_PRONOUNS
                    or nxt.lower in PERSON_NOUNS
                    or nxt.lower in ("his", "her", "their", "its")
                )
            ):
                after = _phrase_after(toks, k + 1)
                if after:
                    cues.append(_Cue(after, word, [], k))
                    continue
            if (
                word in INVERTIBLE_SAY_VERBS
                and previous is not None
                and previous.text == ","
                and nxt is not None
            ):
                after = _phrase_after(toks, k + 1)
                rest = [t for t in toks[k + 1 :] if t.is_word]
                if after and len(after) == len(rest) and any(t.capitalised for t in after):
                    cues.append(_Cue(after, word, [], k))  # "..., said disaster agency official Jane."
                    continue
            subject = _subject_before(toks, k)
            if subject:
                cues.append(_Cue(subject, word, [], k))
    return cues


def _demonym(word: str) -> bool:
    """ "Syrian", "Chinese", "Turkish", "Israeli": a nationality describing someone, not a name."""
    return len(word) > 4 and word.endswith(DEMONYM_ENDINGS)


def _closing_cue_first(toks: list[_Tok], cues: list[_Cue]) -> list[_Cue]:
    """ "..., the remains found in the graves, Jane Roe said.": a speaker closing the sentence after a
    comma or a quote speaks the whole of it, whatever verbs stand inside."""
    if len(cues) < 2 or cues[-1].verb not in SAY_VERBS:
        return cues
    last = cues[-1]
    positions = {id(t): n for n, t in enumerate(toks)}
    indices = [positions[id(t)] for t in last.source_toks if id(t) in positions] + [last.position]
    first, end = min(indices), max(indices)
    words_after = [t for t in toks[end + 1 :] if t.is_word]
    if first >= 1 and toks[first - 1].text in (",", "”", '"', "’") and not words_after:
        return [last, *cues[:-1]]
    return cues


_PASSIVE_SOURCELESS = re.compile(
    r"\b(it (has|had) been|it was|it is) (claimed|alleged|reported|suggested|said)\b", re.IGNORECASE
)


def _meet_people(toks: list[_Tok], classifier: _Classifier) -> None:
    """Remember people introduced with a role anywhere ("the country's despot Jane Roe"), and
    institutions by their head noun, so that "the commission said" finds the commission named before."""
    for i, j in _capitalised_runs(toks):
        heads = [t.lower for t in toks[i:j] if t.lower in ORGANIZATION_HEADS]
        if heads and j - i >= 2:
            classifier.context.institutions[heads[-1]] = _tidy(" ".join(t.text for t in toks[i:j]))
    for i, j in _name_runs(toks):
        i, j = _without_titles(toks, i, j) if j - i > 1 else (i, j)
        words = [t.text for t in toks[i:j]]
        if not _looks_like_person(words):
            continue
        before = [t.lower for t in toks[max(0, i - 6) : i] if t.is_word]
        title = [t.lower.strip(".") for t in toks[max(0, i - 1) : j]]
        if any(w in OFFICIAL_ROLES for w in before + title):
            kind = Kind.NAMED_OFFICIAL
        elif any(w in PERSON_ROLES for w in before):
            kind = Kind.NAMED_PERSON
        else:
            continue
        name = _tidy(" ".join(words)).removesuffix("’s").removesuffix("'s")
        if name not in classifier.context.people:
            role = " ".join(t.text for t in toks[max(0, i - 3) : i] if t.is_word)
            classifier.remember(name, kind, role)
        context = classifier.context
        if kind is Kind.NAMED_OFFICIAL and not any(a.source == name for a in context.recent):
            context.recent.append(Attribution((Source(kind, name, context.people[name].role),)))


def _anonymous_within(toks: list[_Tok], offset: int) -> Source | None:
    """An unnamed source a relay cites in passing ("... wrote that a source he trusts told him")."""
    for k, tok in enumerate(toks):
        if tok.lower not in SOURCE_NOUNS:
            continue
        start = k
        while (
            start > 0
            and k - start < 4
            and toks[start - 1].is_word
            and toks[start - 1].lower
            not in ("that", "by", "from", "to", "and", "said", "told", "according", "citing", "of")
        ):
            start -= 1
        first = toks[start].lower
        if first not in ANONYMOUS_DETERMINERS and first not in ("its", "his", "her", "their", "own"):
            continue
        end = k + 1
        if (
            end + 1 < len(toks)
            and toks[end].lower in ("i", "he", "she", "they", "we")
            and toks[end + 1].lower in ("trust", "trusts", "trusted", "know", "knows", "believe", "believes")
        ):
            end += 2
        phrase = toks[start:end]
        return Source(
            Kind.ANONYMOUS,
            _tidy(" ".join(t.text for t in phrase)),
            span=Span(offset + phrase[0].start, offset + phrase[-1].end),
            count=_count_of([t.lower for t in phrase]),
        )
    return None


def _document_within(toks: list[_Tok], offset: int) -> Source | None:
    """An instrument or record a relay cites for a measurement ("... measured 3.0 on nearby sensors")."""
    if not any(t.lower in MEASURE_VERBS for t in toks):
        return None
    for k, tok in enumerate(toks):
        if tok.lower in DOCUMENT_HEADS and not tok.capitalised and k >= 1:
            start = k
            while start > 0 and k - start < 3 and toks[start - 1].is_word and not toks[start - 1].capitalised:
                if toks[start - 1].lower in ("on", "by", "from", "in", "to", "that", "and", "the", "a"):
                    break
                start -= 1
            if start >= 1 and toks[start - 1].lower in ("on", "by", "from"):
                phrase = toks[start : k + 1]
                return Source(
                    Kind.DOCUMENT,
                    _tidy(" ".join(t.text for t in phrase)),
                    span=Span(offset + phrase[0].start, offset + phrase[-1].end),
                )
    return None


def _overlaps(a: Span | None, b: Span) -> bool:
    return a is not None and a.start < b.end and b.start < a.end


def _unnamed(toks: list[_Tok], offset: int) -> Source:
    """An unnamed person the article has not named before ("the minister said")."""
    return Source(
        Kind.ANONYMOUS,
        _tidy(" ".join(t.text for t in toks)),
        span=Span(offset + toks[0].start, offset + toks[-1].end),
    )


def _drop_scare_quotes(toks: list[_Tok]) -> list[_Tok]:
    """Remove the marks around short quoted phrases (a 'trusted source'): they are words, not speech."""
    drop: set[int] = set()
    k = 0
    while k < len(toks):
        if toks[k].text in ("‘", "“", '"', "«"):
            for m in range(k + 1, min(len(toks), k + 6)):
                if toks[m].text in ("’", "”", '"', "»"):
                    if m - k - 1 <= 4 and all(t.is_word for t in toks[k + 1 : m]) and m > k + 1:
                        drop.update((k, m))
                    break
        k += 1
    return [t for n, t in enumerate(toks) if n not in drop]


def _outside_quotes(toks: list[_Tok], in_quote: bool) -> tuple[list[_Tok], bool]:
    """Tokens outside quoted speech (a cue inside a quote is the speaker's, not the article's), and
    whether a quote is still open at the end of the sentence."""
    outside: list[_Tok] = []
    inside = in_quote
    for t in toks:
        if t.text in ("“", "«", "‘"):
            inside = True
            outside.append(t)
            continue
        if t.text in ("”", "»") or (t.text == "’" and inside):
            inside = False
            outside.append(t)
            continue
        if t.text == '"':
            inside = not inside
            outside.append(t)
            continue
        if not inside:
            outside.append(t)
    return outside, inside


def attribute(sentence: Sentence, context: ArticleContext) -> Attribution:
    """The attribution of one sentence; updates `context` as a reader's memory."""
    text = sentence.text
    all_toks = _drop_scare_quotes(_tokens(text))
    starts_in_quote = context.in_quote and not (all_toks and all_toks[0].text in _OPEN_QUOTES)
    toks, still_open = _outside_quotes(all_toks, starts_in_quote)
    classifier = _Classifier(context)
    _meet_people(all_toks, classifier)
    hedges = find_hedges(text)
    chain: list[Source] = []
    for cue in _closing_cue_first(toks, _find_cues(toks)):
        if not cue.source_toks:
            continue
        words = [t.lower for t in cue.source_toks if t.is_word]
        before_cue = cue.position - len(cue.source_toks) - 1
        near_edge = (
            cue.position <= 4
            or (bool(toks) and cue.source_toks[0] is toks[0])
            or cue.position >= len(toks) - 4
            or (before_cue >= 0 and toks[before_cue].text in (",", "”", '"', "’"))
            or (cue.position >= 1 and toks[cue.position - 1].text in (",", "”", '"', "’"))  # ", said the ..."
        )
        if words and len(words) <= 2 and words[-1] in RESOLVABLE_PRONOUNS:
            # "He added", ", she said": the person last met, resolved here so that a later cue in the
            # same sentence ("..., so the ministry called for ...") does not take its place.
            person = context.resolve(words[-1]) if near_edge and not chain else None
            if person is not None:
                chain = list(person.chain)
                if cue.relay_toks:
                    relay = classifier.classify(cue.relay_toks, sentence.span.start, "told-to")
                    if relay is not None:
                        chain = [*person.chain[:1], relay]
            continue
        described = (
            words
            and words[0] == "the"
            and len(words) <= 5
            and words[-1] in PERSON_NOUNS
            and not any(
                t.capitalised and t.lower not in PERSON_NOUNS and not _demonym(t.lower)
                for t in cue.source_toks[1:]
            )
        )
        by_nationality = described and any(t.capitalised and _demonym(t.lower) for t in cue.source_toks)
        source = (
            None if by_nationality else classifier.classify(cue.source_toks, sentence.span.start, cue.verb)
        )
        if source is None:
            # "the minister said", "the ousted French leader said": a definite description takes the
            # last person met, like a pronoun.
            if described:
                person = context.resolve("") if near_edge and not chain else None
                if person is not None:
                    chain = list(person.chain)
                elif not chain:
                    chain = [_unnamed(cue.source_toks, sentence.span.start)]
            elif (
                not chain
                and words
                and words[0] == "the"
                and 2 <= len(words) <= 3
                and len(words[-1]) > 4
                and words[-1].endswith(AGENT_NOUN_SUFFIXES)
                and not any(t.capitalised for t in cue.source_toks[1:])
            ):
                chain = [_unnamed(cue.source_toks, sentence.span.start)]  # "the grave digger testified"
            continue
        if cue.verb == "citing" and chain:
            chain = [source, *chain]
            continue
        if chain:
            # A second cue names who told the first: the inner speaker is the origin.
            if source.kind in (Kind.ANONYMOUS, Kind.DOCUMENT) and chain[0].kind is not Kind.ANONYMOUS:
                chain = [source, *chain]
            continue
        chain = [source]
        if cue.relay_toks:
            relay = classifier.classify(cue.relay_toks, sentence.span.start, "told-to")
            if relay is not None and relay.kind in (Kind.NEWS_OUTLET, Kind.NAMED_PERSON, Kind.ORGANIZATION):
                if relay.kind is Kind.NAMED_PERSON:
                    relay = Source(Kind.NEWS_OUTLET, relay.name, relay.role, relay.span)
                chain.append(relay)
    quoted = starts_in_quote or any(t.text in _OPEN_QUOTES for t in all_toks[:2])
    if not chain and quoted and context.last_speaker is not None and not _PASSIVE_SOURCELESS.search(text):
        chain = list(context.last_speaker.chain)
    elif (
        not chain
        and "allegedly" in hedges
        and context.last_speaker is not None
        and context.last_speaker.kind in (Kind.DOCUMENT, Kind.ORGANIZATION, Kind.NAMED_OFFICIAL)
    ):
        # "According to the complaint, he fled. He allegedly ran a red light.": the account goes on.
        chain = list(context.last_speaker.chain)
    if chain and chain[0].kind not in (Kind.ANONYMOUS, Kind.DOCUMENT):
        inner = _anonymous_within(all_toks, sentence.span.start) or _document_within(
            toks, sentence.span.start
        )
        if inner is not None and (chain[0].span is None or not _overlaps(inner.span, chain[0].span)):
            chain = [inner, *chain]
    attribution = Attribution(tuple(chain), hedges)
    if chain:
        context.last_speaker = attribution
        origin = chain[0]
        if origin.kind in (Kind.NAMED_OFFICIAL, Kind.NAMED_PERSON) or (
            origin.kind is Kind.ANONYMOUS and origin.name.lower().startswith(("a ", "an ", "one ", "the "))
        ):
            context.last_person = attribution
            context.recent = [a for a in context.recent if a.source != attribution.source] + [attribution]
    elif not quoted:
        context.last_speaker = None
    context.in_quote = still_open
    return attribution
