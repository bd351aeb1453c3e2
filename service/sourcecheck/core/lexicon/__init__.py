"""Word lists of general news writing: reporting verbs, roles, hedges, source nouns.

Grown from how news is written in general (style guides, wire copy), never
from particular stories: no person, outlet or place of any story is listed.
Split by concern into the modules beside this one; every list is named here.
"""

from sourcecheck.core.lexicon.grammar import NEGATIONS, NUMBER_WORDS, STOPWORDS
from sourcecheck.core.lexicon.heads import (
    ANONYMOUS_DETERMINERS,
    ANONYMOUS_HEADS,
    DOCUMENT_HEADS,
    OFFICIAL_ROLES,
    ORGANIZATION_HEADS,
    OUTLET_HEADS,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    PERSON_ROLES,
)
from sourcecheck.core.lexicon.page import ABBREVIATIONS, BOILERPLATE_PATTERNS, CAPTION_VERBS
from sourcecheck.core.lexicon.places import COUNTRIES, DEMONYMS
from sourcecheck.core.lexicon.speech import PUBLISH_VERBS, SAY_INFINITIVES, SAY_VERBS, SHOW_VERBS
from sourcecheck.core.lexicon.stance import EVALUATIVE, HEDGE_PATTERNS, OPINION_MARKERS, UNSEEN_PATTERNS

__all__ = [
    "ABBREVIATIONS",
    "ANONYMOUS_DETERMINERS",
    "ANONYMOUS_HEADS",
    "BOILERPLATE_PATTERNS",
    "CAPTION_VERBS",
    "COUNTRIES",
    "DEMONYMS",
    "DOCUMENT_HEADS",
    "EVALUATIVE",
    "HEDGE_PATTERNS",
    "NEGATIONS",
    "NUMBER_WORDS",
    "OFFICIAL_ROLES",
    "OPINION_MARKERS",
    "ORGANIZATION_HEADS",
    "OUTLET_HEADS",
    "PERSON_NOUNS",
    "PERSON_PRONOUNS",
    "PERSON_ROLES",
    "PUBLISH_VERBS",
    "SAY_INFINITIVES",
    "SAY_VERBS",
    "SHOW_VERBS",
    "STOPWORDS",
    "UNSEEN_PATTERNS",
]
