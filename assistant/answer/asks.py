"""How questions ask: the wordings (Dutch and English, folded) that tell the answer type, the operation,
the flags (outcome, realisation, current) and the constraints (years, age bands, benefit categories).

Patterns only; `assistant.answer.intent` reads a question with them.
"""

from __future__ import annotations

import re

from ingest.lexical import DUTCH_MONTHS

# --- answer types -------------------------------------------------------------------------------
Q = r"(?:hoeve+l|hoe ?veel|hoevee?l|how (?:many|much))"

MONEY = (
    r"(?:\w*geld|\w*budget\w*|\w*bedrag\w*|kost|\w*kosten|kostte|gekost|euro|\w*subsidie\w*|investering\w*|investeer\w*|"
    r"geinvesteerd|financiering|gefinancierd|begroot|begroting\w*|uitgegeven|uitgeven|besteed|besteden|"
    # "betaald werk", "paid work": employment, not money.
    r"betaald(?!e? (?:werk|baan|banen|arbeid))|betaalt|betalen|verdien\w*|loon|uurloon|salaris|tarief|uurtarief|rekent|prijs|vergoeding|rijksbijdrage|"
    r"hourly|earns?|earning\w*|"
    r"middelen|cost|costs|money|funding|funded|spend|spent|paid(?! (?:work|jobs?|employment))|pay|salary|wage|fee|price|grant|"
    r"subsidy|invest\w*|amount|allocated|set aside|receive[sd]?|krijgt|krijgen|kreeg|ontvangt|ontvangen)"
)

# How money is asked for, once a money word stands in the question.
AMOUNT_ASK = re.compile(
    rf"\b{Q}\b|\bwat (?:kost|kosten|kostte|verdient|verdienen|verdiende|krijgt|krijgen|ontvangt|betaalt|rekent|rekenen)\b"
    r"|\bwelk bedrag\b|\bwhat (?:does|did) .{0,40}(?:cost|earn|get paid|receive)\b"
    r"|\bwat is (?:het|de) (?:\w+ ){0,2}(?:budget|bedrag|begroting|subsidie|uurloon|salaris|tarief|prijs)\b"
    r"|\bwhat(?: is|'s|’s| was| are| were) the (?:\w+ ){0,2}(?:budget|cost|costs|amount|wage|salary|price|fee|pay|rate)\b"
    r"|\b(?:what|which) (?:budget|amount|sum)\b|\bwelk(?:e)? (?:budget|bedrag)\b"
    r"|\bhoe (?:groot|hoog)\b|\bhow (?:large|big|high)\b|\bin euro'?s?\b|\bin euros\b"
)
PROCEDURE = re.compile(
    r"\bhoe (?:werkt|werken|loopt|lopen|verloopt|verlopen|gaat|gaan|ziet|zien|helpt|helpen|pakt|pakken|"
    r"meldt|melden|komt .{0,40} tot stand|regel\w*|organiseer\w*|wordt|worden|kan|kunnen|moet|moeten|"
    r"kom ik|krijg ik|vraag ik|en hoe vaak|en wanneer)\b"
    r"|\bop welke (?:manier|wijze)\b|\b(?:welke|wat zijn de) (?:stappen|fasen|procedure|werkwijze|aanpak)\b"
    r"|\bwat (?:gebeurt|moet) er\b|\bwat moet (?:een|de|het|ik|je)\b|\bprocedure\b|\bwerkwijze\b"
    r"|\bwat (?:doet|doen) .{1,60}\b(?:na|bij|tijdens|als|wanneer|zodra|nadat)\b"
    r"|\bwhat (?:does|do) .{1,60}\bdo (?:after|when|during|once|if)\b"
    r"|\bhow (?:does|do|is|are|can|should|will)\b|\bwhat (?:are the )?steps\b|\bwhat happens\b|\bprocess\b"
)

DATE = re.compile(
    r"\b(?:(?:sinds|vanaf|per|tot|voor) )?wanneer\b|\bop welke datum\b|\bwelke datum\b|\bin welk jaar\b"
    r"|\bwelk jaar\b|\bwhen\b|\bwhat date\b|\bwhich date\b|\bwhich year\b|\bwhat year\b"
)

