"""Reporting verbs and speech acts: the verbs that tell that someone said, published or showed
something."""

from __future__ import annotations

from sourcecheck.core.lexicon._words import words

# Verbs that introduce what a source said, by tense; "claim" verbs also distance.
SAY_VERBS = words(
    """said says say told tells tell added adds stated states announced announces confirmed confirms
    reported reports revealed reveals wrote writes explained explains insisted insists declared declares
    noted notes warned warns claimed claims alleged alleges argued argues admitted admits acknowledged
    acknowledges denied denies disclosed discloses suggested suggests indicated indicates recalled recalls
    described describes estimated estimates predicted predicts asserted asserts maintained maintains
    contended contends testified testifies stressed stresses emphasised emphasized emphasises emphasizes
    underlined underlines observed observes remarked remarks commented comments replied replies responded
    responds concluded concludes continued continues signalled signaled signals tweeted posted publishes
    published quoted quotes cited cites learned learnt understood believes believed thinks thought
    showed shows show shown found finds find says recounted recounts described confided boasted boasts
    complained complains urged urges vowed vows pledged pledges promised promises threatened threatens
    blamed blames accused accuses charged charges announced informed informs briefed briefs assures assured
    proposed proposes portrayed portrays demanded demands requested requests rejected rejects praised praises
    criticised criticized criticises criticizes condemned condemns welcomed welcomes dismissed dismisses
    conceded concedes reiterated reiterates characterised characterized"""
)

# Base forms, a source's verb only after "to" ("went on to insist that ...").
SAY_INFINITIVES = words(
    "assure insist say claim deny add warn explain argue state confirm reveal allege admit show announce"
)

# Verbs an outlet uses for its own reporting.
PUBLISH_VERBS = words(
    "reported reports revealed reveals wrote writes published publishes broke learned learnt"
)

# Verbs a document or instrument uses.
SHOW_VERBS = words(
    """show shows showed shown reveal reveals revealed indicate indicates indicated suggest suggests suggested
    captured captures recorded records measured measures registered registers confirm confirms confirmed
    found"""
)
