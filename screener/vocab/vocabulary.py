"""The loaded vocabulary: lookups by id, by code and by surface form."""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from pathlib import Path

from screener.vocab import loader, spelling
from screener.vocab.models import (Allergen, Analyte, ConditionGroup, Drug, DrugClass, Procedure, RefRange, RxnormProduct, Term,
                                   TermKind, Vaccine)


def _cvx(code: str) -> str:
    return code.strip().lstrip("0") or "0"


class Vocabulary:
    def __init__(self, folder: Path | None = None, generated: bool = True) -> None:
        """``generated=False`` leaves out the ICD-10-CM generated condition groups (their generator needs that)."""
        self._folder = folder
        self.analytes: dict[str, Analyte] = loader.load_analytes(folder)
        self.drugs: dict[str, Drug] = loader.load_drugs(folder)
        self.drug_classes: dict[str, DrugClass] = loader.load_drug_classes(self.drugs, folder)
        self.condition_groups: dict[str, ConditionGroup] = loader.load_condition_groups(folder, generated)
        self.allergens: dict[str, Allergen] = loader.load_allergens(folder)
        self.procedures: dict[str, Procedure] = loader.load_procedures(folder)
        self.vaccines: dict[str, Vaccine] = loader.load_vaccines(folder)
        self._ranges = loader.load_reference_ranges(folder)
        self.rxnorm_products: dict[str, RxnormProduct] = loader.load_rxnorm_products(self.drugs, folder)
        self._expanded: dict[str, frozenset[str]] = {}
        self._check_ids()

    def _check_ids(self) -> None:
        seen: dict[str, str] = {}
        for kind, table in self._tables():
            for key in table:
                if key in seen:
                    raise ValueError(f"id {key!r} is both a {seen[key]} and a {kind}")
                if key != key.lower() or " " in key or "-" in key:
                    raise ValueError(f"id {key!r} is not lower_snake_case")
                seen[key] = kind
        for (aid, _sex) in self._ranges:
            if aid not in self.analytes:
                raise ValueError(f"reference range for unknown analyte {aid!r}")

    def _tables(self) -> tuple[tuple[TermKind, dict], ...]:
        return (("analyte", self.analytes), ("drug", self.drugs),
                ("drug_class", self.drug_classes), ("condition", self.condition_groups),
                ("allergen", self.allergens), ("procedure", self.procedures),
                ("vaccine", self.vaccines))

    # -- routes a criterion's route word takes in ("topical" eye drops) ------------
    @cached_property
    def route_groups(self) -> dict[str, frozenset[str]]:
        """Route word of a rule -> the record routes it counts (itself and route_groups.csv's includes)."""
        out: dict[str, frozenset[str]] = {}
        for row in loader.read_rows("route_groups.csv", self._folder):
            if not row.get("source"):
                raise ValueError(f"route_groups.csv: no source for {row['route']!r}")
            out[row["route"]] = frozenset([row["route"], *filter(None, row["includes"].split("|"))])
        return out

    # -- conditions a lab value defines ------------------------------------
    @cached_property
    def _lab_defined(self) -> dict[str, str]:
        rows = loader.read_rows("lab_defined_conditions.csv", self._folder)
        out = {row["condition"]: row["analyte"] for row in rows}
        unknown = sorted(a for a in out.values() if a not in self.analytes)
        if unknown:
            raise ValueError(f"lab_defined_conditions.csv names unknown analytes {unknown}")
        return out

    def lab_defined_conditions(self) -> dict[str, str]:
        """Condition name -> the analyte whose range defines it ("thrombocytopenia" -> platelets)."""
        return self._lab_defined

    # -- diagnoses coded by stage ("chronic kidney disease stage 4") -----------
    @cached_property
    def _stages(self) -> dict[tuple[str, str, int], str]:
        rows = loader.read_rows("condition_stages.csv", self._folder)
        out = {(row["condition"], row["scale"], int(row["value"])): row["group"] for row in rows}
        unknown = sorted({g for g in out.values() if g not in self.condition_groups})
        if unknown:
            raise ValueError(f"condition_stages.csv names unknown condition groups {unknown}")
        return out

    def condition_stage(self, condition: str, scale: str, value: int) -> str | None:
        """The group of a diagnosis at a place on its scale (renal_dysfunction, stage, 4 -> ckd_stage_4)."""
        return self._stages.get((condition, scale, value))

    # -- umbrella analytes ("anticardiolipin" over its IgG and IgM isotypes) --
    @cached_property
    def _members(self) -> dict[str, tuple[tuple[str, float | None, str | None], ...]]:
        out: dict[str, list[tuple[str, float | None, str | None]]] = defaultdict(list)
        for row in loader.read_rows("analyte_members.csv", self._folder):
            for key in ("umbrella", "member"):
                if row[key] not in self.analytes:
                    raise ValueError(f"analyte_members.csv names unknown analyte {row[key]!r}")
            cutoff = float(row["positive_above"]) if row["positive_above"] else None
            out[row["umbrella"]].append((row["member"], cutoff, row["unit"] or None))
        return {k: tuple(v) for k, v in out.items()}

    def analyte_members(self, analyte_id: str) -> tuple[tuple[str, float | None, str | None], ...]:
        """(member analyte, positivity cut-off or None, its unit) for an umbrella analyte."""
        return self._members.get(analyte_id, ())

    # -- reference ranges -------------------------------------------------
    def reference_range(self, analyte_id: str, sex: str | None = None) -> RefRange | None:
        """Our default range: the sex-specific one when it exists, else the common one."""
        if sex is not None and (analyte_id, sex) in self._ranges:
            return self._ranges[(analyte_id, sex)]
        return self._ranges.get((analyte_id, None))

    def reference_ranges(self) -> tuple[tuple[str, RefRange], ...]:
        return tuple((aid, rng) for (aid, _sex), rng in sorted(self._ranges.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")))

    # -- surface forms ----------------------------------------------------
    @cached_property
    def _terms_and_shadowed(self) -> tuple[tuple[Term, ...], tuple[tuple[Term, Term], ...]]:
        out: dict[tuple[str, str, str], Term] = {}
        hand: list[Term] = []  # hand-written forms to spell the British way
        owner: dict[str, Term] = {}  # text -> the hand-written term that has it
        shadowed: dict[tuple[str, str], tuple[Term, Term]] = {}
        for kind, table in self._tables():
            for key, rec in table.items():
                if getattr(rec, "generated", False):
                    continue
                names = [rec.name, *rec.synonyms]
                for n, form in enumerate([key, *names, *getattr(rec, "brands", ())]):
                    text = form.strip().lower()
                    if text:
                        term = out.setdefault((text, kind, key), Term.model_construct(text=text, kind=kind, id=key))
                        owner.setdefault(text, term)
                        if 1 <= n <= len(names):  # not the id; nor a brand, a trade mark spelt one way
                            hand.append(term)
        # a generated group never takes a surface form from a hand-written entry (nor
        # from an earlier generated group): it loses the form, and shadowed() reports it
        for key, rec in self.condition_groups.items():
            if not rec.generated:
                continue
            for form in [key, rec.name, *rec.synonyms]:
                text = form.strip().lower()
                term = Term.model_construct(text=text, kind="condition", id=key)
                if not text or (text, "condition", key) in out:
                    continue
                if text in owner:
                    shadowed.setdefault((text, key), (term, owner[text]))
                    continue
                out[(text, "condition", key)] = owner[text] = term
        # British spellings ("anaemia", "oesophageal varices") of the hand-written forms and the
        # lab-defined conditions; the generator wrote those of the generated groups into their rows
        hand += [Term.model_construct(text=name, kind="condition", id=name) for name in self.lab_defined_conditions()]
        british, skipped = spelling.british_terms(
            hand, out.values(), spelling.Speller(spelling.load_spelling_rules(self._folder)),
            {(t.kind, t.id) for t in hand})
        self._british = (tuple(sorted(british, key=lambda t: (t.text, t.kind, t.id))), tuple(skipped))
        terms = tuple(sorted([*out.values(), *british], key=lambda t: (t.text, t.kind, t.id)))
        return terms, tuple(shadowed[k] for k in sorted(shadowed))

    @property
    def _terms(self) -> tuple[Term, ...]:
        return self._terms_and_shadowed[0]

    def british_spellings(self) -> tuple[tuple[Term, ...], tuple[spelling.Skipped, ...]]:
        """(British variants added to hand-written entries, those left out because another entry,
        a lab-defined condition or a keyword holds them); generated groups carry theirs in their rows."""
        self._terms_and_shadowed  # noqa: B018 - built with the terms
        return self._british

    def shadowed(self) -> tuple[tuple[Term, Term], ...]:
        """(generated term left out, the term that keeps its text): a generated file to regenerate."""
        return self._terms_and_shadowed[1]

    def terms(self) -> tuple[Term, ...]:
        return self._terms

    @cached_property
    def _by_text(self) -> dict[str, tuple[Term, ...]]:
        index: dict[str, list[Term]] = defaultdict(list)
        for term in self._terms:
            index[term.text].append(term)
        return {k: tuple(v) for k, v in index.items()}

    def lookup(self, text: str) -> tuple[Term, ...]:
        """Every term spelled exactly ``text`` (case-insensitive, outer spaces ignored)."""
        return self._by_text.get(" ".join(text.lower().split()), ())

    # -- codes --------------------------------------------------------------
    @cached_property
    def _loinc_index(self) -> dict[str, str]:
        return {code: a.id for a in self.analytes.values() for code in a.loinc}

    def analyte_for_loinc(self, code: str) -> Analyte | None:
        aid = self._loinc_index.get(code)
        return self.analytes[aid] if aid else None

    @cached_property
    def _rxnorm_index(self) -> dict[str, str]:
        return {code: d.id for d in self.drugs.values() for code in d.rxnorm}

    def drug_for_rxnorm(self, code: str) -> Drug | None:
        """The ingredient for an ingredient code or for a clinical drug code we know (see rxnorm_products)."""
        did = self._rxnorm_index.get(code) or (self.rxnorm_products[code].drug_id if code in self.rxnorm_products else None)
        return self.drugs[did] if did else None

    @cached_property
    def _allergen_index(self) -> dict[str, str]:
        return {code: a.id for a in self.allergens.values() for code in a.snomed}

    def allergen_for_snomed(self, code: str) -> Allergen | None:
        aid = self._allergen_index.get(code)
        return self.allergens[aid] if aid else None

    @cached_property
    def _procedure_index(self) -> dict[tuple[str, str], tuple[str, ...]]:
        index: dict[tuple[str, str], list[str]] = defaultdict(list)
        for p in self.procedures.values():
            for system, code in p.codes:
                index[(system, code)].append(p.id)
        return {k: tuple(v) for k, v in index.items()}

    @cached_property
    def _established(self) -> dict[tuple[str, str], tuple[str, ...]]:
        index: dict[tuple[str, str], list[str]] = defaultdict(list)
        for row in loader.read_rows("condition_procedures.csv", self._folder):
            if row["group"] not in self.condition_groups:
                raise ValueError(f"condition_procedures.csv names unknown condition group {row['group']!r}")
            index[(row["system"], row["code"])].append(row["group"])
        return {k: tuple(v) for k, v in index.items()}

    def conditions_established_by(self, system: str, code: str) -> tuple[str, ...]:
        """Condition groups a procedure establishes from the day it was done ("snomed", "70536003" ->
        ("kidney_transplant",): a kidney received is kidney transplant status, Z94.0)."""
        return self._established.get((system, code.strip()), ())

    @cached_property
    def _subject_states(self) -> dict[str, str]:
        out = {}
        for row in loader.read_rows("research_subject_states.csv", self._folder):
            if row["enrolled"] not in ("yes", "no", "if-started"):
                raise ValueError(f"research_subject_states.csv: enrolled must be yes, no or if-started ({row['code']})")
            out[row["code"]] = row["enrolled"]
        return out

    def subject_enrolled(self, status: str | None, started: bool) -> bool | None:
        """Whether a ResearchSubject state means the patient was in the study (research_subject_states.csv):
        on-study, follow-up, off-study: yes; candidate, screening, ineligible: no; withdrawn: only with a
        start date; a state the file does not hold (or none): None."""
        said = self._subject_states.get((status or "").strip().lower())
        return None if said is None else started if said == "if-started" else said == "yes"

    @cached_property
    def _study_kinds(self) -> dict[str, bool]:
        return {row["code"]: row["interventional"] == "yes"
                for row in loader.read_rows("research_study_kinds.csv", self._folder)}

    def study_interventional(self, codes) -> bool | None:
        """Whether a ResearchStudy tests an intervention, by its phase or studyDesign codes
        (research_study_kinds.csv): any code saying yes wins; else one saying no; else None (not told)."""
        said = [self._study_kinds[c.code] for c in codes if c.code in self._study_kinds]
        return True if any(said) else False if said else None

    def procedures_for_code(self, system: str, code: str) -> tuple[str, ...]:
        """The procedures a (short system, code) pair names ("snomed", "232717009" -> ("cabg",))."""
        return self._procedure_index.get((system, code.strip()), ())

    @cached_property
    def _vaccine_index(self) -> dict[tuple[str, str], tuple[str, ...]]:
        index: dict[tuple[str, str], list[str]] = defaultdict(list)
        for v in self.vaccines.values():
            for system, code in v.codes:
                index[(system, _cvx(code))].append(v.id)
        return {k: tuple(v) for k, v in index.items()}

    def vaccines_for_code(self, system: str, code: str) -> tuple[str, ...]:
        """The vaccines (and groups) a (short system, code) pair names ("cvx", "03" -> ("live_vaccines", "mmr_vaccine")).
        A CVX code is read with or without its leading zero ("3" is "03")."""
        return self._vaccine_index.get((system, _cvx(code)), ())

    def expand_condition(self, group_id: str) -> frozenset[str]:
        """The group and every group it includes, transitively."""
        hit = self._expanded.get(group_id)
        if hit is not None:
            return hit
        out: set[str] = set()
        stack = [group_id]
        while stack:
            gid = stack.pop()
            if gid not in out:
                out.add(gid)
                stack.extend(self.condition_groups[gid].includes)
        self._expanded[group_id] = frozenset(out)
        return self._expanded[group_id]

    @cached_property
    def _icd_index(self) -> dict[str, tuple[str, ...]]:
        index: dict[str, list[str]] = defaultdict(list)
        for g in self.condition_groups.values():
            for p in g.icd10_prefixes:
                index[p.upper().replace(".", "")].append(g.id)
        return {k: tuple(dict.fromkeys(v)) for k, v in index.items()}

    def condition_groups_for_code(self, system: str, code: str) -> frozenset[str]:
        """Groups whose own codes match (``system`` is "icd10" or "snomed"); callers expand upward."""
        if system == "icd10":
            norm = code.upper().replace(".", "")
            index = self._icd_index  # a code matches every group with a prefix of it
            return frozenset(g for i in range(1, len(norm) + 1) for g in index.get(norm[:i], ()))
        if system == "snomed":
            return frozenset(g.id for g in self.condition_groups.values() if code in g.snomed)
        raise ValueError(f"unknown code system {system!r} (expected 'icd10' or 'snomed')")

    def groups_containing(self, group_id: str) -> frozenset[str]:
        """Every group whose expansion includes ``group_id`` (itself included)."""
        return frozenset(g for g in self.condition_groups if group_id in self.expand_condition(g))
