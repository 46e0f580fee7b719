"""Multiples of the reference range, blood-pressure pairs with a comparator after them, limits restated in another unit,
and counts of a named thing (screener/parse/multiples.py; issue 5, session 13). Real LCT and Chia criterion lines,
each with the reading it compiles to; docs/notes/issue-5-multiples.md lists them before and after."""

import pytest

from tests.lines import reading as reading_of

CASES = [
    # NCT03865953; was partial
    ('NCT03865953', 'inclusion',
     'diabetes under control for at least 3 months prior to randomisation, as indicated by a glycated haemoglobin level (HbA1c) of ≤ 11% (97 mmol/mol) and on a stable dose of insulin or oral diabetic medication for 3 months prior to screening, and',
     'partial', '("control" >= 3 month) and ((hba1c <= 11 %) or (hba1c <= 97 mmol/mol)) and ((insulins dose stable for >= 3 month) or (antidiabetics dose stable for >= 3 month))'),
    # NCT03867214; was partial: (received anticoagulants within 5 day) or (platelets < 150000 /mm3) or (inr > 1.4)
    ('NCT03867214', 'exclusion',
     'Preoperative use of anticoagulant therapy within five days before surgery, fibrinolytic disorders requiring intraoperative antifibrinolytic treatment, coagulopathy (as identified by a preoperative platelet count of <150,000/mm3, an international normalized ratio of >1.4, or a prolonged partial thromboplastin time [>1.4 times normal]).',
     'partial', '(received anticoagulants within 5 day) or (platelets < 150000 /mm3) or (inr > 1.4) or (aptt > 1.4 x ULN)'),
    # NCT03867994; was unsupported: None
    ('NCT03867994', 'exclusion',
     'Elevated liver enzymes (Aspartate aminotransferase (AST) and Alanine aminotransferase (ALT) three times the upper limit of normal).',
     'partial', '(ast >= 3 x ULN) or (alt >= 3 x ULN)'),
    # NCT03928691; was partial: "proteinurea" >= 3
    ('NCT03928691', 'inclusion',
     'sever preeclampsia. It is defined as 1- blood pressure 160/110 mmHg or more 2- proteinurea (+3 or more by dipstick) 3-HELLP syndrome',
     'partial', '((systolic_bp >= 160 mm[Hg]) or (diastolic_bp >= 110 mm[Hg])) and ("proteinurea" >= 3)'),
    # NCT03922178; was unsupported: None
    ('NCT03922178', 'inclusion',
     'Patients with conserved left ventricular function (based on left ventricular ejection fraction assessed by preoperative echocardiography and superior to 50%)',
     'partial', 'lvef > 50 %'),
    # NCT03929159; was partial: (body_temperature > 38 Cel) and (body_temperature > 37 Cel)
    ('NCT03929159', 'inclusion',
     'Oral temperature > 38 degrees Celsius (C) or < 36 degrees C or axillary temperature > 37 degrees C or < 35 degrees C',
     'partial', '((body_temperature > 38 Cel) or (body_temperature < 36 Cel)) or ((body_temperature > 37 Cel) or (body_temperature < 35 Cel))'),
    # NCT03921827; was unsupported: None
    ('NCT03921827', 'exclusion',
     'Persistent and uncontrolled hypertension (BP persistently >160/100 mmHg)',
     'partial', '(systolic_bp > 160 mm[Hg]) or (diastolic_bp > 100 mm[Hg])'),
    # NCT03929510; was partial: (bmi >= 17.5 kg/m2 and <= 30.5 kg/m2) and (weight > 50 kg)
    ('NCT03929510', 'inclusion',
     'Body mass index (BMI) of 17.5 to 30.5 kg/m2; and a total body weight >50 kg (110 lb).',
     'partial', '(bmi >= 17.5 kg/m2 and <= 30.5 kg/m2) and (weight > 50 kg) and (weight > 110 [lb_av])'),
    # NCT03923205; was partial: hba1c > 48 mmol/mol
    ('NCT03923205', 'exclusion',
     'HbA1c above 48mmol/mol (or 6.5%)',
     'full', '(hba1c > 48 mmol/mol) or (hba1c > 6.5 %)'),
    # NCT03926702; was partial: weight < 45 kg
    ('NCT03926702', 'exclusion',
     'A current weight of less than 45 kilograms (100 pounds)',
     'partial', '(weight < 45 kg) or (weight < 100 [lb_av])'),
    # NCT03928288; was unsupported: None
    ('NCT03928288', 'exclusion',
     'Impaired liver function (ALT > 2x normal) or liver disease',
     'full', '(alt > 2 x ULN) or (liver_dysfunction)'),
    # NCT03863496; was unsupported: None
    ('NCT03863496', 'exclusion',
     'Liver insufficiency: ALT, AST and total bilirubin twice higher than normal',
     'full', '(alt > 2 x ULN) or (ast > 2 x ULN) or (bilirubin_total > 2 x ULN)'),
    # NCT03864562; was partial: hba1c > 47 mmol/mol
    ('NCT03864562', 'exclusion',
     'Hemoglobin A1c (HbA1c) >47mmol/mol (>6.4%)',
     'full', '(hba1c > 47 mmol/mol) or (hba1c > 6.4 %)'),
    # NCT03863639; was unsupported: None
    ('NCT03863639', 'inclusion',
     'Hepatic abnormality (Severe persistent right upper quadrant or epigastric pain unresponsive to medication and not accounted for by an alternative diagnosis or serum transaminase concentration ≥ twice normal, or both)',
     'partial', '"transaminase" >= 2 x ULN'),
    # NCT03867500; was unsupported: None
    ('NCT03867500', 'exclusion',
     "Subjects with 1.5 times upper limit of normal of serum creatinine, Alkaline phosphatase, Aspartate aminotransferase (AST), Alanine aminotransferase (ALT) unless participant has fatty liver disease, Total bilirubin (unless the patient has documented Gilbert's syndrome)",
     'partial', 'alt >= 1.5 x ULN'),
    # NCT03869671; was unsupported: None
    ('NCT03869671', 'inclusion',
     'Clinically eligible for PrEP (confirmed HIV-uninfected status, adequate renal function [estimated creatinine clearance ≥60 ml/min], and documented hepatitis B virus [HBV] status)',
     'partial', 'creatinine_clearance >= 60 mL/min'),
    # NCT03932929; was unsupported: None
    ('NCT03932929', 'inclusion',
     'at least 20 teeth under occlusion',
     'partial', '"teeth under occlusion" >= 20'),
    # NCT00391690_exc; was partial: calcium < 8 mg/dL
    ('NCT00391690_exc', 'exclusion',
     'Corrected (adjusted for serum albumin) serum calcium concentration < 8.0 mg/dl (2.00 mmol/L) or ≥ 12.0 mg/dl (3.00 mmol/L).',
     'partial', '(calcium < 8 mg/dL) or (calcium < 2 mmol/L)'),
    # NCT01214096_exc; was partial: creatinine > 2 mg/dL
    ('NCT01214096_exc', 'exclusion',
     'Severe hepatic and renal insufficiency (serum creatinine>2.0 mg /dl, AST or ALT is five times higher than the upper limit of normal range);',
     'partial', '(creatinine > 2 mg/dL) or ((ast > 5 x ULN) or (alt > 5 x ULN))'),
    # NCT01314898_inc; was partial: (bmi >= 17.5 kg/m2 and <= 30.5 kg/m2) and (weight > 50 kg)
    ('NCT01314898_inc', 'inclusion',
     'Body Mass Index (BMI) of 17.5 to 30.5 kg/m2; and a total body weight >50 kg (110 lbs).',
     'partial', '(bmi >= 17.5 kg/m2 and <= 30.5 kg/m2) and (weight > 50 kg) and (weight > 110 [lb_av])'),
    # NCT02242188_exc; was partial: hemoglobin < 105 g/L
    ('NCT02242188_exc', 'exclusion',
     'anaemia (Hb <105 g/L [10.5 g/dL]) at inclusion, lack of informed consent',
     'partial', '(hemoglobin < 105 g/L) or (hemoglobin < 10.5 g/dL)'),
    # NCT02257580_exc; was partial: (inr > 1.4) or (platelets < 150000 /mm3)
    ('NCT02257580_exc', 'exclusion',
     'Congenital or acquired coagulopathy as evidence by INR >1.4 or PTT > 1.4 times normal, or Platelets <150,000/mm3 on preoperative laboratory testing',
     'partial', '(inr > 1.4) or (aptt > 1.4 x ULN) or (platelets < 150000 /mm3)'),
    # NCT02548013_inc; was unsupported: None
    ('NCT02548013_inc', 'inclusion',
     'Oral temperature > 38 C',
     'partial', 'body_temperature > 38'),
    # NCT02680054_exc; was full: hba1c > 75 mmol/mol
    ('NCT02680054_exc', 'exclusion',
     'HbA1c greater than 75 mmol/mol (9.0%)',
     'full', '(hba1c > 75 mmol/mol) or (hba1c > 9 %)'),
    # NCT02680054_inc; was full: hba1c < 75 mmol/mol
    ('NCT02680054_inc', 'inclusion',
     'HbA1c < 75 mmol/mol (9.0%)',
     'full', '(hba1c < 75 mmol/mol) or (hba1c < 9 %)'),
    # NCT02810704_exc; was partial: weight < 41 kg
    ('NCT02810704_exc', 'exclusion',
     'Patients with an absolute body weight of less than 41 kilograms (90.4 lbs) at baseline visit;',
     'partial', '(weight < 41 kg) or (weight < 90.4 [lb_av])'),
    # NCT03011177_inc; was full: fasting_glucose < 15 mmol/L
    ('NCT03011177_inc', 'inclusion',
     'Patients with Fasting Plasma Glucose <15mmol/L(270mg/dL) on screening',
     'full', '(fasting_glucose < 15 mmol/L) or (fasting_glucose < 270 mg/dL)'),
    # NCT03026088_exc; was partial: hba1c > 7.5
    ('NCT03026088_exc', 'exclusion',
     'Uncontrolled Diabetes [hemoglobin A1c, (HbA1c) >7.5%].',
     'partial', 'hba1c > 7.5 %'),
    # NCT03047538_exc; was unsupported: None
    ('NCT03047538_exc', 'exclusion',
     'Active liver disease or unexplained persistent elevations of serum transaminases more than three times normal',
     'partial', '"elevations of transaminases" > 3 x ULN'),
    # NCT03318393_exc; was unsupported: None
    ('NCT03318393_exc', 'exclusion',
     'Patients with hepatic failure defined as coagulopathy with elevated transaminases more than three times normal values',
     'partial', '"elevated transaminases" > 3 x ULN'),
    # NCT03337503_exc; was partial: (creatinine > 133 umol/L) or (egfr < 60 mL/min/{1.73_m2})
    ('NCT03337503_exc', 'exclusion',
     'Hepatic impairment (aspartate aminotransferase more than three times normal) or renal function impairment (serum creatinine level >133 µmol/L, Estimated Glomerular Filtration Rate (eGFR) <60)',
     'partial', '(ast > 3 x ULN) or (creatinine > 133 umol/L) or (egfr < 60 mL/min/{1.73_m2})'),
    # NCT03338855_exc; was partial: hemoglobin < 115 g/L
    ('NCT03338855_exc', 'exclusion',
     'Anemia defined as Hemoglobin (Hb) < 115 g/L (7.1 mM) in women and < 120 g/L (7.5 mM) in men.',
     'partial', '(hemoglobin < 115 g/L) or (hemoglobin < 7.1 mmol/L)'),
    # NCT03493919_inc; was partial: (weight >= 110 [lb_av]) and (not (bmi < 32 kg/m2))
    ('NCT03493919_inc', 'inclusion',
     'Subjects must weigh at least 110 pounds (50 kg), but not to present obesity (BMI < 32kg/m2).',
     'partial', '((weight >= 110 [lb_av]) or (weight >= 50 kg)) and (not (bmi < 32 kg/m2))'),
    # NCT03506009_exc; was full: glucose < 50 mg/dL
    ('NCT03506009_exc', 'exclusion',
     'Blood glucose < 50 mg/dL (2.7mmol/L);',
     'full', '(glucose < 50 mg/dL) or (glucose < 2.7 mmol/L)'),
]


@pytest.mark.parametrize(("doc", "role", "text", "klass", "reading"), CASES, ids=[c[0] for c in CASES])
def test_reading(doc, role, text, klass, reading):
    assert reading_of(text, role) == (klass, reading)
