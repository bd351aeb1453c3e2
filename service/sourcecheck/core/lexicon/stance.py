"""How a sentence stands to what it tells: hedges that distance, words that judge, opinion, and
what no reader could see."""

from __future__ import annotations

from sourcecheck.core.lexicon._words import words

# Speculation in the outlet's own voice: a hedge only where the article speaks for itself ("This may
# include ..."), not where it reports a source's words ("the minister said prices may rise").
OWN_VOICE_HEDGE_PATTERNS = (
    r"(?<!\bMay )\b(?:may|might) (?:be|have|include|also|not|well|soon|yet|never|\w+)\b",
    r"\bcould (?:be|turn out|include|mean|also|soon|well)\b",
    r"\b(?:possibly|probably|perhaps|likely|presumably|conceivably)\b",
    r"\bstands? to\b",
    r"\b(?:it|they|he|she) (?:claims?|says?|contends?)\b",
)

# Reporting verbs by which the outlet keeps its distance ("Roe claimed that ..."): a hedge in the
# outlet's own frame, unlike "said".
DISTANCING_VERBS = words("claimed claims claim alleged alleges allege")

# Distancing words; each is a hedge wherever it stands.
HEDGE_PATTERNS = (
    r"\ballegedly\b",
    r"\breportedly\b",
    r"\bpurportedly\b",
    r"\bsupposedly\b",
    r"\bostensibly\b",
    r"\bapparently\b",
    r"\bseemingly\b",
    r"\bpresumably\b",
    r"\bunconfirmed\b",
    r"\bunverified\b",
    r"\brumou?rs?\b",
    r"\brumou?red\b",
    r"\bspeculation\b",
    r"\bspeculated\b",
    r"\b(it|this) (has been|had been|was|is|were|are) (claimed|alleged|reported|suggested|rumou?red|said)\b",
    r"\b(is|are|was|were|has been|have been) (\w+ )?"
    r"(said|believed|thought|reported|claimed|alleged|understood) to\b",
    r"\b(has|have|had) been reported\b",
    r"\breported (injured|killed|dead|missing|wounded|hurt)\b",
    r"\b(appears?|appeared|seems?|seemed) to\b",
    r"\bit (appears|seems|appeared|seemed)\b",
    r"\b(it|this|that) (would|might|could) (appear|seem)\b",
    r"\b(have|has|had) been described as\b",
    r"\bclaims? (that|of)\b",
    r"\baccording to (unconfirmed )?reports\b",
    r"\bmay have\b",
    r"\bmight have\b",
    r"\bcould have been\b",
    r"\bis thought\b",
    r"\bis believed\b",
    r"\b(claims?|claimed|alleges?|alleged)\s+(that|he|she|they|it|there|his|her|its|to have)\b",
    r"\b(he|she|they|it) (claimed|alleged|claims|alleges)[.,]",
    r"\balleged\b(?!\s+(that|he|she|they|it))",
    r"\breports (say|suggest|said|suggested|claim|claimed)\b",
    r"\bwhat (they|he|she|it) (say|says|said|call)s?\b",
    r"\bif true\b",
    r"\b(believed|thought|said|rumou?red|reported) to (be|have)\b",
    r"\bto claim\b",
    r"\b(he|she|they|who)\s+(also\s+|then\s+|later\s+|further\s+)?(claimed|claims|alleged|alleges)\b"
    r"(?!\s+(victory|responsibility|credit|control|power|asylum|ownership))",
    r"\bclaimed\b[^.;]{0,40}\bthat\b",
)

# Words that judge rather than report ("She was so nice").
EVALUATIVE = words(
    """nice kind caring lovely wonderful terrible horrible awful bad good great sad shocked shocking
    devastated heartbroken amazing beautiful tragic evil crazy scary sweet loving gentle generous
    unbelievable incredible heartbreaking senseless"""
)

# Words that show a sentence is a question, heading or pure opinion rather than a claim.
OPINION_MARKERS = (
    r"\bi (think|believe|feel|hope|wish)\b",
    r"\bwe (really )?(haven't|have not) seen anything\b",
    r"\bshould\b.*\?$",
)

# What no reader could see for themselves: secrecy, motives, private thoughts. Stated in an outlet's
# own voice, such a claim rests on sources the article does not give.
UNSEEN_PATTERNS = (
    r"\b(secret(ly)?|covert(ly)?|privately|in private|clandestine(ly)?)\b",
    r"\b(behind closed doors|behind the scenes)\b",
    r"\b(decided|concluded|intended|wanted|feared|fears?|hoped|believed|planned|plotted|betting on|"
    r"surprised|convinced|realised|realized)\b",
    r"\b(in order to|so as to|to avoid)\b",
)

# What will or would happen, or might: a forecast, a plan or a possibility is no one's record yet,
# whoever states it. Modal verbs are matched in lower case, or capitalised at the start, so that the
# month of May and a man called Will are left alone.
PREDICTION_PATTERNS = (
    r"(?:^|[^\w])(?:[Ww]ill|[Ww]on['’]t|[Ww]ould|[Cc]ould|[Mm]ight|[Ss]hall|may|should)\b",
    r"\b(?:is|are|was|were|be)\s+(?:expected|likely|unlikely|set|due|poised|projected|forecast|slated)\s+to\b",
    r"\b(?:expects?|plans?|intends?|aims?|hopes?|vows?|promises?|pledges?)\s+to\b",
    r"\b(?:forecasts?|predicts?|predicted|predictions?)\b",
)
