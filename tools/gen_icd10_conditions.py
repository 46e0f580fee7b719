"""Write screener/data/condition_groups_icd10.csv: condition groups from the ICD-10-CM tabular list.

    pip install simple_icd_10_cm        # ships the CDC/NCHS ICD-10-CM tables (public domain)
    python3 tools/gen_icd10_conditions.py            # rewrite the CSV, print what was dropped and why
    python3 tools/gen_icd10_conditions.py --report   # also list every dropped surface form

Only this tool needs the package; the runtime reads the committed CSV.

Surface forms come from ICD-10-CM titles and inclusion terms (blocks, 3-character
categories, sub-categories up to 5 characters), cleaned as described in
``clean_forms``, plus the hand-written wordings of ``condition_synonyms.csv``.
Rules, in order, so the output is deterministic:

1. a form that the hand-written vocabulary (conditions, drugs, classes, analytes,
   lab-defined conditions) or a grammar keyword already owns is dropped;
2. a curated wording (``condition_synonyms.csv``) beats any title-derived form;
3. a title-derived form claimed by several codes goes to the most general one
   when one code contains all the others, else it is dropped as ambiguous;
4. a code whose code set a hand-written group already covers exactly is left out;
5. a form taken from an "X, unspecified" / "Unspecified X" / "X NOS" entry of a code names X in general, not only
   its unspecified member (``widen_unspecified``): the parent category when the parent's title is X, else the
   code with the codes of its category whose titles are forms of X ("hydronephrosis" from N13.30 'Unspecified
   hydronephrosis' -> N13.0-N13.2 'Hydronephrosis with ...', N13.30); where neither
   holds the form stays on the code (a hand-written wording in condition_synonyms.csv corrects it);
6. each form kept gets its British spelling (``spelling_variants.csv``, see
   ``screener/vocab/spelling.py``) unless another entry or a keyword holds it.
"""

from __future__ import annotations

import csv
import importlib.metadata
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from screener.parse.lexicon import key_of, keyword_table  # noqa: E402
from screener.vocab import Vocabulary  # noqa: E402
from screener.vocab.loader import read_rows, split  # noqa: E402
from screener.vocab.models import Term  # noqa: E402
from screener.vocab.spelling import Speller, british_terms, load_spelling_rules  # noqa: E402

DATA = ROOT / "screener" / "data"
OUT = DATA / "condition_groups_icd10.csv"
SYNONYMS = "condition_synonyms.csv"

# Chapters whose titles are diagnoses criteria name; injuries (S-T), external
# causes (V-Y) and factors/encounters (Z) are left to the curated file.
CHAPTER_LETTERS = set("ABCDEFGHIJKLMNOPQR")
EXTRA_CODES = {"U07.1"}  # COVID-19
MAX_WORDS = 6

