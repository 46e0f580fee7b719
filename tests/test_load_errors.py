"""Bad input: each fault is reported with its file, record and field, and never costs the rest of the batch."""

from __future__ import annotations

import codecs
import json
import re
from pathlib import Path

import pytest

from screener.records.adapters import problems as P
from screener.records.load import load_paths

FIX = Path(__file__).parent / "fixtures" / "records"
BAD = FIX / "bad"
DOCS = Path(__file__).resolve().parents[1] / "docs" / "records.md"


def codes(patient, fatal=None):
    return [p.code for p in patient.problems if fatal is None or p.fatal == fatal]


def only(path):
    patients = load_paths([path])
    assert len(patients) == 1, [p.id for p in patients]
    return patients[0]


def problem(patient, code):
    found = [p for p in patient.problems if p.code == code]
    assert len(found) == 1, patient.problems
    return found[0]


def assert_names_file(prob, path):
    label = Path(path).as_posix()
    assert prob.file == label and label in prob.message


# ---- whole files ----------------------------------------------------------------------------

@pytest.mark.parametrize("name, code", [
    ("empty.json", P.FILE_EMPTY), ("blank.jsonl", P.FILE_EMPTY), ("empty_list.json", P.FILE_EMPTY),
    ("malformed.json", P.FILE_MALFORMED_JSON), ("latin1.csv", P.FILE_BAD_ENCODING),
    ("missing_columns.csv", P.FILE_MISSING_COLUMNS), ("notes.txt", P.FILE_UNSUPPORTED_TYPE),
])
def test_unreadable_file_is_one_fatal_placeholder(name, code):
    patient = only(BAD / name)
    assert patient.id == (BAD / name).as_posix() and patient.broken
    (prob,) = patient.problems
    assert prob.code == code and prob.fatal
    assert_names_file(prob, BAD / name)


def test_missing_file(tmp_path):
    missing = tmp_path / "nowhere.json"
    patient = only(missing)
    (prob,) = patient.problems
    assert (prob.code, prob.fatal, patient.id) == (P.FILE_NOT_FOUND, True, missing.as_posix())
    assert_names_file(prob, missing)


def test_malformed_json_names_line_and_column():
    text = (BAD / "malformed.json").read_text()
    with pytest.raises(json.JSONDecodeError) as err:
        json.loads(text)
    prob = only(BAD / "malformed.json").problems[0]
    assert f"line {err.value.lineno}, column {err.value.colno}" in prob.message
    assert prob.record == f"line {err.value.lineno}"


def test_bad_encoding_names_the_line():
    prob = only(BAD / "latin1.csv").problems[0]
    assert prob.record == "line 2" and "UTF-8" in prob.message


def test_missing_columns_names_them():
    prob = only(BAD / "missing_columns.csv").problems[0]
    assert prob.field == "patient_id" and "patient_id" in prob.message


def test_utf16_and_bom_files_are_read(tmp_path):
    record = {"id": "u16", "sex": "female"}
    (tmp_path / "a.json").write_bytes(codecs.BOM_UTF16_LE + json.dumps(record).encode("utf-16-le"))
    (tmp_path / "b.csv").write_bytes(codecs.BOM_UTF8 + b"patient_id,kind,sex\nbom,patient,male\n")
    a, b = load_paths([tmp_path])
    assert (a.id, a.problems, b.id, b.sex, b.problems) == ("u16", [], "bom", "male", [])


def test_empty_folder_is_reported(tmp_path):
    (tmp_path / "readme.txt").write_text("nothing here")
    patient = only(tmp_path)
    assert codes(patient) == [P.FILE_EMPTY] and patient.broken


def test_folder_walk_is_sorted_recursive_and_skips_hidden(tmp_path):
    for rel, pid in [("b/z.jsonl", "bz"), ("a.jsonl", "a"), ("b/a/x.jsonl", "bax"), (".hidden/h.jsonl", "h"),
                     ("b/.h.jsonl", "h2")]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"id": pid}) + "\n")
    (tmp_path / "b" / "notes.md").write_text("not a record")
    assert [p.id for p in load_paths([tmp_path])] == ["a", "bax", "bz"]


def test_a_reader_crash_is_reported_and_the_batch_goes_on(monkeypatch):
    import screener.records.load as load

    def boom(text, file):
        raise RuntimeError("reader bug")
    monkeypatch.setattr(load, "read_csv", boom)
    patients = load_paths([FIX / "own" / "patients.jsonl", FIX / "csv" / "long.csv", FIX / "own" / "patients.json"])
    assert [p.id for p in patients] == ["jl-1", "jl-2", (FIX / "csv" / "long.csv").as_posix(), "own-1", "own-2"]
    assert codes(patients[2]) == [P.FILE_UNREADABLE] and "reader bug" in patients[2].problems[0].message


# ---- own JSON records ------------------------------------------------------------------------

