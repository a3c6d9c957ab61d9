"""A small synthetic corpus for the answer mechanisms: a table with a regional total and its gemeenten,
a procedure, a passage about a topic that gives no amount, and a glossary. Tests build what they
need from it without the real index, so they pin mechanisms, not the answers to known questions."""

from __future__ import annotations

from assistant.retrieval.glossary import Glossary
from assistant.retrieval.vocabulary import CorpusVocabulary
from ingest.models import Chunk

TEXTS = {
    "jobcoach": "De jobcoach begeleidt de kandidaat na plaatsing bij de werkgever. De begeleiding duurt zes maanden.",
    "budget": "Het budget voor de scholingsmakelaar is € 82.800 per jaar in 2020 en 2021.",
    "nazorg": (
        "Nazorg na plaatsing\n1. De accountmanager informeert binnen een week de consulent.\n"
        "2. Na drie maanden vraagt de accountmanager de werkgever naar de tevredenheid.\n"
        "3. Na zes maanden wordt het dossier gesloten."
    ),
    "ww": (
        "Personen met een WW-uitkering januari 2019\nRegio Gooi en Vechtstreek Aantal personen % < 27 jaar\n"
        "Hilversum 1.451 5%\nHuizen 605 4%\nTotaal regio 2.056 5%"
    ),
    "evaluatie": "In 2020 wordt het Werkgeversservicepunt geëvalueerd door de gemeenten en UWV.",
    "contact": "De contactpersoon van het programma is Marielle Stitzinger van de Regio.",
    "weesp": "Door de fusie met Amsterdam sluit Weesp aan bij de aanpak van Amsterdam.",
    "board": "Het aanspreekpunt van het werkgeversnetwerk is de Economic Board van de regio.",
    "uitstroom": "De uitstroom naar betaald werk van kandidaten is in 2018 gestegen.",
}
GLOSSARY = Glossary(
    {
        "spelling": {"jobcoaches": ["jobcoach"]},
        "abbreviations": {"wsp": ["werkgeversservicepunt"]},
        "english": {
            "job coach": ["jobcoach"],
            "budget": ["budget"],
            "training broker": ["scholingsmakelaar"],
        },
    }
)


def vocabulary() -> CorpusVocabulary:
    return CorpusVocabulary.of_texts(list(TEXTS.values()), GLOSSARY)


def chunk(name: str, chunk_type: str = "prose", section: str = "", date: str = "2019-06") -> Chunk:
    text = TEXTS[name]
    return Chunk(
        chunk_id=f"c-{name}",
        document_id=f"doc-{name}",
        parent_document_id=f"doc-{name}",
        title=f"Document {name}",
        doc_type="plan",
        date=date,
        status="concept",
        section=section,
        source_path=f"corpus/{name}.txt",
        line_start=1,
        line_end=text.count("\n") + 1,
        chunk_type=chunk_type,
        text=text,
    )
