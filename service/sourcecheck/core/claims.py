"""Decide which sentences are check-worthy claims (SCHEME.md, "What is a claim")."""

from __future__ import annotations

import re

from sourcecheck.core.lexicon import CAPTION_VERBS, EVALUATIVE, OPINION_MARKERS
from sourcecheck.core.model import Sentence

_OPINION = re.compile("|".join(OPINION_MARKERS), re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d[\d,.:]*")
_TERMINAL = re.compile(r"[.!\"”’…)]\s*$")
_CAPTION_VERBS = re.compile(
    r"^[^.!?]{0,200}\b(is|are) (pictured|seen|shown)\b|^\(?(pictured|above|below|left|right|top)\b"
    r"|\b(in this (photo|picture|image|handout))\b",
    re.IGNORECASE,
)
_FINITE_HINT = re.compile(
    r"\b(is|are|was|were|has|have|had|will|would|did|does|do|can|could|may|might|must|said|told|began|went|"
    r"came|made|took|gave|found|left|fled|won|lost|met|held|hit|struck|fell|rose|saw|ran|led|sent|paid|put|"
    r"set|kept|brought|bought|thought|caught|fought|sold|built|spent|shot|cut|became|knew|grew|drew|threw|"
    r"flew|wrote|spoke|broke|chose|stole|drove|rode|got|stood|sat|sank|sang|rang|beat|hid|dug|stuck|swore|"
    r"tore|wore|woke|quit|shut|split|spread|hurt|cost|let|bit)\b|\w(ed|es|s)\b|\w+n[’']t\b|"
    r"\b(there|it|he|she|that)[’']s\b|\b(i|we|you|they|he|she)\s+[a-z]+",
    re.IGNORECASE,
)


_QUOTED_SPEECH = re.compile(r"^(?:[\"“‘']|``)|[\"”’']\s*$")


def _caption(text: str, words: list[str]) -> bool:
    """A line with no closing stop that describes a picture in the present tense."""
    return any(w.lower() in CAPTION_VERBS for w in words[1:])


def _judgement(text: str, words: list[str]) -> bool:
    """Quoted speech that judges or feels rather than reports ("She was so nice.")."""
    if not _QUOTED_SPEECH.search(text) or any(w[0].isdigit() for w in words):
        return False
    lowered = [w.lower() for w in words]
    return any(w in EVALUATIVE for w in lowered) or "should" in lowered


_STAMP_WORD = re.compile(
    r"(?:\d[\d/.:,-]*(?:am|pm|a\.m|p\.m|st|nd|rd|th|hrs?|h)?|updated|published|posted|last|modified|on|at|"
    r"hrs|a\.m|p\.m|am|pm|ist|edt|est|cdt|cst|mdt|mst|pdt|pst|gmt|utc|bst|cet|cest|aest|jst|"
    r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|"
    r"september|october|november|december)\.?",
    re.IGNORECASE,
)


def _time_stamp(words: list[str]) -> bool:
    """A dateline or time stamp ("Thu Mar 3, 2011 9:45am EST", "Updated: 3/3/2011 10:12 AM"): every
    word is a date, a time, a zone or a publishing verb, and a number is among them."""
    return any(w[0].isdigit() for w in words) and all(_STAMP_WORD.fullmatch(w) for w in words)


def is_claim(sentence: Sentence) -> bool:
    """Check-worthy: asserts something checkable; not boilerplate, question, heading, caption or opinion."""
    text = sentence.text.strip()
    if sentence.boilerplate:
        return False
    words = _WORD.findall(text)
    if len(words) < 4 or _time_stamp(words):
        return False
    if text.rstrip("\"”’' )").endswith("?"):
        return False
    if _CAPTION_VERBS.search(text):
        return False
    if _OPINION.search(text) and not any(w[0].isdigit() for w in words):
        return False
    if not _TERMINAL.search(text):
        # A line with no closing stop is a heading or a caption unless it reads like a news sentence.
        capitals = sum(1 for w in words if w[0].isupper())
        if (capitals >= len(words) * 0.6 and not re.search(r"\w(ed|en)\b", text[1:])) or len(words) < 6:
            return False
        if _caption(text, words):
            return False
    if _judgement(text, words):
        return False
    return bool(_FINITE_HINT.search(text))