DAY = re.compile(r"\b(?:op welke datum|welke datum|what date|which date|on what day|op welke dag)\b")

DURATION = re.compile(
    rf"\bhoe lang\b|\bhow long\b|\b{Q} (?:uur|uren|dagen|weken|maanden|jaar|jaren|hours|days|weeks|"
    r"months|years)\b"
)

FREQUENCY = re.compile(r"\bhoe vaak\b|\bhow often\b|\bhoeveel keer\b|\bhow many times\b")

SHARE = re.compile(
    r"\b(?:welk|wat is het|what|which|hoe groot is het|how large is the|how big is the) "
    r"(?:percentage|deel|aandeel|share|proportion|part|fractie)\b|\bhoeveel procent\b|\bwhat percent\b"
    r"|\brealisatiepercentage\b|\bpercentage\b|\bprocent\b|\bpercent\b|\bprocentpunt\w*\b|\bpercentage points?\b"
    r"|\b(?:welk|hoeveel|what) %"
    r"|\b(?:what|which) (?:is|was|are|were)? ?(?:the )?.{0,60}\brate\b"
    # A measure named by its noun: "de participatiegraad", "het uitstroompercentage", "de verhouding tussen".
    r"|\b\w+(?:graad|percentage|quote|quotum)\b|\bverhouding (?:tussen|van)\b|\bratio\b"
)

CHANGE = re.compile(
    r"\b(?:gedaald|gestegen|afgenomen|toegenomen|gegroeid|gekrompen|verminderd|veranderd|daling|stijging|"
    r"stijgt|stijgen|daalt|dalen|neemt (?:toe|af)|nemen (?:toe|af)|"
    r"afname|toename|groei|krimp|fell|fallen|fall|rose|risen|rise|dropped|drop|increased|increase|decreased|"
    r"decrease|grew|grown|grow|declined|decline|shrunk|shrink|changed|change|"
    r"(?:went|go|goes|gone|going) (?:up|down))\b"
)

# "met hoeveel zakt het totaal", "met hoeveel banen groeide ...", "by how much": the size of a change
# or a difference (with two years, a change).
BY_HOW_MUCH = re.compile(r"\bmet hoeve+l\b|\bby how much\b")

COUNT = re.compile(
    rf"\b{Q}\b|\baantal\b|\bnumber of\b|\bhow many\b|\bhow far (?:behind|ahead|above|below|short)\b"
    r"|\bhoe ver (?:achter|voor|boven|onder)\b|\bby how much\b"
)

COUNTED = re.compile(
    rf"\b(?:{Q}|aantal|number of)\s+((?:[a-z0-9][a-z0-9'+-]*\s+){{0,2}}[a-z0-9][a-z0-9'+-]*)"
)

# Roles a person holds: "wie is de voorzitter", "welke wethouder", "which alderman" ask a name.
_ROLES_NL = (
    r"(?:wethouder|voorzitter|vz|directeur|manager|coordinator|contactpersoon|accountmanager|programmamanager|"
    r"programmacoordinator|beleidsregisseur|beleidsadviseur|adviseur|portefeuillehouder|burgemeester|"
    r"secretaris|projectleider|kwartiermaker|trekker|leider|consulent|jobcoach|scholingsmakelaar|"
    r"ambassadeur|regisseur|opdrachtgever)\w*"
)
_ROLES_EN = (
    r"(?:alderman|aldermen|chair\w*|director|manager|coordinator|contact|account manager|programme manager|"
    r"program manager|advisor|adviser|mayor|secretary|project leader|lead|head|broker)\b"
)
PERSON = re.compile(
    rf"\bwie (?:is|was|zijn|waren)\b(?: [\w'’-]+){{0,4}}? (?:de |het )?(?:huidige )?{_ROLES_NL}"
    rf"|\bwho (?:is|was|are|were)(?: [\w'’-]+){{0,4}}? (?:the )?(?:current |present )?{_ROLES_EN}"
    rf"|\b(?:welke|welk) (?:huidige )?{_ROLES_NL}|\bwhich (?:current )?{_ROLES_EN}"
    r"|\bwho (?:heads|leads|chairs|runs)\b|\bnaam van\b"
    r"|\bname of the\b|\bwhat is the name\b|\bhoe heet\b"
    # "wie is die SROI-makelaar? naam + mailadres graag": whoever the role is, a name is asked.
    r"|\b(?:wie|who)\b.*\b(?:naam|name|mailadres|e-?mail\w*|telefoonnummer|contactgegevens)\b"
)

