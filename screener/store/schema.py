"""The store's long tables: one Parquet folder per table, the columns rules and evidence read.

docs/store.md describes every column.  Patients are keyed by ``pid``, their
position in the load (a patient id can come twice in one batch: the later one
is a ``record.duplicate_id`` error, and both must come out).  ``seq`` is a
record's position in its patient's list, because the reference interpreter
breaks some ties in record order and the SQL engines must break them alike.
"""

from __future__ import annotations

import pyarrow as pa

STORE_VERSION = 6  # 2: conditions.severity; 3: allergies; 4: procedures; 5: immunizations; 6: studies

_str, _date, _f64, _i64, _bool = pa.string(), pa.date32(), pa.float64(), pa.int64(), pa.bool_()

SCHEMAS: dict[str, pa.Schema] = {
    "patients": pa.schema([
        ("pid", _i64), ("patient_id", _str), ("birth_date", _date), ("sex", _str),
        ("deceased", _bool), ("deceased_date", _date), ("broken", _bool), ("file", _str),
    ]),
    "observations": pa.schema([
        ("pid", _i64), ("seq", _i64), ("record", _str), ("file", _str), ("analyte", _str), ("obs_date", _date),
        ("status", _str), ("text", _str), ("value", _f64), ("unit", _str), ("comparator", _str),
        ("value_text", _str), ("text_key", _str), ("flags", pa.list_(_str)),
        ("norm_value", _f64), ("norm_unit", _str), ("ref_low", _f64), ("ref_high", _f64),
        ("reported_ref_low", _f64), ("reported_ref_high", _f64), ("reported_ref_unit", _str), ("ref_text", _str),
        ("ref_problem", _str), ("problem", _str),
    ]),
    "medications": pa.schema([
        ("pid", _i64), ("seq", _i64), ("record", _str), ("file", _str), ("drug", _str), ("text", _str),
        ("route", _str), ("start_date", _date), ("end_date", _date), ("status", _str), ("resource_type", _str),
        ("dose", _f64), ("dose_unit", _str), ("per_day", _f64), ("daily_dose", _f64), ("daily_dose_unit", _str),
        ("norm_daily_dose", _f64), ("problem", _str),
    ]),
    "conditions": pa.schema([
        ("pid", _i64), ("seq", _i64), ("record", _str), ("file", _str), ("groups", pa.list_(_str)),
        ("text", _str), ("codes", pa.list_(_str)), ("onset_date", _date), ("abatement_date", _date),
        ("clinical_status", _str), ("verification_status", _str), ("severity", _str),
    ]),
    # every allergy record, placed or not: one the vocabulary cannot place still makes an allergy rule unknown
    "allergies": pa.schema([
        ("pid", _i64), ("seq", _i64), ("record", _str), ("file", _str), ("agents", pa.list_(_str)),
        ("text", _str), ("codes", pa.list_(_str)), ("recorded_date", _date), ("clinical_status", _str),
        ("verification_status", _str),
    ]),
    # procedure records the vocabulary places (procedure ids in ``procedures``)
    "procedures": pa.schema([
        ("pid", _i64), ("seq", _i64), ("record", _str), ("file", _str), ("procedures", pa.list_(_str)),
        ("text", _str), ("codes", pa.list_(_str)), ("performed_date", _date), ("performed_end", _date),
        ("status", _str),
    ]),
    # immunization records the vocabulary places (vaccine and group ids in ``vaccines``)
    "immunizations": pa.schema([
        ("pid", _i64), ("seq", _i64), ("record", _str), ("file", _str), ("vaccines", pa.list_(_str)),
        ("text", _str), ("codes", pa.list_(_str)), ("occurred_date", _date), ("status", _str),
    ]),
    # every ResearchSubject record: the patient in a research study (enrolled and interventional bound from
    # research_subject_states.csv and research_study_kinds.csv; null: not told)
    "studies": pa.schema([
        ("pid", _i64), ("seq", _i64), ("record", _str), ("file", _str), ("status", _str), ("start_date", _date),
        ("end_date", _date), ("study", _str), ("study_title", _str), ("study_ids", pa.list_(_str)),
        ("enrolled", _bool), ("interventional", _bool),
    ]),
    "attestations": pa.schema([
        ("pid", _i64), ("seq", _i64), ("criterion", _str), ("holds", _bool), ("by_whom", _str),
        ("att_date", _date), ("note", _str),
    ]),
    "problems": pa.schema([
        ("pid", _i64), ("seq", _i64), ("code", _str), ("message", _str), ("file", _str), ("record", _str),
        ("field", _str), ("fatal", _bool),
    ]),
}

TABLES = tuple(SCHEMAS)
