"""Which language an article is in, and whether sourcecheck reads it.

The extraction rules read English: reporting verbs, titles, hedges and sentence shapes of English news.
An article in another language would be scored as if it were English, which gives confident nonsense,
so it is refused instead. A tag the caller gives must be a valid BCP-47 tag (langcodes checks it
against the IANA registry); an article without a tag has its body identified (py3langid, a compact
naive-Bayes identifier over byte n-grams) and is refused only when the body is long enough and the
identifier sure enough that it is not English.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import langcodes
from py3langid import langid

READ = ("en",)  # primary language subtags the rules read
_SURE = 0.98  # probability of another language at which an untagged body is refused
_LONG_ENOUGH = 250  # characters: below this, an identifier guesses more than it knows


@dataclass(frozen=True)
class Problem:
    """Why an article's language is refused: a message for the `language` field."""

    message: str


def check(tag: str, body: str) -> Problem | None:
    """None when the article may be scored; else why not."""
    if tag:
        if not langcodes.tag_is_valid(tag):
            return Problem(f"{tag!r} is not a valid BCP-47 language tag")
        primary = langcodes.Language.get(tag).language
        if primary not in READ:
            return Problem(
                f"{tag!r}: sourcecheck reads {', '.join(READ)} only, and does not score other languages"
            )
        return None
    if len(body) < _LONG_ENOUGH:
        return None
    found, probability = identify(body)
    if found not in READ and probability >= _SURE:
        return Problem(
            f"not given, and the body reads as {found!r} (p={probability:.2f}); sourcecheck reads "
            f"{', '.join(READ)} only (give the tag if the identification is wrong)"
        )
    return None


def identify(text: str) -> tuple[str, float]:
    """The most likely language of `text` (an ISO 639-1 code) and its probability."""
    language, probability = _identifier().classify(text[:20_000])
    return str(language), float(probability)


@lru_cache(maxsize=1)
def _identifier() -> langid.LanguageIdentifier:
    """Loaded at the first untagged article (about 0.5 s and 100 MiB): a server whose callers tag their
    articles never pays for it."""
    return langid.LanguageIdentifier.from_modelpath(langid.MODEL_DIR / langid.MODEL_FILE, norm_probs=True)
