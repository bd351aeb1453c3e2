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
    ANONYMOUS_DETERMINERS,
    ANONYMOUS_HEADS,
    COUNTRIES,
    DOCUMENT_HEADS,
    NUMBER_WORDS,
    OFFICIAL_ROLES,
    ORGANIZATION_HEADS,
    OUTLET_HEADS,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    PERSON_ROLES,
    PUBLISH_VERBS,
    SAY_VERBS,
    SHOW_VERBS,
)
from sourcecheck.core.model import Attribution, Kind, Sentence, Source, Span

_TOKEN = re.compile(r"[\w][\w'’\-.]*[\w]|[\w]|[\"“”‘’«»]|[,;:()\[\]—–-]")
_CAPITALISED = re.compile(r"[A-Z]")
_PARTICLE_NAME = re.compile(r"(?:al|el|bin|ibn|abu|de|van|von|da|di)-[A-Z]")
_CONNECTORS = frozenset("of for and on de la del der von van".split())
_AUXILIARIES = frozenset(
    """has have had is was were are be been also previously earlier later then first further
    reportedly allegedly had has once again repeatedly publicly privately separately today yesterday
    recently last week not did does do would could will can may might""".split()
)
_NAME_PARTICLES = frozenset("al al- bin ibn de da del der van von la le ben abu el".split())
_CLAUSE_BREAKS = frozenset([",", ";", ":", "(", ")", "—", "–", "\"", "“", "”", "«", "»"])
_OPEN_QUOTES = frozenset("\"“«‘")
_CLOSE_QUOTES = frozenset("\"”»’")
_STOP_BEFORE_SUBJECT = frozenset(
    "that which who whom and but or because while although though after before when where if as so".split()
)
_RESOLVABLE_PRONOUNS = frozenset("he she".split())
_NOT_NAMES = frozenset(
    """however meanwhile since earlier later now also yet still but and so then in on at for from with after
    before while when where if as this that these those there it its he she they we i his her their our
    the a an one two three some many several another other both all each according""".split()
)
_SUBJECT_LEADERS = frozenset("the a an one two three four five six seven eight nine ten some several many".split())


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


def _count_of(words: list[str]) -> int:
    for word in words:
        if word.isdigit():
            return int(word)
        if word in NUMBER_WORDS:
            return NUMBER_WORDS[word]
    return 0


def _strip_determiners(toks: list[_Tok]) -> list[_Tok]:
    while toks and toks[0].lower in ("the", "a", "an") and len(toks) > 1 and toks[1].capitalised:
        toks = toks[1:]
    return toks


