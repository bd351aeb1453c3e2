"""The page around the text: boilerplate lines, abbreviations that do not end a sentence, the
verbs of picture captions."""

from __future__ import annotations

import re

from sourcecheck.core.lexicon._words import words
from sourcecheck.core.lexicon.heads import HONORIFICS, OFFICE_ABBREVIATIONS

# Abbreviations whose full stop ends no sentence: titles and ranks (heads.py), and these.
ABBREVIATIONS = (
    words(
        """st hon jr inc co corp ltd plc llc vs etc no nos fig jan feb mar apr jun jul aug sep sept oct
        nov dec mt ft ave blvd rd dept est approx a.m p.m am pm u.s u.k u.n e.g i.e d.c"""
    )
    | HONORIFICS
    | OFFICE_ABBREVIATIONS
)

BOILERPLATE_PATTERNS = (
    re.compile(r"^\s*(read|see|watch|click|sign up|subscribe|follow|share|listen)\b.{0,60}$", re.I),
    re.compile(r"^\s*(more|related|also read|recommended|advertisement|sponsored)\b.{0,40}$", re.I),
    re.compile(r"^\s*more (from|on|about)\b", re.I),
    re.compile(r"\b(slideshow|photo gallery|picture gallery|watch the video|click here)\b", re.I),
    re.compile(r"\|\s*updated\b|^\s*(updated|posted|published)\s*(on|at)?\s*\w+ \d", re.I),
    re.compile(r"^\s*on (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w* \d{1,2},? \d{4}", re.I),
    re.compile(r"^\s*by\s+[\w .'’-]{1,60}$", re.I),
    re.compile(r"^\s*\[?(photo|image|picture|credit|getty|source|copyright|©)\b.{0,80}\]?\s*$", re.I),
    re.compile(r"^\s*\[[^\]]{1,40}\]\s*$"),
    re.compile(
        r"^\s*(updated|published|last updated|posted)?:?\s*(on\s+)?"
        r"(mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?"
        r"[\s\d,:apm.]*(edt|est|gmt|utc|bst|cet)?\s*$",
        re.I,
    ),
    re.compile(r"^\s*\d{1,2}[/.]\d{1,2}[/.]\d{2,4}[\s\d:apm.]*$", re.I),
    re.compile(r"\b(all rights reserved|cookie|newsletter|terms of use|privacy policy)\b", re.I),
    re.compile(r"^\s*(email|e-mail|contact|tel|phone)\s*:", re.I),
)

# Present-tense verbs of picture captions ("A woman stands outside the court").
CAPTION_VERBS = words(
    """shows show stands stand sits sit walks walk talks talk looks look inspect inspects dominate dominates
    gather gathers holds hold waits wait poses pose speaks arrives attends react reacts mourn mourns
    carries carry pray prays lies rest rests pictured seen gestures gesture queue queues"""
)