# "In welke sectoren krimpt het aantal banen?": which things, not how many (unless it also says hoeveel).
WHICH = re.compile(
    r"^(?:en |maar )?(?:(?:in|bij|voor|van|op|aan|met|uit|from|in|at|for|with) )?(?:welke|welk|which) "
    r"(?!(?:percentage|deel|aandeel|bedrag|aantal|budget|share|proportion|amount|number|datum|date|jaar|"
    r"year|dag|day|maand|month|periode|period)\b)[a-z]"
)

ACTOR = re.compile(r"^(?:en )?wie\b|\bwho\b|\bwelke (?:partij|partijen|organisatie\w*|instantie\w*)\b")

SOURCE = re.compile(
    r"\bwaar (?:komt|komen) .{0,40}vandaan\b|\b(?:wat|welke) (?:is de )?bron\b|\bwaar staat (?:dat|dit|het)\b"
    r"|\bwaar heb je dat\b|\bwhere (?:does|do) .{0,40}come from\b|\bwhat is the source\b|\bwhich source\b"
    r"|\bwhere (?:is|was) (?:that|this) (?:stated|written|from)\b|\bsource of\b"
)

DEFINITION = re.compile(
    r"^(?:wat|what) (?:is|zijn|are|was|does|doet|doen|betekent|means?)\b|\bwat houdt .{1,60} in\b"
    r"|\bwat (?:wordt|verstaan we|verstaat men) .{0,30}(?:bedoeld|onder)\b|\bwhat does .{1,60} mean\b"
)

YESNO = re.compile(
    r"^(?:en |maar |dus )?(?:is|zijn|was|waren|heeft|hebben|had|hadden|komt|komen|kan|kunnen|wordt|worden|"
    r"werd|gaat|gaan|klopt|bestaat|bestaan|doet|doen|zit|zitten|krijgt|krijgen|staat|staan|moet|moeten|"
    r"mag|mogen|zal|zullen|wil|willen|levert|blijft|blijven|valt|telt|geldt|lukt|lukte|loopt|lopen|"
    r"are|was|were|does|do|did|has|have|had|can|could|will|would|should|is)\b"
)

# --- operations ---------------------------------------------------------------------------------
SUM = re.compile(
    r"\b(?:samen|in totaal|totaal|opgeteld|optellen|tel\b.{0,60}\bop|bij elkaar|gezamenlijk|alles bij elkaar|"
    r"together|in total|total|combined|add(?:ed)? up|altogether|sum)\b"
)

DIFFERENCE = re.compile(
    r"\b(?:verschil\w*|daartussen|ertussen|(?:zit|zitten) (?:er|daar) (?:\w+ )?tussen|differ\w*|achter|achterstand|tekort|te kort|hoeveel (?:meer|minder)|meer dan|minder dan|"
    r"afstand tot|ten opzichte van|t\.?o\.?v\.?|behind|short of|shortfall|difference|gap|more than|less than|"
    r"fewer than|exceed\w*|compared (?:to|with)|vergeleken met|versus|vs|scheel\w*|procentpunt\w*|percentage points?)\b"
    # "hoeveel hoger is X in Weesp dan landelijk", "how much higher ... than the national average"
    r"|\b(?:hoger|lager|groter|kleiner|higher|lower|bigger|larger|smaller)\b(?:\s+\S+){0,10}?\s+(?:dan|than)\b"
    # "hoeveel zit Hilversum boven het landelijk gemiddelde", "hoeveel ligt dat onder de 45%" (not
    # "hoe groot is het aandeel X onder de werkzoekenden": there "onder" is "among")
    r"|\bhoeve+l (?:zit|zitten|zat|zaten|ligt|liggen|lag|lagen)\b(?:\s+\S+){0,5}?\s+"
    r"(?:boven|onder)\s+(?:het|de|dat|die)\b"
)

