"""From the words that name a speaker to a `Source`: a person, an official, an institution, an
outlet, a document or an unnamed source, judged with what the article said before."""

from __future__ import annotations

from sourcecheck.core.attribution.context import ArticleContext
from sourcecheck.core.attribution.names import (
    beside_role,
    institution_name,
    looks_like_person,
    role_kind,
    speaks_for_institution,
    tidy,
    without_possessor,
    without_titles,
)
from sourcecheck.core.attribution.tokens import CLAUSE_BREAKS, Token, name_runs
from sourcecheck.core.lexicon import (
    AGENT_NOUN_SUFFIXES,
    ANONYMOUS_DETERMINERS,
    ANONYMOUS_HEADS,
    COUNTRIES,
    DOCUMENT_HEADS,
    GIVEN_NAMES,
    HEAD_NOUNS,
    HEAD_PRECEDENCE,
    HONORIFICS,
    MEASURE_VERBS,
    NEWS_AGENCY_MODIFIERS,
    NOUN_PHRASE_LEADERS,
    NUMBER_WORDS,
    OFFICE_ABBREVIATIONS,
    OFFICIAL_ROLES,
    ORGANIZATION_HEADS,
    OUTLET_HEADS,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    PLACE_PREPOSITIONS,
    PREPOSITIONS,
    PUBLISH_VERBS,
    SHOW_ONLY_VERBS,
    SHOW_VERBS,
    SOURCE_NOUNS,
    SPOKESPERSON_NOUNS,
    STATEMENT_NOUNS,
)
from sourcecheck.core.model import Kind, Source, Span


