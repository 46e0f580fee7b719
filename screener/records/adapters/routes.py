"""Route of administration as one of the vocabulary's route words (drugs.csv ``routes``).

Read from a SNOMED CT route code, an HL7 v3 RouteOfAdministration code, or the
words of a display or free text ("Oral route", "by mouth", "IV").  A route we do
not recognise stays None: an unknown route is reported as unknown, never guessed.
"""

from __future__ import annotations

import re

from screener.records.model import Code

_SNOMED = {
    "26643006": "oral", "47625008": "intravenous", "78421000": "intramuscular", "34206005": "subcutaneous",
    "6064005": "topical", "447694001": "inhaled", "18679011000001101": "inhaled", "12130007": "intra-articular",
    "46713006": "nasal", "54485002": "ophthalmic", "10547007": "otic", "37161004": "rectal",
    "16857009": "vaginal", "45890007": "transdermal", "37839007": "sublingual",
}
_WORDS = {
    "oral": "oral", "orally": "oral", "po": "oral", "mouth": "oral", "swallow": "oral",
    "intravenous": "intravenous", "intravenously": "intravenous", "iv": "intravenous", "ivpb": "intravenous",
    "intramuscular": "intramuscular", "intramuscularly": "intramuscular", "im": "intramuscular",
    "subcutaneous": "subcutaneous", "subcutaneously": "subcutaneous", "sc": "subcutaneous", "sq": "subcutaneous",
    "subcut": "subcutaneous", "topical": "topical", "cutaneous": "topical", "skin": "topical",
    "inhaled": "inhaled", "inhalation": "inhaled", "inhal": "inhaled", "respiratory": "inhaled",
    "intra-articular": "intra-articular", "intraarticular": "intra-articular",
    "nasal": "nasal", "intranasal": "nasal", "ophthalmic": "ophthalmic", "otic": "otic", "rectal": "rectal",
    "vaginal": "vaginal", "transdermal": "transdermal", "sublingual": "sublingual", "sl": "sublingual",
    # dose forms in product names ("predniSONE 5 MG Oral Tablet", "Hydrocortisone 10 MG/ML Topical Cream")
    "tablet": "oral", "capsule": "oral", "infusion": "intravenous", "cream": "topical", "ointment": "topical",
    "lotion": "topical", "inhaler": "inhaled", "patch": "transdermal",
}
_WORD = re.compile(r"[a-z][a-z\-]*")


def route_from_text(text: str | None) -> str | None:
    for word in _WORD.findall((text or "").lower()):
        if word in _WORDS:
            return _WORDS[word]
    return None


def route_from(codes: list[Code], *texts: str | None) -> str | None:
    """The route a coded concept names: SNOMED code first, then HL7 code, then the words."""
    for c in codes:
        if c.code in _SNOMED:
            return _SNOMED[c.code]
    for c in codes:
        if (hit := _WORDS.get(c.code.lower())) is not None:
            return hit
    for text in (*texts, *(c.display for c in codes)):
        if (hit := route_from_text(text)) is not None:
            return hit
    return None