# A figure per head or per unit ("per inwoner", "gemiddeld per traject"), not only "relatively".
PER_UNIT = re.compile(
    r"\bper (?:inwoner|hoofd|persoon|deelnemer|kandidaat|plaatsing|traject|jongere|werkzoekende)\b"
    r"|\bper capita\b|\bper (?:person|participant|candidate|placement|resident|inhabitant|head)\b"
    r"|\bgemiddeld per\b|\baverage per\b"
)
RATIO = re.compile(rf"{PER_UNIT.pattern}|\bnaar verhouding\b|\brelatief\b")

ARITHMETIC = re.compile(
    r"\btel\b.{0,60}\bop\b|\boptel\w*|\bopgeteld\b|\bbereken\w*|\breken\b.{0,40}\buit\b|\badd(?:ed)? up\b|"
    r"\bcalculate\b|\bsum up\b"
)

# "klopt dat", "komen de gemeenten daar op uit", "does it add up": a stated figure is checked.
CHECKS = re.compile(
    r"\b(?:klopt|kloppen|klopte|komen\b.{0,40}\buit|komt\b.{0,40}\buit|uitkomen|add up|adds up|tally)\b"
)

FITS_BUDGET = re.compile(
    r"\b(?:past|passen|binnen het budget|genoeg|voldoende|toereikend|fits?|enough|within the budget|cover)\b"
)

# --- flags --------------------------------------------------------------------------------------
OUTCOME = re.compile(
    r"\bwat (?:kwam|komt|is) er (?:uit|uitgekomen)\b|\bwat (?:was|waren|is|zijn) de (?:uitkomst\w*|resulta\w*|"
    r"bevinding\w*|conclusie\w*|effect\w*|opbrengst\w*)\b|\b(?:uitkomst\w*|bevindingen|resultaten) van de\b"
    r"|\bwat (?:heeft|hebben) .{0,60} opgeleverd\b|\bhoe is .{0,60} (?:afgelopen|uitgevallen|verlopen)\b"
    r"|\bwhat (?:was|were|are) the (?:outcome|result|finding|conclusion|effect)s?\b|\bwhat came out of\b"
    r"|\bhow did .{0,60} turn out\b|\bdaadwerkelijk\b|\bin werkelijkheid\b|\bactually\b|\bin reality\b"
    r"|\buiteinde?lijk\b|\bin the end\b|\ber (?:\w+ ){0,2}gekomen\b|\b(?:ook )?(?:gelukt|gehaald|doorgegaan|afgerond|uitgevoerd|verschenen|"
    r"gerealiseerd|behaald|structureel voortgezet|voortgezet|gecontinueerd)\b(?=.*\?|$)"
    r"|\b(?:did|has|have) .{0,60} (?:happen|succeed|take place|continue|get continued|been continued)"
    # What an evaluation or monitor found: "what did the evaluation conclude", "wat concludeerde ..."
    r"|\bwhat did .{0,60} (?:conclude|find|show|yield|deliver)\b|\bwat (?:concludeerde|concludeerden|"
    r"toonde|toonden|liet .{0,40} zien)\b|\b(?:was|were) (?:it|they|this|that) (?:\w+ )?(?:continued|"
    r"extended|approved|adopted)\b"
)

REALISATION = re.compile(
    r"\b(?:al |tot nu toe |inmiddels |so far |to date |already )?(?:uitgegeven|besteed|opgemaakt|uitgekeerd|uitbetaald|"
    r"verbruikt|spent|used up|paid out|disbursed)\b"
    r"|\b(?:resterend|restant|overgebleven|nog beschikbaar|nog over|left|remaining|remains|onderuitputting|"
    r"overschot|underspend\w*)\b(?=.*\b(?:budget|geld|bedrag|middelen|euro|money|funds?)\b)"
    # "over" as what is left ("hoeveel is er nog over", "wat blijft er over"), not the preposition
    # ("over hoeveel geld hebben we het").
    r"|\b(?:budget|geld|bedrag|middelen|money|funds?)\b.*\b(?:resterend|(?:nog|er|blijft|blijven) over|over is|left|remaining)\b"
)