class Classifier:
    """Turns the words that name a source into a Source, using what the article said before."""

    def __init__(self, context: ArticleContext) -> None:
        self.context = context
        self.rule = ""  # the id of the rule that gave the last Source, for `sourcecheck explain`

    def _found(self, rule: str, source: Source) -> Source:
        self.rule = rule
        return source

    def classify(self, toks: list[Token], sentence_start: int, verb: str) -> Source | None:
        toks = [t for t in toks if t.text not in CLAUSE_BREAKS or t.text in ("(", ")", ",")]
        conjunction = next((n for n, t in enumerate(toks) if t.lower == "and"), None)
        if conjunction is not None and 0 < conjunction < len(toks) - 1 and toks[0].lower in HEAD_NOUNS:
            toks = toks[:conjunction]  # "police and the victim's friend said": the first names the source
        while toks and not toks[-1].is_word:
            toks = toks[:-1]
        while toks and not toks[0].is_word:
            toks = toks[1:]
        if not toks:
            return None
        if (
            len(toks) >= 4
            and toks[0].lower in ("a", "an", "the", "in")
            and toks[1].lower in STATEMENT_NOUNS
            and toks[2].lower in ("from", "by", "of", "issued")
        ):
            toks = toks[3:]  # "a statement from the defence ministry says": the ministry speaks
            if len(toks) == 1 and toks[0].capitalised and self.context.in_cast(toks[0].text) is None:
                self.context.organizations.add(toks[0].text)  # "a statement from Northvale": a body
        words = [t.text for t in toks]
        lowered = [t.lower for t in toks]
        span = Span(sentence_start + toks[0].start, sentence_start + toks[-1].end)
        phrase = " ".join(words)
        if len(toks) == 1 and lowered[0] in PERSON_PRONOUNS:
            return None  # resolved by the caller from context
        runs = name_runs(toks)
        if not runs and len(toks) == 1 and toks[0].capitalised and self.context.in_cast(toks[0].text):
            runs = [(0, 1)]  # "Farmer said" where the article names Michael Farmer: a surname, no role
        if runs and runs[0] == (0, 1) and _capital_only_by_position(toks, self.context):
            runs = runs[1:]  # "Forensic accountants say", "Tenants argued": capitalised by its place
        lead_is_name = bool(runs) and runs[0][0] <= 1 and lowered[0] not in NOUN_PHRASE_LEADERS - {"the"}
        # Documents, data and instruments.
        first_name = next((n for n, t in enumerate(toks) if t.capitalised and n > 0), len(toks))
        if verb in SHOW_VERBS | {"according"} and any(
            t.lower in DOCUMENT_HEADS and (n == 0 or not t.capitalised)
            for n, t in [*enumerate(toks[:first_name]), *((len(toks), t) for t in toks[-3:])]
        ):
            return self._found("document-head", Source(Kind.DOCUMENT, tidy(phrase), span=span))
        # Unnamed people: "a source", "three officials", "residents of the village".
        anonymous_head = next(
            (
                w
                for n, w in enumerate(lowered)
                if w in ANONYMOUS_HEADS
                or (
                    not runs
                    and _people_by_role(w)
                    and (n + 1 == len(lowered) or lowered[n + 1] in PREPOSITIONS or lowered[n + 1] == "of")
                )
            ),
            None,
        )
        if lowered[0] == "the" and len(lowered) <= 3 and lowered[-1] in PERSON_NOUNS and not runs:
            return None  # "the official": the caller resolves it to the person last met
        if (
            lowered[0] == "the"
            and len(toks) <= 4
            and lowered[-1] in OFFICIAL_ROLES
            and all(t.capitalised and not t.text.isupper() for t in toks[1:])
        ):
            return None  # "The Prime Minister": an office as a title, resolved by the caller
        if lowered[0] == "the" and lowered[-1] in self.context.institutions and _only_placed(toks[1:-1]):
            return self._found(
                "the-institution-named-before",
                Source(Kind.ORGANIZATION, self.context.institutions[lowered[-1]], span=span),
            )
        speaks_for = len(lowered) >= 4 and lowered[1] in SPOKESPERSON_NOUNS and lowered[2] in ("for", "of")
        if (lowered[-1] in SPOKESPERSON_NOUNS and not self._person_in(toks, runs)) or speaks_for:
            # "a navy spokesperson said": an unnamed spokesperson speaks for the institution.
            return self._found(
                "spokesperson-for-institution", Source(Kind.ORGANIZATION, tidy(phrase), span=span)
            )
        if lowered[0] in ("a", "an") and lowered[-1] in PERSON_NOUNS and not self._person_in(toks, runs):
            return self._found(
                "unnamed-person", Source(Kind.ANONYMOUS, tidy(phrase), span=span)
            )  # "a UK terrorism lawmaker": unnamed
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
            return self._found(
                "anonymous-head", Source(Kind.ANONYMOUS, tidy(phrase), span=span, count=_count_of(lowered))
            )
        if runs:
            named = self._named(toks, runs, sentence_start, verb)
            if named is not None:
                return named
        by_head = _head_kind(lowered)
        if by_head is not None:
            return self._found("head-noun", Source(by_head, tidy(phrase), span=span))
        if lead_is_name:
            return self._found("name-leads-phrase", Source(Kind.ORGANIZATION, tidy(phrase), span=span))
        if _plural_agents(lowered):
            # "forensic accountants say", "organisers said": unnamed people by what they do.
            return self._found("plural-agent-noun", Source(Kind.ANONYMOUS, tidy(phrase), span=span))
        return None

    def _person_in(self, toks: list[Token], runs: list[tuple[int, int]]) -> bool:
        """Whether a person's name stands in the phrase (a place after "of", "in" or "near" does not)."""
        return any(
            (looks_like_person([t.text for t in toks[i:j]]) or (j - i == 1 and beside_role(toks, i, j)))
            and not (i >= 1 and toks[i - 1].lower in PLACE_PREPOSITIONS)
            for i, j in runs
        )

    def _named(
        self,
        toks: list[Token],
        runs: list[tuple[int, int]],
        sentence_start: int,
        verb: str,
    ) -> Source | None:
        lowered = [t.lower for t in toks]
        runs = [without_titles(toks, i, j) for i, j in runs]
        runs = [(i, j) for i, j in runs if j > i]
        if not runs:
            return None
        # Prefer a person's name; else the first name-like run.
        # The head of a noun phrase comes last ("Riverside resident Jane Roe"): prefer the last
        # person-like run that is not itself a modifier of a following noun.
        comma = next((n for n, t in enumerate(toks) if t.text == ","), len(toks))
        candidates = [r for r in reversed(runs) if r[1] <= comma] + [r for r in runs if r[0] > comma]
        people = [
            r
            for r in candidates
            if looks_like_person([t.text for t in toks[r[0] : r[1]]])
            and not (r[0] >= 1 and toks[r[0] - 1].lower == "the")  # people take no article
            and not (r[1] < len(toks) and toks[r[1]].lower in HEAD_NOUNS)
        ]
        # "The head of the regional Water Board, Ali Haddad,": a run the article or a first name
        # knows for a person comes first.
        known_people = [
            r
            for r in people
            if toks[r[0]].lower in GIVEN_NAMES or self.context.in_cast(toks[r[1] - 1].text) is not None
        ]
        person_run = next(iter(known_people or people), None)
        if person_run is None:
            # A surname the article gives a person; nearest the verb first ("After meeting President
            # Roe, Lund said": Lund speaks), never a possessive before a head noun ("Lund's office").
            for i, j in reversed(runs):
                last = toks[j - 1].text
                known = (
                    self.context.person(last)
                    or self.context.people.get(" ".join(t.text for t in toks[i:j]))
                    or self.context.in_cast(last)
                )
                if known is not None and j - i == 1 and not (j < len(toks) and toks[j].lower in HEAD_NOUNS):
                    person_run = (i, j)
                    break
        if person_run is None:
            person_run = next((r for r in runs if r[1] - r[0] == 1 and beside_role(toks, *r)), None)
        if person_run is not None:
            i, j = person_run
            i = without_possessor(toks, i, j)  # "Northvale's Jane Roe": the possessor is not part of her name
            name_toks = toks[i:j]
            name = tidy(" ".join(t.text for t in name_toks)).removesuffix("’s").removesuffix("'s")
            # "Ms Roe" tells no role: a title of address leaves the role the article gave her before.
            role_toks = [t for t in toks[:i] if t.is_word and t.lower not in ("the", "a", "an", *HONORIFICS)]
            role_toks += [t for t in toks[j:] if t.is_word and t.lower not in ("the", "a", "an")]
            role = " ".join(t.text for t in role_toks)
            if i >= 1 and toks[i - 1].lower in ORGANIZATION_HEADS:
                span = Span(sentence_start + name_toks[0].start, sentence_start + name_toks[-1].end)
                return self._found("name-after-institution-head", Source(Kind.ORGANIZATION, name, span=span))
            known = self.context.people.get(name) or self.context.person(name.split()[-1])
            cast = self.context.in_cast(name)
            if known is not None and not role:
                kind, role = known.kind, known.role
            else:
                titled = i >= 1 and toks[i - 1].lower in OFFICE_ABBREVIATIONS
                local = role_kind([t.text for t in role_toks])
                post_nominal = (  # "Jane Roe MP", "John Doe KC"; not the surname of "Thomas Judge"
                    name_toks[-1].lower in OFFICIAL_ROLES and name_toks[-1].text.isupper()
                )
                official = (
                    titled or post_nominal or local is Kind.NAMED_OFFICIAL or speaks_for_institution(toks[j:])
                )
                kind = Kind.NAMED_OFFICIAL if official else Kind.NAMED_PERSON
                if known is not None and known.kind is Kind.NAMED_OFFICIAL:
                    kind = Kind.NAMED_OFFICIAL
            if cast is not None and cast.kind is Kind.NAMED_OFFICIAL and kind is Kind.NAMED_PERSON:
                kind, role = Kind.NAMED_OFFICIAL, role or cast.role
            self.context.remember(name, kind, role)
            span = Span(sentence_start + name_toks[0].start, sentence_start + name_toks[-1].end)
            return self._found("person-name", Source(kind, name, role=role, span=span))
        i, j = runs[0]
        words = [t.text for t in toks[i:j]]
        lowered_run = [w.lower() for w in words]
        # "The Observatory", "the Foreign Ministry", "Example Times": the whole phrase names it.
        comma = max((n for n in range(i) if toks[n].text == ","), default=-1)
        phrase_toks = _strip_determiners(toks[comma + 1 :])  # "However, Northvale": the name after the comma
        phrase = tidy(" ".join(t.text for t in phrase_toks))
        span = Span(sentence_start + phrase_toks[0].start, sentence_start + phrase_toks[-1].end)
        if verb in SHOW_ONLY_VERBS:
            return self._found(
                "named-instrument", Source(Kind.DOCUMENT, phrase, span=span)
            )  # "Example Tracker showed ..."
        by_head = _head_kind(lowered)
        if by_head is Kind.DOCUMENT and verb not in SHOW_VERBS:
            by_head = Kind.ORGANIZATION
        if by_head is not None:
            return self._found("named-head-noun", Source(by_head, phrase, span=span))
        bare = [w.removesuffix("’s").removesuffix("'s") for w in words]
        if " ".join(bare) in COUNTRIES or bare[0] in COUNTRIES:
            # "Norland's account of the talks": Norland speaks.
            country = Span(sentence_start + toks[i].start, sentence_start + toks[j - 1].end)
            return self._found("country", Source(Kind.ORGANIZATION, " ".join(bare), span=country))
        if len(words) == 1 and words[0].isupper() and len(words[0]) >= 2:
            kind = Kind.NEWS_OUTLET if verb in PUBLISH_VERBS or verb == "told-to" else Kind.ORGANIZATION
            return self._found("acronym", Source(kind, phrase, span=span))
        if verb in PUBLISH_VERBS or verb == "told-to":
            return self._found("outlet-verb", Source(Kind.NEWS_OUTLET, phrase, span=span))
        if i >= 1 and toks[i - 1].lower in PREPOSITIONS | {"near", "to", "of"}:
            return None  # "a cemetery in Ashford": a place, not a speaker
        if len(words) == 1 and not any(w in lowered_run for w in ORGANIZATION_HEADS):
            name = tidy(words[0])
            if name in self.context.organizations or institution_name(words):
                return self._found("institution-name", Source(Kind.ORGANIZATION, name, span=span))
            self.context.remember(name, Kind.NAMED_PERSON, "")
            return self._found("single-name", Source(Kind.NAMED_PERSON, name, span=span))
        return self._found("proper-name", Source(Kind.ORGANIZATION, phrase, span=span))


