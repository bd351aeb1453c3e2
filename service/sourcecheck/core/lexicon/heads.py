"""Who speaks: the roles, titles and head nouns that tell a person, an institution, an outlet, a
document or an unnamed source."""

from __future__ import annotations

from sourcecheck.core.lexicon._words import words

# Prefixes of rank or time that leave a role what it is: a co-founder is a founder, an ex-minister a
# minister, a vice-chairman a chairman, a co-author an author.
ROLE_PREFIXES = ("co-", "vice-", "ex-", "deputy-", "acting-", "joint-")


def _with_prefixes(roles: frozenset[str]) -> frozenset[str]:
    """The roles and their prefixed forms, as news writes them hyphenated ("co-founder")."""
    return roles | {prefix + role for prefix in ROLE_PREFIXES for role in roles if "-" not in role}


# Roles that make a named person an official (government, military, public bodies, leaders of organisations).
OFFICIAL_ROLES = _with_prefixes(
    words(
        """president vice-president premier chancellor minister secretary spokesman spokeswoman spokesperson
    ambassador envoy diplomat consul governor mayor senator congressman congresswoman lawmaker legislator
    mp mep deputy councillor councilman councilwoman councilor commissioner prosecutor attorney judge
    justice magistrate sheriff constable superintendent inspector detective officer police chief commander
    general admiral colonel lieutenant captain major sergeant marshal director head chairman chairwoman
    chair ceo executive founder leader king queen prince princess emir sheikh sultan monarch dictator
    pope cardinal bishop imam rabbi official officials administrator coordinator regulator auditor
    adviser advisor aide counsel solicitor-general attorney-general registrar coroner kc qc
    principal dean rector provost master harbourmaster chief-executive manager boss operator
    undersecretary
    ombudsman representative delegate rapporteur negotiator mediator despot tyrant strongman ruler autocrat
    warlord da coach cto cfo coo cio cmo cso evp svp vp gm md treasurer comptroller controller
    headmaster headmistress chaplain pastor priest vicar archbishop abbot monsignor president-elect"""
    )
)

# Roles of named people who speak for themselves.
PERSON_ROLES = _with_prefixes(
    words(
        """journalist columnist reporter correspondent editor writer author commentator analyst expert
    researcher scientist professor academic historian economist lecturer scholar witness resident
    neighbour neighbor farmer driver passenger survivor victim relative friend mother father son
    daughter wife husband brother sister cousin student teacher doctor nurse lawyer activist blogger
    observer eyewitness bystander shopkeeper worker employee local villager owner
    seismologist volcanologist geologist meteorologist engineer consultant fellow campaigner
    pundit critic biographer filmmaker photographer pollster strategist operative producer
    candidate nominee contender challenger incumbent actress rapper musician comedian celebrity
    novelist poet artist designer entrepreneur donor voter supporter organizer organiser volunteer
    protester demonstrator parent patient customer tenant homeowner athlete fan mom dad grandmother
    grandfather uncle aunt nephew niece grandson granddaughter teenager businessman businesswoman
    lobbyist attendee participant spectator shopper"""
    )
)

# Head nouns of institutions that speak as a whole.
ORGANIZATION_HEADS = words(
    """ministry ministries department government administration agency authority authorities office
    police army military forces force navy command council commission committee parliament
    congress senate court tribunal observatory institute institution service services
    centre center bureau board union association federation organisation organization company firm
    corporation group foundation fund bank party regime kremlin cabinet presidency embassy consulate
    secretariat coalition alliance league directorate guard guards county city state
    hospital university school prosecutors prosecution monitor monitors watchdog charity ngo team
    unit squad brigade division headquarters cops precinct organisations organizations groups
    agencies governments commissions councils companies institutions investigators
    airline airlines carrier insurer lender retailer manufacturer maker automaker carmaker chipmaker
    drugmaker supplier utility developer publisher studio startup start-up business businesses
    conglomerate subsidiary club clubs exchange regulator church diocese archdiocese parish
    clinic college academy museum airport railway campaign firms banks
    laboratory lab labs consortium cooperative co-operative syndicate chamber coastguard"""
)

# Words in two head lists, and the one list whose kind they take whatever their case: "the disaster
# agency" and "the Disaster Agency" are one institution. A news agency is an outlet by its modifier
# (NEWS_AGENCY_MODIFIERS), not by its head.
HEAD_PRECEDENCE = {"agency": "ORGANIZATION_HEADS"}
NEWS_AGENCY_MODIFIERS = words("news press wire")

# Head nouns of news outlets and their reporting.
OUTLET_HEADS = words(
    """newspaper newspapers paper daily weekly outlet outlets media press agency broadcaster channel
    network tv television radio magazine tabloid website wire newswire times post journal herald
    tribune telegraph guardian gazette news chronicle courier mirror express independent
    standard reports report reporting coverage bulletin ledger dispatch inquirer examiner sentinel register
    globe broadcast world editorial editorials column op-ed"""
)

