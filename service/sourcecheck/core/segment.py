"""Split a body into sentences with code-point spans.

Paragraphs are lines; inside a paragraph a sentence ends at ., ! or ? (with
any closing quotes or brackets) followed by space and a capital, digit or
opening quote, unless the word before the stop is an abbreviation or an
initial. Every pattern here is linear: one pass of simple character classes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sourcecheck.core.lexicon import ABBREVIATIONS, BOILERPLATE_PATTERNS
from sourcecheck.core.model import Sentence, Span

_PARAGRAPH = re.compile(r"[^\r\n]+")
# A run of stops is matched once, from its first character and without backtracking: a body of a
# hundred thousand dots must not be scanned again from each of them.
_STOP = re.compile(r"(?<![.!?…])[.!?…]++[\"'”’»)\]]*+(?=\s)")
_NEXT_START = re.compile(r"\s+([\"“‘'«(\[]?)(\S)")
_WORD_BEFORE = re.compile(r"([\w.\-]+)$")
_TIME_ZONE = re.compile(
    r"[A-Z]{2,5}\b|\(|(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|"
    r"(January|February|March|April|May|June|July|August|September|October|November|December)\b"
)


def _is_boundary(text: str, stop_start: int, stop_end: int) -> bool:
    following = _NEXT_START.match(text, stop_end)
    if following is None:
        return False
    first = following.group(2)
    opener = following.group(1)
    if not (first.isupper() or first.isdigit() or opener or not first.isalnum()):
        return False
    if text[stop_start] != ".":
        return True
    word_match = _WORD_BEFORE.search(text, max(0, stop_start - 40), stop_start)
    word = word_match.group(1) if word_match else ""
    bare = word.rstrip(".").lower()
    if not bare:
        return True
    if len(bare) == 1 and bare.isalpha() and word[-1:].isupper():
        return False  # an initial: "J. Smith"
    if bare in ABBREVIATIONS:
        if bare in ("a.m", "p.m", "am", "pm"):
            return not _TIME_ZONE.match(text, following.start(2) - len(opener))
        return False
    return not ("." in bare and len(bare) <= 6 and bare.replace(".", "").isalpha() and opener == "")


def _sentences_in(text: str, offset: int) -> Iterator[tuple[int, int]]:
    start = 0
    for stop in _STOP.finditer(text):
        if _is_boundary(text, stop.start(), stop.end()):
            yield offset + start, offset + stop.end()
            nxt = _NEXT_START.match(text, stop.end())
            start = nxt.start(1) if nxt else stop.end()
    if start < len(text):
        yield offset + start, offset + len(text)


def _trimmed(body: str, start: int, end: int) -> tuple[int, int]:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end


def is_boilerplate(text: str) -> bool:
    """Navigation, bylines, credits: text that is never a claim."""
    return any(pattern.search(text) for pattern in BOILERPLATE_PATTERNS)


def segment(body: str) -> tuple[Sentence, ...]:
    """All sentences of `body`, in order, boilerplate marked rather than dropped."""
    sentences: list[Sentence] = []
    for paragraph_index, paragraph in enumerate(_PARAGRAPH.finditer(body)):
        for start, end in _sentences_in(paragraph.group(0), paragraph.start()):
            start, end = _trimmed(body, start, end)
            if end <= start:
                continue
            text = body[start:end]
            sentences.append(Sentence(text, Span(start, end), paragraph_index, is_boilerplate(text)))
    return tuple(sentences)
