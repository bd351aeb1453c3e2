"""Attribute each sentence to its chain of sources, as a careful reader would.

A sentence's own cue comes first: "according to X", "X said", "said X",
"X told Y", "X reported, citing Y", "documents show". Without one, context
decides: a pronoun subject ("He added") or the next sentence of an open quote
takes the previous speaker; a lede's bare "it has been claimed" takes the
source the article gives later. Context never invents a source for a plain
narrative sentence.

Stages, one job each: `tokens` (words and quotes), `cues` (where a sentence
says who speaks), `sources` (who that is), `context` (what the reader
remembers), `article_rules` (what needs more than one sentence), and
`attribute` (the order in which they run).
"""

from sourcecheck.core.attribution.article_rules import lede_sources
from sourcecheck.core.attribution.attribute import attribute, attribute_article
from sourcecheck.core.attribution.context import ArticleContext

__all__ = ["ArticleContext", "attribute", "attribute_article", "lede_sources"]
