"""Reporting verbs and speech acts: the verbs that tell that someone said, published or showed
something."""

from __future__ import annotations

from sourcecheck.core.lexicon._words import words

# Verbs that introduce what a source said, by tense; "claim" verbs also distance.
SAY_VERBS = words(
    """said says say told tells tell added adds stated states announced announces confirmed confirms
    reported reports revealed reveals wrote writes explained explains insisted insists declared declares
    noted notes warned warns claimed claims alleged alleges argued argues admitted admits acknowledged
    acknowledges denied denies disclosed discloses suggested suggests indicated indicates recalled
    recalls described describes estimated estimates predicted predicts asserted asserts maintained
    maintains contended contends testified testifies stressed stresses emphasised emphasized emphasises
    emphasizes underlined underlines observed observes remarked remarks commented comments replied
    replies responded responds concluded concludes continued continues signalled signaled signals
    tweeted posted publishes published quoted quotes cited cites learned learnt understood believes
    believed thinks thought showed shows show shown found finds find recounted recounts
    confided boasted boasts complained complains urged urges vowed vows pledged pledges promised
    promises threatened threatens blamed blames accused accuses charged charges informed
    informs briefed briefs assures assured proposed proposes portrayed portrays demanded demands
    requested requests rejected rejects praised praises criticised criticized criticises criticizes
    condemned condemns welcomed welcomes dismissed dismisses conceded concedes reiterated reiterates
    characterised characterized denounced denounces decried decries deplored deplores lamented laments
    hailed hails lauded lauds slammed blasted rebuked rebukes questioned disputed countered retorted
    retorts objected protested affirmed affirms reaffirmed reaffirms expressed expresses voiced
    identified identifies labelled labeled dubbed dubs branded termed clarified clarifies
    specified specifies outlined mentioned hinted implied implies cautioned cautions advised
    advises recommended recommends appealed pleaded pleads swore swears guaranteed reassured reassures
    notified notifies reckoned reckons wondered agreed agrees
    disagreed disagrees refuted refutes rebutted rebuts contradicted contradicts answered emailed
    texted messaged blogged underscored underscores highlighted summarised summarized
    expects hopes hoped fears feared plans intends wants asked asks touted touts chastised chided
    scolded mocked ridiculed lambasted assailed thanked congratulated apologized apologised downplayed
    ruled rules
    worried mused muses quipped quips joked jokes scoffed scoffs griped gripes railed rails bragged
    brags"""
)

# Base forms that report only after a plural subject ("critics argue", "officials insist"), never after
# a modal or in a list of actions ("should ... and think").
PLURAL_SAY_VERBS = words(
    """argue insist believe think warn contend acknowledge agree complain predict suggest explain concede
    assert declare urge deny reply worry allege maintain admit recommend expect fear estimate testify"""
)

# Base forms, a source's verb only after "to" ("went on to insist that ...").
SAY_INFINITIVES = words(
    """assure insist say claim deny add warn explain argue state confirm reveal allege admit show announce
    stress note point emphasise emphasize express tell"""
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

# Verbs only a document or instrument uses: a named thing that "showed" is a record, not a speaker.
SHOW_ONLY_VERBS = words("show shows showed shown captured captures recorded records measured registered")

# Verbs of a measurement that an instrument or record gives ("... measured 3.0 on nearby sensors").
MEASURE_VERBS = words("measured recorded registered detected logged captured showed")

# Verbs of getting hold of a document ("documents obtained by the paper show ...").
OBTAIN_VERBS = words("obtained seen reviewed examined acquired analysed analyzed")

# Verbs whose speaker follows "by" ("the claims were made by ...", "as reported by ...").
BY_AGENT_VERBS = words(
    """made written published claimed reported raised levelled leveled told informed accused criticised
    criticized condemned denounced confirmed announced"""
)

# Participles of saying: ", insisting that ..." gives the sentence's subject as the speaker.
SAY_PARTICIPLES = words(
    """insisting saying claiming adding arguing noting warning explaining stressing denying alleging
    telling accusing asserting maintaining showing declaring describing calling urging vowing
    promising pledging confirming acknowledging conceding admitting recalling emphasising emphasizing
    writing tweeting"""
)

# Saying verbs that may stand before their speaker ('"...," said the minister.').
INVERTIBLE_SAY_VERBS = words(
    """said says told added wrote reported explained noted stated declared warned insisted claimed
    alleged confirmed announced continued recalled asked tweeted posted adds writes explains notes
    acknowledged admitted argued conceded cautioned observed remarked replied responded stressed
    suggested testified"""
)

# Saying words that are as often nouns ("the reports of", "his claims"): a verb only in context.
SAY_WORDS_ALSO_NOUNS = words(
    """reports report claims claim notes remarks comments estimates charges shows posts finds states
    signals quotes cites warns statement believes thought found show plans hopes fears appeals
    forecasts mentions highlights outlines expects"""
)

# Saying verbs that, right after a noun, name it rather than report ("a chip called Xeon", "a
# group named after the river"): a reduced relative clause, not a speaker's verb.
NAMING_PARTICIPLES = words("called named dubbed nicknamed titled entitled labelled labeled termed")

# Verbs that report with a clause but tell an act with a plain object ("claimed victory",
# "announced plans", "published a statement").
ACT_OR_REPORT_VERBS = words(
    "claimed claims claim revealed published released issued agreed agrees answered added adds ruled rules"
)

# Common past-tense verbs that end a main clause's subject ("The ministry issued ...").
MAIN_CLAUSE_VERBS = words("went released issued spoke published gave made took came signed")


# Verbs by which a deeper source tells the first speaker what they pass on ("the paper reported,
# citing officials", "she said a source told her", "documents show"): only these make a second cue's
# speaker the origin of the sentence.
TELLING_VERBS = words(
    """said says told tells according citing show shows showed shown revealed reveals reported reports
    indicated indicates confirmed confirms made"""
)
