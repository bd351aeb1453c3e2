"""Function words and grammar: negations, stopwords, number words."""

from __future__ import annotations

from sourcecheck.core.lexicon._words import words

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "dozen": 12,
    "a dozen": 12,
}

NEGATIONS = words(
    """not no never nor none neither nobody nothing n't without denied denies deny denying rejected
    rejects refuted refutes dismissed dismisses false untrue baseless"""
)

STOPWORDS = words(
    """a an the and or but if then than that this these those of in on at to for from by with as is are was
    were be been being has have had do does did will would shall should can could may might must it its
    he she they them his her their we our you your i me my which who whom whose what when where why how
    also just only even still yet so such there here after before over under into onto about against
    between through during since until while because although though not no nor very more most much
    many some any all each both few other another same own out up down off again further once said says
    told say according reported reports claimed claims added one two three new last first s t"""
)
