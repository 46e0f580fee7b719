"""Write hand-built follow-up series for both seed trials, in our own record format.

Run ``python3 tests/build_followup_fixtures.py`` to (re)write ``tests/fixtures/followup/``;
``tests/test_followup_fixtures.py`` checks that the committed files are what this script writes,
and asserts for each patient the categories worked out by hand from the registry text and
docs/outcomes.md (not copied from the engine's output).

Every series starts at BASELINE (2025-03-03).  Timepoints fall on calendar dates:
NCT06722586 2 weeks = 2025-03-17, 1 month = 2025-04-03, 3 months = 2025-06-03,
6 months = 2025-09-03; NCT05746689 12 weeks = 2025-05-26 (day 85), 48 weeks = 2026-02-02.

- nct06722586/: platelet paths that end in complete response, partial response and no
  response, one with no baseline count, one that drops out, one with results on the window
  edges, plus glucocorticoid doses, aCL titres and lupus anticoagulant.
- nct05746689_outcomes/: IgG4-RD responder index paths (response, remission, relapse by the
  index or by restarted prednisone, no response, no baseline) and the patient global assessment.
- nct05746689_protocol/: prednisone acetate and sirolimus as given, against the arm's schedule
  (weights that hit the 60 mg/d cap and ones that do not, a taper followed, a step skipped, a
  step held too long, sirolimus not reduced, no baseline weight) and sirolimus troughs in and
  out of range in ng/mL and ug/L, one missed.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

BASELINE = dt.date(2025, 3, 3)
OUT = Path(__file__).resolve().parent / "fixtures" / "followup"


def day(n: int) -> str:
    """``n`` days after the baseline date (day 1 of a schedule is n = 0)."""
    return (BASELINE + dt.timedelta(days=n)).isoformat()


# ---- records -------------------------------------------------------------------------------

_LOINC = {"platelets": ("777-3", "Platelets [#/volume] in Blood by Automated count"),
          "weight": ("29463-7", "Body weight"),
          "trough": ("29247-4", "Sirolimus [Mass/volume] in Blood"),
          "acl_igg": ("3181-5", "Cardiolipin IgG Ab [Units/volume] in Serum by Immunoassay")}
_TEXT = {"ri": "IgG4-RD responder index", "pga": "Patient global assessment", "la": "Lupus anticoagulant"}


def obs(rid: str, what: str, n: int, value, unit: str | None = None) -> dict:
    o: dict = {"id": rid, "date": day(n)}
    if what in _LOINC:
        code, text = _LOINC[what]
        o |= {"codes": [{"system": "loinc", "code": code, "display": text}], "text": text}
    else:
        o["text"] = _TEXT[what]
    if isinstance(value, str):
        o["value_text"] = value
    else:
        o |= {"value": value, "unit": unit}
    return o


def med(rid: str, text: str, mg: float, start: int, end: int | None, status: str | None = None) -> dict:
    """A daily dose taken once a day from day ``start`` to ``end`` (both after baseline; None: ongoing)."""
    m: dict = {"id": rid, "text": text, "dose": mg, "dose_unit": "mg", "per_day": 1, "route": "oral",
               "start": day(start), "status": status or ("active" if end is None else "completed")}
    if end is not None:
        m["end"] = day(end)
    return m


def patient(pid: str, observations: list, medications: list = ()) -> dict:
    return {"id": pid, "sex": "female", "birth_date": "1975-06-01", "observations": observations,
            "medications": list(medications)}


def platelets(pid: str, series: list[tuple[int, float]], unit: str = "10*9/L") -> list[dict]:
    return [obs(f"{pid}-plt{k}", "platelets", n, v, unit) for k, (n, v) in enumerate(series)]


# ---- NCT06722586: platelets, glucocorticoids, aPL ------------------------------------------------

def nct06722586() -> dict[str, dict]:
    out = {}
    # baseline 40; 2 w 70 (not > 2 x 40), 1 m 95 (partial), 3 m 120 in 10*3/uL (complete), 6 m 150 (complete)
    out["cr_path"] = patient("cr_path", platelets("cr_path", [(-2, 40), (14, 70), (31, 95)])
                             + platelets("cr_path_k", [(92, 120), (184, 150)], "10*3/uL"))
    # baseline 30; 2 w 50 (not > 60), 1 m 65, 3 m 80, 6 m exactly 100 (partial: not above 100, above 2 x 30)
    out["pr_path"] = patient("pr_path", platelets("pr_path", [(0, 30), (14, 50), (31, 65), (92, 80), (184, 100)]))
    # baseline 50; never above 100, never above 2 x 50 (6 m exactly 100 is not more than twice)
    out["no_response"] = patient("no_response", platelets("no_response", [(-5, 50), (14, 55), (31, 60), (92, 90),
                                                                          (184, 100)]))
    # the only count before baseline is 40 days old (the baseline window is 28 days)
    out["no_baseline"] = patient("no_baseline", platelets("no_baseline", [(-40, 35), (14, 70), (92, 130)]))
    # counts at 2 weeks and 1 month, then nothing: a dropout once the 6-month window has closed
    out["dropout"] = patient("dropout", platelets("dropout", [(-1, 45), (14, 60), (31, 70)]))
    # window edges: 2 w results 4 days out (outside 3), 1 m results 2 days either side (the earlier counts),
    # 3 m one result on the last day of the window (+14)
    out["edges"] = patient("edges", platelets("edges", [(-1, 40), (10, 200), (18, 200), (29, 110), (33, 60),
                                                        (106, 90)]))
    # doses: prednisone 10 mg/d to day 30, then methylprednisolone 4 mg/d (= 5 mg prednisone); aCL IgG falls;
    # lupus anticoagulant positive at baseline, negative at 3 months
    out["steroids_apl"] = patient("steroids_apl", platelets("steroids_apl", [(-3, 60), (14, 80), (31, 130)]) + [
        obs("steroids_apl-acl0", "acl_igg", -3, 80, "[GPL'U]/mL"),
        obs("steroids_apl-acl1", "acl_igg", 92, 45, "[GPL'U]/mL"),
        obs("steroids_apl-la0", "la", -3, "Positive"),
        obs("steroids_apl-la1", "la", 92, "Negative")], [
        med("steroids_apl-pred", "prednisone 5 MG Oral Tablet", 10, -60, 30),
        med("steroids_apl-mp", "methylprednisolone 4 MG Oral Tablet", 4, 31, None)])
    return out


# ---- NCT05746689: IgG4-RD responder index, PGA, relapse -----------------------------------------

W12, W48 = 84, 336  # days after baseline


def ri(pid: str, series: list[tuple[int, float]]) -> list[dict]:
    return [obs(f"{pid}-ri{k}", "ri", n, v, "{score}") for k, (n, v) in enumerate(series)]


def nct05746689_outcomes() -> dict[str, dict]:
    out = {}
    # 9 -> 5 at 12 w (improved by 4: response), 3, 0 at 48 w (remission); PGA 70 -> 20 mm
    out["remission"] = patient("remission", ri("remission", [(-3, 9), (W12 + 2, 5), (200, 3), (W48 - 1, 0)]) + [
        obs("remission-pga0", "pga", -3, 70, "mm"), obs("remission-pga1", "pga", W48 - 1, 20, "mm")])
    # 8 -> 4 at 12 w (response), 6 at day 210 (up 2 from the 12-week 4: relapse), 3 at 48 w
    out["relapse_index"] = patient("relapse_index", ri("relapse_index", [(-2, 8), (W12, 4), (210, 6), (W48, 3)]))
    # 8 -> 5 (response); prednisone stopped on day 252 and restarted on day 280 (reinstitution): relapse
    out["relapse_treatment"] = patient("relapse_treatment",
                                       ri("relapse_treatment", [(-2, 8), (W12, 5), (W48, 5)]), [
                                           med("relapse_treatment-p1", "prednisone acetate 5 mg tablet", 10, 0, 252),
                                           med("relapse_treatment-p2", "prednisone acetate 5 mg tablet", 20, 280,
                                               None)])
    # 6 -> 5 at 12 w (improved by 1: no response); 9 later, but relapse is only after a response
    out["no_response"] = patient("no_response", ri("no_response", [(-1, 6), (W12, 5), (200, 9), (W48, 9)]))
    # exactly 2 better: a response; 48 w index 1: no remission
    out["response_by_two"] = patient("response_by_two", ri("response_by_two", [(0, 7), (W12 - 10, 5), (W48 + 5, 1)]))
    # no index before baseline: response unknown; remission decided at 48 w; no relapse (no rise, no restart)
    out["no_baseline"] = patient("no_baseline", ri("no_baseline", [(W12, 4), (W48, 0)]))
    return out


# ---- NCT05746689: dosing and monitoring -------------------------------------------------------

PRED = "prednisone acetate 5 mg tablet"
SIRO = "sirolimus 1 mg tablet"


def taper(pid: str, doses: list[tuple[float, int]]) -> list[dict]:
    """Consecutive prednisone records: (mg/d, days held) from day 0."""
    out, start = [], 0
    for k, (mg, days) in enumerate(doses):
        out.append(med(f"{pid}-pred{k}", PRED, mg, start, start + days - 1))
        start += days
    return out


def scheduled(first: float) -> list[tuple[float, int]]:
    """The arm's taper from ``first`` mg/d: 5 mg every 14 days to 30, then 2.5 mg every 14 days to stop."""
    steps, level = [], first
    while level > 30:
        steps.append((level, 14))
        level -= 5
    while level > 0:
        steps.append((level, 14))
        level -= 2.5
    return steps