def _capital_only_by_position(toks: list[Token], context: ArticleContext) -> bool:
    """Whether the first word is capitalised only because it opens the sentence: a common word before
    a lower-case noun, or alone the plural of a role ("Tenants argued"); not a name the article knows
    ("Masters" met before), a country or a possessor ("Norland's account")."""
    first = toks[0]
    return (
        (
            (len(toks) > 1 and toks[1].is_word and not toks[1].capitalised)
            or (len(toks) == 1 and _people_by_role(first.lower))
        )
        and not first.text.endswith(("’s", "'s"))
        and first.lower not in GIVEN_NAMES
        and first.text not in COUNTRIES
        and context.in_cast(first.text) is None
        and first.text not in context.organizations
        and not first.text.isupper()
    )


def _plural_agents(lowered: list[str]) -> bool:
    """ "specialists", "organisers", "investigators": a plural noun of people by what they do."""
    head = lowered[-1]
    return (
        len(lowered) <= 4
        and len(head) > 5
        and head.endswith("s")
        and head[:-1].endswith(AGENT_NOUN_SUFFIXES)
        and lowered[0] not in ("the", "a", "an", "this", "that")
    )


def _head_kind(lowered: list[str]) -> Kind | None:
    """The kind told by the rightmost head noun a lexicon knows ("Russian state media" -> outlet); a
    word two lists know takes the kind HEAD_PRECEDENCE declares."""
    for n in range(len(lowered) - 1, -1, -1):
        word = lowered[n].removesuffix("’s").removesuffix("'s")
        if word == "agency" and n >= 1 and lowered[n - 1] in NEWS_AGENCY_MODIFIERS:
            return Kind.NEWS_OUTLET
        listed = HEAD_PRECEDENCE.get(word) or next(
            (name for name, words in _HEAD_LISTS if word in words), None
        )
        if listed is not None:
            return _KIND_OF_LIST[listed]
    return None


