"""Function words and grammar: the small words that bound a subject, a clause or a name, and
negations, stopwords, number words."""

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

# Auxiliaries, modals and adverbs that stand between a subject and its verb ("has also said",
# "did not say", "last week said").
AUXILIARIES_AND_ADVERBS = words(
    """yet still already since has have had is was were are be been also previously earlier later then
    first further reportedly allegedly once again repeatedly publicly privately separately today
    yesterday recently last week not did does do would could will can may might"""
)

# Words that end a subject read backwards from its verb ("the report that the minister said").
SUBJECT_BOUNDARY_WORDS = words(
    """that which who whom and but or because while although though after before when where if as so is
    are was were why how what whether"""
)

PREPOSITIONS = words(
    "in on at after before with for from during despite since as by according under over into upon amid"
)

# Prepositions before a place ("residents of Ashford", "a cemetery near Ashford").
PLACE_PREPOSITIONS = words("of in near from at outside inside around")

# Words of time that open a sentence ("Last week, ...") or stand capitalised without naming anyone.
TIME_WORDS = words(
    """last next this earlier later yesterday today tonight monday tuesday wednesday thursday friday
    saturday sunday january february march july september october november december"""
    # (April, May, June and August are people's names too)
)

# Adverbs that open a sentence before its comma ("Nevertheless, Roe said"): never a name, though
# capitalised there.
SENTENCE_ADVERBS = words(
    """nevertheless nonetheless however meanwhile moreover furthermore instead likewise still yet indeed
    also separately previously afterwards afterward then now again additionally consequently similarly
    accordingly regardless otherwise overall ultimately eventually recently initially finally first
    second third besides thus hence therefore anyway notably importantly"""
)

# Words that may stand capitalised, at a sentence's start, without being a name.
CAPITALISED_NON_NAMES = (
    TIME_WORDS
    | (SENTENCE_ADVERBS - {"first", "second", "third"})
    | words(
        """however meanwhile since earlier later now also yet still but and so then in on at for from with
    after before while when where if as this that these those there it its he she they we i his her
    their our the a an one two three some many several another other both all each according to by
    of into onto about against among amid despite during without within through under over until unlike
    like it's it’s that's that’s there's there’s here's here’s what's what’s he's he’s she's she’s
    let's let’s"""
    )
)

# Words that open a noun phrase: articles and counts ("the ministry", "three officials").
NOUN_PHRASE_LEADERS = words("the a an one two three four five six seven eight nine ten some several many")

# Words that open a reported clause after a verb ("claimed that", "announced on Monday").
CLAUSE_OPENERS = words(
    """that he she they it there his her its their we i this these those on in last earlier how what why
    when where whether if"""
)

# Determiners before which "alleged" or "reported" is an adjective ("the minister's alleged meetings").
DETERMINERS = words("the a an his her its their our this that")

# Words before a saying word that make it a noun ("the reports", "unconfirmed claims").
NOUN_MARKERS = words(
    """the a an his her their its of these those such earlier new unconfirmed media my our your any no
    similar in to"""
)

# Small words that join the parts of an institution's or a person's name ("Ministry of Defence").
NAME_CONNECTORS = words("of for and on de la del der von van")

# Particles inside people's names ("Omar al-Rashid", "Ludwig van Beethoven").
NAME_PARTICLES = words("al al- bin ibn de da del der van von la le ben abu el")
