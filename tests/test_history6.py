"""Issue 5, session 15, slice history6 (docs/notes/issue-5-history6.md): treatment-history and negation phrasings
(screener/parse/history6.py), read from real LCT/Chia lines; each asserts the line's class and rendered reading."""

import pytest

from tests.lines import reading

# (doc id, text, role, class, reading): every line of LCT and Chia whose reading the slice changed (from the class
# in the comment)
CASES = [
    # NCT03867019 (was unsupported)
    ('Under treatment of Beta- Blockers.',
     'exclusion', 'full', 'taking beta_blockers'),
    # NCT03869424 (was partial)
    ('intake of psychopharmacological drugs in the last four weeks',
     'exclusion', 'full', 'received psychotropics within 4 week'),
    # NCT03860792 (was partial)
    ('A potentially confounding serious medical risk including insulin-requiring diabetes, cancer requiring chemotherapy or radiation within the past 5 years, or a recent cardiac event (i.e. heart attack, angioplasty, etc.)',
     'exclusion', 'partial', '((malignancy) and (taking chemotherapy)) or ("radiation" within 5 year)'),
    # NCT03864497 (was unsupported)
    ('insulin-treated diabetes mellitus',
     'inclusion', 'full', '(diabetes) and (taking insulins)'),
    # NCT03868124 (was unsupported)
    ('Retinal disorders not associated with glaucoma',
     'exclusion', 'partial', 'icd10_h35_h36'),
    # NCT03924531 (was unsupported)
    ('On chemotherapy for cancer treatment',
     'exclusion', 'partial', 'taking chemotherapy'),
    # NCT03926520 (was unsupported)
    ('Medically stable for safe administration of ECT verified by standard physical examination, urinalysis and serum chemistries',
     'inclusion', 'manual', 'manual "Medically stable for safe administration of ECT verified by standard physical examination, urinalysis and serum chemistries"'),
    # NCT03927885 (was partial)
    ('Uncontrolled pain; patient is on opioids for the treatment of cancer pain, he/she must have had no major dose change (> 25%) for at least 48 hours prior to study entry. Change in opioid dose after study entry is allowed',
     'inclusion', 'partial', '(taking opioids) and ("major dose change" > 25 %)'),
    # NCT03920293 (was unsupported)
    ('Participants who have received previous treatment with complement inhibitors (for example, eculizumab).',
     'exclusion', 'full', 'received complement_inhibitors'),
    # NCT03921398 (was unsupported)
    ('No immunosuppressive therapy (including corticosteroids)',
     'inclusion', 'full', 'not ((taking immunosuppressants) or (taking glucocorticoids))'),
    # NCT03922685 (was unsupported)
    ('overweight but not obese',
     'inclusion', 'full', '(icd10_e66_3) and (not (obesity))'),
    # NCT03927729 (was unsupported)
    ('Patient who has already received analgesics (with the exception of paracetamol)',
     'exclusion', 'full', 'received analgesics except acetaminophen'),
    # NCT03929471 (was unsupported)
    ('Medically stable patient.',
     'inclusion', 'manual', 'manual "Medically stable patient."'),
    # NCT03921593 (was unsupported)
    # (read by ends6's pass since the merge: insulin-dependent is read literally, the diabetes and the insulin now)
    ('Insulin Dependent Diabetic Patients',
     'inclusion', 'full', '(diabetes) and (taking insulins)'),
    # NCT03928028 (was unsupported)
    ('Medically stable for outpatient treatment',
     'inclusion', 'manual', 'manual "Medically stable for outpatient treatment"'),
    # NCT03921034 (was unsupported)
    ('Have chronic pain that is not related to their knee joint',
     'exclusion', 'partial', 'chronic_pain'),
    # NCT03923153 (was unsupported)
    ('Anjina patients who are clinically stable',
     'inclusion', 'manual', 'manual "Anjina patients who are clinically stable"'),
    # NCT03867643 (was partial)
    ('Any acute disease or other infection requiring antibiotic or antiviral treatment in the past four weeks;',
     'exclusion', 'partial', '(active_infection) and ((received systemic_antibiotics within 4 week) or (received antivirals within 4 week))'),
    # NCT03867240 (was partial)
    ('Used opioids in the past 6 months',
     'exclusion', 'full', 'received opioids within 6 month'),
    # NCT03868150 (was unsupported)
    ('Prior history of Amiodarone treatment for the management of supraventricular tachy-arrhythmias',
     'exclusion', 'partial', 'received amiodarone'),
    # NCT03869073 (was partial)
    ('Underlying severe congestive heart failure (New York Heart Association (NYHA) IV), severe COPD (need for chronic oxygen or mechanical ventilation), severe liver disease (Child-Pugh Class C), cancer requiring chemotherapy, or transplantation (bone marrow, heart, lung, liver, pancreas, or small bowel) in the past 6 months or likely within the next 6 months',
     'exclusion', 'partial', '((heart_failure) and (nyha_class = 4)) or (severe copd) or (severe liver_dysfunction) or ((malignancy) and (taking chemotherapy)) or ("small bowel" within 6 month)'),
    # NCT03860350 (was unsupported)
    ('Current use of anticoagulants (except for antiplatelet agents)',
     'exclusion', 'full', 'taking anticoagulants except antiplatelets'),
    # NCT03862625 (was unsupported)
    ('Having epileptic seizures not controlled',
     'exclusion', 'partial', '(icd10_g40) and (manual "whether the epilepsy is uncontrolled (a person judges it; no record says)")'),
    # NCT03863249 (was partial)
    ('Patients who have used antibiotics in the last 6 months.',
     'exclusion', 'full', 'received systemic_antibiotics within 6 month'),
    # NCT03869957 (was partial)
    ('Those that take immunosuppressant medications',
     'exclusion', 'full', 'taking immunosuppressants'),
    # NCT00061308_exc (was unsupported)
    ('Active uncontrolled infection requiring antibiotics.',
     'exclusion', 'partial', '((active active_infection) and (manual "whether the active infection is uncontrolled (a person judges it; no record says)")) and (taking systemic_antibiotics)'),
    # NCT00183885_exc (was unsupported)
    ('Patients who have received prior chemotherapy for unresectable disease',
     'exclusion', 'partial', 'received chemotherapy'),
    # NCT00319748_exc (was partial)
    ('Active autoimmune disease requiring immunosuppressive therapy within 30 days',
     'exclusion', 'partial', '(active autoimmune_disease) and (received immunosuppressants within 30 day)'),
    # NCT00319748_exc (was unsupported)
    ('Active coagulation disorder not controlled with medication',
     'exclusion', 'partial', '(active bleeding_disorder) and (manual "whether the bleeding disorder is uncontrolled (a person judges it; no record says)")'),
    # NCT00461136_exc (was unsupported)
    ('Kidney disease not caused by diabetes or hypertension',
     'exclusion', 'partial', 'renal_dysfunction'),
    # NCT00461136_exc (was unsupported)
    ('Second or third degree heart block without a pacemaker',
     'exclusion', 'full', '(second_or_third_degree_heart_block) and (not (pacemaker))'),
    # NCT00639795_exc (was partial)
    ('Malignant illness requiring systemic chemotherapy in the last 6 months',
     'exclusion', 'partial', '(malignancy) and (received systemic chemotherapy within 6 month)'),
    # NCT00639795_exc (was unsupported)
    ('Patients with clinically significant mental health issues such as psychosis requiring treatment with antipsychotic medications.',
     'exclusion', 'partial', '((icd10_f20_f29) or (manual "other clinically significant mental health issues")) and (taking antipsychotics)'),
    # NCT00639795_exc (was partial)
    ('Patients with active infections requiring antibiotics within one month of registration',
     'exclusion', 'partial', '(active active_infection) and (received systemic_antibiotics within 1 month)'),
    # NCT00679341_inc (was unsupported)
    ('No prior chemotherapy for their metastatic breast cancer (MBC).',
     'inclusion', 'partial', 'not (received chemotherapy)'),
    # NCT00894712_inc (was unsupported)
    ('Patients must not have received prior radiation therapy to the breast.',
     'inclusion', 'partial', 'not (history of radiotherapy)'),
    # NCT00965900_inc (was partial)
    ('Do not take beta-blocker, ACE inhibitor, or nitrate',
     'inclusion', 'full', 'not ((taking beta_blockers) or (taking ace_inhibitors) or (taking nitrates))'),
    # NCT01000155_exc (was partial)
    ('Subjects who have received valproic acid for treatment of epilepsy within 30 days of enrollment',
     'exclusion', 'partial', 'received valproate within 30 day'),
    # NCT01082549_inc (was partial)
    ('Patients with previous radiotherapy as definitive therapy for locally advanced non-small cell lung cancer are eligible, as long as the recurrence is outside the original radiation therapy port. Radiation therapy must have been completed >4 weeks prior to the initiation of study treatment. Patients who have received chemo/radiation for locally advanced NSCLC are not eligible. Patients who have received palliative radiation therapy for symptomatic metastases must have completed treatment >14 days prior the initiation of the study treatment.',
     'inclusion', 'partial', '("recurrence outside original radiotherapy port radiotherapy completed" > 4 week) and (history of metastatic_disease > 14 day ago)'),
    # NCT01218737_exc (was partial)
    ('Have used any systemic or topical antibiotics for ocular infection in the previous 14 days.',
     'exclusion', 'partial', 'received systemic/topical systemic_antibiotics within 14 day'),
    # NCT01491763_exc (was unsupported)
    ('Renal failure not due to LAL',
     'exclusion', 'partial', 'renal_dysfunction'),
    # NCT01579604_inc (was unsupported)
    ('Medically stable',
     'inclusion', 'manual', 'manual "Medically stable"'),
    # NCT01581749_exc (was partial)
    ('chemotherapy for a malignancy within the previous 5 years',
     'exclusion', 'partial', 'received chemotherapy within 5 year'),
    # NCT01742117_inc (was partial)
    ('Patient is receiving chronic oral anticoagulation therapy (i.e., vitamin K antagonist, direct thrombin inhibitor, Factor Xa inhibitor)',
     'inclusion', 'partial', '(taking oral anticoagulants) or (taking oral vitamin_k_antagonists) or (taking oral factor_xa_inhibitors)'),
    # NCT01774019_exc (was unsupported)
    ('Neoadjuvant chemotherapy for current malignancy',
     'exclusion', 'partial', 'taking chemotherapy'),
    # NCT01793519_exc (was partial)
    ('Treated currently with golimumab or certolizumab',
     'exclusion', 'full', '(taking golimumab) or (taking certolizumab_pegol)'),
    # NCT01890759_exc (was partial)
    ('Personal history of Guillain-Barré Syndrome.',
     'exclusion', 'full', 'history of icd10_g61_0'),
    # NCT02301962_exc (was partial)
    ('History of another malignancy except: Malignancy treated with curative intent and with no known active disease present for >=5 years prior to enrolment and felt to be at low risk for recurrence by the treating physician; Adequately treated non-melanomatous skin cancer or lentigo maligna without evidence of disease; Adequately treated cervical carcinoma in situ without evidence of disease; Prostatic intraepithelial neoplasia without evidence of prostate cancer.',
     'exclusion', 'partial', '("disease present" >= 5 year) or ((icd10_c44) or (icd10_l81_4)) or (icd10_d06) or ((icd10_n42_31) and (not (icd10_c61)))'),
    # NCT02339974_inc (was unsupported)
    ('The patient must have severe, symptomatic (ACC/AHA Stage D symptoms) tricuspid regurgitation (TR) as assessed by 2D echocardiogram with evidence of peripheral and central venous congestion (specifically lower extremity edema and abdominal ascites requiring diuretics.)',
     'inclusion', 'partial', '(icd10_r18) and (taking diuretics)'),
    # NCT02419378_exc (was unsupported)
    ('Major psychiatric disorder that is not adequately controlled by treatment',
     'exclusion', 'partial', '(psychiatric_disorder) and (manual "whether the psychiatric disorder is uncontrolled major (a person judges it; no record says)")'),
    # NCT02419378_exc (was unsupported)
    ('Epileptic seizures that are not adequately controlled by Treatment',
     'exclusion', 'partial', '(icd10_g40) and (manual "whether the epilepsy is uncontrolled (a person judges it; no record says)")'),
    # NCT02429765_inc (was unsupported)
    ('Clinically stable and on stable triple therapy with an ICS/LABA and tiotropium;',
     'inclusion', 'manual', 'manual "Clinically stable and on stable triple therapy with an ICS/LABA and tiotropium;"'),
    # NCT02445339_exc (was unsupported)
    ('Acute or chronic pain requiring opioid treatment',
     'exclusion', 'partial', '(chronic_pain) and (taking opioids)'),
    # NCT02467686_exc (was partial)
    ('do not use tamoxifen or aromatase inhibitor',
     'exclusion', 'full', 'not ((taking tamoxifen) or (taking aromatase_inhibitors))'),
    # NCT02489045_inc (was unsupported)
    ('Be medically stable.',
     'inclusion', 'manual', 'manual "Be medically stable."'),
    # NCT02590315_exc (was partial)
    ('Personal history of breast cancer',
     'exclusion', 'full', 'history of icd10_c50'),
    # NCT02600000_inc (was unsupported)
    ('Clinically stable;',
     'inclusion', 'manual', 'manual "Clinically stable;"'),
    # NCT02621489_exc (was partial)
    ('Malignant neoplasm requiring chemotherapy, surgery, radiation or palliative therapy in the previous 5 years. Patients with intraepithelial squamous cell carcinoma of the skin treated with topical 5FU and subjects with basal cell skin cancer are allowed to enter the trial.',
     'exclusion', 'partial', '((malignancy) and (taking chemotherapy)) or ("palliative" within 5 year)'),
    # NCT02777424_exc (was partial)
    ('Concomitant use with oral anticoagulant drugs',
     'exclusion', 'full', 'taking oral anticoagulants'),
    # NCT02802644_exc (was unsupported)
    ('Current infectious disease needs antibiotics therapy',
     'exclusion', 'partial', '(active active_infection) and (taking systemic_antibiotics)'),
    # NCT02904785_exc (was partial)
    ('Invasive knee treatments with hyaluronic acid infusion, corticosteroids and anaesthetics, in the target knee, up to 6 months previous to study inclusion.',
     'exclusion', 'partial', '(taking hyaluronic_acid) or (taking glucocorticoids) or (taking anesthetics)'),
    # NCT02950558_exc (was unsupported)
    ('Already receiving chronic analgesic therapy for a separate chronic pain condition',
     'exclusion', 'partial', 'taking analgesics'),
    # NCT02992938_exc (was unsupported)
    ('NSAID and other analgesics used the 48 hours previous to the surgery',
     'exclusion', 'partial', '(received nsaids within 48 hour) or (received analgesics within 48 hour)'),
    # NCT03016741_exc (was partial)
    ('Receipt of chemotherapy for prostate or other cancer within the past 12 months with residual cognitive deficits, or receipt of chemotherapy for mCRPC. Patients/physicians planning treatment with chemotherapy during the 12 month period of the investigation are also ineligible.',
     'exclusion', 'partial', 'received chemotherapy within 12 month'),
    # NCT03016741_inc (was partial)
    ('Patients may have received chemotherapy for hormone-sensitive metastatic prostate cancer only, but it must not have lasted for more than 6 months. At least 12 months must have elapsed since completion of chemotherapy.',
     'inclusion', 'partial', '(received chemotherapy) and ("lasted" > 6 month)'),
    # NCT03026088_exc (was unsupported)
    ('Under beta-blocker treatment for the last 2 weeks.',
     'exclusion', 'full', 'taking beta_blockers for >= 2 week'),
    # NCT03164096_exc (was unsupported)
    ('Patients with coagulopathy or under anti-coagulation therapy.',
     'exclusion', 'full', '(bleeding_disorder) or (taking anticoagulants)'),
    # NCT03171987_exc (was partial)
    ('Use of pain medication (except paracetamol) within 3 days',
     'exclusion', 'full', 'received analgesics except acetaminophen within 3 day'),
    # NCT03173092_exc (was partial)
    ('Infection requiring systemic antibiotic therapy or other serious infection within 14 days before study enrollment.',
     'exclusion', 'partial', '((active_infection) and (taking systemic systemic_antibiotics)) or (active_infection within 14 day)'),
    # NCT03190304_exc (was unsupported)
    ('Symptomatic bradycardia or second- or third-degree atrioventricular block without a pacemaker.',
     'exclusion', 'partial', '(((icd10_r00_1) or (second_or_third_degree_heart_block)) and (manual "whether the bradycardia or second or third degree heart block is symptomatic (a person judges it; no record says)")) and (not (pacemaker))'),
    # NCT03208465_exc (was unsupported)
    # (merged with ends6, whose pass reads "insulin-treated/-requiring diabetes" first: the line is whole)
    ('Insulin requiring diabetes',
     'exclusion', 'full', '(diabetes) and (taking insulins)'),
    # NCT03208465_exc (was unsupported)
    ('Heart failure requiring loop diuretics',
     'exclusion', 'partial', '(heart_failure) and (taking loop_diuretics)'),
    # NCT03212352_inc (was unsupported)
    ('Hemodynamic stable patient',
     'inclusion', 'manual', 'manual "Hemodynamic stable patient"'),
    # NCT03213834_exc (was unsupported)
    ('previous thoracic surgery or thrombolytic therapy for pleural infection;',
     'exclusion', 'partial', 'received thrombolytics'),
    # NCT03217409_inc (was unsupported)
    ('Subjects undergoing treatment of statin for hypercholesterolemia',
     'inclusion', 'partial', 'taking statins'),
    # NCT03247738_exc (was unsupported)
    ('Patients with sick sinus syndrome (SSS) or high degree AV block without pacemaker protection',
     'exclusion', 'partial', '((icd10_i49_5) or (heart_block)) and (not (pacemaker))'),
    # NCT03253796_exc (was unsupported)
    ('Has a history of an infected joint prosthesis, or has received antibiotics for a suspected infection of a joint prosthesis, if that prosthesis has not been removed or replaced',
     'exclusion', 'partial', 'received systemic_antibiotics'),
    # NCT03253796_exc (was partial)
    ('Had a serious infection, has been hospitalized for an infection, or has been treated with IV antibiotics for an infection within 2 months prior to Baseline',
     'exclusion', 'partial', '((active_infection) and (manual "whether the active infection is serious (a person judges it; no record says)")) or (active_infection) or (received intravenous systemic_antibiotics within 2 month)'),
    # NCT03260881_exc (was unsupported)
    ('Current use of systemic corticosteroids in the 3 months prior this study.',
     'exclusion', 'partial', 'received systemic glucocorticoids within 3 month'),
    # NCT03336801_exc (was unsupported)
    ('Insulin treated diabetes',
     'exclusion', 'full', '(diabetes) and (taking insulins)'),
    # NCT03465397_exc (was unsupported)
    ('Patients with active systemic infection that requires the continued administration of antibiotics.',
     'exclusion', 'partial', '(active active_infection) and (taking systemic_antibiotics)'),
    # NCT03475589_exc (was unsupported)
    ('Hypertension (high blood pressure) that can not be controlled by drugs;',
     'exclusion', 'partial', '(hypertension) and (manual "whether the hypertension is uncontrolled (a person judges it; no record says)")'),
    # NCT03506477_exc (was unsupported)
    ('Ongoing use of other psoriasis treatment including but not limited to topical or systemic corticosteroids, other topical medications (i.e. coal tar), oral or biologic medications for the treatment of psoriasis, and UV therapy. The following washout periods will be required: 2 weeks for topical therapy; 2 weeks for phototherapy; 12 weeks for biologic or targeted therapies; 4 weeks for other systemic therapies',
     'exclusion', 'partial', 'taking biologics'),
]