_HEAD_LISTS = (
    ("ORGANIZATION_HEADS", ORGANIZATION_HEADS),
    ("OUTLET_HEADS", OUTLET_HEADS),
    ("DOCUMENT_HEADS", DOCUMENT_HEADS),
)
_KIND_OF_LIST = {
    "ORGANIZATION_HEADS": Kind.ORGANIZATION,
    "OUTLET_HEADS": Kind.NEWS_OUTLET,
    "DOCUMENT_HEADS": Kind.DOCUMENT,
}


def _strip_determiners(toks: list[Token]) -> list[Token]:
    """Drop leading articles and "-based" modifiers ("the UK-based Example Monitor")."""
    while len(toks) > 1 and (
        (toks[0].lower in ("the", "a", "an") and toks[1].capitalised) or toks[0].lower.endswith("-based")
    ):
        toks = toks[1:]
    return toks


def _count_of(words: list[str]) -> int:
    for word in words:
        if word.isdigit():
            return int(word)
        if word in NUMBER_WORDS:
            return NUMBER_WORDS[word]
    return 0


def anonymous_within(toks: list[Token], offset: int) -> Source | None:
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
            tidy(" ".join(t.text for t in phrase)),
            span=Span(offset + phrase[0].start, offset + phrase[-1].end),
            count=_count_of([t.lower for t in phrase]),
        )
    return None


