"""One sentence's attribution, from its cues and the reader's memory; and a whole article's,
sentence by sentence and then by the rules that need more than one sentence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from sourcecheck.core.attribution.article_rules import (
    full_names,
    quotes_take_their_later_speaker,
    speaker_turns,
    unnamed_then_named,
)
from sourcecheck.core.attribution.context import ArticleContext
from sourcecheck.core.attribution.cues import closing_cue_first, find_cues, main_clause_cues
from sourcecheck.core.attribution.names import is_demonym, meet_article, meet_people
from sourcecheck.core.attribution.sources import (
    Classifier,
    anonymous_within,
    document_within,
    unnamed,
)
from sourcecheck.core.attribution.tokens import (
    OPEN_QUOTES,
    Token,
    drop_scare_quotes,
    outside_quotes,
    tokenize,
)
from sourcecheck.core.hedges import find_hedges
from sourcecheck.core.lexicon import (
    AGENT_NOUN_SUFFIXES,
    DISTANCING_VERBS,
    DOCUMENT_HEADS,
    OFFICIAL_ROLES,
    ORGANIZATION_HEADS,
    PERSON_NOUNS,
    RESOLVABLE_PRONOUNS,
    STATEMENT_NOUNS,
    TELLING_VERBS,
)
from sourcecheck.core.model import Attribution, Kind, Sentence, Source, Span

_PASSIVE_SOURCELESS = re.compile(
    r"\b(it (has|had) been|it was|it is) (claimed|alleged|reported|suggested|said)\b", re.IGNORECASE
)


def attribute_article(sentences: Sequence[Sentence], title: str) -> list[Attribution]:
    """The attribution of every sentence of an article, read in order, then corrected by the rules
    that need more than one sentence; `title` is the headline."""
    context = ArticleContext()
    meet_article(sentences, context)
    attributions = quotes_take_their_later_speaker(sentences, [attribute(s, context) for s in sentences])
    attributions = speaker_turns(sentences, attributions, context)
    attributions = unnamed_then_named(attributions)
    return full_names(attributions, context, title)


def attribute(sentence: Sentence, context: ArticleContext) -> Attribution:
    """The attribution of one sentence; updates `context` as a reader's memory."""
    text = sentence.text
    all_toks = drop_scare_quotes(tokenize(text))
    starts_in_quote = context.in_quote and not (all_toks and all_toks[0].text in OPEN_QUOTES)
    toks, still_open = outside_quotes(all_toks, starts_in_quote)
    classifier = Classifier(context)
    met_before = len(context.recent)
    meet_people(all_toks, context)
    hedges = find_hedges(text)
    chain: list[Source] = []
    rule = ""  # the id of the rule that decided the origin, for `sourcecheck explain`
    unresolved_at: int | None = None  # where a speaker we could not resolve began their content
    for cue in closing_cue_first(toks, main_clause_cues(toks, find_cues(toks))):
        if not cue.source_toks or (unresolved_at is not None and cue.position > unresolved_at):
            continue  # "he told the court that Roe had phoned him": Roe speaks inside his words
        words = [t.lower for t in cue.source_toks if t.is_word]
        if cue.verb in ("captured", "captures") and not any(w in DOCUMENT_HEADS for w in words):
            continue  # "the patrol captured four smugglers": an act; "cameras captured the blast": a record
        before_cue = cue.position - len(cue.source_toks) - 1
        near_edge = (
            cue.position <= 4
            or (bool(toks) and cue.source_toks[0] is toks[0])
            or cue.position >= len(toks) - 4
            or (before_cue >= 0 and toks[before_cue].text in (",", "”", '"', "’"))
            or (cue.position >= 1 and toks[cue.position - 1].text in (",", "”", '"', "’"))  # ", said the ..."
        )
        if words and len(words) <= 2 and words[-1] in ("it", "they"):
            # "It said ...", "They added ...": the institution that spoke last goes on speaking.
            if not chain and near_edge and context.last_institution is not None:
                chain = list(context.last_institution.chain)
                rule = f"{cue.rule}:institution-goes-on"
            continue
        if words and words[-1] in RESOLVABLE_PRONOUNS and (len(words) <= 2 or words[-2] not in ("and", "or")):
            # "He added", ", she said": the person last met, resolved here so that a later cue in the
            # same sentence ("..., so the ministry called for ...") does not take its place.
            person = context.resolve(words[-1]) if near_edge and not chain else None
            if person is None and not chain:
                unresolved_at = cue.position
            if person is not None:
                chain = list(person.chain)
                rule = f"{cue.rule}:pronoun"
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
                t.capitalised and t.lower not in PERSON_NOUNS and not is_demonym(t.lower)
                for t in cue.source_toks[1:]
            )
        )
        by_nationality = described and any(t.capitalised and is_demonym(t.lower) for t in cue.source_toks)
        source = (
            None if by_nationality else classifier.classify(cue.source_toks, sentence.span.start, cue.verb)
        )
        if source is None and described and words[-1] in ORGANIZATION_HEADS:
            # "the police said", "the harbour police said": the institution, not a person met before.
            source = replace(unnamed(cue.source_toks, sentence.span.start), kind=Kind.ORGANIZATION)
            classifier.rule = "institution-described"
        if source is None:
            # "the minister said", "the ousted French leader said": a definite description takes the
            # last person met, like a pronoun.
            title = _office_as_title(cue.source_toks)
            if described or title:
                person = context.describe(words[-1], met_before, title) if near_edge and not chain else None
                if person is not None:
                    chain = list(person.chain)
                    rule = f"{cue.rule}:description-of-person-met"
                elif not chain and _office_as_title(cue.source_toks):
                    # "The President announced ...": an office written as a title names its holder.
                    chain = [replace(unnamed(cue.source_toks, sentence.span.start), kind=Kind.NAMED_OFFICIAL)]
                    rule = f"{cue.rule}:office-as-title"
                elif not chain:
                    chain = [unnamed(cue.source_toks, sentence.span.start)]
                    rule = f"{cue.rule}:unnamed-description"
            elif not chain and _short_definite(words) and words[-1] in STATEMENT_NOUNS:
                if context.last_institution is not None:
                    chain = list(context.last_institution.chain)  # "the statement said": its issuer speaks
                    rule = f"{cue.rule}:statement-of-institution"
            elif (
                not chain
                and _short_definite(words)
                and len(words[-1]) > 4
                and words[-1].endswith(AGENT_NOUN_SUFFIXES)
                and not any(t.capitalised for t in cue.source_toks[1:])
            ):
                chain = [unnamed(cue.source_toks, sentence.span.start)]  # "the grave digger testified"
                rule = f"{cue.rule}:agent-noun"
            continue
        if cue.verb == "citing" and chain:
            chain = [source, *chain]
            rule += "+citing"
            continue
        if chain:
            # A second cue names who told the first: the inner speaker is the origin.
            if (
                source.kind in (Kind.ANONYMOUS, Kind.DOCUMENT)
                and chain[0].kind not in (Kind.ANONYMOUS, Kind.DOCUMENT)  # a poll's respondents are its own
                and cue.verb in TELLING_VERBS  # "neighbours identified the van": content, not a teller
                and cue.rule != "participle"  # "figures showing a rise are misleading": his claim
            ):
                chain = [source, *chain]
                rule += f"+inner-{cue.rule}:{classifier.rule}"
            continue
        chain = [source]
        rule = f"{cue.rule}:{classifier.rule}"
        if cue.rule in ("subject-verb", "told") and source.kind is not Kind.DOCUMENT:
            # "Police said the suspect allegedly fired": the reported clause is the speaker's words;
            # only the frame ("Police reportedly said", "Roe claims there ...") is the outlet's. What
            # a document shows is the outlet's reading of it, hedges and all.
            frame_end = toks[min(cue.position + 1, len(toks) - 1)].end
            hedges = find_hedges(text[:frame_end])
            if toks[cue.position].lower in DISTANCING_VERBS and toks[cue.position].lower not in hedges:
                hedges = (*hedges, toks[cue.position].lower)  # "Roe claimed on Monday that ..."

        if cue.relay_toks:
            relay = classifier.classify(cue.relay_toks, sentence.span.start, "told-to")
            if relay is not None and relay.kind in (Kind.NEWS_OUTLET, Kind.NAMED_PERSON, Kind.ORGANIZATION):
                if relay.kind is Kind.NAMED_PERSON:
                    relay = Source(Kind.NEWS_OUTLET, relay.name, relay.role, relay.span)
                chain.append(relay)
    quoted = starts_in_quote or any(t.text in OPEN_QUOTES for t in all_toks[:2])
    if not chain and quoted and context.last_speaker is not None and not _PASSIVE_SOURCELESS.search(text):
        chain = list(context.last_speaker.chain)
        rule = "quote-goes-on"
    elif (
        not chain
        and "allegedly" in hedges
        and context.last_speaker is not None
        and context.last_speaker.kind in (Kind.DOCUMENT, Kind.ORGANIZATION, Kind.NAMED_OFFICIAL)
    ):
        # "According to the complaint, he fled. He allegedly ran a red light.": the account goes on.
        chain = list(context.last_speaker.chain)
        rule = "alleged-account-goes-on"
    if chain and chain[0].kind not in (Kind.ANONYMOUS, Kind.DOCUMENT):
        inner = anonymous_within(all_toks, sentence.span.start) or document_within(toks, sentence.span.start)
        if inner is not None and (chain[0].span is None or not _overlaps(inner.span, chain[0].span)):
            chain = [inner, *chain]
            rule += "+source-cited-within"
    if not chain and not quoted:
        hedges = find_hedges(text, own_voice=True)
    attribution = Attribution(tuple(chain), hedges, rule)
    if chain:
        context.last_speaker = attribution
        origin = chain[0]
        if origin.kind in (Kind.ORGANIZATION, Kind.NEWS_OUTLET, Kind.DOCUMENT):
            context.last_institution = attribution
        if origin.kind in (Kind.NAMED_OFFICIAL, Kind.NAMED_PERSON) or (
            origin.kind is Kind.ANONYMOUS and origin.name.lower().startswith(("a ", "an ", "one ", "the "))
        ):
            context.last_person = attribution
            context.recent = [a for a in context.recent if a.source != attribution.source] + [attribution]
    elif not quoted:
        context.last_speaker = None
    context.in_quote = still_open
    return attribution


def _short_definite(words: list[str]) -> bool:
    """ "the statement", "the grave digger": a definite description of two or three words."""
    return bool(words) and words[0] == "the" and 2 <= len(words) <= 3


def _office_as_title(toks: list[Token]) -> bool:
    """ "The President", "the Prime Minister": a capitalised office after "the", used as its holder's
    name (a lower-case "the minister" is a description of someone)."""
    words = [t for t in toks if t.is_word]
    return (
        len(words) >= 2
        and words[0].lower == "the"
        and all(t.capitalised and not t.text.isupper() for t in words[1:])  # "the DA" is a description
        and words[-1].lower in OFFICIAL_ROLES
    )


def _overlaps(a: Span | None, b: Span) -> bool:
    return a is not None and a.start < b.end and b.start < a.end
