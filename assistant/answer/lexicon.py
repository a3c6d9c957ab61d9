"""The words the question reading and the evidence checks know: frame words that never make a
question's topic, the words that only name what kind of answer or operation is asked, people words.

Kept as plain word lists in one place, so a reader sees what is treated as frame and a maintainer
extends a list instead of a rule.
"""

from __future__ import annotations

from ingest.lexical import fold


def word_tuple(text: str) -> tuple[str, ...]:
    """A word list written as text, in its order and case (patterns are built from it)."""
    return tuple(text.split())


def words(text: str) -> frozenset[str]:
    """A word list written as text, folded (accents removed) like the questions it is matched against."""
    return frozenset(fold(w) for w in text.split())


# Words that frame any question: question words, fillers, pronouns, auxiliaries, common verbs.
FRAME = words(
    """
    aantallen procenten percentages absolute
    according actually al alleen allemaal approximately are bedoeld beetje begin beginning best
    bijlage brief can could current currently daadwerkelijk daar daarbij daarin daartussen daarvan
    dan dat deed deze did die direct dit do document documenten doen does doet drie dus echt eigen
    eigenlijk eind end enorm er eraan erbij erg eruit ervoor even exactly flink gaan gaat gebeuren
    gebeurt geeft geleden geregeld get gets geven ging got graag had hadden handle handled handles
    happen happened happens has have hebben heeft heel helpen helpt hen hier hoe hoeveel hoevel
    honderd houdt how huidige hun iemand ik inmiddels is it jaar jaren je jij kan klopt komen komt
    kreeg krijgen krijgt kun kunnen kunt kwam lees liep liepen ligt loopt lopen maakt maar mag
    mainly maken many me mean means medio mij moet moeten mogen momenteel mostly much neemt noemen
    noemt nog nou now nu ongeveer ons onze ook plan precies qua really rechtstreeks regelt roughly
    ruwweg said say says should soort speelt staan staat start stonden stuk stukken tabel tabellen
    tegenwoordig tekst that them these they this those tien toch today twee u uit uiteindelijk
    vandaag vd veel vergeleken verloopt vh vier vijf volgens vooral voorstel vraag waar waarom
    wanneer waren was wat we weet welk welke werd were werkelijkheid werkt weten what when where
    which who why wie wij wil wilde wilden will willen worden wordt work works would year years zal
    zaten zeggen zegt zelf zie zien ziet zijn zit zitten zo zorgt zullen
    """
)

# Words that only say the question asks for amount.
AMOUNT_FRAME = words(
    """
    amount bedrag bedragen begroot begroting besteed betaald betaalt budget budgetten cost costs eur
    euro funding gekost geld kost kosten kostte krijgt loon middelen money ontvangt paid prijs
    receive receives salaris spent subsidie tarief uitgegeven verdienen verdient
    """
)

# Words that only say the question asks for count.
COUNT_FRAME = words(
    """
    aantal number
    """
)

# Words that only say the question asks for share.
SHARE_FRAME = words(
    """
    aandeel deel part percent percentage procent procentpunt proportion share
    """
)

# Words that only say the question asks for change.
CHANGE_FRAME = words(
    """
    aantal afgenomen change daling declined decreased dropped fell gedaald gegroeid gestegen grew
    increased percentage procent rose stijging toegenomen veranderd
    stijgt stijgen daalt dalen zakt zakken verminderd gekrompen risen fallen decrease increase
    omhoog omlaag gedaalt went go goes gone going up down between tussen
    """
)

# Words that only say the question asks for duration.
DURATION_FRAME = words(
    """
    dag dagen duur lang long maand maanden uren uur week weken
    """
)

# Words that only say the question asks for frequency.
FREQUENCY_FRAME = words(
    """
    keer often times vaak
    """
)

# Words that only say the question asks for date.
DATE_FRAME = words(
    """
    dag date datum day maand month
    """
)

# Words that name an operation (sum, difference, ratio) or a fit against a budget.
OPERATION_FRAME = words(
    """
    ten opzichte tov kwamen
    achter achterstand altogether average behind bij binnen combined difference elkaar enough fits
    gemiddeld genoeg gezamenlijk less meer minder more naar op opgeteld optellen passen past per
    relatief samen short sum tekort tel together totaal total verhouding verschil verschillen verschilt
    voldoende daartussen ertussen tussen differ differs plus
    hoger lager groter kleiner higher lower bigger larger smaller dan than scheelt scheelde procentpunt
    procentpunten points between
    """
)

# Scope words: in a figure question they say where, not what.
SCOPE_FRAME = words(
    """
    boven gemeente gemeenten gemeentes jonger jongeren municipal municipalities municipality older
    onder ouder ouderen over plussers regio region regionaal regional under younger
    """
)

# Age words: with an age band read, they are the constraint, not the topic.
AGE_FRAME = words(
    """
    age aged jong jonger jongeren leeftijd old older oud ouder ouderen plussers young younger
    """
)

# Words for people: a count of them is answered by a figure of people.
PEOPLE = words(
    """
    bijstandsgerechtigden candidates clienten clients deelnemers employees gemeenteklanten
    gerechtigden inburgeraars inwoners jobseekers jongeren kandidaten klanten medewerkers mensen
    ouderen participants participatiegerechtigden people personen persons refugees residents
    statushouders uitkeringsgerechtigden vergunninghouders werklozen werknemers werkzoekenden
    workers
    """
)

# Where the noun phrase after 'hoeveel' ends: a verb, preposition or article.
PHRASE_END = words(
    """
    a aan an are at bij by dat de did die do does door een er for from gaan gaat get got had hadden
    has have hebben heeft het in is kan komen komt kregen krijgen krijgt kunnen kwamen met naar of
    on op per staan staat stonden that the there to uit van voor waren was werden were which who
    with without worden wordt zaten zijn zit zitten zonder blijft blijven bleef ging gingen aged
    between older younger over under
    """
)

# Capitalised words that are no person's name (organisations, places, titles).
NOT_NAMES = words(
    """
    agenda amsterdam banenafspraak besluit bestuursopdracht bijlage blaricum bron capital cedris
    college colleges divosa domein eemnes gemeente gemeenten gooi gooise hilversum huizen human
    inclusief jongerenloket kamer kamerbrief laren leerwerkloket meren ministerie mobiliteitsteam
    nederland participatie participatiewet perspectief programma raad raden regio regionaal
    regionale rijk samenwerkingsafspraken samenwerkingsplan sociaal sociale sonar tabel tomin tweede
    utrecht vechtstreek weesp werk werkcentrum werken werkgelegenheid werkgeversservicepunt
    werkkamer wet wijdemeren zaken
    """
)

# Capitalised words that start a Dutch sentence: a label glued before one is no part of it.
SENTENCE_STARTERS = word_tuple(
    """
    De Het Een Deze Dit Die Wij We Er In Op Voor Bij Met Na Als Zo Alle Elke Iedere Om Door Naast
    Vanuit Tijdens Binnen Wanneer Indien Daarnaast Ook Hierbij Hiervoor Daarbij Werkgevers Gemeenten
    Accountmanagers Accountmanager Kandidaten Kandidaat Werkgever Consulent Gemeente Uitgangspunt Doel
    Wat Hoe Welke
    """
)