# What someone earns: a salary, wage or pay scale ("wat verdient een jobcoach", "in welke
# salarisschaal", "what's the wage"); a budget or an hourly rate billed is no answer to it.
PAY = re.compile(
    r"\b(?:verdien\w*|salaris\w*|uurloon|maandloon|brutoloon|nettoloon|loonschaal|inschaling|"
    r"salary|salaries|wages?|earns?|earning|gets? paid)\b"
)

# Strong words for "at this moment" only: "nu" and "now" are mostly filler ("wat is nu eigenlijk ...").
CURRENT = re.compile(
    r"\b(?:momenteel|op dit moment|tegenwoordig|huidige|actuele|vandaag|currently|at present|today|"
    r"current|present-day|these days|inmiddels|tot nu toe|tot op heden|so far|to date|by now)\b"
)

REFERS_BACK = re.compile(
    r"^(?:en|and|maar|but|ook|also|dus|so)\b|\b(?:die|deze|dat|dit|those|these|that|this) "
    r"(?:twee|drie|beide|gemeenten|gemeentes|cijfers|getallen|bedragen|bedrag|mensen|personen|jaren|"
    r"periode|groep|regels|rijen|two|three|figures|numbers|amounts|people|municipalities|years|group)\b"
    r"|\b(?:hen|hun|daarvan|daarin|daartussen|daarbij|daarvoor|daaronder|ervan|of them|of those|among them|"
    r"them|they|it)\b|\b(?:zijn|is|waren|was) (?:dat|dit|die|deze)\b|^(?:wat|what) (?:als|about|if)\b"
)

# Where a question starts a second ask: ", en welk aandeel", " and how much".
ASK_SPLIT = re.compile(
    r",?\s+(?:en|and|maar|but)\s+(?=(?:welk|welke|wat|hoeveel|hoevel|hoe|wie|wanneer|waar|what|which|how|who|"
    r"when|where|klopt|past|passen|is|zijn|komen|komt|kom)\b)|[?;]\s+(?=\w)"
)

# "welk percentage van het totaal", "what share of all of them": the whole is the table's total.
OF_TOTAL = re.compile(
    r"\b(?:van (?:het|de) (?:totaal|geheel)|van (?:alle|allemaal)|of (?:the )?(?:total|whole)|of all)\b"
)

# "welk deel van de regio is dat", "what share of the region": a part of the regional total.
OF_REGION = re.compile(
    r"\b(?:van de (?:hele |gehele )?regio|van het regionale? totaal|of the (?:whole )?region)\b"
)

# "de gemeenten samen", "the municipalities added up": the parts of a regional figure, by name of kind.
THE_GEMEENTEN = re.compile(
    r"\b(?:de|alle|die|acht|the|all|the eight) (?:gemeenten|gemeentes|municipalities)\b"
)

BAND = re.compile(r"(?<![\d.,])\d{1,3}\s?(?:-|–|tot)\s?\d{1,3}\s?%")

NATIONAL = re.compile(
    r"\b(?:landelijk\w*|nationaal|nationale|national\w*|in nederland|heel nederland|the netherlands|nationwide)\b"
)

BOTH = re.compile(r"\b(?:die twee|deze twee|beide|allebei|both|die gemeenten|deze gemeenten|those two)\b")
# The same, or plainly "samen": a follow-up gathering the gemeenten of the last turns.
TOGETHER = re.compile(
    r"\b(?:die twee|deze twee|beide|allebei|samen|both|together|die gemeenten|deze gemeenten)\b"
)

# --- constraints --------------------------------------------------------------------------------
YEAR = r"((?:19|20)\d\d)"

RANGE = re.compile(
    rf"\b(?:tussen|between|van|from)?\s*{YEAR}\s*(?:-|–|t/m|tot en met|tot|en|and|to|through|until)\s*{YEAR}\b"
)

SINCE = re.compile(
    rf"\b(?:sinds|vanaf|since|from|na|after)\s+(?:(?:eind|begin|medio|{'|'.join(DUTCH_MONTHS)})\s+)?{YEAR}\b"
)