# Words that make a title a residual, a qualifier list or a combination code.
REJECT_WORDS = frozenset("""
with without due complicating following sequelae sequela encounter elsewhere specified unspecified
other others right left bilateral unilateral trimester weeks week classified nos except excluding
certain mention affecting involving associated late effect type site sites status history personal
family conditions region part parts stage
""".split())
# A single word that names no diagnosis by itself, or one too vague to screen on.
GENERIC = frozenset("""
disease diseases disorder disorders syndrome syndromes infection infections injury injuries pain
condition conditions illness illnesses abnormality abnormalities problem problems lesion lesions
complication complications failure insufficiency deficiency dysfunction neoplasm neoplasms tumor tumors
mass cyst polyp ulcer fever cough shock malaise fatigue weakness edema headache dizziness nausea
vomiting diarrhea constipation rash fracture burn wound infarction hemorrhage bleeding obstruction
stenosis effusion inflammation anomaly anomalies malformation malformations deformity deformities
hypertrophy atrophy degeneration necrosis fibrosis dependence abuse use poisoning allergy
hypersensitivity convulsions collapse death sudden symptoms signs findings
""".split())
# Wordings whose only title is an "unspecified" residual while the words name a whole kind spread over the
# chapters ("viral infection" is B34.8-B34.9 here, but pneumonia, hepatitis and influenza are viral
# infections too): no code set matches the words, so they name no group (session 11, second audit).
VAGUE = frozenset({"viral infection", "viral infections", "bacterial infection", "bacterial infections"})
# Plural <-> singular of the head nouns ICD titles end in.
HEADS = {
    "diseases": "disease", "disorders": "disorder", "neoplasms": "neoplasm", "infections": "infection",
    "tumors": "tumor", "syndromes": "syndrome", "anomalies": "anomaly", "malformations": "malformation",
    "deformities": "deformity", "conditions": "condition", "anemias": "anemia", "cancers": "cancer",
}
# Short or everyday words that ICD-10-CM titles and inclusion terms use but criteria
# mean otherwise ("fit for surgery", "iris", "worms"); short names that are safe are listed.
SHORT_OK = frozenset("acne coma gout zika mpox cjd scid yaws stye kuru noma".split())
EVERYDAY = frozenset("""
falling worms worries sighing lalling lisping felon callus malleus transgender plague boil iris
""".split())
COURSE_MODIFIERS = frozenset({"malignant", "benign"})
ORGAN_ADJ = {"heart": "cardiac", "kidney": "renal", "liver": "hepatic", "lung": "pulmonary"}


def _words(text: str) -> list[str]:
    return text.split()


def _strip(text: str) -> str:
    t = " ".join(text.replace("\u2019", "'").split())
    t = re.sub(r"\s*\([A-Z][0-9A-Z.]*-[A-Z][0-9A-Z.]*\)\s*$", "", t)  # block ranges "(I20-I25)"
    t = re.sub(r",?\s*(not elsewhere classified|not otherwise specified|unspecified|NOS)$", "", t, flags=re.I)
    t = re.sub(r"\s+NOS\b", "", t)
    t = re.sub(r"^unspecified\s+", "", t, flags=re.I)
    return t.strip(" ,")


def _bracket_variants(text: str) -> list[str]:
    """"Crohn's disease [regional enteritis]" -> both names; "[HIV]" stands for the words it abbreviates."""
    m = re.search(r"\s*\[([^\]]+)\]", text)
    if not m:
        return [text]
    before, inner, after = text[: m.start()], m.group(1), text[m.end():]
    plain = (before + after).strip()
    words = before.split()
    if inner.isupper() and len(inner) <= len(words) and \
            "".join(w[0] for w in words[-len(inner):]).lower() == inner.lower():
        alt = " ".join(words[: -len(inner)] + [inner]) + after  # "human immunodeficiency virus [HIV] disease"
    elif "," not in inner and len(inner.split()) <= 3:
        k = len(inner.split())
        alt = " ".join(words[:-k] + [inner]) + after  # "mood [affective] disorders" -> "affective disorders"
    else:
        alt = ""
    out = [plain]
    if alt.strip():
        out.append(alt.strip())
    return [v for x in out for v in _bracket_variants(x)]


def _paren_variants(text: str) -> list[str]:
    """Parenthesised words are ICD-10-CM non-essential modifiers: the term holds with or without them."""
    mods = re.findall(r"\(([^()]+)\)", text)
    plain = " ".join(re.sub(r"\([^()]*\)", " ", text).split())
    out = [plain]
    # "Hypertension (arterial) (benign) (malignant)" -> "malignant hypertension", ...
    if mods and re.fullmatch(r"[\w' -]+(\s*\([\w' -]+\))+", text) and len(plain.split()) <= 2:
        # but not a course when both are listed: "(benign) ... (malignant)" on I10 means the code holds either,
        # so 'malignant hypertension' would read as every essential hypertension
        course = COURSE_MODIFIERS if COURSE_MODIFIERS <= {m.strip().lower() for m in mods} else frozenset()
        out += [f"{m.strip()} {plain}" for m in mods if len(m.split()) == 1 and m.strip().lower() not in course]
    return out


