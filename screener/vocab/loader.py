"""Read the reviewed CSV files in ``screener/data/`` into vocabulary records.

Multi-valued cells are separated by ``|``. Every file is read with the csv
module (no pandas) and validated by the pydantic models; a broken file fails
loudly at load time rather than giving wrong answers later.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from screener.resources import data_dir
from screener.vocab.models import (
    AffineConverter,
    Allergen,
    Analyte,
    ConditionGroup,
    Drug,
    DrugClass,
    LoincCode,
    Procedure,
    Vaccine,
    RefRange,
    RxnormProduct,
)


def read_rows(name: str, folder: Path | None = None) -> list[dict[str, str]]:
    path = (folder or data_dir()) / name
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [row for row in csv.DictReader(fh) if not (row.get(next(iter(row))) or "").startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in rows]


def split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _float(cell: str) -> float | None:
    return float(cell) if cell else None


def _bool(cell: str) -> bool:
    if cell not in ("", "true", "false"):
        raise ValueError(f"expected true/false/empty, got {cell!r}")
    return cell == "true"


def load_analytes(folder: Path | None = None) -> dict[str, Analyte]:
    loinc: dict[str, list[LoincCode]] = defaultdict(list)
    for row in read_rows("analyte_loinc.csv", folder):
        loinc[row["analyte_id"]].append(
            LoincCode(code=row["loinc"], property=row["property"], unit=row["unit"] or None,
                      display=row["display"], source=row["source"])
        )
    converters: dict[str, list[AffineConverter]] = defaultdict(list)
    for row in read_rows("analyte_converters.csv", folder):
        converters[row["analyte_id"]].append(
            AffineConverter(from_unit=row["from_unit"], to_unit=row["to_unit"],
                            subtract=float(row["subtract"]), multiply=float(row["multiply"]),
                            source=row["source"])
        )
    bare: dict[str, str] = {}
    for row in read_rows("analyte_bare_units.csv", folder):
        if row["analyte_id"] in bare:
            raise ValueError(f"analyte_bare_units.csv: duplicate analyte {row['analyte_id']!r}")
        bare[row["analyte_id"]] = row["unit"]
    advancing: dict[str, float | None] = {}
    for row in read_rows("analyte_advancing.csv", folder):
        if row["analyte_id"] in advancing:
            raise ValueError(f"analyte_advancing.csv: duplicate analyte {row['analyte_id']!r}")
        if not row["source"]:
            raise ValueError(f"analyte_advancing.csv: {row['analyte_id']!r} has no source")
        advancing[row["analyte_id"]] = _float(row["until"])
    scales: dict[str, tuple[float, float]] = {}
    for row in read_rows("analyte_scales.csv", folder):
        if row["analyte_id"] in scales or not row["source"]:
            raise ValueError(f"analyte_scales.csv: duplicate analyte or no source: {row['analyte_id']!r}")
        scales[row["analyte_id"]] = (float(row["min"]), float(row["max"]))
    analytes: dict[str, Analyte] = {}
    for row in read_rows("analytes.csv", folder):
        aid = row["id"]
        if aid in analytes:
            raise ValueError(f"analytes.csv: duplicate id {aid!r}")
        codes = tuple(loinc.pop(aid, ()))
        analytes[aid] = Analyte(
            id=aid, name=row["name"], kind=row["kind"], value_type=row["value_type"],
            synonyms=split(row["synonyms"]), loinc=tuple(c.code for c in codes), loinc_codes=codes,
            canonical_unit=row["canonical_unit"] or None,
            molar_mass=_float(row["molar_mass"]), molar_mass_source=row["molar_mass_source"] or None,
            iu_equals_u=_bool(row["iu_equals_u"]), arb_u_equals_u=_bool(row["arb_u_equals_u"]),
            converters=tuple(converters.pop(aid, ())), bare_unit=bare.pop(aid, None),
            advances=aid in advancing, advances_until=advancing.pop(aid, None), scale=scales.pop(aid, None),
            source=row["source"],
        )
    for orphan in (*loinc, *converters, *bare, *advancing, *scales):
        raise ValueError(f"LOINC, converter or bare-unit rows name unknown analyte {orphan!r}")
    return analytes


def load_reference_ranges(folder: Path | None = None) -> dict[tuple[str, str | None], RefRange]:
    ranges: dict[tuple[str, str | None], RefRange] = {}
    for row in read_rows("reference_ranges.csv", folder):
        sex = row["sex"] or None
        key = (row["analyte_id"], sex)
        if key in ranges:
            raise ValueError(f"reference_ranges.csv: duplicate range for {key}")
        ranges[key] = RefRange(low=_float(row["low"]), high=_float(row["high"]), unit=row["unit"],
                               source=row["source"], sex=sex, default=True)
    return ranges


def load_drugs(folder: Path | None = None) -> dict[str, Drug]:
    drugs: dict[str, Drug] = {}
    for row in read_rows("drugs.csv", folder):
        if row["id"] in drugs:
            raise ValueError(f"drugs.csv: duplicate id {row['id']!r}")
        drugs[row["id"]] = Drug(
            id=row["id"], name=row["name"], synonyms=split(row["synonyms"]), brands=split(row["brands"]),
            rxnorm=split(row["rxnorm"]), rxnorm_source=row["rxnorm_source"] or None,
            classes=split(row["classes"]), routes=split(row["routes"]),
            half_life_hours=_float(row["half_life_hours"]), half_life_source=row["half_life_source"] or None,
        )
    return drugs


def load_drug_classes(drugs: dict[str, Drug], folder: Path | None = None) -> dict[str, DrugClass]:
    rows = {row["id"]: row for row in read_rows("drug_classes.csv", folder)}
    direct: dict[str, list[str]] = defaultdict(list)
    for drug in drugs.values():
        for cid in drug.classes:
            if cid not in rows:
                raise ValueError(f"drug {drug.id!r} names unknown class {cid!r}")
            direct[cid].append(drug.id)
    equivalence: dict[str, dict[str, float]] = defaultdict(dict)
    eq_sources: dict[str, dict[str, str]] = defaultdict(dict)
    for row in read_rows("drug_equivalence.csv", folder):
        if row["drug_id"] not in drugs or row["class_id"] not in rows:
            raise ValueError(f"drug_equivalence.csv: unknown drug or class in {row}")
        equivalence[row["class_id"]][row["drug_id"]] = float(row["factor"])
        eq_sources[row["class_id"]][row["drug_id"]] = row["source"]

    def closure(cid: str, seen: tuple[str, ...] = ()) -> list[str]:
        if cid in seen:
            raise ValueError(f"drug class cycle through {cid!r}")
        members = list(direct.get(cid, ()))
        for sub in split(rows[cid]["includes"]):
            if sub not in rows:
                raise ValueError(f"class {cid!r} includes unknown class {sub!r}")
            members += [m for m in closure(sub, (*seen, cid)) if m not in members]
        return members

    classes = {}
    for cid, row in rows.items():
        ref = row["reference_drug"] or None
        if ref is not None and ref not in drugs:
            raise ValueError(f"class {cid!r}: unknown reference drug {ref!r}")
        classes[cid] = DrugClass(
            id=cid, name=row["name"], synonyms=split(row["synonyms"]), members=tuple(closure(cid)),
            includes=split(row["includes"]), reference_drug=ref, equivalence=dict(equivalence[cid]),
            equivalence_sources=dict(eq_sources[cid]), systemic_routes=split(row["systemic_routes"]),
            source=row["source"],
        )
    return classes


def load_allergens(folder: Path | None = None) -> dict[str, Allergen]:
    return {row["id"]: Allergen(id=row["id"], name=row["name"], synonyms=split(row["synonyms"]),
                                snomed=split(row["snomed"]), source=row["source"])
            for row in read_rows("allergens.csv", folder)}


# Condition groups generated from ICD-10-CM titles (tools/gen_icd10_conditions.py);
# read after the hand-written file, which keeps priority over every surface form.
GENERATED_CONDITION_FILES = ("condition_groups_icd10.csv",)


def load_condition_groups(folder: Path | None = None, generated: bool = True) -> dict[str, ConditionGroup]:
    groups: dict[str, ConditionGroup] = {}
    files = ["condition_groups.csv"]
    if generated:
        files += [f for f in GENERATED_CONDITION_FILES if ((folder or data_dir()) / f).is_file()]
    for name in files:
        for row in read_rows(name, folder):
            if row["id"] in groups:
                raise ValueError(f"{name}: duplicate id {row['id']!r}")
            groups[row["id"]] = ConditionGroup(
                id=row["id"], name=row["name"], synonyms=split(row["synonyms"]),
                icd10_prefixes=split(row["icd10_prefixes"]), snomed=split(row["snomed"]),
                includes=split(row["includes"]), source=row["source"],
                generated=name != "condition_groups.csv",
            )
    for group in groups.values():
        for sub in group.includes:
            if sub not in groups:
                raise ValueError(f"condition group {group.id!r} includes unknown group {sub!r}")
    has_states = ((folder or data_dir()) / "condition_states.csv").is_file()
    for row in read_rows("condition_states.csv", folder) if has_states else []:
        gid = row["group_id"]
        if gid not in groups:
            continue  # a generated group not loaded here (tools/gen_icd10_conditions.py; tests with a data folder
            # of their own); tests/test_condition_present.py checks every row names a group of the vocabulary
        if not row["source"] or groups[gid].state:
            raise ValueError(f"condition_states.csv: repeated group, or no source: {gid!r}")
        groups[gid] = groups[gid].model_copy(update={"state": True})
    return groups


def load_rxnorm_products(drugs: dict[str, Drug], folder: Path | None = None) -> dict[str, RxnormProduct]:
    products: dict[str, RxnormProduct] = {}
    for row in read_rows("rxnorm_products.csv", folder):
        if row["drug_id"] not in drugs:
            raise ValueError(f"rxnorm_products.csv: unknown drug {row['drug_id']!r}")
        if row["rxnorm"] in products:
            raise ValueError(f"rxnorm_products.csv: duplicate code {row['rxnorm']!r}")
        products[row["rxnorm"]] = RxnormProduct(code=row["rxnorm"], drug_id=row["drug_id"], route=row["route"],
                                                display=row["display"], source=row["source"])
    return products


def _coded_rows(name: str, systems: tuple[str, ...], folder: Path | None):
    """(row, codes) of a vocabulary file whose ``codes`` alternate system and code
    ("snomed|232717009|snomed|36969009"), each system one of ``systems``; ids unique."""
    seen: set[str] = set()
    for row in read_rows(name, folder):
        if row["id"] in seen:
            raise ValueError(f"{name}: duplicate id {row['id']!r}")
        seen.add(row["id"])
        parts = split(row["codes"])
        if len(parts) % 2:
            raise ValueError(f"{name}: {row['id']!r} codes must be system|code pairs, got {row['codes']!r}")
        codes = tuple((parts[i].lower(), parts[i + 1]) for i in range(0, len(parts), 2))
        for system, _code in codes:
            if system not in systems:
                raise ValueError(f"{name}: {row['id']!r} has a code in unknown system {system!r}")
        yield row, codes


def load_procedures(folder: Path | None = None) -> dict[str, Procedure]:
    """procedures.csv: SNOMED CT (or ICD-10-PCS) codes per procedure."""
    return {row["id"]: Procedure(id=row["id"], name=row["name"], synonyms=split(row["synonyms"]), codes=codes,
                                 source=row["source"])
            for row, codes in _coded_rows("procedures.csv", ("snomed", "icd10pcs"), folder)}


_VACCINE_SUFFIXES = ("vaccines", "vaccination", "vaccinations", "immunization", "immunizations", "immunisation")
_VACCINE_AGAINST = ("vaccination against", "vaccinated against", "vaccine against", "immunization against",
                    "immunized against", "immunisation against", "immunised against")


def vaccine_forms(form: str) -> tuple[str, ...]:
    """A vaccine form and what it derives: "influenza vaccine" -> "influenza vaccination", "influenza
    immunization", "vaccinated against influenza", ...  A group's form ("live vaccine") names no
    disease: it takes the suffixes only."""
    form = form.strip().lower()
    if not form.endswith(" vaccine"):
        return (form,)
    base = form[: -len(" vaccine")]
    out = [form, *(f"{base} {s}" for s in _VACCINE_SUFFIXES)]
    if "live" not in base.split():
        out += [f"{a} {base}" for a in _VACCINE_AGAINST]
    return tuple(out)


def load_vaccines(folder: Path | None = None) -> dict[str, Vaccine]:
    """vaccines.csv: CVX codes per vaccine or group; forms per vaccine_forms."""
    out: dict[str, Vaccine] = {}
    for row, codes in _coded_rows("vaccines.csv", ("cvx",), folder):
        forms = dict.fromkeys(f for s in split(row["synonyms"]) for f in vaccine_forms(s))
        out[row["id"]] = Vaccine(id=row["id"], name=row["name"], synonyms=tuple(forms), codes=codes,
                                 source=row["source"])
    return out