def document_within(toks: list[Token], offset: int) -> Source | None:
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
                    tidy(" ".join(t.text for t in phrase)),
                    span=Span(offset + phrase[0].start, offset + phrase[-1].end),
                )
    return None


def unnamed(toks: list[Token], offset: int) -> Source:
    """An unnamed person the article has not named before ("the minister said")."""
    return Source(
        Kind.ANONYMOUS,
        tidy(" ".join(t.text for t in toks)),
        span=Span(offset + toks[0].start, offset + toks[-1].end),
    )


def _people_by_role(word: str) -> bool:
    """ "several delegates", "the candidates": the plural of a person's role names unnamed people
    (a plural some head list already knows keeps that list's kind; "Northvale executives" are the
    company's people, read by the name)."""
    if word in HEAD_NOUNS or len(word) < 4 or not word.endswith("s"):
        return False
    singular = (
        word[:-3] + "y" if word.endswith("ies") else word[:-3] + "man" if word.endswith("men") else word[:-1]
    )
    return singular in PERSON_NOUNS or (word.endswith("es") and word[:-2] in PERSON_NOUNS)


def _only_placed(toks: list[Token]) -> bool:
    """Nothing, or only where it is based, between "the" and a head noun: "the company", "the Denver,
    Colo., company", "the Denver-based company" all take up the institution named before."""
    return all(
        t.text in (",", ".") or t.lower.endswith("-based") or (t.is_word and t.capitalised) for t in toks
    ) and (not toks or toks[-1].text == "," or toks[-1].lower.endswith("-based"))