def clean_forms(title: str) -> list[str]:
    """Lower-case surface forms of one ICD-10-CM title or inclusion term ([] when none is usable)."""
    # a bare acronym ("AMH", "PIN", "DISH") names too many other things in criteria text
    acronyms = {w.lower() for w in re.findall(r"[\w-]+", title) if sum(ch.isupper() for ch in w) >= 2}
    out: list[str] = []
    for variant in _bracket_variants(_strip(title)):
        for form in _paren_variants(variant):
            form = _strip(form).lower().strip(" ,.")
            if not form or "," in form or ";" in form or ":" in form or "/" in form or "[" in form:
                continue
            words = form.split()
            if len(words) > MAX_WORDS or REJECT_WORDS & set(words) or any(any(ch.isdigit() for ch in w) and w not in ("1", "2") for w in words):
                continue
            out.append(form)
            out += _variants(form)
    return [f for f in dict.fromkeys(out) if " " in f or (
        f not in acronyms and f not in EVERYDAY and (len(f) >= 5 or f in SHORT_OK))]


def _variants(form: str) -> list[str]:
    words = form.split()
    out = []
    last = words[-1]
    for plural, single in HEADS.items():
        if last == plural:
            out.append(" ".join(words[:-1] + [single]))
        elif last == single:
            out.append(" ".join(words[:-1] + [plural]))
    # "diseases of liver" -> "liver disease"; "malignant neoplasm of breast" -> "breast cancer"
    m = re.fullmatch(r"(diseases?|disorders?) of (?:the )?(\w+)", form)
    if m:
        head = m.group(1).rstrip("s")
        out += [f"{m.group(2)} {head}", f"{m.group(2)} {head}s"]
    m = re.fullmatch(r"malignant neoplasms? of (?:the )?(\w+(?: \w+)?)", form)
    if m and " and " not in m.group(1):
        out += [f"{m.group(1)} cancer", f"cancer of the {m.group(1)}", f"cancer of {m.group(1)}"]
    for variant in list(out) + [form]:
        vw = variant.split()
        if len(vw) == 2 and vw[0] in ORGAN_ADJ:
            out.append(f"{ORGAN_ADJ[vw[0]]} {vw[1]}")
    return out


def _range_categories(spec: str, categories: list[str]) -> list[str]:
    """"I05-I52" -> the 3-character categories in that range; a single code stays itself."""
    if "-" not in spec:
        return [spec]
    lo, hi = spec.split("-")
    return [c for c in categories if lo <= c <= hi]


def _compress(codes: set[str], categories: list[str]) -> list[str]:
    """The shortest prefixes that cover exactly these categories ("C00".."C96" -> "C")."""
    out: list[str] = []
    left = set(codes)
    for width in (1, 2):
        for p in sorted({c[:width] for c in left if len(c) == 3}):
            members = [c for c in categories if c.startswith(p)]
            if members and all(m in left for m in members):
                out.append(p)
                left -= set(members)
    return sorted(out + sorted(left))


_UNSPECIFIED = re.compile(r"(,?\s*(unspecified|not otherwise specified)|\s+NOS)$|^unspecified\s+", re.I)


def is_unspecified_entry(text: str) -> bool:
    """"Coagulation defect, unspecified", "Unspecified kyphosis", "Myelodysplasia NOS": the entry names the
    unspecified member of a wider diagnosis, and the forms cleaned from it name the wider diagnosis."""
    t = re.sub(r"\s*\([A-Z][0-9A-Z.]*-[A-Z][0-9A-Z.]*\)\s*$", "", " ".join(text.split()))
    return bool(_UNSPECIFIED.search(t)) or bool(re.search(r"\bNOS\b", t))


def _singular(key) -> tuple[str, ...]:
    return tuple(HEADS.get(w, w) for w in key)