# Nouns for documents, records, data, footage and instruments.
DOCUMENT_HEADS = words(
    """document documents documentation records record data figures statistics footage video videos
    images image photos photographs photo pictures satellite imagery recording recordings tapes
    sensors sensor seismographs readings logs log filings filing papers memo memos emails email letter
    letters transcript transcripts files leaks leaked cables ledgers receipts invoices contracts
    tracking flight-tracking radar census survey polls poll study studies analysis audit map maps
    charts chart timeline manifest manifests certificate database dataset spreadsheet
    minutes indictment complaint affidavit warrant autopsy charges lawsuit camera cameras cctv dashcam
    bodycam webcam"""
)

# Nouns for unnamed people.
ANONYMOUS_HEADS = words(
    """source sources insider insiders official officials interlocutor interlocutors person people
    individual individuals someone resident residents witness witnesses neighbor neighbors neighbour
    neighbours man woman men women diplomat diplomats aide aides figure member members
    employee employees staffer staffers friend friends relative relatives acquaintance acquaintances
    expert experts analyst analysts observer observers officer officers
    contact contacts colleague colleagues associate associates confidant
    confidants villager villagers locals onlooker onlookers bystander bystanders worker workers
    passer-by passersby eyewitness eyewitnesses survivor survivors students student driver drivers
    critics opponents supporters advocates skeptics sceptics proponents detractors allies backers voters
    protesters demonstrators lawmakers legislators activists economists scientists researchers doctors
    investors traders historians leaders republicans democrats conservatives liberals progressives
    moderates independents family families commenter commenters some others many both most few"""
)

# Words that make an unnamed person's description anonymous ("a senior official").
ANONYMOUS_DETERMINERS = words(
    """a an one two three four five six seven eight nine ten several some many few multiple various
    unnamed anonymous unidentified another other senior high-ranking top"""
)

# Nouns that refer back to a person already met ("the minister said").
PERSON_NOUNS = (
    OFFICIAL_ROLES
    | PERSON_ROLES
    | words(
        """man woman politician star singer actor player suspect accused defendant boy girl veteran
    father mother leader"""
    )
)

# Pronouns that carry a previous source into a sentence.
PERSON_PRONOUNS = words("he she they him her them his i we")

# The pronouns a gender resolves to the right person met before ("she" skips a man called "he").
RESOLVABLE_PRONOUNS = words("he she")

# Titles of address before a name ("Dr Jane Roe"): they tell no office.
HONORIFICS = words("mr mrs ms miss mx dr prof sir dame lord lady")

# Last words of a company's or a body's proper name ("Northvale Energy", "Quill Systems Inc"): the
# capitalised run before them names an institution, not a person.
ORGANIZATION_NAME_ENDINGS = words(
    """inc corp co ltd llc plc ag sa nv gmbh group systems technologies technology devices energy motors
    airlines airways bank partners capital holdings industries international labs media networks
    pharmaceuticals pharma foods services solutions software communications entertainment electric
    electronics petroleum oil gas mining resources health healthcare insurance financial securities
    investments ventures research semiconductor semiconductors telecom telecommunications computing
    computer computers micro enterprises associates brands stores markets logistics aerospace
    dynamics robotics biotech therapeutics sciences studios records publishing airport railways
    trust fund institute"""
)

# Role words that are also first names: before a lone surname they are the first name ("Dean
# Holloway"), before a full name a title ("Dean Jane Roe").
TITLES_ALSO_GIVEN_NAMES = words("dean major king prince earl")

# Letters after a name ("Jane Roe KC", "John Doe Jr"): part of the name's run, not its last word.
POST_NOMINALS = words("kc qc mp mep jr sr ii iii phd md esq obe mbe cbe dbe")

# Abbreviated ranks and offices before a name ("Lt. Ann Roe", "Gov. Jo Park", "Msgr. Tom Oduya"): each
# makes the named person an official (police, military, civil, clergy).
OFFICE_ABBREVIATIONS = words(
    """lt sgt col gen capt cpt cmdr cdr maj adm brig cpl pvt lcpl det insp supt dci dsi
    gov sen rep rev msgr fr sr br amb atty cllr pres sec treas asst commr lt-col lt-gen maj-gen
    brig-gen"""
)

# Head nouns that take up a company named before ("the company said", "the chipmaker said").
COMPANY_HEADS = words(
    """company firm corporation group business start-up startup maker manufacturer retailer airline
    carrier lender insurer chipmaker carmaker automaker drugmaker conglomerate giant"""
)

# Nouns for the people whose office is to speak for an institution: unnamed, the institution speaks.
SPOKESPERSON_NOUNS = words("spokesman spokeswoman spokesperson spokespeople spokesmen spokeswomen")

# Nouns for what an institution puts out: "a statement from X says" is X speaking.
STATEMENT_NOUNS = words("statement release communique communiqué announcement letter post tweet message")

# Nouns for an unnamed source that a relay cites in passing ("a source he trusts").
SOURCE_NOUNS = words(
    "source sources insider insiders interlocutor interlocutors informant informants whistleblower"
)

# Endings of agent nouns ("the grave digger testified": an unnamed person).
AGENT_NOUN_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "man", "woman")

# Every head noun the lists above know: alone and capitalised ("Police said") it is no name.
HEAD_NOUNS = ANONYMOUS_HEADS | ORGANIZATION_HEADS | OUTLET_HEADS | DOCUMENT_HEADS | PERSON_NOUNS