def sirolimus(pid: str, after_three: float = 1) -> list[dict]:
    return [med(f"{pid}-siro0", SIRO, 2, 0, 2), med(f"{pid}-siro1", SIRO, after_three, 3, None)]


def troughs(pid: str, values: list[tuple[int, float, str]]) -> list[dict]:
    return [obs(f"{pid}-trough{k}", "trough", n, v, unit) for k, (n, v, unit) in enumerate(values)]


IN_RANGE = [(14, 6.2, "ng/mL"), (W12 + 1, 8, "ug/L"), (W48 - 2, 12, "ng/mL")]


def nct05746689_protocol() -> dict[str, dict]:
    out = {}
    # 80 kg: 0.8 x 80 = 64 mg/d, capped at 60; the whole taper as scheduled (60 -> 30 in 6 steps, then 12 steps)
    out["cap_followed"] = patient("cap_followed", [obs("cap_followed-w", "weight", -1, 80, "kg")]
                                  + troughs("cap_followed", IN_RANGE),
                                  taper("cap_followed", scheduled(60)) + sirolimus("cap_followed"))
    # 62 kg: 49.6 mg/d, rounded to 50; troughs on the range's edges in the other unit: 15 ng/mL, 4 ug/L
    out["no_cap_followed"] = patient("no_cap_followed", [obs("no_cap_followed-w", "weight", -3, 62, "kg")]
                                     + troughs("no_cap_followed", [(13, 15, "ng/mL"), (W12 - 3, 4, "ug/L"),
                                                                   (W48 + 4, 9.5, "ug/L")]),
                                     taper("no_cap_followed", scheduled(50)) + sirolimus("no_cap_followed"))
    # 62 kg, 50 mg/d; the 40 mg/d step is skipped (35 from day 29), then the taper goes on as scheduled
    skipped = scheduled(50)
    skipped[2] = (35, 14)  # days 29-42: 35 instead of 40
    out["taper_skipped"] = patient("taper_skipped", [obs("taper_skipped-w", "weight", -3, 62, "kg")]
                                   + troughs("taper_skipped", IN_RANGE),
                                   taper("taper_skipped", skipped) + sirolimus("taper_skipped"))
    # 75 kg: 60 mg/d (0.8 x 75 = 60, no rounding, no cap); 60 held 28 days, so every later step comes 14 days late
    held = [(60, 28)] + scheduled(55)
    out["taper_held"] = patient("taper_held", [obs("taper_held-w", "weight", 0, 75, "kg")]
                                + troughs("taper_held", IN_RANGE),
                                taper("taper_held", held) + sirolimus("taper_held"))
    # troughs: 3.2 ug/L at day 14 (low), 18 ng/mL at 12 weeks (high), none at 48 weeks (missed)
    out["troughs_out"] = patient("troughs_out", [obs("troughs_out-w", "weight", -1, 80, "kg")]
                                 + troughs("troughs_out", [(15, 3.2, "ug/L"), (W12, 18, "ng/mL")]),
                                 taper("troughs_out", scheduled(60)) + sirolimus("troughs_out"))
    # no weight at baseline (the only one is 60 days old): the prednisone schedule cannot be worked out;
    # sirolimus stays at 2 mg/d after day 3
    out["no_weight_siro_high"] = patient("no_weight_siro_high",
                                         [obs("no_weight_siro_high-w", "weight", -60, 70, "kg")]
                                         + troughs("no_weight_siro_high", IN_RANGE),
                                         taper("no_weight_siro_high", scheduled(55))
                                         + sirolimus("no_weight_siro_high", after_three=2))
    return out


FOLDERS = {"nct06722586": nct06722586, "nct05746689_outcomes": nct05746689_outcomes,
           "nct05746689_protocol": nct05746689_protocol}


def build() -> dict[str, str]:
    """Relative path -> file text, for every fixture."""
    files = {}
    for folder, make in FOLDERS.items():
        for pid, record in make().items():
            files[f"{folder}/{pid}.json"] = json.dumps(record, indent=1) + "\n"
    return files


def main() -> None:
    for rel, text in build().items():
        path = OUT / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"wrote {len(build())} files under {OUT}")


if __name__ == "__main__":
    main()