UNTIL = re.compile(rf"\b(?:tot|until|up to|by|before|uiterlijk)\s+{YEAR}\b")

SINGLE = re.compile(rf"(?<!\d)(?<!\d-){YEAR}(?![\d])")

AGE_BANDS = (
    (
        "ge50",
        re.compile(
            r"\b50[ -]?plus\w*|\b50\+|(?:ouder dan|boven de|vanaf|over|older than|aged) 50\b|\b50 (?:jaar )?(?:of|en|and) (?:ouder|older|over)\b|\bouderen\b|\bolder (?:people|workers)\b"
        ),
    ),
    (
        "lt27",
        re.compile(
            r"\b(?:jonger dan|onder de|tot|younger than|under|below) 27\b|<\s?27\b|\b-27\b|\bjongeren onder\b(?! (?:de )?\d)"
        ),
    ),
    ("27_50", re.compile(r"\b27\s?(?:-|tot|t/m|en|and|to)\s?50\b")),
)

# How an age range joins its two ages ("18-23", "18 tot 23", "18 to 23"): in questions and in passages.
AGE_RANGE_JOIN = r"\s?(?:-|–|tot en met|t/m|tot|en|and|to)\s?"
# An age range no table has ("jongeren van 18 tot 23 jaar", "aged 18-23"); 27-50 is a table's own band.
AGE_RANGE = re.compile(
    rf"\b(?:van|tussen|between|aged|from)?\s*(\d{{2}}){AGE_RANGE_JOIN}(\d{{2}})[ -]?"
    r"(?:jaar|jr|jarigen|jarige|years?|yrs?|year-olds?)\b"
)

OTHER_AGE = re.compile(
    # "boven de 45%" is a share, not an age
    r"\b(?:jonger dan|onder de|ouder dan|boven de|vanaf|younger than|under|older than|over|aged) (\d{2})\b(?!\s?(?:%|procent|percent))"
    r"|\b(\d{2})[ -]?(?:plus\w*\b|\+|jarigen\b)|\b(\d{2}) (?:jaar )?(?:of|en|and) (?:ouder|older|over)\b"
)

CATEGORIES = {
    "ww": re.compile(
        r"\bww\b|\bww[-'’]?\w+|\bwerkloosheidswet\b|\bwerkloosheidsuitkering\w*|\bunemployment benefit\w*"
    ),
    "ao": re.compile(r"\bwajong\w*|\bwia\b|\bwao\b|\barbeidsongeschikt\w*|\bdisability benefit\w*"),
    "pwet": re.compile(
        r"\bparticipatiewet\w*|\bp-?wet(?:ter|ters)?\b|\bbijstand\w*|\bsocial assistance\b|\bwelfare\b"
    ),
}

MONTHS = frozenset(DUTCH_MONTHS) | {"january", "february", "march", "april", "may", "june", "july",
                                     "august", "september", "october", "november", "december", "q1", "q2",
                                     "q3", "q4", "kwartaal", "quarter", "voorjaar", "najaar", "zomer"}  # fmt: skip

NUMBER_IN_QUESTION = re.compile(r"(?<![\d.,€])(\d{1,4}(?:\.\d{3})*)(?![\d.,%])\s+([a-z]+)")

PARTICIPLE = re.compile(r"(?=\w{7,}$)(?:\w{2,5})?ge\w{3,}[td]")

# "welk deel van de <whole>, ...", "what share of the <whole> had ...": the whole the question names.
WHOLE_NAMED = re.compile(
    r"\b(?:deel|aandeel|percentage|procent|share|proportion|part|percent)\s+(?:van|of)\s+(?:de|het|the|alle|all)?\s*"
    r"([^,?]+?)(?:,|\?|$|\s(?:had|hadden|heeft|hebben|moest|moesten|gaat|gaan|zat|zaten|zit|zitten|ligt|liggen|"
    r"staat|staan|valt|vallen|woont|wonen|woonde|woonden|krijgt|krijgen|ontvangt|ontvangen|is|was|were|are|has|have|"
    r"lives?|falls?|gets?)\b)"
)