def _name_runs(toks: list[_Tok]) -> list[tuple[int, int]]:
    """Runs [i, j) of capitalised tokens (allowing particles such as 'al-')."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        if toks[i].is_word and toks[i].capitalised and toks[i].lower not in _NOT_NAMES:
            j = i + 1
            while j < len(toks) and (
                (toks[j].is_word and toks[j].capitalised and toks[j].lower not in _NOT_NAMES)
                or toks[j].text in ("(", ")")
                or ((toks[j].lower in _NAME_PARTICLES or toks[j].lower in _CONNECTORS)
                    and j + 1 < len(toks) and toks[j + 1].capitalised)
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
    if not 2 <= len(words) <= 5:
        return False
    lowered = [w.lower().rstrip(".") for w in words]
    if any(w in ORGANIZATION_HEADS or w in OUTLET_HEADS or w in DOCUMENT_HEADS for w in lowered):
        return False
    if " ".join(words) in COUNTRIES or any(w in COUNTRIES for w in words):
        return False
    if any(w.isupper() and len(w) > 3 for w in words[:-1]):
        return False
    return not any(w.lower() in OFFICIAL_ROLES or w.lower() in PERSON_ROLES for w in words[:1])


class _Classifier:
    """Turns the words that name a source into a Source, using what the article said before."""

    def __init__(self, context: ArticleContext) -> None:
        self.context = context

    def remember(self, name: str, kind: Kind, role: str) -> None:
        person = _Person(name, kind, role)
        for key in {name, name.split()[-1]}:
            existing = self.context.people.get(key)
            if existing is None or len(existing.name) <= len(name):
                self.context.people[key] = person

    def classify(self, toks: list[_Tok], sentence_start: int, verb: str, role_words: list[_Tok]) -> Source | None:
        toks = [t for t in toks if t.text not in _CLAUSE_BREAKS or t.text in ("(", ")")]
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
        head = lowered[-1].rstrip(".’'s")
        if len(toks) == 1 and lowered[0] in PERSON_PRONOUNS:
            return None  # resolved by the caller from context
        runs = _name_runs(toks)
        lead_is_name = bool(runs) and runs[0][0] <= 1 and not lowered[0] in _SUBJECT_LEADERS - {"the"}
        # Documents, data and instruments.
        if any(w in DOCUMENT_HEADS for w in lowered[-2:]) and verb in SHOW_VERBS | {"according"}:
            return Source(Kind.DOCUMENT, _tidy(phrase), span=span)
        # Unnamed people: "a source", "three officials", "residents of the village".
        anonymous_head = next((w for w in lowered if w in ANONYMOUS_HEADS), None)
        if anonymous_head and (
            lowered[0] in ANONYMOUS_DETERMINERS or not runs or lowered[0] in ("its", "his", "her", "their")
            or lowered.index(anonymous_head) >= (runs[-1][1] if runs else 0)
        ) and not self._person_in(toks, runs):
            return Source(Kind.ANONYMOUS, _tidy(phrase), span=span, count=_count_of(lowered))
        if runs:
            named = self._named(toks, runs, sentence_start, verb, role_words)
            if named is not None:
                return named
        if head in OUTLET_HEADS or any(w in ("media", "press", "newspaper", "reports") for w in lowered):
            return Source(Kind.NEWS_OUTLET, _tidy(phrase), span=span)
        if head in ORGANIZATION_HEADS or any(w in ORGANIZATION_HEADS for w in lowered):
            return Source(Kind.ORGANIZATION, _tidy(phrase), span=span)
        if any(w in DOCUMENT_HEADS for w in lowered[-2:]):
            return Source(Kind.DOCUMENT, _tidy(phrase), span=span)
        if lead_is_name:
            return Source(Kind.ORGANIZATION, _tidy(phrase), span=span)
        return None

    def _person_in(self, toks: list[_Tok], runs: list[tuple[int, int]]) -> bool:
        return any(_looks_like_person([t.text for t in toks[i:j]]) for i, j in runs)

    def _named(
        self, toks: list[_Tok], runs: list[tuple[int, int]], sentence_start: int, verb: str, role_words: list[_Tok]
    ) -> Source | None:
        lowered = [t.lower for t in toks]
        runs = [_without_titles(toks, i, j) for i, j in runs]
        runs = [(i, j) for i, j in runs if j > i]
        owners = [r for r in runs if toks[r[1] - 1].text.endswith(("’s", "'s"))]
        runs = [r for r in runs if r not in owners] + owners
        if not runs:
            return None
        # Prefer a person's name; else the first name-like run.
        person_run = next((r for r in runs if _looks_like_person([t.text for t in toks[r[0]:r[1]]])), None)
        if person_run is None:
            for i, j in runs:
                last = toks[j - 1].text
                known = self.context.people.get(last) or self.context.people.get(" ".join(t.text for t in toks[i:j]))
                if known is not None and j - i == 1:
                    person_run = (i, j)
                    break
        if person_run is not None:
            i, j = person_run
            name_toks = toks[i:j]
            name = _tidy(" ".join(t.text for t in name_toks)).removesuffix("’s").removesuffix("'s")
            role_toks = [t for t in toks[:i] if t.is_word and t.lower not in ("the", "a", "an")]
            role_toks += [t for t in toks[j:] if t.is_word and t.lower not in ("the", "a", "an")]
            role_toks += role_words
            role = " ".join(t.text for t in role_toks)
            known = self.context.people.get(name) or self.context.people.get(name.split()[-1])
            if known is not None and not role:
                kind, role = known.kind, known.role
            else:
                official = any(t.lower.rstrip("s") in OFFICIAL_ROLES or t.lower.strip(".") in OFFICIAL_ROLES
                               for t in [*role_toks, *name_toks])
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
        everything = set(lowered)
        if everything & OUTLET_HEADS and not everything & ORGANIZATION_HEADS:
            return Source(Kind.NEWS_OUTLET, phrase, span=span)
        if everything & ORGANIZATION_HEADS:
            return Source(Kind.ORGANIZATION, phrase, span=span)
        if " ".join(words) in COUNTRIES or words[0] in COUNTRIES:
            return Source(Kind.ORGANIZATION, phrase, span=span)
        if len(words) == 1 and words[0].isupper() and len(words[0]) >= 2:
            kind = Kind.NEWS_OUTLET if verb in PUBLISH_VERBS else Kind.ORGANIZATION
            return Source(kind, phrase, span=span)
        if verb in PUBLISH_VERBS or verb == "told-to":
            return Source(Kind.NEWS_OUTLET, phrase, span=span)
        if len(words) == 1 and not any(w in lowered_run for w in ORGANIZATION_HEADS):
            self.remember(words[0], Kind.NAMED_PERSON, "")
            return Source(Kind.NAMED_PERSON, words[0], span=span)
        return Source(Kind.ORGANIZATION, phrase, span=span)


_TITLES = frozenset("mr mrs ms miss dr sir dame lord lady".split())


def _without_titles(toks: list[_Tok], i: int, j: int) -> tuple[int, int]:
    """Drop leading titles and roles from a capitalised run ("President Jane Roe" -> "Jane Roe")."""
    while j - i > 1 and (toks[i].lower.strip(".") in _TITLES or toks[i].lower in OFFICIAL_ROLES
                         or toks[i].lower in PERSON_ROLES):
        i += 1
    return i, j


def _tidy(phrase: str) -> str:
    phrase = re.sub(r"\s+([,.)’'])", r"\1", phrase)
    phrase = re.sub(r"([(])\s+", r"\1", phrase)
    return phrase.strip(" ,;:")


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
    while i >= 0 and toks[i].lower in _AUXILIARIES:
        passive = passive or toks[i].lower in ("was", "were", "is", "are", "been", "be")
        i -= 1
    if passive and toks[verb_index].lower.endswith(("ed", "en", "wn", "ld", "id")):
        return []  # "it was reported", "the statement was published": no speaker here
    if i >= 0 and toks[i].text == ",":
        i -= 1
    end = i + 1
    segments = 0
    while i >= 0 and end - i <= 16:
        t = toks[i]
        if t.text in ("(", ")") or (t.is_word and t.lower not in _STOP_BEFORE_SUBJECT):
            i -= 1
            continue
        if (t.text == "," and segments == 0 and i >= 1 and toks[i - 1].is_word
                and any(x.capitalised for x in toks[i + 1:end])):
            segments += 1
            i -= 1
            continue
        break
    subject = toks[i + 1:end]
    while subject and subject[0].text in (",", ")"):
        subject = subject[1:]
    if len(subject) == 1 and subject[0].lower in ("it", "this", "that", "there", "which", "what", "who"):
        return []
    return subject


def _phrase_after(toks: list[_Tok], index: int, limit: int = 14) -> list[_Tok]:
    """The noun phrase after a cue, up to the next clause break or verb."""
    out: list[_Tok] = []
    j = index
    while j < len(toks) and len(out) < limit:
        t = toks[j]
        if t.text in (";", ":", "(", "—", "–") or (t.text == "," and out and not _apposition_follows(toks, j)):
            break
        if t.text in _OPEN_QUOTES | _CLOSE_QUOTES:
            break
        if out and (t.lower in SAY_VERBS or t.lower in ("that", "who", "which", "citing", "when", "while")):
            break
        out.append(t)
        j += 1
    return out


def _apposition_follows(toks: list[_Tok], comma_index: int) -> bool:
    nxt = toks[comma_index + 1] if comma_index + 1 < len(toks) else None
    return bool(nxt and nxt.lower in ("a", "an", "the") and comma_index + 2 < len(toks)
                and (toks[comma_index + 2].lower in OFFICIAL_ROLES or toks[comma_index + 2].lower in PERSON_ROLES
                     or (comma_index + 3 < len(toks) and toks[comma_index + 3].lower in OFFICIAL_ROLES | PERSON_ROLES)))


@dataclass(frozen=True, slots=True)
class _Cue:
    source_toks: list[_Tok]
    verb: str
    relay_toks: list[_Tok]
    role_toks: list[_Tok]
    position: int


_AMBIGUOUS_NOUNS = frozenset(
    """reports report claims claim notes remarks comments estimates charges shows posts finds states
    signals quotes cites warns statement believes thought found show""".split()
)
_INVERTIBLE = frozenset(
    """said says told added wrote reported explained noted stated declared warned insisted claimed
    alleged confirmed announced continued recalled asked tweeted posted""".split()
)


def _is_verb_use(toks: list[_Tok], k: int) -> bool:
    """Whether a saying word is used as a verb here ("the reports of", "his claims" are nouns)."""
    word = toks[k].lower
    if word not in _AMBIGUOUS_NOUNS:
        return True
    previous = toks[k - 1].lower if k else ""
    nxt = toks[k + 1].lower if k + 1 < len(toks) else ""
    if previous in ("the", "a", "an", "his", "her", "their", "its", "of", "these", "those", "such", "earlier",
                    "new", "unconfirmed", "media", "my", "our", "your", "any", "no", "similar", "in", "to"):
        return False
    return nxt not in ("of", "by", "about", "from", "on", "were", "was", "are", "is", "have", "that's")


def _find_cues(toks: list[_Tok]) -> list[_Cue]:
    cues: list[_Cue] = []
    n = len(toks)
    for k, tok in enumerate(toks):
        word = tok.lower
        if word == "according" and k + 1 < n and toks[k + 1].lower == "to":
            cues.append(_Cue(_phrase_after(toks, k + 2), "according", [], [], k))
        elif word == "citing":
            cues.append(_Cue(_phrase_after(toks, k + 1), "citing", [], [], k))
        elif word in ("told", "tells", "tell") and k + 1 < n:
            previous = toks[k - 1] if k else None
            listener = _phrase_after(toks, k + 1, limit=6)
            relay = listener if listener and listener[0].capitalised and listener[0].lower not in PERSON_PRONOUNS else []
            if previous is not None and previous.text in (",", "”", "\"") and k + 1 < n and toks[k + 1].is_word:
                continue  # '"...," told X' does not occur; '..., X told Y.' is handled below
            subject = _subject_before(toks, k)
            if subject:
                cues.append(_Cue(subject, "told", relay, [], k))
        elif word in ("by",) and k >= 1 and toks[k - 1].lower in ("made", "written", "published", "claimed"):
            cues.append(_Cue(_phrase_after(toks, k + 1), toks[k - 1].lower, [], [], k))
        elif _verb_at(tok) and _is_verb_use(toks, k):
            previous = toks[k - 1] if k else None
            nxt = toks[k + 1] if k + 1 < n else None
            # Inverted: '..., said John Smith, a spokesman.' / '"...," said the minister.'
            if (word in _INVERTIBLE and previous is not None and previous.text in (",", "”", "\"")
                    and nxt is not None and nxt.is_word and nxt.lower not in _STOP_BEFORE_SUBJECT):
                after = _phrase_after(toks, k + 1)
                if after:
                    cues.append(_Cue(after, word, [], [], k))
                    continue
            subject = _subject_before(toks, k)
            if subject:
                cues.append(_Cue(subject, word, [], [], k))
    return cues


_PASSIVE_SOURCELESS = re.compile(
    r"\b(it (has|had) been|it was|it is) (claimed|alleged|reported|suggested|said)\b", re.IGNORECASE
)


def _meet_people(toks: list[_Tok], classifier: _Classifier) -> None:
    """Remember people introduced with a role anywhere ("the country's despot Jane Roe")."""
    for i, j in _name_runs(toks):
        i, j = _without_titles(toks, i, j) if j - i > 1 else (i, j)
        words = [t.text for t in toks[i:j]]
        if not _looks_like_person(words):
            continue
        before = [t.lower for t in toks[max(0, i - 3):i] if t.is_word]
        title = [t.lower.strip(".") for t in toks[max(0, i - 1):j]]
        if any(w in OFFICIAL_ROLES for w in before + title):
            kind = Kind.NAMED_OFFICIAL
        elif any(w in PERSON_ROLES for w in before):
            kind = Kind.NAMED_PERSON
        else:
            continue
        name = _tidy(" ".join(words)).removesuffix("’s").removesuffix("'s")
        if name not in classifier.context.people:
            role = " ".join(t.text for t in toks[max(0, i - 3):i] if t.is_word)
            classifier.remember(name, kind, role)


def _outside_quotes(toks: list[_Tok], in_quote: bool) -> tuple[list[_Tok], bool]:
    """Tokens outside quoted speech (a cue inside a quote is the speaker's, not the article's), and
    whether a quote is still open at the end of the sentence."""
    outside: list[_Tok] = []
    inside = in_quote
    for t in toks:
        if t.text == "“" or t.text == "«":
            inside = True
            outside.append(t)
            continue
        if t.text == "”" or t.text == "»":
            inside = False
            outside.append(t)
            continue
        if t.text == "\"":
            inside = not inside
            outside.append(t)
            continue
        if not inside:
            outside.append(t)
    return outside, inside


def attribute(sentence: Sentence, context: ArticleContext) -> Attribution:
    """The attribution of one sentence; updates `context` as a reader's memory."""
    text = sentence.text
    all_toks = _tokens(text)
    starts_in_quote = context.in_quote and not (all_toks and all_toks[0].text in _OPEN_QUOTES)
    toks, still_open = _outside_quotes(all_toks, starts_in_quote)
    if still_open and not any(t.text in ("”", "\"", "»") for t in all_toks) and not starts_in_quote:
        still_open = any(t.text in _OPEN_QUOTES for t in all_toks)
    classifier = _Classifier(context)
    _meet_people(all_toks, classifier)
    hedges = find_hedges(text)
    chain: list[Source] = []
    pronoun_subject = False
    for cue in _find_cues(toks):
        if not cue.source_toks:
            continue
        words = [t.lower for t in cue.source_toks if t.is_word]
        near_edge = cue.position <= 4 or cue.position >= len(toks) - 4
        if words and len(words) <= 2 and words[-1] in _RESOLVABLE_PRONOUNS:
            pronoun_subject = pronoun_subject or near_edge
            if cue.relay_toks:
                relay = classifier.classify(cue.relay_toks, sentence.span.start, "told-to", [])
                if relay is not None and context.last_person is not None:
                    chain = [*context.last_person.chain[:1], relay]
            continue
        source = classifier.classify(cue.source_toks, sentence.span.start, cue.verb, cue.role_toks)
        if source is None:
            # "the minister said": a definite description takes the last person met, like a pronoun.
            if (words and words[0] == "the" and len(words) <= 4 and words[-1] in PERSON_NOUNS
                    and not any(t.capitalised for t in cue.source_toks[1:])):
                pronoun_subject = pronoun_subject or near_edge
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
            relay = classifier.classify(cue.relay_toks, sentence.span.start, "told-to", [])
            if relay is not None and relay.kind in (Kind.NEWS_OUTLET, Kind.NAMED_PERSON, Kind.ORGANIZATION):
                if relay.kind is Kind.NAMED_PERSON:
                    relay = Source(Kind.NEWS_OUTLET, relay.name, relay.role, relay.span)
                chain.append(relay)
    quoted = starts_in_quote or any(t.text in _OPEN_QUOTES for t in all_toks[:2])
    if not chain:
        if pronoun_subject and context.last_person is not None:
            chain = list(context.last_person.chain)
        elif quoted and context.last_speaker is not None and not _PASSIVE_SOURCELESS.search(text):
            chain = list(context.last_speaker.chain)
    attribution = Attribution(tuple(chain), hedges)
    if chain:
        context.last_speaker = attribution
        if chain[0].kind in (Kind.NAMED_OFFICIAL, Kind.NAMED_PERSON, Kind.ANONYMOUS):
            context.last_person = attribution
    elif not quoted:
        context.last_speaker = None
    context.in_quote = still_open
    return attribution