def _contains(title: str, words: tuple[str, ...], fold=None) -> bool:
    """The title has the words in order, not after "without", "except" or "other than"."""
    fold = fold or _singular
    tw = fold(key_of(" ".join(re.sub(r"[\[\]()]", " ", title).split())))
    words = fold(words)
    for i in range(len(tw) - len(words) + 1):
        if tw[i:i + len(words)] == words:
            before = tw[:i]
            if not ({"without", "except", "excluding"} & set(before) or ("other", "than") in zip(before, before[1:])):
                return True
    return False


def _fold(word: str) -> str:
    """A plural noun's singular, for comparing titles ("myopathies" -> "myopathy", "diseases" -> "disease")."""
    if word in HEADS:
        return HEADS[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "is", "us")):
        return word[:-1]
    return word


def _fold_key(key) -> tuple[str, ...]:
    return tuple(_fold(w) for w in key)


def _residual_of(title: str, key: tuple[str, ...]) -> bool:
    """The title is "Other X" / "Other and unspecified X" / "Other specified X" and X is the form's words."""
    m = re.fullmatch(r"other (?:and unspecified |specified )?(.+?)(?:, not elsewhere classified)?",
                     " ".join(title.lower().replace("(s)", "s").split()))  # 'Other ... of limb(s)'
    return bool(m) and _fold_key(key_of(m.group(1))) == _fold_key(key)


def widen_unspecified(icd, code: str, form: str, clean) -> tuple[str, tuple[str, ...]]:
    """Where a form of an unspecified entry of ``code`` points: (the code that owns it, the code set).

    In order: the parent (a category or sub-category, not a block) when one of the parent's title forms is
    the form (plural or singular) or the code's own title is "X, unspecified" and X is the parent's title
    (D46.9 'Myelodysplastic syndrome, unspecified', inclusion term 'Myelodysplasia NOS' -> D46
    'Myelodysplastic syndromes'); else the code and those codes of its category (down to 5 characters) whose
    titles contain the form's words in order (not after "without"/"except"/"other than"), each once (a code
    under one already taken is left out), the category itself when they are all its children; else the code
    itself."""
    key = _singular(key_of(form))
    parent = icd.get_parent(code)
    if parent and not icd.is_block(parent) and not icd.is_chapter(parent):
        parent_keys = {_singular(key_of(f)) for f in clean(icd.get_description(parent))}
        title = icd.get_description(code)
        own = {_singular(key_of(f)) for f in clean(title)} if is_unspecified_entry(title) else set()
        if key in parent_keys or own & parent_keys:
            return parent, (parent,)
    category = code if icd.is_category(code) else next(a for a in icd.get_ancestors(code) if icd.is_category(a))
    block = icd.get_parent(category)
    if _residual_of(icd.get_description(category), key) and block and icd.is_block(block):
        # the category is the residual "Other X" / "Other and unspecified X" of X (H50 'Other strabismus', G72
        # 'Other and unspecified myopathies'): every code in it is an X, and the other X are the codes of its
        # block whose titles are forms of X (H49 'Paralytic strabismus'; not 'Sequelae of X' or 'Y following X', a history)
        found = {c for c in icd.get_descendants(block) if len(c.replace(".", "")) <= 5
                 and _contains(icd.get_description(c), key, _fold_key)
                 and not re.search(r"\b(sequelae|following)\b", icd.get_description(c), re.I)} | {category}
        found = {c for c in found if not set(icd.get_ancestors(c)) & found}
        if found == {category}:
            return category, (category,)
        return code, tuple(sorted(found))
    # the codes of the code's category (down to 5 characters) whose titles are forms of it, each once
    found = {c for c in icd.get_descendants(category) if len(c.replace(".", "")) <= 5
             and _contains(icd.get_description(c), key)} | {code}
    found = {c for c in found if not set(icd.get_ancestors(c)) & found}
    if found != {code}:
        if found == set(icd.get_children(category)):
            return category, (category,)
        if len(found) == 1:
            top = next(iter(found))
            return top, (top,)
        return code, tuple(sorted(found))
    return code, (code,)