def test_invalid_own_record_names_the_field_paths():
    patient = only(BAD / "invalid_own.json")
    assert patient.id == "inv-1" and patient.broken
    fields = {p.field: p for p in patient.problems}
    assert set(fields) == {"sex", "observations[0].value"}
    for prob in patient.problems:
        assert prob.code == P.RECORD_INVALID and prob.fatal and prob.record == "patient 'inv-1'"
        assert_names_file(prob, BAD / "invalid_own.json")
    assert "'abc'" in fields["observations[0].value"].message


def test_jsonl_bad_lines_become_their_own_placeholders():
    patients = load_paths([BAD / "mixed.jsonl"])
    assert [p.id for p in patients] == ["mx-1", "mixed.jsonl#2", "mixed.jsonl#3", "mx-4"]
    ok1, malformed, invalid, ok4 = patients
    assert not ok1.problems and not ok4.problems
    assert codes(malformed) == [P.FILE_MALFORMED_JSON] and malformed.problems[0].record == "line 2"
    assert "line 2, column" in malformed.problems[0].message
    prob = problem(invalid, P.RECORD_INVALID)
    assert (prob.field, prob.record, invalid.origin.line) == ("id", "line 3", 3)


# ---- FHIR records ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def fhir_problems():
    return load_paths([BAD / "fhir_record_problems.json"])


def test_fhir_record_problems_are_kept_non_fatal(fhir_problems):
    fp, other = fhir_problems
    assert fp.id == "fp" and not fp.broken
    obs = {o.id: o for o in fp.observations}
    expectations = [
        (P.RECORD_NON_NUMERIC_VALUE, "Observation/nonnum (entry 1)", "valueQuantity.value"),
        (P.RECORD_MISSING_DATE, "Observation/undated (entry 2)", "effective[x]"),
        (P.RECORD_BAD_VALUE, "Observation/ad (entry 4)", "valueQuantity.comparator"),
        (P.RECORD_UNRESOLVED_REFERENCE, "MedicationRequest/lost-med (entry 7)", "medicationReference"),
    ]
    for code, record, field in expectations:
        prob = problem(fp, code)
        assert (prob.record, prob.field, prob.fatal) == (record, field, False)
        assert_names_file(prob, BAD / "fhir_record_problems.json")
    assert obs["nonnum"].value is None and obs["nonnum"].unit == "g/dL"  # kept, without a value
    assert obs["undated"].date is None and obs["undated"].value == 120
    assert (obs["ad"].value, obs["ad"].comparator) == (3, None)
    assert fp.medications[0].codes == [] and fp.medications[0].text == "mystery pill"


def test_fhir_bad_dates(fhir_problems):
    fp, _ = fhir_problems
    bad = {p.field: p for p in fp.problems if p.code == P.RECORD_BAD_DATE}
    assert set(bad) == {"birthDate", "effectiveDateTime"} and fp.birth_date is None
    assert bad["effectiveDateTime"].record == "Observation/baddate (entry 3)"


def test_fhir_unknown_resource_types(fhir_problems):
    fp, other = fhir_problems
    unknown = [p for p in fp.problems if p.code == P.RECORD_UNKNOWN_RESOURCE_TYPE]
    assert {p.record for p in unknown} == {"entry 5", "Widget/w1 (entry 6)"}
    assert all(p.field == "resourceType" and not p.fatal for p in unknown)
    assert "Widget" in next(p.message for p in unknown if p.record.startswith("Widget"))


def test_fhir_record_for_an_absent_patient(fhir_problems):
    _, other = fhir_problems
    assert other.id == "other" and other.broken
    prob = problem(other, P.RECORD_NO_PATIENT)
    assert "Patient/other" in prob.message
    assert [o.id for o in other.observations] == ["stray"]


def test_bundle_without_patient():
    path = BAD / "no_patient_bundle.json"
    patient = only(path)
    assert patient.id == path.as_posix() and patient.broken
    prob = problem(patient, P.RECORD_NO_PATIENT)
    assert "Patient/ghost" in prob.message
    assert_names_file(prob, path)
    assert [o.id for o in patient.observations] == ["g1"]  # kept as evidence


def test_patient_without_id_is_fatal():
    patient = only(BAD / "patient_no_id.json")
    prob = problem(patient, P.RECORD_NO_ID)
    assert prob.fatal and prob.field == "id" and prob.record == "entry 0"
    assert len(patient.observations) == 1  # linked through the fullUrl


def test_bulk_malformed_lines_land_on_the_patient_they_name():
    z1, z3, z2 = load_paths([BAD / "bulk"])
    assert (z1.id, z2.id, z3.id) == ("z1", "z2", "z3")
    # z2's Patient line is malformed: its records are kept on a fatal orphan
    assert set(codes(z2, fatal=True)) == {P.RECORD_NO_PATIENT, P.FILE_MALFORMED_JSON, P.RECORD_NO_SUBJECT}
    assert [o.id for o in z2.observations] == ["zo2"]
    # z3's only observation is malformed: z3 cannot be screened without it
    prob = problem(z3, P.FILE_MALFORMED_JSON)
    assert prob.record == "line 3" and prob.file.endswith("Observation.ndjson")
    # an observation naming no patient could be anyone's
    for p in (z1, z2, z3):
        assert problem(p, P.RECORD_NO_SUBJECT).record == "Observation/zo4 (line 4)"


