"""The tagging lexer: a normalized line -> the typed tokens criteria.lark reads.

Longest match over word pieces against the phrase table (lexicon + vocabulary);
numbers take the unit that follows them when ``screener.units.to_ucum`` vouches
for it; anything unknown becomes a soft ``WORD``.  A few two-token patterns
LALR(1) cannot see past are merged here (see ``_glue``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from lark import Token

from screener.parse.values import value_units
from screener.parse.values3 import value_passes
from screener.parse.recall5 import recall5_passes
from screener.parse.recall6 import recall6_passes
from screener.parse.lists6 import lists6_passes, paren_except
from screener.parse.analytes6 import analytes6_passes
from screener.parse.ends6 import drug_treated_condition, under_anaesthesia  # ends6: 'under general anaesthesia' is no comparator
from screener.parse.history6 import history6_passes
from screener.parse.values4 import aged_other, if_sex_limits, intake_per_sex, no_age_limit, route_limits, stray_or_cmp
from screener.parse.sexes import sex_limits
from screener.parse.sexes5 import sex_words
from screener.parse.sexes6 import sex_after_values, sex_named
from screener.parse.multiples import (
    bp_postfix, measured_by_and, qualifiers_and, ref_multiples, restated_limits, route_before_analyte, stranded_not,
    under_words,
)
from screener.parse.lexicon import (
    HYPHENS, JOIN_PREFIXES, PIECE, first_words, key_of, keyword_table, max_key_length, phrase_table,
)
from screener.parse.allergies import allergy_severity as _allergy_severity
from screener.parse.allergies import plain_products as _plain_products
from screener.parse.allergies import trial_products as _trial_products
from screener.parse.immunizations import given_vaccines as _given_vaccines
from screener.parse.changes import drug_changes as _drug_changes
from screener.parse.items import and_new_item as _and_new_item
from screener.parse.studies import other_studies as _other_studies
from screener.parse.procedures import indications as _indications
from screener.parse.procedures import planned_procedures as _planned_procedures
from screener.parse.procedures import procedure_and as _procedure_and
from screener.parse.ago import aged_things, post_conditions
from screener.parse.time3 import bracketed_ranges
from screener.parse.ages import age_passes, others_ages, registry_fields, scale_passes
from screener.parse.numerals import numeral_passes
from screener.parse.classes import counts3_passes
from screener.parse.scales4 import scales4_passes
from screener.parse.quantities import ages_between, rates, restated_durations
from screener.parse.scales import asa, is_scale, romans, scale_ranges, scale_values
from screener.parse.tokens import CLAUSE_BREAK as _CLAUSE_BREAK
from screener.parse.tokens import CONDITION_HEAD as _CONDITION_HEAD
from screener.parse.tokens import LIST_SEP as _LIST_SEP
from screener.parse.tokens import edge_trimmed, mentions
from screener.parse.tokens import word as _word
from screener.parse.tokens import zero as _zero
from screener.parse.windows5 import bare_windows, ever_windows, unit_windows  # windows5

from screener.parse.tokens import SILENT_SOFT  # noqa: F401  (the parser's driver reads it from here)
# Skipped the same way, but skipping them loses meaning: the compile is partial.
# JUDGE: words of consent, willingness or judgement (a line of only those is manual).
# ALLERGY: an allergy word with no agent the vocabulary knows ("multiple drug allergies").
# POSITIVE: "HIV positivity" (a positive test the grammar cannot place).
# QUALIFIER: "significant", "recent" ... where no diagnosis follows (criteria.lark).
# PROCEDURE: a procedure where the rule cannot take one ("undergoing elective laparoscopic
# cholecystectomy", the trial's own); the line reads as it did before procedures were known.
# XDRUG: a drug a drug rule excepts ("NSAIDs other than aspirin") where no rule reads the exception.
LOSSY_SOFT = frozenset({"WORD", "PERSISTENT", "ACTIVE", "JUDGE", "SEVERITY", "ALLERGY", "POSITIVE", "PROCEDURE",
                        "QUALIFIER", "XDRUG"})
# Keywords of follow-up definitions (criteria.lark, "outcomes and dosing"): a criterion
# keeps them as unknown words, so eligibility lines lex exactly as they would without them.
FOLLOWUP_KEYWORDS = frozenset({"CHANGE", "THEN", "EVERY", "TAPER", "ROUND", "MISSING"})

_SYMBOLS = {
    "<": ("CMP", "<"), "<=": ("CMP", "<="), ">": ("CMP", ">"), ">=": ("CMP", ">="),
    "=": ("CMP", "="), "(": ("LPAR", "("), ")": ("RPAR", ")"), "[": ("LPAR", "("),
    "]": ("RPAR", ")"), ",": ("COMMA", ","), ";": ("SEMI", ";"), ":": ("COLON", ":"),
    "/": ("SLASH", "/"), "&": ("AND", "&"),
}
_KEY_STOP = frozenset(",;:()[]\"")

# "x 10^9/L", "10^9/L", "10^3/uL": a power of ten over a volume
_POWER_UNIT = re.compile(r"\s*(?:x\s*)?10\s*\^\s*(\d{1,2})\s*(/\s*[A-Za-z\u00b5]+\d?)?")
_CHUNK = re.compile(r"\s*([^\s,;()\"]+)")
_NOT_UNIT_START = re.compile(r"[-<>:=.*\[,;~+!?&]|\d(?!0[\^*])")
_INCOMPLETE = re.compile(r"(?:/|\*|^per)$", re.I)
_UNITISH = re.compile(r"[/%^*\d\[{\u00b5]")
# Bare letter units a number may carry (anything else needs a unit character).
_BARE_UNITS = frozenset({
    "mg", "g", "kg", "ug", "mcg", "\u00b5g", "ng", "pg", "ml", "l", "dl", "iu", "u", "mmhg", "cm",
    "mm", "m", "lb", "lbs", "pounds", "kilograms", "grams", "bpm", "meq", "mmol", "umol",
    "\u00b5mol", "nmol", "gpl", "mpl", "mu", "miu", "kiu", "units", "cells", "fl", "ms", "msec", "sec",
    "degrees", "degree", "gr", "kilogram", "\u00b0c", "\u2103", "\u00b0f", "\u00b0", "minutes", "minute", "min", "s",
    "mins", "seconds", "feet", "ft", "inches", "inch", "cc", "microns", "micron", "ppm", "kpa", "hz", "db",
    "cgy", "gy",  # (a dose in gray is kept only on TBI: screener/parse/values.py)
    # counts of consumption ("5 cigarettes per day", "14 drinks/week", "10 pack-years"): unit_spellings.csv
    "cigarettes", "cigarette", "cigs", "cigars", "drinks", "drink", "alcoholic", "standard", "pack",
    "servings", "serving",
    # other units criteria write in words (unit_spellings.csv): dioptres, hearing level, distance
    "diopters", "diopter", "dioptres", "dioptre", "dba", "dbhl", "kilometres", "kilometers", "km",
    "beats", "breaths",  # "45-100 beats per minute", "> 20 breaths per minute"
})


@lru_cache(maxsize=4096)
def _ucum(text: str) -> str | None:
    from screener.units import to_ucum

    try:
        return to_ucum(text)
    except Exception:  # a unit layer failure is "not a unit", never a crash
        return None


def _unit_after(text: str, pos: int) -> tuple[str, int] | None:
    """The UCUM unit written right after a number ending at ``pos``, and its end."""
    m = _POWER_UNIT.match(text, pos)
    if m:
        per = (m.group(2) or "").replace(" ", "")
        code = _ucum(f"10^{m.group(1)}{per}")
        if code:
            return code, m.end()
    best: tuple[str, int] | None = None
    parts: list[str] = []
    end = pos
    for _ in range(4):
        c = _CHUNK.match(text, end)
        if not c:
            break
        part = c.group(1).rstrip(".:*")  # "30 mL/min*": a footnote mark is not part of the unit
        if part.endswith("]") and "[" not in part:
            part = part.rstrip("]")  # "[creatinine clearance >= 60 ml/min]": the bracket closes, the unit is before it
        if not part:
            break
        if not parts:
            if _NOT_UNIT_START.match(part):
                return None  # "-4" (a range), "<28", ":1", ".335"
            first = part.lower()
            if (first,) in keyword_table() and not _UNITISH.search(first):
                return None  # "18 years", "3 times", "2 x ULN": not a unit
            if not _UNITISH.search(first) and first not in _BARE_UNITS:
                return None
        elif not _continues(parts[-1], part):
            break  # only "mg per day", "mm Hg", "mL/min/1.73 m2" span spaces
        parts.append(part)
        end = c.start(1) + len(part)
        if _INCOMPLETE.search(part):
            continue  # "mg/" or "ml per": the unit goes on
        code = _ucum(" ".join(parts))
        if code and not _PER_NUMBER.match(code):
            best = (code, end)
    return best


# "140/90" is a pair of numbers (blood pressure), not 140 per 90
_PER_NUMBER = re.compile(r"^/\d")
_JOINERS = frozenset({"per", "hg", "hl", "h2o", "h20", "m2", "m^2", "day", "d", "week", "kg", "min", "l", "dl", "ml", "c", "celsius", "meter", "square", "squared", "metre"})


def _continues(prev: str, part: str) -> bool:
    """Whether ``part`` can be the next word of a unit written with spaces."""
    low = part.lower()
    if prev.lower() in _COUNT_NOUNS and low in ("a", "an", "years", "year", "drinks"):
        return True  # "10 cigarettes a day", "10 pack years", "2 alcoholic drinks per day"
    if prev.lower() in ("a", "an") and low in ("day", "week"):
        return True
    return prev.endswith("/") or low.startswith("/") or prev.lower() == "per" or low in _JOINERS


_COUNT_NOUNS = frozenset({"cigarettes", "cigarette", "cigs", "cigars", "drinks", "drink", "pack", "alcoholic",
                          "standard"})


def _piece_list(text: str) -> list[tuple[str, str, int, int]]:
    return [(m.lastgroup, m.group(0), m.start(), m.end()) for m in PIECE.finditer(text)]


def tokenize(text: str, followup: bool = False) -> list[Token]:
    """Tokens of a normalized line; positions are offsets into ``text``.

    ``followup``: a follow-up definition (rules/<trial>.outcomes), whose keywords are read as such.
    """
    pieces = _piece_list(text)
    table = phrase_table()
    maxlen = max_key_length()
    starts = first_words()
    out: list[Token] = []
    i, n = 0, len(pieces)
    while i < n:
        kind, raw, start, end = pieces[i]
        if kind == "num":
            if _ordinal(text, end):
                # "25th percentile", "3rd trimester": an ordinal, not a quantity
                stop = pieces[i + 1][3]
                out.append(Token("WORD", text[start:stop], start_pos=start, end_pos=stop))
                i += 2
                continue
            if _negative(pieces, i, out):
                # "T-score <= -3", "< -20 cm H2O": the sign belongs to the number
                start = pieces[i - 1][2]
                raw = "-" + raw
            out.append(Token("NUMBER", raw, start_pos=start, end_pos=end))
            unit = _unit_after(text, end)
            i += 1
            if unit:
                code, uend = unit
                ustart = pieces[i][2] if i < n else end
                out.append(Token("UNIT", code, start_pos=ustart, end_pos=uend))
                while i < n and pieces[i][2] < uend:
                    i += 1
            continue
        if raw == '"':
            close = text.find('"', end)
            if close < 0:
                close = len(text)
            out.append(Token("STRING", text[end:close], start_pos=start, end_pos=close + 1))
            while i < n and pieces[i][2] <= close:
                i += 1
            continue
        low = raw.lower()
        limit = starts.get(low, 0)
        if kind == "sym" and (raw in _KEY_STOP or not limit):
            _symbol(out, raw, start, end, pieces, i)
            i += 1
            continue
        joins = low in JOIN_PREFIXES
        if not limit and not joins:
            out.append(Token("WORD", raw, start_pos=start, end_pos=end))
            i += 1
            continue
        if limit == 1 and not joins:  # one-word phrase: no key to build
            entry = table.get((low,))
            if entry is not None:
                for ttype, value in entry.tokens:
                    out.append(Token(ttype, value or low, start_pos=start, end_pos=end))
            elif kind == "sym":
                _symbol(out, raw, start, end, pieces, i)
            else:
                out.append(Token("WORD", raw, start_pos=start, end_pos=end))
            i += 1
            continue
        limit = maxlen if joins else limit
        # longest phrase match starting here (hyphens between words fold away)
        key: list[str] = []
        ends: list[tuple[int, int]] = []  # (piece index after, end offset) per key length
        j = i
        while j < n and len(key) < limit:
            pk, praw, _, pend = pieces[j]
            if praw in _KEY_STOP:
                break
            if praw in HYPHENS and key:
                j += 1
                continue
            if pk == "word" and key and key[-1] in JOIN_PREFIXES and pieces[j - 1][0] in ("word", "sym"):
                key[-1] += praw.lower()  # "anti-platelet" -> "antiplatelet"
                ends[-1] = (j + 1, pend)
            else:
                key.append(praw.lower())
                ends.append((j + 1, pend))
            j += 1
        matched = False
        for length in range(len(key), 0, -1):
            entry = table.get(tuple(key[:length]))
            if entry is not None:
                nxt, mend = ends[length - 1]
                if _route_list_pending(out) and length > 1 and entry.source == "vocabulary":
                    # "oral/intravenous antibiotics": the route belongs to the route list
                    route = table.get((key[0],))
                    rest = table.get(tuple(key[1:length]))
                    if route and route.tokens[0][0] == "ROUTE" and rest and rest.source == "vocabulary":
                        r_end = ends[0][1]
                        out.append(Token("ROUTE", route.tokens[0][1], start_pos=start, end_pos=r_end))
                        out.append(Token(rest.tokens[0][0], rest.tokens[0][1],
                                         start_pos=pieces[ends[0][0]][2], end_pos=mend))
                        i = nxt
                        matched = True
                        break
                for ttype, value in entry.tokens:
                    out.append(Token(ttype, value or key[0], start_pos=start, end_pos=mend))
                i = nxt
                matched = True
                break
        if matched:
            continue
        if kind == "sym":
            _symbol(out, raw, start, end, pieces, i)
        else:
            out.append(Token("WORD", raw, start_pos=start, end_pos=end))
        i += 1
    if followup:  # a definition names its subjects; nothing is guessed for it
        return _glue(_plain_products(out, text))
    out = [_word(t, text) if t.type in FOLLOWUP_KEYWORDS else t for t in out]
    out = ages_between(restated_durations(rates(_bare_qualifiers(_tidy(out), text), text), text), text)
    # the passes, in order; each reads what the ones before it left
    for step in (under_words, under_anaesthesia, _drug_changes, _and_new_item, _dioptres, _trial_products, _allergy_severity, _non, _post_onset, _history_after, _older, aged_things, post_conditions, _previous_months, _treated_when,
                 _treatment_of, _other_first, _that_is, _undergone, _in_the_window, _negated_words):
        out = step(out, text)
    out = _glosses(restated_limits(_markers(_years(out))), text)  # "clopidogrel (Plavix)" is one drug before an allergy's list is read
    for step in (_naive, _shared_heads, _shared_stems, _infections, _both_diagnoses, _allergies,
                 _planned_procedures,  # (before _contraindications: "eligible for PCI" is the trial's PCI)
                 _contraindications, _vaccines, _given_vaccines, _other_studies, no_age_limit, _adults, _on_a_condition,
                 _treated_with, drug_treated_condition, _stray_routes, _indications,
                 _trailing_connectives):
        out = step(out, text)
    out = ever_windows(unit_windows(bare_windows(out, text), text), text)  # screener/parse/windows5.py: 'in the past year', 'in the past'
    out = age_passes(out, text)  # screener/parse/ages.py
    out = _defined_as(_place_or_more(scale_ranges(scales4_passes(counts3_passes(numeral_passes(romans(asa(_glue(bp_postfix(out))), text), text), text), text), text), text), text)
    for plain in (ref_multiples, stranded_not, route_before_analyte, measured_by_and, qualifiers_and, scale_passes, scale_values, bracketed_ranges, _gestation, _count_subjects, _subject_after_value, _subjects, _abbreviated_analytes, _sex_tags, sex_limits, value_units, value_passes, stray_or_cmp, route_limits, intake_per_sex, if_sex_limits, aged_other, _sex_then_not, _half_life_windows, _procedure_and):
        out = plain(out)
    out = sex_words(out, text)  # screener/parse/sexes5.py: limits per sex, ages after a sex word
    out = recall5_passes(out, text)  # screener/parse/recall5.py
    out = recall6_passes(out, text)  # screener/parse/recall6.py
    out = lists6_passes(out, text)  # screener/parse/lists6.py
    out = analytes6_passes(out, text)  # screener/parse/analytes6.py: labs said (ab)normal
    out = history6_passes(out, text)  # screener/parse/history6.py
    out = _serial_and(_serial_or(out, text))
    out = sex_after_values(sex_named(out, text), text)  # screener/parse/sexes6.py: "female sex", "18-35-year-old women"
    return _lone_sex(registry_fields(_field_colons(others_ages(out, text)), text))


# what a value definition after "defined as" may hold ("eGFR < 30 mL/min/1.73 m2", "Hb < 9 g/dL or platelets < 100")
_DEFINITION = frozenset({"ANALYTE", "CMP", "NUMBER", "UNIT", "TIMES", "REF", "AND_CMP", "OR_CMP", "TO", "BETWEEN",
                         "OR", "CMP_POST", "BP", "PAIR", "SLASH"})


def _defined_as(tokens: list[Token], text: str) -> list[Token]:
    """'Anaemia, defined as Hb < 9 g/dL', 'impaired renal function defined as eGFR < 30': the values define the
    diagnosis, as "anaemia (Hb < 9 g/dL)" says (criteria.lark defined_condition); "defined as" and the comma go, and
    the definition is put in brackets.  Only a definition of lab or vital values up to the end of its part."""
    if not mentions(text, "defined"):
        return tokens
    for k, tok in enumerate(tokens):
        if not (tok.type == "WORD" and tok.value.lower() == "defined" and k + 2 < len(tokens)
                and tokens[k + 1].type == "AS" and tokens[k + 2].type == "ANALYTE"):
            continue
        c = k - 1 if k and tokens[k - 1].type in ("COMMA", "LPAR") else k
        if not c or tokens[c - 1].type != "CONDITION":
            continue
        e = k + 2
        while e < len(tokens) and tokens[e].type in _DEFINITION:
            e += 1
        inside = tokens[c].type == "LPAR"
        if inside and (e == len(tokens) or tokens[e].type != "RPAR"):
            continue
        if not inside and e < len(tokens) and tokens[e].type not in ("SEMI", "COMMA"):
            continue
        body = tokens[k + 2:e]
        if inside:
            return tokens[:c + 1] + body + tokens[e:]
        return tokens[:c] + [_zero("LPAR", "(", tok.start_pos)] + body + \
            [_zero("RPAR", ")", body[-1].end_pos)] + tokens[e:]
    return tokens


_KIN = re.compile(r"\b(?:family|familial|relatives?|parents?|siblings?|mother|father|brothers?|sisters?|first[- ]degree)\b",
                  re.I)
_AFTER_NAME = frozenset({"COMMA", "SEMI", "OR", "AND", "RPAR"})


def _history_after(tokens: list[Token], text: str) -> list[Token]:
    """'cancer history', 'Organ transplant history,', 'a seizure history': "history" after a diagnosis or procedure that
    ends its item, right after it, is "history of" it (the word was left out, and the item read as present).  Not where
    the line speaks of relatives ("cancer history in first-degree relatives" is a family history), nor "by history"
    (how it is known), nor after a severity or qualifier the history would come between."""
    if not mentions(text, "history") or _KIN.search(text):
        return tokens
    out: list[Token] = []
    for k, tok in enumerate(tokens):
        if tok.type == "WORD" and tok.value.lower() == "history" and out and out[-1].type in ("CONDITION", "PROCEDURE") \
                and (k + 1 == len(tokens) or tokens[k + 1].type in _AFTER_NAME) \
                and not text[out[-1].end_pos:tok.start_pos].strip(" -") \
                and not (len(out) > 1 and out[-2].type in ("HISTORY", "ACTIVE", "ONSET", "JUDGE", "NOT", "SEVERITY",
                                                           "QUALIFIER")):
            name = out.pop()
            out += [_zero("HISTORY", "history", name.start_pos), name]
            continue
        out.append(tok)
    return out


def _dioptres(tokens: list[Token], text: str) -> list[Token]:
    """'Myopia > 6D', 'astigmatism <= 0.75D', 'IOL range 18 to 27D': a capital D after a number is dioptres in
    criteria (none of LCT/Chia's is a day); read as days it made a refraction limit a duration.  It stays an
    unknown word (no rule reads refraction)."""
    return [_word(t, text) if t.type == "TIMEUNIT" and text[t.start_pos:t.end_pos] == "D" and k
            and tokens[k - 1].type == "NUMBER" else t for k, t in enumerate(tokens)]


_UNDERGONE = re.compile(r"(?:previously\s+)?under(?:went|gone)$", re.I)


def _undergone(tokens: list[Token], text: str) -> list[Token]:
    """'who underwent hysterectomy', 'have undergone LASIK': it was done (HISTORY, as "prior").  Before anything
    but a procedure, diagnosis or drug ("underwent imaging examination evidencing ...") it stays a word."""
    return [_word(t, text) if t.type == "HISTORY" and _UNDERGONE.match(text, t.start_pos, t.end_pos) and not (
        k + 1 < len(tokens) and tokens[k + 1].type in ("PROCEDURE", "CONDITION", "DRUG", "DRUG_CLASS"))
            else t for k, t in enumerate(tokens)]


def _field_colons(tokens: list[Token]) -> list[Token]:
    """'Minimum Age: 18 Years, Maximum Age: 99 Years': registry fields pasted into the criteria; their colon is
    no label (read as one, the rule after it had no subject).  ("Sex: Male and non-pregnant female" keeps its
    label: read whole, it was males only.)"""
    if not any(t.type == "COLON" for t in tokens):
        return tokens
    return [t for k, t in enumerate(tokens) if not (
        t.type == "COLON" and k >= 2 and tokens[k - 1].type == "CMP" and tokens[k - 2].type == "AGE"
        and k + 1 < len(tokens) and tokens[k + 1].type == "NUMBER")]


def _lone_sex(tokens: list[Token]) -> list[Token]:
    """A line that is only a sex ("Male", "Female", "Male patients") is that sex (SEX: of no width).  Not a sex
    among other words ("Women who refuse consent"): those stay what the rest of the line makes them."""
    if len(tokens) == 1 and tokens[0].type in ("MALE", "FEMALE"):
        return [_zero("SEX", "sex", tokens[0].start_pos), tokens[0]]
    return tokens


def _bare_qualifiers(tokens: list[Token], text: str) -> list[Token]:
    """'chronic use of opioids', 'recent exacerbation': a qualifier with no diagnosis after it is an unknown word
    (left out), as it was before qualifiers were read; only one before a diagnosis is a QUALIFIER."""
    if not any(t.type == "QUALIFIER" for t in tokens):
        return tokens
    out: list[Token | None] = list(tokens)
    for k, t in enumerate(tokens):
        if t.type != "QUALIFIER":
            continue
        j = k + 1
        while j < len(tokens) and tokens[j].type in ("QUALIFIER", "SEVERITY"):
            j += 1
        before = next((u.type for u in reversed(tokens[:k]) if u.type != "QUALIFIER"), None)
        if j >= len(tokens) or tokens[j].type != "CONDITION" or before in _LIST_SEP or before == "SEMI":
            # (inside a list, "or recent exacerbation", "or serious brain trauma", it stays a word: the list's
            # reading is kept as it was; "clinically significant" was filler and stays so, except before words
            # that name diagnoses further on: "clinically significant cardiovascular, renal or hepatic disease"
            # is no longer any of them, review 3)
            qualifies_list = any(u.type == "CONDITION" for u in tokens[j:j + 10])
            out[k] = None if t.value in _FILLER_QUALIFIERS and not qualifies_list else _word(t, text)
    return [t for t in out if t is not None]


_FILLER_QUALIFIERS = frozenset({"clinically_significant", "clinically_relevant"})


def _tidy(out: list[Token]) -> list[Token]:
    """Punctuation that holds nothing once filler is gone."""
    # "age 5-8 years, at inclusion": a part that only names the screening date is when every
    # criterion is judged anyway (as_of)
    out = [t for k, t in enumerate(out)
           if not (t.type == "COMMA" and k + 1 < len(out) and out[k + 1].type == "INDEX"
                   and (k + 2 == len(out) or out[k + 2].type in ("COMMA", "SEMI")))
           and not (t.type == "INDEX" and k and out[k - 1].type == "COMMA"
                    and (k + 1 == len(out) or out[k + 1].type in ("COMMA", "SEMI")))]
    # "18-65 years (inclusive)": parentheses left empty by filler hold nothing
    out = [t for k, t in enumerate(out)
           if not (t.type == "LPAR" and k + 1 < len(out) and out[k + 1].type == "RPAR")
           and not (t.type == "RPAR" and k and out[k - 1].type == "LPAR")]
    while out and out[-1].type in ("COMMA", "SEMI"):
        out.pop()  # "diabetes;": the separator before the next line's item joins nothing here
    return out


def _post_onset(tokens: list[Token], text: str) -> list[Token]:
    """'6 months post-stroke', 'post-onset of stroke': after the diagnosis.  Only between a duration and a
    diagnosis: elsewhere 'post' names a state of its own ("post-bronchodilator", "post-exposure prophylaxis")."""
    if not mentions(text, "post"):
        return tokens
    out = []
    for k, t in enumerate(tokens):
        post = t.type == "WORD" and t.value.lower() == "post"
        if post and 0 < k < len(tokens) - 1 and tokens[k - 1].type == "TIMEUNIT" and \
                tokens[k + 1].type in ("CONDITION", "ONSET"):
            t = Token("AFTER", t.value, start_pos=t.start_pos, end_pos=t.end_pos)
        elif k and tokens[k - 1].type == "WORD" and tokens[k - 1].value.lower() == "post" and t.type == "PROCEDURE" \
                and k + 1 < len(tokens) and tokens[k + 1].type == "CONDITION":
            t = _word(t, text)  # "post-cardiac surgery mediastinitis": the diagnosis, after a procedure (left out)
        out.append(t)
    return out


_TREATED = re.compile(r"\b(treatments?|therap(?:y|ies)|treated)\s*$", re.I)


def _treated_when(tokens: list[Token], text: str) -> list[Token]:
    """'treatment for tuberculosis within 6 months', 'no prior therapy for any cancer within 5 years': the window
    is the treatment's, not the diagnosis's onset (an old diagnosis treated last month is in it), and no rule
    holds a treatment of a diagnosis: the treatment word stays, left out, so the line is partial."""
    if not any(t.type == "WITHIN" for t in tokens):
        return tokens
    out: list[Token] = []
    for k, t in enumerate(tokens):
        if t.type == "FOR" and any(u.type == "WITHIN" for u in tokens[k + 1:k + 6]) and any(
                u.type == "CONDITION" for u in tokens[k + 1:k + 3]):
            m = _TREATED.search(text, max(0, t.start_pos - 14), t.start_pos)
            if m and not (out and out[-1].start_pos >= m.start()):
                out.append(Token("WORD", m.group(1), start_pos=m.start(1), end_pos=m.end(1)))
        out.append(t)
    return out


_TREATMENT_WORD = re.compile(r"\b(treatments?|therap(?:y|ies))\b", re.I)
# diagnoses that are a treatment themselves ("hemodialysis treatment" is hemodialysis)
_TREATMENT_STATUSES = frozenset({"hemodialysis"})
_SUBJECTS = frozenset({"CONDITION", "DRUG", "DRUG_CLASS", "PROCEDURE", "ANALYTE"})


def _treatment_of(tokens: list[Token], text: str) -> list[Token]:
    """'previous prostate cancer therapy', 'prior treatment for wet AMD', 'active cancer receiving treatment':
    a treatment of a diagnosis is not the diagnosis (read as it, a prostate cancer trial excluded every
    patient).  No rule holds a treatment of a diagnosis, so the treatment word (filler elsewhere: "statin
    therapy") stays, left out, and the line is partial."""
    if not mentions(text, "treatment", "therap") or not _TREATMENT_WORD.search(text):
        return tokens
    marks: dict[int, Token] = {}  # the token a treatment word goes before -> the word
    for k, t in enumerate(tokens):
        if t.type != "CONDITION" or t.value in _TREATMENT_STATUSES:
            continue
        j = k - 1 if k and tokens[k - 1].type in ("FOR", "OF") else k  # "treatment for X", "therapy of X"
        m = _TREATMENT_WORD.search(text, tokens[j - 1].end_pos if j else 0, tokens[j].start_pos)
        if m is None:
            after = k + 1 if k + 1 < len(tokens) and tokens[k + 1].type == "RECEIVED" else k  # "X receiving treatment"
            stop = tokens[after + 1].start_pos if after + 1 < len(tokens) else len(text)
            m = _TREATMENT_WORD.search(text, tokens[after].end_pos, stop)
            j = after + 1
        if m is not None and not text[m.end():m.end() + 5].lower().startswith((" with", " by")):
            marks.setdefault(j, Token("WORD", m.group(1), start_pos=m.start(1), end_pos=m.end(1)))
    if not marks:
        return tokens
    out: list[Token] = []
    for k, t in enumerate(tokens):
        if k in marks:
            out.append(marks[k])
        out.append(t)
    if len(tokens) in marks:
        out.append(marks[len(tokens)])
    return out


_OTHER = re.compile(r"\bother\b", re.I)


def _other_first(tokens: list[Token], text: str) -> list[Token]:
    """'Presence of other sleep disorders', 'Other active liver diseases': "other" before the first thing a line
    names is other than something the line does not say (often the trial's own disease, which the whole group
    holds: the sleep-apnea trial excluded sleep apnea).  The word stays, left out, and the line is partial.
    After a first item ("asthma or other lung disease") the other is that item, and the group reads right."""
    if not mentions(text, "other") or not _OTHER.search(text):
        return tokens
    for k, t in enumerate(tokens):
        if t.type in _SUBJECTS:
            if t.type not in ("CONDITION", "DRUG_CLASS") or any(u.type == "EXCEPT" for u in tokens[k + 1:]):
                return tokens  # "other connective tissue disease other than APS": the exception says other than what
            for i in range(k, -1, -1):  # the filler between the tokens before it ("Other active liver diseases")
                m = _OTHER.search(text, tokens[i - 1].end_pos if i else 0, tokens[i].start_pos)
                if m is not None and i and (tokens[i - 1].type in ("AND", "OR", "COMMA")
                                            or re.search(r"\b(?:and|or)\s*$", text[:m.start()], re.I)):
                    return tokens  # "alcohol and other drug abuse": other than the item before it
                if m is not None:
                    return tokens[:i] + [Token("WORD", m.group(0), start_pos=m.start(), end_pos=m.end())] + tokens[i:]
            return tokens
    return tokens


_THAT_IS = re.compile(r",\s*(that is)\b", re.I)


def _that_is(tokens: list[Token], text: str) -> list[Token]:
    """'History of heart failure, that is NYHA class III-IV': what follows defines the diagnosis (both at once),
    which no rule reads; read as filler, the definition became an alternative (any heart failure excluded).
    The words stay, left out, and the line is partial."""
    m = _THAT_IS.search(text)
    if m is None:
        return tokens
    k = next((k for k, t in enumerate(tokens) if t.start_pos >= m.end(1)), len(tokens))
    return tokens[:k] + [Token("WORD", m.group(1), start_pos=m.start(1), end_pos=m.end(1))] + tokens[k:]


def _previous_months(tokens: list[Token], text: str) -> list[Token]:
    """'within the 6 previous months', 'the 3 preceding weeks': 'previous' between a number and its time unit
    says nothing more (it is not a history of anything)."""
    return [t for k, t in enumerate(tokens)
            if not (t.type in ("HISTORY", "BEFORE") and 0 < k < len(tokens) - 1
                    and tokens[k - 1].type == "NUMBER" and tokens[k + 1].type == "TIMEUNIT")]


_OLDER = re.compile(r"\b(?:older|younger)\b", re.I)


def _older(tokens: list[Token], text: str) -> list[Token]:
    """'55 and older', 'children 7 and older': a bare number 'or older' / 'or younger' is an age in years.  The
    age is said by the words after the number, so an AGE (of no width) goes before it, where the grammar reads
    one ('aged 18 or older' has its own)."""
    if not mentions(text, "older", "younger") or not _OLDER.search(text):
        return tokens
    out: list[Token] = []
    for k, t in enumerate(tokens):
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if (t.type == "NUMBER" and nxt is not None and nxt.type == "CMP_POST"
                and _OLDER.search(text, nxt.start_pos, nxt.end_pos) and not (out and out[-1].type in ("AGE", "CMP"))):
            out.append(_zero("AGE", "age", t.start_pos))
        out.append(t)
    return out


def _non(tokens: list[Token], text: str) -> list[Token]:
    """'non-smoker', 'non-diabetic', 'non-pregnant': not the condition.

    Diagnoses named with 'non' ("non-Hodgkin lymphoma", "non-insulin dependent
    diabetes") are vocabulary phrases and match whole before this runs.  A 'non'
    before a condition of several words ("non-ischemic cardiomyopathy") narrows it
    rather than negating it: that condition is not read at all (a word, left out).
    """
    out: list[Token] = []
    for tok in tokens:
        prev = out[-1] if out else None
        if (tok.type == "CONDITION" and prev is not None and prev.type == "WORD"
                and prev.value.lower() == "non" and not text[prev.end_pos:tok.start_pos].strip(" -\u2010\u2013")):
            if " " in text[tok.start_pos:tok.end_pos].strip():
                out.append(_word(tok, text))
            else:
                out[-1] = Token("NOT", "non", start_pos=prev.start_pos, end_pos=prev.end_pos)
                out.append(tok)
            continue
        out.append(tok)
    return out


_IN_THE = re.compile(r"\b(?:in|during)(?:\s+the)?\s*$", re.I)


def _in_the_window(tokens: list[Token], text: str) -> list[Token]:
    """'injury in the 6 months prior to the study', 'during 4 weeks before entry': a window.
    ("in the" is filler to the lexicon and "during" an unknown word, so they are read off the
    text; without "before" the number could be a length: "healed in 6 months".)"""
    out: list[Token] = []
    for k, tok in enumerate(tokens):
        if (tok.type == "NUMBER" and [t.type for t in tokens[k + 1:k + 3]] == ["TIMEUNIT", "BEFORE"]
                and not (out and out[-1].type in ("WITHIN", "CMP", "FOR", "DISCONTINUED"))):
            j = len(out)
            while j and out[j - 1].type == "WORD" and out[j - 1].value.lower() in ("in", "during", "the"):
                j -= 1
            m = _IN_THE.search(text, out[j - 1].end_pos if j else 0, tok.start_pos)
            if m:
                del out[j:]
                out.append(Token("WITHIN", m.group(0).strip(), start_pos=m.start(),
                                 end_pos=m.start() + len(m.group(0).rstrip())))
        out.append(tok)
    return out


def _negated_words(tokens: list[Token], text: str) -> list[Token]:
    """'do not speak English, deafness': a 'not' whose part of the line is unknown words negates
    those words, which are left out; it must not reach across the comma to the next subject,
    nor into a parenthesis ("lack of autoimmunity (no history of thyroid disease)")."""
    out = list(tokens)
    for i, tok in enumerate(tokens):
        if tok.type != "NOT":
            continue
        j = i + 1
        while j < len(tokens) and tokens[j].type in ("WORD", "JUDGE"):
            j += 1
        if j > i + 1 and j + 1 < len(tokens) and tokens[j].type in ("COMMA", "SEMI", "LPAR"):
            out[i] = _word(tok, text)
    return out


_ORDINAL = re.compile(r"(?:st|nd|rd|th)\b", re.I)
_MINUS = frozenset({"-", "\u2212", "\u2013"})
_SIGNED = frozenset({"CMP", "AND_CMP", "OR_CMP", "BETWEEN", "TO"})


_AGENTS = frozenset({"DRUG", "DRUG_CLASS", "ALLERGEN"})
# the words "e.g." lexes to (the lexicon has no entry for it: it stays unknown words)
_EG = frozenset({"e", "g", "eg"})
_EG_IE = _EG | {"i", "ie"}


def _agent_run(tokens: list[Token], j: int, step: int) -> list[int]:
    """Indices of the agents and separators of a list of known agents starting at ``j``."""
    run: list[int] = []
    while 0 <= j < len(tokens) and tokens[j].type in _AGENTS:
        run.append(j)
        sep, nxt = j + step, j + 2 * step
        if 0 <= nxt < len(tokens) and tokens[sep].type in _LIST_SEP and tokens[nxt].type in _AGENTS:
            run.append(sep)
        elif (0 <= nxt + step < len(tokens) and tokens[sep].type == "COMMA" and tokens[nxt].type in ("OR", "AND")
              and tokens[nxt + step].type in _AGENTS):
            run += [sep, nxt]  # "A, B, or C"
            nxt += step
        else:
            break
        j = nxt
    return run


def _name_list(tokens: list[Token], j: int, agents: frozenset[str] = _AGENTS) -> tuple[list[int], list[int]]:
    """(names and their separators, separators that touch unknown words) of the list starting at
    ``j`` (after an allergy word, or a contraindication): "allergy to phenylephrine or NSAIDs"
    holds NSAIDs and one unknown name, whose words stay unknown (the rule is partial) and whose
    "or" goes with them.  ``agents``: the token kinds that are names here."""
    items: list[tuple[bool, list[int]]] = []  # (known agent?, token indices)
    seps: list[list[int]] = []  # separators after each item but the last
    k, n = j, len(tokens)
    while k < n:
        if tokens[k].type in agents:
            items.append((True, [k]))
            k += 1
        elif tokens[k].type == "ALLSEX" and k + 1 < n and tokens[k + 1].type in agents and items:
            # "allergy to aspirin, ibuprofen or any other NSAID": "any (other)" goes with the name
            items.append((True, [k, k + 1]))
            k += 2
        elif tokens[k].type in ("WORD", "ROUTE"):
            words = []  # "other oral anticoagulants": a route is a modifier here
            while k < n and tokens[k].type in ("WORD", "ROUTE") and len(words) < 4:
                words.append(k)
                k += 1
            if (k < n and tokens[k].type in agents and len(words) <= 2  # "another NSAID", "liposomal bupivacaine"
                    and not any(tokens[w].value.lower() in _EG_IE for w in words)):  # "e.g.", "i.e."
                items.append((True, [k]))
                k += 1
            else:
                items.append((False, words))
        else:
            break
        sep = []
        while k < n and tokens[k].type in _LIST_SEP and len(sep) < 2:
            sep.append(k)
            k += 1
        if not sep or k >= n or tokens[k].type not in (*agents, "WORD", "ROUTE", "ALLSEX"):
            break
        seps.append(sep)
    if not any(known for known, _ in items):
        return [], []
    keep = [i for known, idx in items if known for i in idx]
    loose: list[int] = []
    known_at = [pos for pos, (known, _) in enumerate(items) if known]
    for pos, sep in enumerate(seps):
        # the separator before an unknown item between two known ones joins the list; the one
        # after it, and those of unknown items at either end, go with the unknown words
        if known_at[0] <= pos < known_at[-1] and items[pos][0]:
            keep += sep
        else:
            loose += sep
    return keep, loose


_KIND_WORDS = frozenset({"against", "type", "types", "kind", "kinds", "form", "forms"})


def _allergies(tokens: list[Token], text: str) -> list[Token]:
    """'allergy to penicillins or latex', 'sirolimus hypersensitivity': the agents of an allergy.

    They become ALLERGEN tokens (their vocabulary id kept), so a drug named in an allergy is
    never read as taking it, and the separators between them AGENT_SEP (the grammar cannot
    tell "allergy to X or pregnancy" from a longer list with one token of lookahead).  An
    allergen named outside an allergy ("breast milk") is an unknown word.
    """
    if not any(t.type in ("ALLERGY", "ALLERGEN") or (t.type == "JUDGE" and "tolerate" in text[t.start_pos:t.end_pos])
               for t in tokens):
        return tokens
    tokens = [Token("ALLERGY", t.value, start_pos=t.start_pos, end_pos=t.end_pos)
              if t.type == "JUDGE" and "tolerate" in text[t.start_pos:t.end_pos].lower()
              and k + 1 < len(tokens) and tokens[k + 1].type in _AGENTS else t
              for k, t in enumerate(tokens)]  # "unable to tolerate metformin": an intolerance
    marked: set[int] = set()
    loose: set[int] = set()
    for k, t in enumerate(tokens):
        if t.type != "ALLERGY":
            continue
        j = k + 1
        while j + 1 < len(tokens) and tokens[j].type in _LIST_SEP and (tokens[j + 1].type == "ALLERGY" or (
                tokens[j + 1].type == "JUDGE" and "contraindicat" in text[tokens[j + 1].start_pos:].lower()[:16])):
            j += 2  # "allergy or hypersensitivity to", "hypersensitivity or contraindication to" (its drugs are
            # the allergy's too, never taken; the contraindication stays a person's judgement)
        # "allergy against to penicillin", "allergic reaction to any type of local anesthetic"
        while j < len(tokens) and (tokens[j].type in ("TO", "ALLSEX", "OF") or (
                tokens[j].type == "WORD" and tokens[j].value.lower() in _KIND_WORDS)):
            if tokens[j].type == "WORD":
                loose.add(j)
            j += 1
        if j < len(tokens) and tokens[j].type == "COLON":  # "Known allergies to: aspirin, ..."
            j += 1
        if j < len(tokens) and tokens[j].type == "EITHER":  # "allergy to either morphine or NSAIDs"
            loose.add(j)
            j += 1
        keep, words = _name_list(tokens, j)
        marked.update(keep)
        loose.update(words)
        loose.update(i for i in range(j, max([j - 1, *keep, *words]) + 1) if tokens[i].type == "ROUTE")
        if k and tokens[k - 1].type in _AGENTS:
            marked.update(_agent_run(tokens, k - 1, -1))
    out = []
    for k, t in enumerate(tokens):
        if k in marked and t.type == "ALLSEX":
            continue  # "or any other NSAID": the name is the class
        if k in marked:
            kind = "ALLERGEN" if t.type in _AGENTS else "AGENT_SEP"
            value = t.value if kind == "ALLERGEN" else t.type.lower()
            t = Token(kind, value, start_pos=t.start_pos, end_pos=t.end_pos)
        elif t.type == "ALLERGEN" or k in loose:
            t = _word(t, text)
        out.append(t)
    return out


_NAMED_THINGS = frozenset({"DRUG", "DRUG_CLASS", "ALLERGEN", "CONDITION", "PROCEDURE"})
# judgement cues after which a drug or diagnosis is not taken or had now, or not the patient's
# (grammars/lexicon.tsv)
# "with or without X" (a WORD of the lexicon): either way, so X decides nothing
_EITHER_WAY = "with_or_without"  # (its value; the cue below is its text)
_NOT_NOW = ("with or without", "contra", "plan", "schedul", "candidate", "eligible", "indication", "intend", "intention", "wish",
            "desire", "will ", "expected", "anticipated", "famil", "first", "second", "relative", "mother",
            "father", "parent", "sibling", "risk", "at risk", "high risk", "increased risk", "prevent", "preclud",
            "resistan", "sensitiv", "unable to take", "unable to receive", "unable to use", "cannot take",
            "cannot receive")
# what a patient is (un)willing, (un)able or agrees to do, or refuses, is a judgement too, not the
# drug or diagnosis it names: "willing to discontinue warfarin" is no "taking warfarin"
_WILLING = ("willing", "unwilling", "agree", "unable", "inability", "refus")


def _contraindications(tokens: list[Token], text: str) -> list[Token]:
    """'contraindication to enoxaparin', 'planning to become pregnant', 'candidate for liver
    transplantation', 'family history of breast cancer', 'pain medication (except paracetamol)':
    what a contraindication, plan, indication, risk or relative names is not the patient's drug
    or diagnosis now, so it stays unknown words (the line is then a judgement, or its examples
    after "e.g." decide); nor is what a drug rule excepts: right after a drug or class ("NSAIDs other than
    aspirin"), the excepted drugs are XDRUG, which only the drug rule's exception reads (criteria.lark,
    drug_except); elsewhere ("pain medication (except paracetamol)") they are words."""
    if not any(t.type in ("JUDGE", "EXCEPT") or t.value == _EITHER_WAY for t in tokens):
        return tokens
    out = list(tokens)
    for k, tok in enumerate(tokens):
        if tok.type not in ("JUDGE", "EXCEPT") and tok.value != _EITHER_WAY:
            continue
        cue = text[tok.start_pos:tok.end_pos].lower()
        if tok.type == "JUDGE" and cue.startswith("contraindicated"):
            for i in _named_before(tokens, k):  # "treatment with methylphenidate is contraindicated"
                out[i] = _word(tokens[i], text)
        not_now = tok.type in ("JUDGE", "WORD") and cue.startswith(_NOT_NOW)
        if not (_drug_exception(tokens, k) or not_now or (tok.type == "JUDGE" and cue.startswith(_WILLING))):
            continue
        j = k + 1
        while j < len(tokens) and (tokens[j].type in ("TO", "FOR", "RECEIVED", "TAKING", "OF", "ROUTE", "ACTIVE")
                                   or (tokens[j].type == "COLON" and (j == k + 1 or tokens[j - 1].type == "TO"))
                                   or (tokens[j].type in ("WORD", "JUDGE") and j - k <= 3)):
            j += 1  # "contraindication to the use of oral ...", "to receive adjuvant chemotherapy"
        while j > k + 1 and tokens[j - 1].type == "WORD" and j < len(tokens) and tokens[j].type in _LIST_SEP:
            # the list may start with an unknown name ("contraindication to carvedilol, or atorvastatin");
            # a name right after the words is the list's first item ("unwilling to accept a blood transfusion")
            j -= 1
        keep, loose = _name_list(tokens, j, _NAMED_THINGS)
        p = max([j - 1, *keep, *loose]) + 1  # "resistance to the drugs used in this study (fentanyl, ...)"
        while p < len(tokens) and p - k <= 8 and tokens[p].type in ("WORD", "OF", "TO", "FOR", "INDEX", "JUDGE"):
            p += 1
        if p < len(tokens) and tokens[p].type == "LPAR":
            # (only drugs: "contraindication to etomidate (sepsis, porphyria)" names the patient's
            # diagnoses that make it one, which decide; "(e.g. warfarin)" are the object's examples)
            q = p + 1
            while q < len(tokens) and tokens[q].type == "WORD" and tokens[q].value.lower() in _EG:
                q += 1
            more, loose_more = _name_list(tokens, q, _AGENTS)
            keep, loose = keep + more, loose + loose_more
        own = tok.type == "EXCEPT" and tokens[k - 1].type in ("DRUG", "DRUG_CLASS")
        own = own or paren_except(tokens, k)  # lists6: "anticoagulants (excluding aspirin)" (screener/parse/lists6.py)
        for i in {*keep, *loose}:
            if own and tokens[i].type in ("DRUG", "DRUG_CLASS"):
                out[i] = Token("XDRUG", tokens[i].value, start_pos=tokens[i].start_pos, end_pos=tokens[i].end_pos)
            elif not (own and tokens[i].type in _LIST_SEP):
                out[i] = _word(tokens[i], text)
        for i in range(j, max([j - 1, *keep, *loose]) + 1):
            if out[i].type == "ROUTE":
                out[i] = _word(tokens[i], text)  # "unable to take other oral anticoagulants"
        j = max([j - 1, *keep, *loose]) + 1
        # "pregnancy or planning to become pregnant": the "or" goes with the words it joins
        rest = out[j:next((i for i in range(j, len(out)) if out[i].type in ("COMMA", "SEMI")), len(out))]
        if not_now and k >= 2 and tokens[k - 1].type in ("OR", "AND") and not any(t.type in _NAMED_THINGS for t in rest):
            out[k - 1] = _word(tokens[k - 1], text)
    return out


_VACCINE = re.compile(r"vaccin|immuni[sz]", re.I)


def _vaccines(tokens: list[Token], text: str) -> list[Token]:
    """'EV71 vaccine', 'vaccination against diphtheria, tetanus, hepatitis B': a vaccine's disease is
    not the patient's diagnosis.  (A vaccine of the vocabulary is one IMMUNIZATION token already:
    "influenza vaccine", "vaccinated against hepatitis B"; parse/immunizations.py reads where it stands.)"""
    if not mentions(text, "vaccin", "immuni") or not _VACCINE.search(text):
        return tokens
    out = list(tokens)
    for k, tok in enumerate(tokens):
        if tok.type == "WORD" and _VACCINE.match(tok.value):
            if k and tokens[k - 1].type == "CONDITION":
                out[k - 1] = _word(tokens[k - 1], text)  # "influenza vaccine"
            j = k + 1
            while j < len(tokens) and tokens[j].type in ("WORD", "OF", "FOR") and j - k <= 2:
                j += 1  # "vaccination against diphtheria, tetanus, hepatitis B"
            keep, loose = _name_list(tokens, j, frozenset({"CONDITION"})) if j > k + 1 else ([], [])
            for i in {*keep, *loose}:
                out[i] = _word(tokens[i], text)
    return out


def _on_a_condition(tokens: list[Token], text: str) -> list[Token]:
    """'On hemodialysis', 'patients on dialysis': "on" before a condition group (a treatment state the
    records code as a diagnosis, Z99.2) is that state now, as "ongoing dialysis" reads."""
    return [Token("ACTIVE", "active", start_pos=t.start_pos, end_pos=t.end_pos)
            if t.type == "TAKING" and text[t.start_pos:t.end_pos].lower() == "on" and k + 1 < len(tokens)
            and tokens[k + 1].type == "CONDITION"
            # (only where "on" starts a clause: a "trial on cancer treatment" is no state of the patient's)
            and (k == 0 or tokens[k - 1].type in ("ACTIVE", "SEMI", "LPAR"))
            else t for k, t in enumerate(tokens)]


# the verbs that say a diagnosis is being treated with a drug ("received" alone is a past course)
_TREATING = frozenset({"on", "treated with", "being treated with", "receiving", "taking", "currently taking", "using"})


def _treated_with(tokens: list[Token], text: str) -> list[Token]:
    """'type 2 diabetes on metformin', 'COPD treated with inhaled steroids': the verb right after a diagnosis and
    before a drug is TREATED (criteria.lark condition_treated: the diagnosis and the drug now)."""
    out = list(tokens)
    for k, tok in enumerate(tokens):
        if tok.type not in ("TAKING", "RECEIVED") or not k or tokens[k - 1].type != "CONDITION" \
                or " ".join(text[tok.start_pos:tok.end_pos].lower().split()) not in _TREATING:
            continue
        words = 0
        for t in tokens[k + 1:k + 8]:
            if t.type in ("DRUG", "DRUG_CLASS"):
                out[k] = Token("TREATED", tok.value, start_pos=tok.start_pos, end_pos=tok.end_pos)
                break
            if t.type == "WORD" and words < 2:
                words += 1  # "on daily insulin"
            elif t.type not in ("ROUTE", "STABLE", "DOSE", "OF"):
                break
    return out


def _stray_routes(tokens: list[Token], text: str) -> list[Token]:
    """'active systemic infection': a route names how a drug is given; before a diagnosis (through a
    route list) it is an unknown word, left out (the line is partial)."""
    out = list(tokens)
    for k, tok in enumerate(tokens):
        if tok.type != "ROUTE":
            continue
        j = k + 1
        while j < len(tokens) and tokens[j].type in ("ROUTE", "SLASH", "OR", "COMMA"):
            j += 1
        w = j
        while w < len(tokens) and tokens[w].type == "WORD":
            w += 1
        if (j < len(tokens) and tokens[j].type == "CONDITION") or (
                j == k + 1 and (w == len(tokens) or tokens[w].type in ("COMMA", "SEMI"))):
            # ("infection requiring systemic treatment": no drug after it either)
            out[k] = _word(tok, text)
    return out


def _trailing_connectives(tokens: list[Token], text: str) -> list[Token]:
    """'psychosis or altered cognitive status': an "or" (or "and") after a name, followed by
    nothing but unknown words up to the end of its part, joins those words, which are left out;
    the name still compiles (the line is partial) instead of the parse failing at the "or"."""
    out = list(tokens)
    # "Known or suspected infection": with "known" gone as filler, a line that starts with a
    # connective joins words it lost to nothing; the connective goes with them
    lead = 1 if tokens and tokens[0].type in ("OR", "AND") else 0
    while lead and lead < len(tokens) and tokens[lead].type == "WORD":
        lead += 1
    if lead > 1:
        out[0] = _word(tokens[0], text)
    for k, tok in enumerate(tokens):
        if tok.type == "OR" and k and tokens[k - 1].type in ("ACTIVE", "SEVERITY", "HISTORY", "WORD"):
            # "Uncontrolled or significant cardiovascular disease", "past or present psychotic disorder":
            # an 'or' between a qualifier and an unknown word before the diagnosis joins them; both go
            j = k + 1
            while j < len(tokens) and tokens[j].type == "WORD":
                j += 1
            if j > k + 1 and j < len(tokens) and tokens[j].type in _NAMED_THINGS and (
                    tokens[k - 1].type != "WORD" or (k > 1 and tokens[k - 2].type in ("ACTIVE", "SEVERITY", "HISTORY"))):
                out[k] = _word(tok, text)
                continue
        if tok.type not in ("OR", "AND", "SLASH") or not k or tokens[k - 1].type not in _NAMED_THINGS | {"ANALYTE"}:
            continue
        j = k + 1
        while j < len(tokens) and tokens[j].type in ("WORD", "JUDGE", "OF"):
            j += 1
        if j > k + 1 and (j == len(tokens) or tokens[j].type in ("COMMA", "SEMI")):
            out[k] = _word(tok, text)
    return out


_THRESHOLD_END = frozenset({"NUMBER", "UNIT", "TIMEUNIT"})




def _numbers_of(head: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """The head as written, then in the other number ("disorders" -> "disorder")."""
    last = head[-1]
    other = last[:-1] if last.endswith("s") else last + "s"
    return head, head[:-1] + (other,)


def _list_words(tokens: list[Token], k: int, step: int):
    """The indices of the words of a list beside the token at ``k``, nearest first: 'A, B or [k]'
    (step -1), '[k], B or C' (step 1). Stops at the first item that is not an unknown word."""
    j = k + step
    while 0 <= j < len(tokens) and tokens[j].type in _LIST_SEP:
        while 0 <= j < len(tokens) and tokens[j].type in _LIST_SEP:
            j += step  # ", or"
        if not 0 <= j < len(tokens) or tokens[j].type != "WORD":
            return
        yield j
        j += step


def _retype_list_words(tokens: list[Token], out: list[Token], k: int, step: int, keys) -> None:
    """Each word of the list beside ``k`` whose phrase (``keys(word)``: the candidate keys, or None)
    is a vocabulary diagnosis becomes that diagnosis; the first that is not ends the list."""
    table = phrase_table()
    for j in _list_words(tokens, k, step):
        entry = next((e for key in keys(tokens[j]) or () if (e := table.get(key))), None)
        if entry is None or entry.source != "vocabulary" or entry.tokens[0][0] != "CONDITION":
            return
        out[j] = Token("CONDITION", entry.tokens[0][1], start_pos=tokens[j].start_pos, end_pos=tokens[j].end_pos)
        for i in range(min(j, k) + 1, max(j, k)):
            if tokens[i].type == "AND":
                # "ischemic and hemorrhagic stroke": the kinds of one diagnosis, either of them (in an
                # inclusion an 'and' would ask for both at once)
                out[i] = Token("OR", "or", start_pos=tokens[i].start_pos, end_pos=tokens[i].end_pos)


def _shared_heads(tokens: list[Token], text: str) -> list[Token]:
    """'respiratory, neurological, or renal disease', 'liver and kidney disease': the words of a
    list before a diagnosis share its head noun, so each word that makes a diagnosis with that
    head ("neurological disease", "liver disease") is that diagnosis; the others stay words."""
    out = list(tokens)
    for k, tok in enumerate(tokens):
        if tok.type != "CONDITION" or k < 2 or tokens[k - 1].type not in _LIST_SEP:
            continue
        head = key_of(text[tok.start_pos:tok.end_pos])[1:]
        if head:
            _retype_list_words(tokens, out, k, -1,
                               lambda word: [tuple(key_of(word.value)) + h for h in _numbers_of(head)])
            # "Active bleeding, bleeding diathesis": a word that repeats the first word of the item after it is an
            # item of its own ("bleeding"), not that item again; it stays a word
            first = key_of(text[tok.start_pos:tok.end_pos])[:1]
            for j in range(k):
                if out[j] is not tokens[j] and tuple(key_of(tokens[j].value)) == tuple(first):
                    out[j] = tokens[j]
    return out


def _shared_stems(tokens: list[Token], text: str) -> list[Token]:
    """'hepatitis B, C or D', 'hepatitis A, B and C': the words of a list after a diagnosis share
    its stem, so each word that makes a vocabulary diagnosis with the stem is that diagnosis."""
    out = list(tokens)
    for k, tok in enumerate(tokens):
        if tok.type != "CONDITION" or k + 2 >= len(tokens) or tokens[k + 1].type not in _LIST_SEP:
            continue
        if any(t.type in ("NEGATIVE", "POSITIVE") for t in tokens[max(0, k - 6):k]):
            continue  # "negative for hepatitis B, C", "positive for HIV or hepatitis A, B": test results
        stem = key_of(text[tok.start_pos:tok.end_pos])[:-1]
        if stem:
            # (a short word only: a letter or a numeral, "B", "C", "II")
            _retype_list_words(tokens, out, k, 1,
                               lambda word: [stem + tuple(key_of(word.value))] if len(word.value) <= 2 else None)
    return out


_NAIVE = re.compile(r"na[iï]ve", re.I)


def _naive(tokens: list[Token], text: str) -> list[Token]:
    """'chemotherapy-naive', 'biologic naive', 'methotrexate-naïve patients': never received it."""
    if not mentions(text, "naive", "naïve"):
        return tokens
    out: list[Token] = []
    for tok in tokens:
        if (tok.type == "WORD" and tok.value.lower() in ("naive", "naïve") and out
                and out[-1].type in ("DRUG", "DRUG_CLASS")):
            drug = out.pop()
            out += [_zero("NOT", "not", drug.start_pos), _zero("RECEIVED", "received", drug.start_pos),
                    Token(drug.type, drug.value, start_pos=drug.start_pos, end_pos=tok.end_pos)]
            continue
        out.append(tok)
    return out


def _infections(tokens: list[Token], text: str) -> list[Token]:
    """'Human Immunodeficiency Virus (HIV) infection', 'hepatitis B infection': the infection of a
    named disease is that disease, not a second diagnosis (any active infection)."""
    out: list[Token] = []
    for tok in tokens:
        if (tok.type == "CONDITION" and out and out[-1].type == "CONDITION"
                and text[tok.start_pos:tok.end_pos].lower() in ("infection", "infections")):
            prev = out.pop()
            tok = Token("CONDITION", prev.value, start_pos=prev.start_pos, end_pos=tok.end_pos)
        elif (tok.type == "CONDITION" and out and out[-1].type == "CONDITION"
                and text[out[-1].start_pos:out[-1].end_pos].lower() in ("infection", "infections")
                and re.fullmatch(r"\s*(with|by|due to)\s*", text[out[-1].end_pos:tok.start_pos].lower())):
            # "infection with HIV", "active infection with CMV": that disease
            prev = out.pop()
            tok = Token("CONDITION", tok.value, start_pos=prev.start_pos, end_pos=tok.end_pos)
        out.append(tok)
    return out


def _both_diagnoses(tokens: list[Token], text: str) -> list[Token]:
    """'pulmonary hypertension associated with chronic respiratory disease', 'renal failure requiring
    dialysis': two diagnoses joined by a linking word are both the patient's. They go in
    parentheses (of no width) joined by 'and', so a list around them keeps them together; the
    linking word is left out, so the line is partial and never decides alone.

    Two diagnoses with no word between ("diabetic neuropathy", "hypertension with heart failure")
    are not read so: ICD-10-CM often codes such a pair as one combination code (E11.42, I11.0)
    that only one of the two groups holds, and the reading would then say no to a patient who has it."""
    if sum(1 for t in tokens if t.type == "CONDITION") < 2:
        return tokens
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        j = k + 1
        while j < len(tokens) and tokens[j].type == "WORD" and _LINKING.fullmatch(tokens[j].value.lower()):
            j += 1
        # "pregnant women with APS": pregnancy is a state, no combination code joins it to a disease
        # (written "pregnant", before a disease: "Pregnancy-Lactation" is two states, either excludes)
        adjacent_ok = tok.type == "CONDITION" and tok.value == "pregnancy" \
            and text[tok.start_pos:tok.end_pos].lower().startswith("pregnant") \
            and j < len(tokens) and tokens[j].value not in _STATES
        if tok.type == "CONDITION" and (k + 1 < j or adjacent_ok) and j < len(tokens) \
                and tokens[j].type == "CONDITION" and tokens[j].value != "pregnancy" \
                and (j + 1 == len(tokens) or tokens[j + 1].type != "CONDITION"):
            c = len(out)
            while c > 0 and out[c - 1].type in _CONDITION_HEAD:
                c -= 1
            out.insert(c, _zero("LPAR", "(", out[c].start_pos if c < len(out) else tok.start_pos))
            nxt = tokens[j]
            # CLAUSE_AND: a literal 'and' (a list's 'and' would mean either, in an exclusion)
            out += [tok, *tokens[k + 1:j], _zero("CLAUSE_AND", "and", nxt.start_pos), nxt,
                    _zero("RPAR", ")", nxt.end_pos)]
            k = j + 1
            continue
        out.append(tok)
        k += 1
    return out


# states a pregnant patient can be in beside her pregnancy, not diseases she has with it
_STATES = frozenset({"pregnancy", "breastfeeding", "postpartum"})

# words between two diagnoses that say the second goes with the first (they are left out: partial)
_LINKING = re.compile(r"requiring|associated|complicated|accompanied|secondary|due|caused|related|induced")


_SEXES = frozenset({"MALE", "FEMALE"})


# the population words after which a comparison in years is the age ("Adults over 50 years", "Children 2-5 years")
_AGE_IN_YEARS = frozenset({"adult", "adults", "children", "adolescent", "adolescents"})


def _adults(tokens: list[Token], text: str) -> list[Token]:
    """'Adults aged 18-65', 'Adult patients (>= 18 years)': where the line gives the age, "adult" says
    nothing more and goes; 'Adult men and women over 50 years', 'Adults (18 and older)': the
    comparison after it is the age (named right before it). Elsewhere it stays a word, left out: no
    age is guessed for it."""
    if not any(t.type == "ADULT" for t in tokens):
        return tokens
    aged = any(t.type in ("AGE", "OLD") for t in tokens)
    age_at: set[int] = set()
    out: list[Token] = []
    for k, tok in enumerate(tokens):
        if k in age_at:
            out.append(_zero("AGE", "age", tok.start_pos))
        if tok.type != "ADULT":
            out.append(tok)
            continue
        if k and tokens[k - 1].type in ("NUMBER", "CMP"):
            out.append(_word(tok, text))  # "at least one child <= 6 years": someone else's age
            continue
        if aged:
            continue
        if tok.value.lower() not in _AGE_IN_YEARS:
            # "newborn infants < 28 weeks": weeks of an infant may be of gestation; no age is read for it
            out.append(_word(tok, text))
            continue
        j = next((i for i in range(k + 1, min(len(tokens), k + 8))
                  if tokens[i].type not in ("WORD", "MALE", "FEMALE", "ALLSEX", "AND", "OR", "LPAR", "SLASH")), None)
        if j is not None and tokens[j].type in ("CMP", "BETWEEN", "NUMBER") and any(
                t.type in ("TIMEUNIT", "CMP_POST") for t in tokens[j:j + 5]):
            age_at.add(j)
            continue
        out.append(_word(tok, text))
    return out


def _half_life_windows(tokens: list[Token]) -> list[Token]:
    """'within 30 days or (fewer than) 5 half-lives prior to screening': the washout's second extent
    (its comparator says nothing more), and, with no "whichever" said, the longer of the two, as
    washouts are written (the reading that excludes more)."""
    if not any(t.type == "HALF_LIVES" for t in tokens):
        return tokens
    out: list[Token] = []
    for k, tok in enumerate(tokens):
        if tok.type == "CMP" and out and out[-1].type == "OR" and len(out) > 1 and out[-2].type == "TIMEUNIT" \
                and k + 2 < len(tokens) and tokens[k + 1].type == "NUMBER" and tokens[k + 2].type == "HALF_LIVES":
            continue
        if tok.type == "OR_CMP" and out and out[-1].type == "TIMEUNIT" and k + 2 < len(tokens) \
                and tokens[k + 1].type == "NUMBER" and tokens[k + 2].type == "HALF_LIVES":
            tok = Token("OR", "or", start_pos=tok.start_pos, end_pos=tok.end_pos)
        out.append(tok)
        if tok.type == "HALF_LIVES" and len(out) >= 4 and out[-3].type == "OR" and out[-4].type == "TIMEUNIT" \
                and (k + 1 == len(tokens) or tokens[k + 1].type != "LONGER"):
            out.append(_zero("LONGER", "longer", tok.end_pos))
    return out


def _count_subjects(tokens: list[Token]) -> list[Token]:
    """'Current smoker of more than 10 cigarettes a day', 'A smoking history of > 10 pack years': a
    count of consumption after a diagnosis is how much of it; the diagnosis is the comparison's
    (unmapped) subject, as no record counts it."""
    out = list(tokens)
    for k in range(1, len(tokens) - 2):
        if not (tokens[k].type == "CMP" and tokens[k + 1].type == "NUMBER" and tokens[k + 2].type == "UNIT"
                and tokens[k + 2].value.startswith("{")):
            continue
        j = k - 1
        while j >= 0 and tokens[j].type in ("OF", "HISTORY", "WORD", "LPAR"):
            j -= 1  # ("Smokers (less than 20 cigars/day)")
        if j >= 0 and tokens[j].type == "CONDITION":
            t = tokens[j]
            out[j] = Token("SUBJECT", t.value.replace("_", " "), start_pos=t.start_pos, end_pos=t.end_pos)
            for i in range(j + 1, k):
                out[i] = None
            if tokens[k - 1].type == "LPAR" and k + 3 < len(tokens) and tokens[k + 3].type == "RPAR":
                out[k + 3] = None
    return [t for t in out if t is not None]


def _sex_then_not(tokens: list[Token]) -> list[Token]:
    """'Men or women without osteoporosis', 'Women not sexually active ...': the sex, and the
    negation after it (an 'and' of no width joins them; 'without' has no connective to take)."""
    out: list[Token] = []
    for k, tok in enumerate(tokens):
        if tok.type == "NOT" and k and tokens[k - 1].type in _SEXES:
            if not (k > 1 and tokens[k - 2].type in ("OR", "AND", "SLASH", "SEX")):
                # one sex alone is a clause only as "sex female"
                out.insert(len(out) - 1, _zero("SEX", "sex", tokens[k - 1].start_pos))
            # (a clause-level 'and': a sex list's own 'and' would expect the other sex)
            out.append(_zero("CLAUSE_AND", "and", tok.start_pos))
        out.append(tok)
    return out


_ITEM_KINDS = {"CONDITION": "event", "PROCEDURE": "event", "DRUG": "drug", "DRUG_CLASS": "drug",
               "ANALYTE": "measure", "SUBJECT": "measure", "AGE": "age", "NUMBER": "number",
               "ALLERGEN": "allergy", "MALE": "sex", "FEMALE": "sex"}


def _item_kind(part: list[Token]) -> str | None:
    """The kind of a list item: its first named thing ("DSM-5 diagnosis of schizophrenia" is a
    diagnosis); a number only where it names nothing else."""
    kinds = [_ITEM_KINDS[t.type] for t in part if t.type in _ITEM_KINDS]
    return next((k for k in kinds if k != "number"), kinds[0] if kinds else None)


def _serial_or(tokens: list[Token], text: str) -> list[Token]:
    """'history of MI, PCI or CABG', 'hypertension, diabetes, or smoking': a comma list that ends in
    "or" is one "or" list; read as commas, an inclusion's items would all be required (to_ir.py,
    list semantics) wherever the list mixes token kinds the grammar keeps apart. Only the commas
    between items of the last item's kind join it, so a head stays apart: "hypertension, with SBP
    > 140 mmHg, or DBP > 90 mmHg" keeps "hypertension" required. The run starts after the last
    semicolon, colon or "and" at the top level."""
    depth, run = 0, []
    drop: set[int] = set()
    to_or: set[int] = set()
    for k, tok in enumerate(tokens):
        depth += (tok.type == "LPAR") - (tok.type == "RPAR")
        if depth:
            continue
        if tok.type in ("SEMI", "COLON", "AND"):
            run = []
        elif tok.type == "COMMA":
            run.append(k)
        elif tok.type == "OR" or (tok.type == "WORD" and tok.value.lower() == "or"):
            kind = _item_kind(tokens[k + 1:_item_end(tokens, k + 1)]) if run else None
            if kind is not None:
                # the items between the commas: items[i] and items[i + 1] are the two sides of run[i]
                starts = [_run_start(tokens, run[0])] + [c + 1 for c in run]
                items = [tokens[a:b] for a, b in zip(starts, run + [k])]
                for i in range(len(run) - 1, -1, -1):
                    if _item_kind(items[i]) != kind or (items[i + 1] and _item_kind(items[i + 1]) != kind):
                        break
                    if run[i] == k - 1:
                        drop.add(run[i])  # ", or": the comma goes, the 'or' joins
                    else:
                        to_or.add(run[i])
            run = []
    if not to_or and not drop:
        return tokens
    return [Token("OR", "or", start_pos=t.start_pos, end_pos=t.end_pos) if k in to_or else t
            for k, t in enumerate(tokens) if k not in drop]


def _item_end(tokens: list[Token], start: int) -> int:
    """Where the list item that begins at ``start`` ends: the next top-level separator."""
    depth = 0
    for e in range(start, len(tokens)):
        depth += (tokens[e].type == "LPAR") - (tokens[e].type == "RPAR")
        if depth == 0 and tokens[e].type in ("COMMA", "SEMI", "COLON", "AND", "OR"):
            return e
    return len(tokens)


def _run_start(tokens: list[Token], first_comma: int) -> int:
    """Where the first item of a comma run begins: after the last top-level break before it."""
    k = first_comma - 1
    while k >= 0 and tokens[k].type not in ("SEMI", "COLON", "AND"):
        k -= 1
    return k + 1


def _serial_and(tokens: list[Token]) -> list[Token]:
    """'WBC < 3, Hb < 10 g/dL and platelets < 100': the 'and' that ends a list of commas is
    one more of its commas, so the list's items are separate criteria (to_ir.py, list
    semantics) and not the last two joined. 'between 18 and 65' keeps its 'and'."""
    depth, comma, between, semi = 0, False, False, False
    out: list[Token] = []
    for k, tok in enumerate(tokens):
        depth += (tok.type == "LPAR") - (tok.type == "RPAR")
        if tok.type == "AND" and out and out[-1].type in _SEXES and k + 1 < len(tokens) \
                and tokens[k + 1].type in _SEXES:
            out.append(tok)  # "age 18-65, male and female": both sexes, one clause
            continue
        if tok.type == "SEMI":
            comma = between = False
            semi = depth == 0
        elif (tok.type == "AND" and depth == 0 and semi and not comma and not between and tok.end_pos > tok.start_pos
              and out and out[-1].type in ("NUMBER", "UNIT", "REF", "TIMEUNIT") and k + 1 < len(tokens)
              and tokens[k + 1].type in ("ANALYTE", "DRUG", "DRUG_CLASS", "CONDITION")):
            # "doxorubicin > 500 mg/m2; epirubicin > 900 mg/m2; mitoxantrone > 120 mg/m2 and idarubicin > 90 mg/m2":
            # the 'and' that ends a list of semicolons is one more of them (session-13 audit 5)
            tok = Token("SEMI", tok.value, start_pos=tok.start_pos, end_pos=tok.end_pos)
        elif depth == 0 and tok.type == "COMMA":
            comma, between = True, False
        elif tok.type == "BETWEEN":
            between = True
        elif tok.type == "AND" and depth == 0 and comma and not between and tok.end_pos > tok.start_pos:
            # (an 'and' of no width is this lexer's own: "heart failure [and] NYHA class III")
            tok = Token("COMMA", tok.value, start_pos=tok.start_pos, end_pos=tok.end_pos)
        out.append(tok)
    return out


def _sex_tags(tokens: list[Token]) -> list[Token]:
    """'< 11 g/dL in females', '> 440 ms (men)', '> 1.5 mg/dL for men': a value's sex, one SEX_TAG."""
    if not any(t.type in ("MALE", "FEMALE") for t in tokens):
        return tokens
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        j = k + 1 if tok.type in ("FOR", "LPAR") else k
        if (out and out[-1].type in _THRESHOLD_END and j < len(tokens) and tokens[j].type in ("MALE", "FEMALE")
                and (tok.type != "LPAR" or (j + 1 < len(tokens) and tokens[j + 1].type == "RPAR"))):
            end = j + 1 if tok.type == "LPAR" else j
            after = tokens[end + 1].type if end + 1 < len(tokens) else None
            if after in (None, "AND_CMP", "OR_CMP", "AND", "OR", "COMMA", "SEMI", "RPAR"):
                out.append(Token("SEX_TAG", tokens[j].type.lower(), start_pos=tok.start_pos,
                                 end_pos=tokens[end].end_pos))
                k = end + 1
                continue
        out.append(tok)
        k += 1
    return out


def _named_before(tokens: list[Token], k: int) -> list[int]:
    """The drugs or diagnoses just before ``k`` (at most two unknown words between)."""
    b = k - 1
    while b >= 0 and tokens[b].type == "WORD" and k - b <= 2:
        b -= 1
    return _agent_run(tokens, b, -1) if b >= 0 and tokens[b].type in _NAMED_THINGS else []


def _drug_exception(tokens: list[Token], k: int) -> bool:
    """'pain medication (except paracetamol)', 'NSAIDs other than aspirin': an exception after a drug or
    unknown words."""
    if tokens[k].type != "EXCEPT" or not k:
        return False
    before = tokens[k - 2] if k > 1 and tokens[k - 1].type == "LPAR" else tokens[k - 1]
    return before.type in ("WORD", "DRUG", "DRUG_CLASS")


def _ordinal(text: str, end: int) -> bool:
    return bool(_ORDINAL.match(text, end))


def _negative(pieces, i: int, out: list[Token]) -> bool:
    """A minus sign glued to the number, right after a comparator ("<= -3", "between -2 and 2")."""
    if i == 0 or pieces[i - 1][1] not in _MINUS or pieces[i - 1][3] != pieces[i][2]:
        return False
    if out and out[-1].type in _SIGNED and out[-1].end_pos <= pieces[i - 1][2]:
        return True
    # "with -1 to -10 diopters": a minus after a space, not after a number (where it is a range's dash)
    spaced = i < 2 or pieces[i - 2][3] < pieces[i - 1][2]
    return spaced and not (out and out[-1].type in ("NUMBER", "UNIT", "TIMEUNIT", "TO"))


_MONTHS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
})
_YEAR_CUES = _MONTHS | {"since", "in", "year", "during", "from", "until"}


def _is_year(tok: Token) -> bool:
    return tok.type == "NUMBER" and tok.value.isdigit() and 1900 <= int(tok.value) <= 2099


def _years(tokens: list[Token]) -> list[Token]:
    """'between January 2015 and July 2018', 'since 2010': calendar years are dates, not quantities.

    A year-like number with no unit is a year when a month or 'since'/'in' comes
    right before it, or when two of them stand in the same line joined as a range.
    """
    # a comparator before it makes it a quantity: "platelets > 2000 and < 3000"
    years = [k for k, t in enumerate(tokens) if _is_year(t)
             and not (k + 1 < len(tokens) and tokens[k + 1].type in ("UNIT", "TIMEUNIT"))
             and not (k and tokens[k - 1].type in ("CMP", "AND_CMP", "OR_CMP"))]
    if not years:
        return tokens
    cued = [k for k in years if (k > 0 and tokens[k - 1].value.lower() in _YEAR_CUES) or _edition(tokens, k)]
    dates = years if len(years) > 1 and (cued or _joined(tokens, years)) else cued
    for k in dates:
        t = tokens[k]
        tokens[k] = Token("WORD", t.value, start_pos=t.start_pos, end_pos=t.end_pos)
    return tokens


_EDITION_WORDS = frozenset({"criteria", "classification", "guidelines", "guideline", "definition", "consensus",
                            "version", "edition", "revised", "revision"})


def _edition(tokens: list[Token], k: int) -> bool:
    """'ESC 2013', 'the 2010 ACR/EULAR criteria': the year of a body's criteria or guideline."""
    before = tokens[k - 1] if k else None
    after = tokens[k + 1] if k + 1 < len(tokens) else None
    acronym = before is not None and before.type == "WORD" and len(before.value) > 1 and before.value.isupper()
    names = after is not None and after.type == "WORD" and (
        after.value.isupper() or after.value.lower() in _EDITION_WORDS)
    return acronym or names


def _joined(tokens: list[Token], years: list[int]) -> bool:
    """Two years a few tokens apart with 'and'/'to'/'-' between them: a span of dates."""
    return any(b - a <= 4 and any(t.type in ("AND", "TO") for t in tokens[a + 1:b])
               for a, b in zip(years, years[1:]))


def _symbol(out: list[Token], raw: str, start: int, end: int, pieces, i: int) -> None:
    sym = _SYMBOLS.get(raw)
    if (raw == "+" and out and out[-1].type == "NUMBER" and out[-1].end_pos == start
            and ((len(out) > 1 and out[-2].type == "AGE")
                 or (i + 1 < len(pieces) and pieces[i + 1][1].lower() in ("years", "year", "yrs")))):
        # "age 16+", "18+ years": that age or more (an IHC score "2+" is no comparison; a score's place "ASA 3+"
        # is read after the scale passes, _place_or_more)
        out.append(Token("CMP_POST", ">=", start_pos=start, end_pos=end))
    elif sym:
        out.append(Token(sym[0], sym[1], start_pos=start, end_pos=end))
    elif (raw in "-~" and out and out[-1].type in ("NUMBER", "UNIT", "TIMEUNIT") and i + 1 < len(pieces)
          and pieces[i + 1][0] == "num"):
        out.append(Token("TO", "-", start_pos=start, end_pos=end))
    # other punctuation carries nothing


def _place_or_more(tokens: list[Token], text: str) -> list[Token]:
    """'ASA 3+', 'ASA III+', 'ECOG 2+': that place of the score or a higher one (the "+" was dropped, so ASA 4 and
    5 passed an exclusion of "ASA 3+").  Only a score with places (analyte_scales.csv): an IHC "HER2 3+" is a
    result, not a limit."""
    if "+" not in text:
        return tokens
    out: list[Token] = []
    for k, t in enumerate(tokens):
        out.append(t)
        if (t.type == "NUMBER" and text[t.end_pos:t.end_pos + 1] == "+" and k and tokens[k - 1].type == "ANALYTE"
                and _scale_of(tokens[k - 1].value) is not None
                and not (k + 1 < len(tokens) and tokens[k + 1].type in ("CMP_POST", "TO", "OR", "AND"))):
            out.append(Token("CMP_POST", ">=", start_pos=t.end_pos, end_pos=t.end_pos + 1))
    return out


def _scale_of(analyte: str) -> tuple[float, float] | None:
    """The places of a score (analyte_scales.csv: ASA, ECOG, NYHA ...), or None."""
    from screener.vocab import vocabulary

    a = vocabulary().analytes.get(analyte)
    return a.scale if a is not None else None


def _route_list_pending(out: list[Token]) -> bool:
    return len(out) >= 2 and out[-1].type in ("SLASH", "OR", "COMMA") and out[-2].type == "ROUTE"


_DROP_COMMA_BEFORE = frozenset({
    "OR", "AND", "FOR", "LONGER", "SOONER", "INCLUDING", "INCLUDING_OPEN", "AFTER", "ALLOWED",
    "APART", "EXCEPT", "BEFORE",
})


def _out_of_scale_top(out: list[Token], top: float) -> bool:
    """Whether the score being compared ends its scale at ``top`` ("MMSE < 24/30": 30)."""
    if not out or out[-1].type not in ("CMP", "AND", "TO", "OF", "BETWEEN"):
        return False
    for t in reversed(out[-6:]):
        if t.type == "ANALYTE":
            scale = _scale_of(t.value)
            return scale is not None and scale[1] == top
    return False


def _bp_before(out: list[Token]) -> bool:
    """Whether the comparison being read is on a blood-pressure pair (systolic/diastolic)."""
    for t in reversed(out[-6:]):
        if t.type == "ANALYTE":
            return t.value in ("systolic_bp", "diastolic_bp")
    return False


# (not hypotension: "hypotension (< 90/60)" means either value below, and a pair below a limit
# reads as both below, the reading a "BP < 140/90" target needs)
_BP_CONDITIONS = frozenset({"hypertension"})


def _eg_before_drugs(tokens: list[Token], k: int) -> bool:
    """The 'e.g.' at ``k`` opens a parenthesis of drug examples: '(e.g. cyclosporine, ...)'."""
    j = k
    while j > 0 and tokens[j].type == "WORD" and tokens[j].value.lower() in _EG:
        j -= 1
    if tokens[j].type != "LPAR":
        return False
    m = k
    while m < len(tokens) and tokens[m].type == "WORD" and tokens[m].value.lower() in _EG:
        m += 1
    return m < len(tokens) and tokens[m].type in ("DRUG", "DRUG_CLASS")


def _glue(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    pair_tail: set[int] = set()
    for k, tok in enumerate(tokens):
        nxt = tokens[k + 1].type if k + 1 < len(tokens) else None
        if tok.type == "COMMA" and nxt in _DROP_COMMA_BEFORE:
            continue
        if (tok.type == "COMMA" and nxt == "CMP" and k + 2 < len(tokens)
                and tokens[k + 2].type == "FOR"):
            continue  # "30-100 x 10^9/L, at least for 2 weeks"
        if (tok.type == "LPAR" and out and out[-1].type == "CONDITION" and out[-1].value in _BP_CONDITIONS
                and [t.type for t in tokens[k + 1:k + 5]] == ["CMP", "NUMBER", "SLASH", "NUMBER"]):
            # "high blood pressure (> 160/100 mmHg)": the pair in the parenthesis is a blood pressure
            out.append(tok)
            tok = Token("BP", "blood pressure", start_pos=tok.end_pos, end_pos=tok.end_pos)
        if tok.type == "BP":
            # "blood pressure > 140/90": systolic and diastolic, one value each; one word between them is
            # left out as any other ("blood pressure persistently > 160/100", "resting blood pressure of > 140/90")
            j = k + 2 if k + 1 < len(tokens) and tokens[k + 1].type in ("OF", "WORD", "PERSISTENT") else k + 1
            pair = [t.type for t in tokens[j:j + 4]]
            if pair[:4] == ["CMP", "NUMBER", "SLASH", "NUMBER"]:
                # the diastolic side is zero-width on the same word: to_ir refuses it without
                # its systolic sibling, so no cut of the pair reads one value as both
                out += [Token("ANALYTE", "systolic_bp", start_pos=tok.start_pos, end_pos=tok.end_pos),
                        Token("SLASH", "/", start_pos=tok.end_pos, end_pos=tok.end_pos),
                        Token("ANALYTE", "diastolic_bp", start_pos=tok.start_pos, end_pos=tok.start_pos)]
            else:
                out.append(Token("WORD", "blood pressure", start_pos=tok.start_pos, end_pos=tok.end_pos))
            continue
        if k in pair_tail:
            continue
        pair = tok.type == "NUMBER" and nxt == "SLASH" and k + 2 < len(tokens) and tokens[k + 2].type == "NUMBER"
        scale_top = pair and _out_of_scale_top(out, float(tokens[k + 2].value))
        if (pair and 0 <= float(tok.value) <= float(tokens[k + 2].value) and (
                    (tokens[k + 2].value in ("10", "100") and out and out[-1].type == "CMP" and not _bp_before(out))
                    or scale_top)):
            # "pain > 4/10": a rating out of 10 (or 100) is its first number; so is "MMSE < 24/30",
            # "MMSE between 4 and 26/30": a score out of its scale's top (analyte_scales.csv), whose
            # "/30" says only what the scale does (a top that is not the scale's stays a word left out)
            out.append(tok)
            if not scale_top:
                out.append(_word(tokens[k + 1], "/"))
                out.append(Token("WORD", tokens[k + 2].value, start_pos=tokens[k + 2].start_pos,
                                 end_pos=tokens[k + 2].end_pos))
            pair_tail.update((k + 1, k + 2))
            continue
        if pair and not _bp_before(out):
            # "HDL < 50/40 mg/dL" (men/women), "waist > 89/102 cm": two limits for one subject;
            # no rule reads them, and neither number alone is the limit
            end = tokens[k + 2]
            out.append(Token("PAIR", f"{tok.value}/{end.value}", start_pos=tok.start_pos, end_pos=end.end_pos))
            pair_tail.update((k + 1, k + 2))
            continue
        if tok.type == "TIMES" and tok.value in ("time", "times") and (
                not (out and out[-1].type == "NUMBER") or (tok.value == "time" and nxt == "OF")):
            # "at the time of enrolment": no multiple without a number before it
            out.append(Token("WORD", tok.value, start_pos=tok.start_pos, end_pos=tok.end_pos))
            continue
        if (tok.type == "WORD" and tok.value.lower() in ("use", "usage", "intake") and out
                and out[-1].type in ("DRUG", "DRUG_CLASS")):
            continue  # "corticosteroid use": the drug is the subject; the word says nothing more
        if (tok.type == "HISTORY" and nxt == "NUMBER" and k + 2 < len(tokens)
                and tokens[k + 2].type == "TIMEUNIT"):
            # "antibiotics the prior 3 months", "opioid use previous 30 days": a window
            out.append(Token("WITHIN", tok.value, start_pos=tok.start_pos, end_pos=tok.end_pos))
            continue
        if tok.type == "REF" and out and out[-1].type == "NUMBER":
            # "< 2.5 ULN": a multiple of the limit with its "x" left out
            out.append(Token("TIMES", "x", start_pos=tok.start_pos, end_pos=tok.start_pos))
        if (tok.type == "NUMBER" and out and out[-1].type == "CMP" and out[-1].value == "="
                and [t.type for t in tokens[k + 1:k + 3]] == ["TO", "NUMBER"]):
            out.pop()  # "BMI = 18.5-29.9 kg/m2": the range is the value
        if out and tok.type in _GLOSSED and out[-1].type == tok.type and out[-1].value == tok.value:
            continue  # "eastern cooperative oncology group (ECOG) performance status": one term
        if tok.type == "CMP" and out and out[-1].type == "CMP" and out[-1].value == "=" and tok.value in ("<", ">"):
            first = out.pop()  # "=<", "=>"
            out.append(Token("CMP", tok.value + "=", start_pos=first.start_pos, end_pos=tok.end_pos))
            continue
        if tok.type == "CMP" and len(out) > 1 and out[-1].type == "TO" and out[-2].type in ("NUMBER", "UNIT", "TIMEUNIT"):
            # "hba1c > 6.0% to <= 11.5%": one two-sided range ("known to be greater than 1.5" is not)
            prev = out.pop()
            if not any(t.type in ("CMP", "BETWEEN") for t in out[-3:]):
                # "age 4 to < 17 years": the first number is the lower limit
                at = len(out) - (2 if out[-1].type in ("UNIT", "TIMEUNIT") else 1)
                out.insert(at, _zero("CMP", ">=", out[at].start_pos))
            out.append(Token("AND_CMP", tok.value, start_pos=prev.start_pos, end_pos=tok.end_pos))
            continue
        if (tok.type == "CMP_POST" and len(out) > 2 and out[-1].type in ("NUMBER", "UNIT", "TIMEUNIT", "OLD")
                and any(t.type == "CMP" and t.value[0] == tok.value[0] for t in out[-4:])
                and not any(t.type in ("AND_CMP", "OR_CMP") for t in out[-4:])):
            continue  # "at least 18 years or older", ">= 5.7% or higher": said twice
        if tok.type == "AGE" and out and out[-1].type == "AGE":
            continue  # "age older than 60" ("older than" is an age already)
        if tok.type == "BETWEEN" and nxt == "CMP":
            continue  # "between >= 20 and <= 45": the comparators say it
        if (tok.type == "WORD" and tok.value.lower() in _EG and out and out[-1].type in ("LPAR", "WORD")
                and _eg_before_drugs(tokens, k)):
            continue  # "immunosuppressants (e.g. cyclosporine, azathioprine)": the examples' marker
        if tok.type == "CMP_POST" and out and out[-1].type == "NUMBER" and nxt in ("UNIT", "TIMEUNIT"):
            # "3 or more years": the unit belongs to the number, before the comparator
            out.append(tokens[k + 1])
            out.append(tok)
            pair_tail.add(k + 1)
            continue
        if tok.type == "CMP_POST" and nxt == "NUMBER":
            # "below 18 years or above 80 years": "or above" opens a second, strict comparison
            op = {">=": ">", "<=": "<"}.get(tok.value, tok.value)
            out.append(Token("OR_CMP", op, start_pos=tok.start_pos, end_pos=tok.end_pos))
            continue
        if (tok.type == "CMP" and tok.value == "=" and len(out) >= 2 and out[-1].type == "OR"
                and out[-2].type == "CMP" and out[-2].value in ("<", ">")):
            # "> or = 5%": one comparator
            out.pop()
            first = out.pop()
            out.append(Token("CMP", first.value + "=", start_pos=first.start_pos, end_pos=tok.end_pos))
            continue
        if tok.type == "CMP" and out and out[-1].type == "OR" and nxt == "NUMBER":
            # "age < 18 or > 80": one subject, either side
            prev = out.pop()
            out.append(Token("OR_CMP", tok.value, start_pos=prev.start_pos, end_pos=tok.end_pos))
            continue
        if (tok.type == "CMP" and nxt == "NUMBER" and len(out) >= 2 and out[-1].type in ("NUMBER", "UNIT")
                and (out[-2].type == "CMP" or (len(out) >= 3 and out[-2].type == "NUMBER" and out[-3].type == "CMP"))):
            first = out[-2] if out[-2].type == "CMP" else out[-3]
            if (first.value in (">", ">=") and tok.value in ("<", "<=")) or (
                    first.value in ("<", "<=") and tok.value in (">", ">=")):
                # "BMI >18 <28": one two-sided range with its "and" left out
                out.append(Token("AND_CMP", tok.value, start_pos=tok.start_pos, end_pos=tok.end_pos))
                continue
        if tok.type == "CMP" and len(out) > 1 and out[-1].type == "AND" and out[-2].type in _LIMIT_END:
            # "a1c >= 7 and <= 12.5": one two-sided range, not two rules ("scheduled for ablation and
            # >= 20 and <= 80 years": the first "and" joins a clause, not a range's second limit)
            prev = out.pop()
            out.append(Token("AND_CMP", tok.value, start_pos=prev.start_pos, end_pos=tok.end_pos))
            continue
        out.append(tok)
    return out


# what the first limit of a range ends with, before its "and <= 12.5"
_LIMIT_END = frozenset({"NUMBER", "UNIT", "TIMEUNIT", "OLD", "REF", "RPAR", "PAIR", "MALE", "FEMALE"})  # (a limit per sex: ">120 for men and >105 for women")


# Words that put a number of weeks of gestation on a birth, a delivery or a loss rather than on the
# pregnancy now ("born at 26 to 34 weeks of gestation", "preterm birth (< 37 weeks of gestation)")
_GEST_ELSEWHEN = re.compile(r"born|birth|births|deliver\w*|preterm|premature|prematurity|infants?|neonat\w*|newborns?"
                      r"|miscarriages?|abortions?", re.I)
_GEST_SPAN = frozenset({"NUMBER", "TO", "CMP", "BETWEEN", "AND_CMP", "OR_CMP", "TIMEUNIT"})


def _gestation(tokens: list[Token]) -> list[Token]:
    """'< 37 weeks gestation', 'between 24 and 34 weeks of gestation', '37 weeks of amenorrhea or more':
    the comparison is on the gestational age, named before it; GEST (grammars/lexicon.tsv) is dropped.

    A diagnosis named right before it (or before "gestational age" itself) is kept beside it
    ("Pregnancy between 36 and 42 weeks of gestation" is the pregnancy and the gestational age).  Where the line speaks of a birth, a
    delivery or a loss, or the weeks are no complete comparison ("2 miscarriages before 12 weeks of
    gestation"), the gestation words are left out (a word) and no gestational age is read.
    """
    if not any(t.type == "GEST" or (t.type == "ANALYTE" and t.value == "gestational_age") for t in tokens):
        return tokens
    elsewhen = any(t.type == "WORD" and _GEST_ELSEWHEN.fullmatch(t.value) for t in tokens) or any(
        t.type == "CONDITION" and t.value == "icd10_o03" for t in tokens)  # "miscarriage"
    out: list[Token] = []
    for i, tok in enumerate(tokens):
        if tok.type == "ANALYTE" and tok.value == "gestational_age" and out and out[-1].type == "CONDITION":
            # "Pregnant gestational age >= 28 weeks", "PPROM with gestational age between 27 to 34 weeks"
            out.append(Token("AND", "and", start_pos=tok.start_pos, end_pos=tok.start_pos))
        if tok.type != "GEST":
            out.append(tok)
            continue
        k = len(out) - 1  # the TIMEUNIT of the phrase
        ok = not elsewhen and k >= 1 and out[k].type == "TIMEUNIT" and out[k - 1].type == "NUMBER"
        if ok:
            while k > 0 and (out[k - 1].type in _GEST_SPAN or (
                    out[k - 1].type == "AND" and k > 2 and out[k - 2].type == "NUMBER"
                    and out[k - 3].type == "BETWEEN")):  # "between 24 and 34 weeks"
                k -= 1
            span = {t.type for t in out[k:]}
            closed = bool(span & {"CMP", "BETWEEN", "TO"}) or (i + 1 < len(tokens) and tokens[i + 1].type == "CMP_POST")
            ok = closed and out[k].type != "TIMEUNIT"
        if not ok:
            out.append(Token("WORD", tok.value, start_pos=tok.start_pos, end_pos=tok.end_pos))
            continue
        before = out[k - 1] if k else None
        if before is not None and before.type == "ANALYTE" and before.value == "gestational_age":
            continue  # "gestational age between 27 to 34 weeks of gestation": named already
        at = out[k].start_pos
        named = [Token("ANALYTE", "gestational_age", start_pos=at, end_pos=at)]
        if before is not None and before.type == "CONDITION":
            named.insert(0, Token("AND", "and", start_pos=at, end_pos=at))
        out[k:k] = named
    return out


# Tokens that name what a comparison is about; a clause with one needs no folded subject.
_NAMED = frozenset({"ANALYTE", "DRUG", "DRUG_CLASS", "CONDITION", "AGE", "SEX", "MALE", "FEMALE", "SUBJECT"})
_STARTS_COMPARISON = frozenset({"CMP", "BETWEEN", "WITHIN"})
_AGE_CUE = frozenset({"OLD"})


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, tuple[str, frozenset[str]]]:
    """abbreviation -> (analyte, the units that say it is that analyte): screener/data/analyte_abbreviations.csv."""
    from screener.vocab.loader import read_rows

    out: dict[str, tuple[str, frozenset[str]]] = {}
    for r in read_rows("analyte_abbreviations.csv"):
        analyte, units = out.get(r["abbreviation"], (r["analyte_id"], frozenset()))
        out[r["abbreviation"]] = (analyte, units | {r["unit"]})
    return out


def _abbreviated_analytes(tokens: list[Token]) -> list[Token]:
    """'HR < 100 beats/min': an abbreviation too ambiguous for the vocabulary is its analyte where the unit of its
    limit says so (analyte_abbreviations.csv); elsewhere it stays an unknown subject."""
    if not any(t.type == "SUBJECT" for t in tokens):
        return tokens
    table = _abbreviations()
    out = list(tokens)
    for k, t in enumerate(tokens[:-3]):
        hit = table.get(t.value.lower()) if t.type == "SUBJECT" else None
        if hit and tokens[k + 1].type == "CMP" and tokens[k + 2].type == "NUMBER" and tokens[k + 3].type == "UNIT" \
                and tokens[k + 3].value in hit[1]:
            out[k] = Token("ANALYTE", hit[0], start_pos=t.start_pos, end_pos=t.end_pos)
    return out


def _subjects(tokens: list[Token]) -> list[Token]:
    """Name what a comparison with no known subject is about.

    - "life expectancy < 12 months": the run of unknown words right before the
      comparison becomes one SUBJECT (the rule keeps it as written, unmapped);
    - '"life expectancy" < 12 months' (the canonical form) reads the same way;
    - "over 18 years old", "< 60 years" on a line naming nothing else: an age.
    """
    out: list[Token] = []
    named = False
    skip_to = 0
    for k, tok in enumerate(tokens):
        if k < skip_to:
            continue
        if tok.type in _CLAUSE_BREAK:
            named = False
        elif tok.type in _NAMED:
            named = True
        if tok.type == "STRING" and (not out or out[-1].type != "MANUAL") and k + 1 < len(tokens) \
                and tokens[k + 1].type in _STARTS_COMPARISON:
            out.append(Token("SUBJECT", tok.value.strip(), start_pos=tok.start_pos, end_pos=tok.end_pos))
            named = True
            continue
        opens = tok.type in _STARTS_COMPARISON or (
            tok.type == "NUMBER" and k + 2 < len(tokens) and tokens[k + 1].type == "TO"
            and tokens[k + 2].type == "NUMBER") or (  # "ASA 1-3": a range with no comparator
            tok.type == "NUMBER" and out and out[-1].type == "WORD" and is_scale(out[-1]))  # "grade 3 or 4"
        if opens and _age_follows(tokens, k) and not (out and out[-1].type in ("AGE", "BETWEEN")) and not (
                len(out) > 1 and out[-1].type == "OF" and out[-2].type == "AGE"):
            # "male or female > 18 and < 60 years of age": the comparison is an age
            out.append(Token("AGE", "age", start_pos=tok.start_pos, end_pos=tok.start_pos))
            named = True
        if tok.type == "CMP" and not named and _split_comparison(tokens, k):
            # "a minimum life expectancy of 12 weeks": the subject sits inside the comparison
            named = True
            j = k + 1
            while tokens[j].type in _RUN:
                j += 1
            run = [t for t in tokens[k + 1:j] if t.type != "OF"]
            out.append(Token("SUBJECT", " ".join(t.value for t in run).lower(),
                             start_pos=run[0].start_pos, end_pos=run[-1].end_pos))
            out.append(tok)
            skip_to = j
            continue
        if k < skip_to:
            continue
        if opens and not named:
            j = len(out)
            while j > 0 and (out[j - 1].type in _RUN or out[j - 1].type == "RPAR"):
                if out[j - 1].type == "RPAR":
                    # "cognitive status (TICS) score <= 20": an abbreviation inside the subject
                    o = j - 2
                    while o >= 0 and out[o].type in ("WORD", "JUDGE"):
                        o -= 1
                    if o < 0 or out[o].type != "LPAR" or o == j - 2:
                        break
                    j = o
                    continue
                j -= 1
            while j < len(out) and out[j].type in ("OF", "FOR"):
                j += 1
            run = [t for t in out[j:] if t.type not in ("LPAR", "RPAR")]
            while run and run[-1].type in ("OF", "FOR"):
                run.pop()  # "hives for >= 6 weeks": the subject is "hives"
            if any(t.type in ("WORD", "JUDGE", "PROCEDURE") for t in run) and not _age_follows(tokens, k) \
                    and not (tok.type == "WITHIN" and any(t.type == "PROCEDURE" for t in run)):
                # (a procedure before a comparison is a subject no record measures: "mechanical
                # ventilation for more than 12 hours", "PCI more than 72 hours following STEMI")
                words = " ".join(t.value.replace("_", " ") if t.type == "PROCEDURE" else t.value
                                 for t in run).lower()
                words = " ".join(edge_trimmed(words.split()))  # "life expectancy to" -> life expectancy
                del out[j:]
                out.append(Token("SUBJECT", words, start_pos=run[0].start_pos, end_pos=run[-1].end_pos))
                named = True
        out.append(tok)
    if not any(t.type in _NAMED for t in out):
        _bare_age(out)
        _bare_weight(out)
    else:
        _segment_ages(out)
    _postfix_subject(out)
    return out


def _segment_ages(out: list[Token]) -> None:
    """'Male and Female, between 18 and 80 years, ASA 1-3': a comma part that names nothing
    is read as a line of its own would be (an age in years, by _bare_age)."""
    depth, cuts = 0, [-1]
    for i, t in enumerate(out):
        depth += (t.type == "LPAR") - (t.type == "RPAR")
        if depth == 0 and t.type in ("COMMA", "SEMI"):
            cuts.append(i)
    cuts.append(len(out))
    for s, e in reversed(list(zip(cuts, cuts[1:]))):
        part = out[s + 1:e]
        if part and "TIMEUNIT" in {t.type for t in part} and not any(t.type in _NAMED for t in part):
            _bare_age(part)
            out[s + 1:e] = part


_MASS = frozenset({"kg", "g", "[lb_av]"})


def _bare_weight(out: list[Token]) -> None:
    """'patients less than 31 pounds': a comparison in a body-mass unit, on a line naming nothing, is a weight."""
    if any(t.type in _NAMED for t in out):
        return
    units = [t for t in out if t.type == "UNIT"]
    if not units or any(u.value not in _MASS for u in units):
        return
    at = next((i for i, t in enumerate(out) if t.type in ("CMP", "BETWEEN")), None)
    if at is not None:
        out.insert(at, Token("ANALYTE", "weight", start_pos=out[at].start_pos, end_pos=out[at].start_pos))


_AFTER_VALUE_END = frozenset({"RPAR", "OR", "AND", "COMMA", "SEMI", "OR_CMP", "AND_CMP"})
_TO_JOIN = {"OR_CMP": "OR", "AND_CMP": "AND"}


def _subject_after_value(tokens: list[Token]) -> list[Token]:
    """'(>= 140 mmHg systolic and/or >= 90 mmHg diastolic)': a value, then what it is, with nothing before
    it that it could be of.  The subject goes before its comparison ('systolic >= 140 mmHg or diastolic
    >= 90 mmHg'); a comparator that joined the two ('or >=') is the 'or' again."""
    if not any(t.type == "ANALYTE" for t in tokens):
        return tokens
    out = list(tokens)
    k, chained = 0, -1  # chained: where a joined comparison may follow one whose subject was moved
    while k + 2 < len(out):
        t = out[k]
        j = k + 3 if k + 3 < len(out) and out[k + 1].type == "NUMBER" and out[k + 2].type == "UNIT" else k + 2
        opens = t.type == "CMP" and (k == 0 or out[k - 1].type in ("LPAR", "COMMA", "SEMI"))
        joined = t.type in _TO_JOIN and k == chained  # ("supine BP > 140 mm Hg systolic or > 90 ...": not here)
        if ((opens or joined) and out[k + 1].type == "NUMBER" and j < len(out) and out[j].type == "ANALYTE"
                and (j + 1 == len(out) or out[j + 1].type in _AFTER_VALUE_END)):
            moved = out.pop(j)
            # (from the comparator to its own end: the rule's span starts at the comparator, as the text does)
            subject = Token("ANALYTE", moved.value, start_pos=t.start_pos, end_pos=moved.end_pos)
            if opens:
                out.insert(k, subject)
                k = chained = j + 1
            else:
                join = _zero(_TO_JOIN[t.type], _TO_JOIN[t.type].lower(), t.start_pos)
                out[k:k + 1] = [join, subject, Token("CMP", t.value, start_pos=t.start_pos, end_pos=t.end_pos)]
                k = chained = j + 2
            continue
        k += 1
    return out


def _postfix_subject(out: list[Token]) -> None:
    """'< 30.0 kilograms in weight': a comparison followed by what it compares."""
    if len(out) >= 3 and out[0].type == "CMP" and out[-1].type == "ANALYTE" and \
            all(t.type in ("NUMBER", "UNIT", "CMP") for t in out[1:-1]):
        out.insert(0, out.pop())


_RUN = frozenset({"WORD", "OF", "JUDGE", "FOR", "PROCEDURE"})


def _split_comparison(tokens: list[Token], k: int) -> bool:
    """CMP, then unknown words, then 'of' and a number: the words are the subject."""
    j = k + 1
    while j < len(tokens) and tokens[j].type in _RUN:
        j += 1
    return (j < len(tokens) and tokens[j].type == "NUMBER" and tokens[j - 1].type == "OF"
            and any(t.type == "WORD" for t in tokens[k + 1:j]))


def _age_follows(tokens: list[Token], k: int) -> bool:
    """Whether the comparison at ``k`` is on "N years old" / "N years of age"."""
    for t in tokens[k + 1:k + 8]:
        if t.type == "OLD":
            return True
        if t.type in _CLAUSE_BREAK and t.type not in ("AND",):
            return False
    return False


def _bare_age(out: list[Token]) -> None:
    """'< 60 years', 'over 18 years old': a comparison in years, on a line naming nothing, is an age."""
    kinds = [t.type for t in out]
    if "TIMEUNIT" not in kinds:
        return
    years = [t for t in out if t.type == "TIMEUNIT"]
    if any(t.value != "year" for t in years) or any(k in kinds for k in ("WITHIN", "BEFORE", "AFTER", "FOR")):
        return
    at = next((i for i, t in enumerate(out) if t.type in ("CMP", "BETWEEN", "NUMBER")), None)
    if at is None:
        return
    if "OLD" not in kinds and any(t.type == "WORD" for t in out):
        return  # "diabetes for < 5 years" is not an age
    first = out[at]
    out.insert(at, Token("AGE", "age", start_pos=first.start_pos, end_pos=first.start_pos))


_GLOSSED = frozenset({"ANALYTE", "CONDITION", "DRUG", "DRUG_CLASS", "BP", "REF"})


def _initials(short: str, term: str) -> bool:
    """Whether ``short`` is an acronym of ``term``: "ASA" of "American Society of Anesthesiologists"."""
    if not (2 <= len(short) <= 8 and short.isalpha() and short.isupper()):
        return False
    words = re.findall(r"[^\W\d_]+", term)
    heads = "".join(w[0] for w in words).upper()
    main = "".join(w[0] for w in words if w.lower() not in _ACRONYM_GAPS).upper()
    return short.upper() in (heads, main)


_ACRONYM_GAPS = frozenset({"of", "the", "and", "in", "for", "with", "to"})


def _glosses(tokens: list[Token], text: str) -> list[Token]:
    """'stroke (CVA)', 'hemoglobin (Hb)': a parenthesis that only restates the term before it goes.

    One short word (an abbreviation) or the same term again is dropped; several
    words lose their parentheses and stay words (left out, so the line is partial).
    """
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        if tok.type == "LPAR" and out and out[-1].type in ("CMP", "UNIT", "NUMBER"):
            # "greater than (>) 18.5", "35 kilogram per meter square (kg/m^2)",
            # "7.0-9.5% (53-80 mmol/mol) (both inclusive)": the value restated
            close = next((j for j in range(i + 1, min(n, i + 8)) if tokens[j].type == "RPAR"), None)
            if close is not None and close > i + 1:
                inner = tokens[i + 1:close]
                kinds = {t.type for t in inner}
                if (len(inner) == 1 and inner[0].type == "WORD" and inner[0].value.lower() == "exclusive") or (
                        len(inner) == 2 and kinds == {"WORD"}):
                    # "between 50kg (inclusive) and 90kg (exclusive)": a strict limit, which the range (inclusive)
                    # does not say; "> 27.5 kg/m2 (South Asian)": two words after a limit say for whom or when
                    # (dropped, the limit held for everyone). The words stay, left out
                    out.extend(inner)
                    i = close + 1
                    continue
                if (out[-1].type == "CMP" and kinds == {"CMP"}) or (
                        out[-1].type != "CMP" and kinds <= {"NUMBER", "TO", "UNIT", "WORD", "COMMA", "ALLSEX", "SLASH"}
                        and (kinds & {"NUMBER", "UNIT"} or len(inner) == 1)):
                    i = close + 1
                    continue
        if tok.type == "LPAR" and out and out[-1].type in _TIMED:
            # "stroke (within 30 days)", "malignancy (except basal cell carcinoma)": the
            # parenthesis is the window or the exception of the term before it
            close = next((j for j in range(i + 1, min(n, i + 12)) if tokens[j].type == "RPAR"), None)
            inner = tokens[i + 1:close] if close is not None else []
            if inner and ((inner[0].type == "WITHIN" and {t.type for t in inner} <= _WINDOW_PART)
                          or (inner[0].type == "EXCEPT" and {t.type for t in inner} <= _EXCEPT_PART)):
                out.extend(inner)
                i = close + 1
                continue
        if tok.type == "LPAR" and out and out[-1].type in _GLOSSED:
            close = next((j for j in range(i + 1, min(n, i + 6)) if tokens[j].type == "RPAR"), None)
            if close is not None and close > i + 1:
                inner = tokens[i + 1:close]
                same = all(t.type == out[-1].type and (t.value == out[-1].value or t.type == "BP") for t in inner)
                words = all(t.type == "WORD" for t in inner)
                if same or (words and len(inner) == 1 and len(inner[0].value) <= 8) or (
                        len(inner) == 1 and _initials(text[inner[0].start_pos:inner[0].end_pos],
                                                      text[out[-1].start_pos:out[-1].end_pos])):
                    # "American Society of Anesthesiologists (ASA)": the initials, whatever they
                    # would read as alone (aspirin)
                    i = close + 1
                    continue
                if words:
                    out.extend(inner)
                    i = close + 1
                    continue
        if tok.type == "LPAR" and (i + 2 < n and tokens[i + 1].type == "WORD" and tokens[i + 2].type == "RPAR"):
            # "intraventricular hemorrhage (IVH)": one unknown word in parentheses is left
            # out as a word; an empty pair of parentheses would stop the parse
            out.append(tokens[i + 1])
            i += 3
            continue
        out.append(tok)
        i += 1
    return out


_TIMED = frozenset({"CONDITION", "DRUG", "DRUG_CLASS"})
_WINDOW_PART = frozenset({"WITHIN", "NUMBER", "TIMEUNIT", "BEFORE", "INDEX", "OR", "LONGER", "HALF_LIVES"})
_EXCEPT_PART = frozenset({"EXCEPT", "CONDITION", "COMMA", "OR", "AND"})
_MARKER_BEFORE = frozenset({"SEMI", "COMMA", "COLON"})


def _markers(tokens: list[Token]) -> list[Token]:
    """'(1) gestational age 24-34 weeks', '2) age >= 18': list numbering inside a line is no number."""
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        kind = tokens[i].type
        if kind not in ("LPAR", "NUMBER") or not (not out or out[-1].type in _MARKER_BEFORE):
            out.append(tokens[i])
            i += 1
            continue
        if kind == "LPAR" and i + 2 < n and tokens[i + 1].type == "NUMBER" and tokens[i + 2].type == "RPAR" \
                and "." not in tokens[i + 1].value:
            i += 3
            continue
        if kind == "NUMBER" and i + 1 < n and tokens[i + 1].type == "RPAR" \
                and "." not in tokens[i].value and not any(t.type == "LPAR" for t in out):
            i += 2
            continue
        out.append(tokens[i])
        i += 1
    return out