def _snake(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def main(argv: list[str]) -> int:
    import simple_icd_10_cm as icd  # noqa: PLC0415 - a tool-only dependency

    version = importlib.metadata.version("simple_icd_10_cm")
    release = "ICD-10-CM FY2026 (April 1, 2026 tabular list, CDC/NCHS, public domain)"
    tool = f"simple_icd_10_cm {version}"

    # ---- what the hand-written vocabulary and the grammar own
    hand = Vocabulary(generated=False)
    owned: dict[tuple[str, ...], str] = {}
    for t in hand.terms():
        owned.setdefault(key_of(t.text), f"{t.kind}:{t.id}")
    for name in hand.lab_defined_conditions():
        owned.setdefault(key_of(name), f"lab-defined:{name}")
    keywords = keyword_table()
    # a severity, allergy, qualifier or population word inside a title is part of the diagnosis ("severe
    # sepsis", "allergic rhinitis", "infant botulism", "adult respiratory distress syndrome"): the longer
    # form wins the lexer's longest match, so it stays
    part_of_title = {"SEVERITY", "ALLERGY", "QUALIFIER", "ADULT"}
    bad_words = {k[0] for k, e in keywords.items()
                 if len(k) == 1 and e.tokens and e.tokens[0][0] not in part_of_title} - {"and", "of", "or", "to"}
    hand_code_sets = {tuple(sorted(g.icd10_prefixes)): g.id for g in hand.condition_groups.values()}

    def refuse(form: str, curated: bool = False) -> str | None:
        key = key_of(form)
        if not key:
            return "empty"
        if key in owned:
            return f"owned by {owned[key]}"
        if key in keywords:
            return "grammar keyword"
        if curated:  # a reviewer chose this wording; only ownership and keywords bind it
            return None
        swapped = {**HEADS, **{v: k for k, v in HEADS.items()}}.get(key[-1])
        if swapped and key[:-1] + (swapped,) in owned:
            # "anemias" (D64 'Other anemias') beside the hand-written 'anemia': the plural would read otherwise
            return f"plural/singular of a form owned by {owned[key[:-1] + (swapped,)]}"
        if key[-1] in ("use", "usage") and owned.get(key[:-1], "").startswith(("drug:", "drug_class:")):
            # "opioid use" (F11.9 'Opioid use, unspecified') in criteria is taking the drug class
            return "a drug's use (read by the drug rules)"
        if len(key) == 1 and form in GENERIC:
            return "too generic"
        if form in VAGUE:
            return "names more than its codes hold"
        if any(w in bad_words for w in key):
            return "contains a grammar keyword"
        if all(w in GENERIC or w in ("of", "and", "the", "acute", "chronic", "severe") for w in key):
            return "too generic"
        return None

    all_codes = icd.get_all_codes(with_dots=True)
    categories = sorted(c for c in all_codes if icd.is_category(c))
    titles: dict[str, str] = {}
    prefixes: dict[str, list[str]] = {}
    ancestors: dict[str, set[str]] = {}
    candidates: dict[str, list[tuple[str, str]]] = defaultdict(list)  # code -> (form, how)
    unspecified_forms: set[tuple[str, str]] = set()  # (code, form) taken from an "X, unspecified" / "X NOS" entry
    for code in all_codes:
        if not (code[0] in CHAPTER_LETTERS or code in EXTRA_CODES) or icd.is_chapter(code):
            continue
        if icd.is_category(code):
            prefixes[code] = [code]
        elif icd.is_block(code):
            prefixes[code] = sorted(c for c in icd.get_descendants(code) if icd.is_category(c))
        elif icd.is_subcategory(code) and len(code.replace(".", "")) <= 5:
            prefixes[code] = [code]
        else:
            continue
        titles[code] = icd.get_description(code)
        ancestors[code] = set(icd.get_ancestors(code))
        terms = [(titles[code], "title")]
        if not icd.is_block(code):
            terms += [(t, "inclusion term") for t in icd.get_inclusion_term(code)]
            terms += [(t, "includes note") for t in icd.get_includes(code)]
        for text, how in terms:
            for form in clean_forms(text):
                candidates[code].append((form, how))
                if not icd.is_block(code) and is_unspecified_entry(text):
                    unspecified_forms.add((code, form))

    dropped: list[tuple[str, str, str]] = []  # (form, code, reason)
    # ---- curated wordings first
    groups: dict[str, dict] = {}  # group id -> row
    form_owner: dict[tuple[str, ...], str] = {}

    def group_for_code(code: str) -> str:
        gid = "icd10_" + _snake(code)
        if gid not in groups:
            groups[gid] = {"id": gid, "title": titles.get(code, ""), "code": code, "prefixes": prefixes[code],
                           "forms": [], "how": set(), "curated_sources": []}
        return gid

    curated_groups: dict[tuple[str, ...], str] = {}
    for row in read_rows(SYNONYMS):
        text, spec = row["text"].lower(), row["codes"]
        reason = refuse(text, curated=True)
        if reason:
            raise SystemExit(f"{SYNONYMS}: {text!r} is {reason}")
        specs = split(spec)
        if len(specs) == 1 and prefixes.get(specs[0]):  # a block the package lists without categories (M00-M25) is read as a range
            gid = group_for_code(specs[0])
        else:
            cats: set[str] = set()
            subs: list[str] = []
            for s in specs:
                if "-" in s or len(s) == 3:
                    got = _range_categories(s, categories)
                    if not got:
                        raise SystemExit(f"{SYNONYMS}: {s!r} names no ICD-10-CM category")
                    cats |= set(got)
                elif icd.is_valid_item(s):
                    subs.append(s)
                else:
                    raise SystemExit(f"{SYNONYMS}: {s!r} is not an ICD-10-CM code")
            codes = tuple(_compress(cats, categories) + sorted(subs))
            gid = curated_groups.get(codes)
            if gid is None:
                gid = _snake(text)
                curated_groups[codes] = gid
                groups[gid] = {"id": gid, "title": "", "code": spec, "prefixes": list(codes), "forms": [],
                               "how": set(), "curated_sources": []}
        key = key_of(text)
        if key in form_owner and form_owner[key] != gid:
            raise SystemExit(f"{SYNONYMS}: {text!r} given to two groups")
        if key not in form_owner:
            form_owner[key] = gid
            groups[gid]["forms"].append(text)
        groups[gid]["curated_sources"].append(row["source"])

    # ---- title-derived forms
    claims: dict[tuple[str, ...], dict[str, str]] = defaultdict(dict)  # key -> code -> form
    widened: dict[tuple[tuple[str, ...], str], tuple[str, ...]] = {}  # (key, code) -> the code set of rule 5
    for code, forms in candidates.items():
        for form, how in forms:
            reason = refuse(form)
            if reason:
                dropped.append((form, code, reason))
                continue
            owner = code
            if (code, form) in unspecified_forms:
                owner, codes = widen_unspecified(icd, code, form, clean_forms)
                if owner not in prefixes:
                    owner, codes = code, (code,)
                if len(codes) > 1:
                    widened[(key_of(form), owner)] = codes
            claims[key_of(form)].setdefault(owner, form)
    for key, by_code in sorted(claims.items()):
        if key in form_owner:
            for code, form in by_code.items():
                if form_owner[key] != "icd10_" + _snake(code):
                    dropped.append((form, code, f"curated wording of {form_owner[key]}"))
            continue
        codes = sorted(by_code)
        top = [c for c in codes if all(c == o or c in ancestors[o] for o in codes)]
        if not top:
            for code in codes:
                dropped.append((by_code[code], code, "ambiguous: also " + ", ".join(c for c in codes if c != code)))
            continue
        code = top[0]
        if (key, code) in widened:
            codes = widened[(key, code)]
            if tuple(sorted(codes)) in hand_code_sets:
                dropped.append((by_code[code], code, f"code set of hand group {hand_code_sets[tuple(sorted(codes))]}"))
                continue
            gid = "icd10_" + _snake(codes[0]) + "_" + _snake(codes[-1])
            if gid not in groups:
                groups[gid] = {"id": gid, "title": "", "code": "|".join(codes), "prefixes": list(codes), "forms": [],
                               "how": set(), "curated_sources": [],
                               "widened": "; ".join(f"{c} '{titles.get(c) or icd.get_description(c)}'" for c in codes)}
            form_owner[key] = gid
            groups[gid]["forms"].append(by_code[code])
            continue
        if tuple(sorted(prefixes[code])) in hand_code_sets and not any(
                groups.get(f"icd10_{_snake(code)}", {}).get("forms", ())):
            dropped.append((by_code[code], code, f"code set of hand group {hand_code_sets[tuple(sorted(prefixes[code]))]}"))
            continue
        gid = group_for_code(code)
        form_owner[key] = gid
        groups[gid]["forms"].append(by_code[code])
        groups[gid]["how"].add("title" if any(f == by_code[code] for f, h in candidates[code] if h == "title") else "inclusion")

    # ---- British spellings of every form kept ("oesophageal varices"), from spelling_variants.csv;
    # the runtime spells the hand-written vocabulary itself, so these are checked against its forms
    kept = [Term.model_construct(text=f, kind="condition", id=gid) for gid in sorted(groups) for f in groups[gid]["forms"]]
    held = [*hand.terms(), *(Term.model_construct(text=n, kind="condition", id=n) for n in hand.lab_defined_conditions())]
    british, skipped = british_terms(kept, held, Speller(load_spelling_rules()), set())
    for t in british:
        reason = refuse(t.text)
        if reason:
            dropped.append((t.text, groups[t.id]["code"], f"British spelling: {reason}"))
            continue
        groups[t.id]["forms"].append(t.text)
        groups[t.id]["british"] = True
    for sk in skipped:
        dropped.append((sk.term.text, groups[sk.term.id]["code"], f"British spelling {sk.reason}"))

    # ---- rows
    rows = []
    for gid in sorted(groups):
        g = groups[gid]
        if not g["forms"]:
            continue
        forms = list(dict.fromkeys(g["forms"]))
        bits = [release, f"read with {tool}"]
        if g["title"]:
            bits.append(f"{g['code']} '{g['title']}'")
            bits.append("forms from the title, inclusion terms and includes notes (brackets, non-essential modifiers, "
                        "'unspecified'/'NOS' dropped; plural and organ-adjective variants)")
        if g.get("widened"):
            bits.append("a general wording taken from an 'unspecified'/'NOS' entry, read as the code and its "
                        "codes of its category whose titles are forms of it: " + g["widened"])
        if g.get("british"):
            bits.append("British spellings from spelling_variants.csv")
        if g["curated_sources"]:
            bits.append("curated wordings (condition_synonyms.csv): " + "; ".join(dict.fromkeys(g["curated_sources"])))
        rows.append({"id": gid, "name": forms[0], "synonyms": "|".join(forms[1:]),
                     "icd10_prefixes": "|".join(g["prefixes"]), "snomed": "", "includes": "",
                     "source": "; ".join(bits)})
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "name", "synonyms", "icd10_prefixes", "snomed", "includes", "source"],
                           lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    n_forms = sum(1 + len(r["synonyms"].split("|")) - (r["synonyms"] == "") for r in rows)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(rows)} groups, {n_forms} surface forms; "
          f"{len(dropped)} forms dropped")
    reasons = defaultdict(int)
    for _, _, r in dropped:
        reasons[r.split(":")[0].split(" by ")[0]] += 1
    for r, n in sorted(reasons.items(), key=lambda kv: -kv[1]):
        print(f"  {n:6d} {r}")
    if "--report" in argv:
        for form, code, reason in sorted(dropped):
            print(f"{code}\t{form}\t{reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