# ---- CSV rows -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bad_rows():
    return load_paths([BAD / "bad_rows.csv"])


def test_csv_row_problems(bad_rows):
    r1, r2 = bad_rows
    expectations = [
        (r1, P.RECORD_NON_NUMERIC_VALUE, "line 3 (patient r1)", "value", False),
        (r1, P.RECORD_UNKNOWN_KIND, "line 4 (patient r1)", "kind", False),
        (r2, P.RECORD_BAD_DATE, "line 6 (patient r2)", "date", False),
        (r2, P.RECORD_BAD_ROW, "line 7 (patient r2)", None, True),
        (r2, P.RECORD_CONFLICT, "line 9 (patient r2)", "birth_date", True),
    ]
    for patient, code, record, field, fatal in expectations:
        prob = problem(patient, code)
        assert (prob.record, prob.field, prob.fatal) == (record, field, fatal)
        assert_names_file(prob, BAD / "bad_rows.csv")
    assert r1.observations[0].value is None and r1.observations[0].codes[0].code == "718-7"
    assert [o.date for o in r2.observations] == [None]  # the shifted row is skipped


def test_csv_row_without_patient_id_concerns_every_patient(bad_rows):
    for patient in bad_rows:
        prob = problem(patient, P.RECORD_NO_SUBJECT)
        assert (prob.record, prob.field, prob.fatal) == ("line 5", "patient_id", True)


def test_csv_unknown_column_is_reported_once_per_patient(bad_rows):
    for patient in bad_rows:
        prob = problem(patient, P.FILE_UNKNOWN_COLUMN)
        assert prob.field == "vaule" and not prob.fatal


def test_csv_without_rows():
    patient = only(BAD / "header_only.csv")
    assert patient.broken and P.RECORD_NO_PATIENT in codes(patient)


# ---- the batch -----------------------------------------------------------------------------------

def test_duplicate_ids_across_files():
    first, later = load_paths([BAD / "dup_first.json", BAD / "dup_second.csv"])
    assert first.id == later.id == "dup"
    assert not first.problems and first.observations[0].value == 14
    prob = problem(later, P.RECORD_DUPLICATE_ID)
    assert prob.fatal and (BAD / "dup_first.json").as_posix() in prob.message
    assert_names_file(prob, BAD / "dup_second.csv")
    assert later.observations == [] and later.broken


def test_the_same_file_twice_duplicates_each_patient():
    patients = load_paths([FIX / "csv" / "long.csv", FIX / "csv" / "long.csv"])
    assert [p.id for p in patients] == ["c1", "c2", "c1", "c2"]
    assert [p.broken for p in patients] == [False, False, True, True]


def test_bad_inputs_do_not_stop_the_batch_and_count_out_equals_count_in(tmp_path):
    good = [FIX / "fhir" / "bundle_basic.json", FIX / "own" / "patients.jsonl", FIX / "csv" / "long.csv"]
    bad = sorted(p for p in BAD.iterdir() if p.is_file()) + [tmp_path / "missing.ndjson", BAD / "bulk"]
    expected = {p: len(load_paths([p])) for p in good + bad}
    mixed = [x for pair in zip(bad, good + [None] * len(bad)) for x in pair if x is not None]
    patients = load_paths(mixed)
    assert len(patients) == sum(expected.values())
    ids = [p.id for p in patients]
    for pid in ("p1", "jl-1", "jl-2", "c1", "c2", "mx-1", "mx-4", "fp", "r1", "r2", "z1", "z2", "z3"):
        assert ids.count(pid) == 1, pid
    healthy = {p.id for p in patients if not p.broken}
    assert {"p1", "jl-1", "jl-2", "c1", "c2", "mx-1", "mx-4", "fp", "dup"} <= healthy
    for patient in patients:  # every problem says where it is
        for prob in patient.problems:
            assert prob.file and prob.file in prob.message, prob


# ---- the codes are documented ---------------------------------------------------------------------

def test_every_problem_code_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|", text, re.M))
    ours = {v for k, v in vars(P).items() if k.isupper() and isinstance(v, str) and "." in v}
    assert ours <= documented, sorted(ours - documented)
    fatal_rows = set(re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \| fatal \|", text, re.M))
    assert fatal_rows == P.FATAL


def test_two_patient_resources_with_one_id_in_ndjson(tmp_path):
    (tmp_path / "Patient.ndjson").write_text('{"resourceType": "Patient", "id": "x"}\n'
                                             '{"resourceType": "Patient", "id": "x", "gender": "male"}\n')
    patient = only(tmp_path)
    prob = problem(patient, P.RECORD_DUPLICATE_ID)
    assert prob.fatal and prob.record == "Patient/x (line 2)" and "line 1" in prob.message
