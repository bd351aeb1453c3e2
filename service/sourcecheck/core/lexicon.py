"""Word lists of general news writing: reporting verbs, roles, hedges, source nouns.

Grown from how news is written in general (style guides, wire copy), never
from particular stories: no person, outlet or place of any story is listed.
Country names come from the ISO 3166 tables of `pycountry`.
"""

from __future__ import annotations

import re

import pycountry


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ABBREVIATIONS = _words(
    """mr mrs ms dr prof st sgt lt col gen capt cmdr maj adm gov sen rep rev hon jr sr inc co corp ltd
    plc llc vs etc no nos fig jan feb mar apr jun jul aug sep sept oct nov dec mt ft ave blvd rd
    dept est approx a.m p.m am pm u.s u.k u.n e.g i.e d.c"""
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

# Verbs that introduce what a source said, by tense; "claim" verbs also distance.
SAY_VERBS = _words(
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
SAY_INFINITIVES = _words(
    "assure insist say claim deny add warn explain argue state confirm reveal allege admit show announce"
)

# Verbs an outlet uses for its own reporting.
PUBLISH_VERBS = _words(
    "reported reports revealed reveals wrote writes published publishes broke learned learnt"
)

# Verbs a document or instrument uses.
SHOW_VERBS = _words(
    """show shows showed shown reveal reveals revealed indicate indicates indicated suggest suggests suggested
    captured captures recorded records measured measures registered registers confirm confirms confirmed
    found"""
)

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

# Roles that make a named person an official (government, military, public bodies, leaders of organisations).
OFFICIAL_ROLES = _words(
    """president vice-president premier chancellor minister secretary spokesman spokeswoman spokesperson
    ambassador envoy diplomat consul governor mayor senator congressman congresswoman lawmaker legislator
    mp mep deputy councillor councilman councilwoman councilor commissioner prosecutor attorney judge
    justice magistrate sheriff constable superintendent inspector detective officer police chief commander
    general admiral colonel lieutenant captain major sergeant marshal director head chairman chairwoman
    chair ceo executive founder leader king queen prince princess emir sheikh sultan monarch dictator
    pope cardinal bishop imam rabbi official officials administrator coordinator regulator auditor
    adviser advisor aide counsel solicitor-general attorney-general registrar coroner kc qc
    principal dean rector provost chief-executive manager boss owner operator undersecretary
    ombudsman representative delegate rapporteur negotiator mediator despot tyrant strongman ruler autocrat
    warlord premier da"""
)

# Roles of named people who speak for themselves.
PERSON_ROLES = _words(
    """journalist columnist reporter correspondent editor writer author commentator analyst expert
    researcher scientist professor academic historian economist lecturer scholar witness resident
    neighbour neighbor farmer driver passenger survivor victim relative friend mother father son
    daughter wife husband brother sister cousin student teacher doctor nurse lawyer activist blogger
    blogger blogger observer eyewitness bystander shopkeeper worker employee local villager owner
    seismologist volcanologist geologist meteorologist engineer consultant fellow campaigner
    pundit critic biographer filmmaker photographer"""
)

# Head nouns of institutions that speak as a whole.
ORGANIZATION_HEADS = _words(
    """ministry ministries department government administration agency authority authorities office
    police army military forces force navy military command council commission committee parliament
    congress senate court tribunal observatory survey institute institution service services
    centre center bureau board union association federation organisation organization company firm
    corporation group foundation fund bank party regime kremlin cabinet presidency embassy consulate
    secretariat coalition alliance league directorate guard guards administration county city state
    hospital university school prosecutors prosecution monitor monitors watchdog charity ngo team
    unit squad brigade division headquarters cops precinct department organisations organizations groups
    agencies governments ministries authorities commissions councils companies institutions investigators"""
)

# Head nouns of news outlets and their reporting.
OUTLET_HEADS = _words(
    """newspaper newspapers paper daily weekly outlet outlets media press agency broadcaster channel
    network tv television radio magazine tabloid website wire newswire times post journal herald
    tribune telegraph guardian gazette news chronicle observer courier mirror express independent
    standard reports report reporting coverage bulletin ledger dispatch inquirer examiner sentinel register
    globe broadcast"""
)

# Nouns for documents, records, data, footage and instruments.
DOCUMENT_HEADS = _words(
    """document documents documentation records record data figures statistics footage video videos
    images image photos photographs photo pictures satellite imagery recording recordings tapes
    sensors sensor seismographs readings logs log filings filing papers memo memos emails email letter
    letters transcript transcripts files leaks leaked cables ledgers receipts invoices contracts
    tracking flight-tracking radar census survey polls poll study studies analysis audit map maps
    charts chart timeline manifest manifests certificate register database dataset spreadsheet
    minutes indictment complaint affidavit warrant autopsy charges lawsuit"""
)

# Nouns for unnamed people.
ANONYMOUS_HEADS = _words(
    """source sources insider insiders official officials interlocutor interlocutors person people
    individual individuals someone resident residents witness witnesses neighbor neighbors neighbour
    neighbours man woman men women diplomat diplomats aide aides figure figures member members
    employee employees staffer staffers friend friends relative relatives acquaintance acquaintances
    expert experts analyst analysts observer observers officer officers
    spokesperson insider contact contacts colleague colleagues associate associates confidant
    confidants villager villagers local locals onlooker onlookers bystander bystanders worker workers
    passer-by passersby eyewitness eyewitnesses survivor survivors students student driver drivers"""
)

# Words that make an unnamed person's description anonymous ("a senior official").
ANONYMOUS_DETERMINERS = _words(
    """a an one two three four five six seven eight nine ten several some many few multiple various
    unnamed anonymous unidentified another other senior high-ranking top"""
)

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

# Nouns that refer back to a person already met ("the minister said").
PERSON_NOUNS = (
    OFFICIAL_ROLES
    | PERSON_ROLES
    | _words(
        """man woman politician star singer actor player suspect accused defendant boy girl veteran
    father mother leader"""
    )
)

# Pronouns that carry a previous source into a sentence.
PERSON_PRONOUNS = _words("he she they him her them his i we")

# Present-tense verbs of picture captions ("A woman stands outside the court").
CAPTION_VERBS = _words(
    """shows show stands stand sits sit walks walk talks talk looks look inspect inspects dominate dominates
    gather gathers holds hold waits wait poses pose speaks arrives attends react reacts mourn mourns
    carries carry pray prays lies rest rests pictured seen gestures gesture queue queues"""
)

# Words that judge rather than report ("She was so nice").
EVALUATIVE = _words(
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

NEGATIONS = _words(
    """not no never nor none neither nobody nothing n't without denied denies deny denying rejected
    rejects refuted refutes dismissed dismisses false untrue baseless"""
)

STOPWORDS = _words(
    """a an the and or but if then than that this these those of in on at to for from by with as is are was
    were be been being has have had do does did will would shall should can could may might must it its
    he she they them his her their we our you your i me my which who whom whose what when where why how
    also just only even still yet so such there here after before over under into onto about against
    between through during since until while because although though not no nor very more most much
    many some any all each both few other another same own out up down off again further once said says
    told say according reported reports claimed claims added one two three new last first s t"""
)


def _country_names() -> frozenset[str]:
    names: set[str] = set()
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                names.add(value)
                names.add(value.split(",")[0])
    return frozenset(names)


# English names in common use that ISO 3166 spells otherwise ("Türkiye", "Russian Federation").
_EXONYMS = frozenset(
    [
        "Turkey",
        "Russia",
        "Britain",
        "Great Britain",
        "UK",
        "U.K.",
        "US",
        "U.S.",
        "USA",
        "America",
        "Ivory Coast",
        "Burma",
        "Kosovo",
        "Holland",
        "Macedonia",
        "Brunei",
        "Cape Verde",
        "Swaziland",
        "East Timor",
        "Vatican",
        "Czechia",
        "South Korea",
        "North Korea",
        "Gaza",
        "West Bank",
    ]
)

COUNTRIES = _country_names() | _EXONYMS


def _demonyms() -> dict[str, str]:
    """ "syrian" -> "syria", "israeli" -> "israel": a people's adjective and its country are one
    term for matching. Regular endings are derived from the country names; irregular ones listed."""
    irregular = {
        "turkish": "turkey",
        "british": "britain",
        "french": "france",
        "german": "germany",
        "dutch": "netherlands",
        "chinese": "china",
        "japanese": "japan",
        "spanish": "spain",
        "polish": "poland",
        "swedish": "sweden",
        "danish": "denmark",
        "finnish": "finland",
        "irish": "ireland",
        "swiss": "switzerland",
        "greek": "greece",
        "thai": "thailand",
        "filipino": "philippines",
        "lebanese": "lebanon",
        "sudanese": "sudan",
        "afghan": "afghanistan",
        "vietnamese": "vietnam",
        "portuguese": "portugal",
        "norwegian": "norway",
        "peruvian": "peru",
        "ukrainian": "ukraine",
        "belgian": "belgium",
        "egyptian": "egypt",
        "saudi": "saudi arabia",
    }
    out: dict[str, str] = dict(irregular)
    for name in COUNTRIES:
        country = name.lower()
        if " " in country or not country.isalpha() or len(country) < 4:
            continue
        if country.endswith("a"):
            endings = [country + "n"]  # Syria, Kenya
        elif country.endswith("y"):
            endings = [country[:-1] + "ian"]  # Italy
        elif country.endswith("o"):
            endings = [country[:-1] + "an"]  # Mexico
        elif country.endswith("e"):
            endings = [country + "an"]  # Chile
        else:
            endings = [country + "i", country + "ian"]  # Israel, Iran, Egypt
        for demonym in endings:
            out.setdefault(demonym, country)
    return out


DEMONYMS = _demonyms()