@pytest.mark.parametrize("text,role,cls,rendered", CASES)
def test_reading(text, role, cls, rendered):
    assert reading(text, role) == (cls, rendered)


# lines the passes must leave alone (or read only so far)
UNCHANGED = [
    # "under" before a number is the comparator
    ("Patients under 18 years of age", "exclusion", "full", "age < 18 year"),
    # a treatment of a diagnosis is not a drug: "under treatment for" stays unread
    ("People under treatment for hypertension", "exclusion", "unsupported", None),
    # brackets that end before more of the list: the later item must not be read as excepted (NCT00050349-like
    # shape, built from NCT03860350's words; read since lists6, the exception the first item's own)
    ("Patients taking anticoagulants drugs (excluding aspirin) or dual antiplatelet therapy", "exclusion",
     "partial", "(taking anticoagulants except aspirin) or (taking antiplatelets)"),
    # a route joined by "or" to a class that is no route of it: the class alone, the route reported (was "oral
    # biologics", the "or" dropped)
    ("use of oral or biologic medications", "exclusion", "partial", "taking biologics"),
    ("oral or intravenous antibiotics", "exclusion", "full", "taking oral/intravenous systemic_antibiotics"),
    # "± use of" after the needed drug: no list of needs (NCT03926572)
    ("Patients admitted in intensive care unit for acute decompensation of pulmonary hypertension requiring "
     "intravenous diuretic therapy ± use of inotropes or vasopressors.", "inclusion", "unsupported", None),
    # a lung cancer screening test is no lung cancer (NCT03862001): stays unread
    ("did not have a lung cancer screening test within the last year", "inclusion", "unsupported", None),
]


@pytest.mark.parametrize("text,role,cls,rendered", UNCHANGED)
def test_unchanged(text, role, cls, rendered):
    assert reading(text, role) == (cls, rendered)
