"""Issue 5, session 15, lists6 (docs/notes/issue-5-lists6.md): coordinated and parenthesised lists of known
subjects, read from real LCT/Chia lines (doc id in the comment); each asserts the line's class and rendered reading.
Examples in parentheses after a diagnosis or drug ("(including A)", "(e.g. A, B)", "(i.e. A)") are an open list: the
head is the rule and the examples it does not cover count too; a drug's exception in parentheses is its exception; a
status in parentheses is the diagnosis's; "viral hepatitis (B or C)" is hepatitis B or C, "type 1 and 2 diabetes" either type; "either" before a list of
drugs goes; a pair of qualifiers ("chronic or prophylactic") is left out, reported (partial)."""

import pytest

from tests.lines import reading


CASES = [
    # NCT03865550
    ('Any neurologic or psychiatric disorder (including bipolar disorder, post traumatic stress disorder, schizophrenia)',
     'exclusion', 'full', '((neurological_disease) or (psychiatric_disorder)) or (icd10_f31) or (icd10_f43_1) or (icd10_f20)'),
    # NCT03924622
    ('Current skin condition (e.g., eczema or psoriasis)',
     'exclusion', 'full', '(active skin_disease) or (active icd10_l20_l30) or (active icd10_l40)'),
    # NCT02560389
    ('Psychotic disorders (e.g., schizophrenia)',
     'exclusion', 'full', '(icd10_f20_f29) or (icd10_f20)'),
    # NCT03624881
    ('Documented thromboembolic event (including TIA) within the past 12 months (365 days)',
     'exclusion', 'full', '(onset of thrombosis within 12 month) or (onset of icd10_g45 within 12 month)'),
    # NCT02590822
    ('Presence of arrhythmia (including atrial fibrillation, atrial flutter, or 2nd or 3rd degree atrioventricular block)',
     'exclusion', 'partial', '(cardiac_arrhythmia) or (atrial_fibrillation) or (atrial_flutter) or (heart_block)'),
    # NCT03868384
    ('Significant arrhythmia (i.e. ventricular tachycardia and fibrillation, atrial fibrillation, atrial flutter)',
     'exclusion', 'partial', '((cardiac_arrhythmia) or (icd10_i47_2) or (atrial_fibrillation) or (atrial_flutter)) and (manual "whether the cardiac arrhythmia is significant (a person judges it; no record says)")'),
    # NCT02874092
    ('Severe hepatic impairment (eg, ascites and/or clinical signs of coagulopathy)',
     'exclusion', 'partial', '(severe liver_dysfunction) or (severe icd10_r18) or (severe bleeding_disorder)'),
    # NCT01261832
    ('History of bleeding diathesis or known coagulopathy (including heparin-induced thrombocytopenia), or refuses blood transfusions.',
     'exclusion', 'partial', '(history of bleeding_disorder) or (history of icd10_d75_82)'),
    # NCT03921398
    ('No immunosuppressive therapy (including corticosteroids)',
     'inclusion', 'full', 'not ((taking immunosuppressants) or (taking glucocorticoids))'),
    # NCT02965027
    ('Psychoactive drugs (for example, anticonvulsants, benzodiazepines, antidepressants, sedative/hypnotics),',
     'exclusion', 'partial', '(taking psychotropics) or (taking antiepileptics) or (taking benzodiazepines) or (taking antidepressants) or (taking sedatives)'),
    # NCT02965027
    ('Antihypertensive medications (including beta-blockers, calcium channel blockers, angiotensin converting enzyme [ACE] inhibitors, and angiotensin receptor blockers),',
     'exclusion', 'partial', '(taking antihypertensives) or (taking beta_blockers) or (taking calcium_channel_blockers) or (taking arbs)'),
    # NCT03338296
    ('stimulant medications (eg, Ritalin, Concerta, Biphetamine, and Dexedrine)',
     'exclusion', 'partial', 'taking psychostimulants'),
    # NCT01742117
    ('Patient is receiving chronic oral anticoagulation therapy (i.e., vitamin K antagonist, direct thrombin inhibitor, Factor Xa inhibitor)',
     'inclusion', 'partial', '(taking oral anticoagulants) or (taking oral vitamin_k_antagonists) or (taking oral factor_xa_inhibitors)'),
    # NCT03860350
    ('Current use of anticoagulants (except for antiplatelet agents)',
     'exclusion', 'full', 'taking anticoagulants except antiplatelets'),
    # NCT03922906
    ('Patients taking anticoagulants drugs (excluding aspirin) or dual antiplatelet therapy',
     'exclusion', 'partial', '(taking anticoagulants except aspirin) or (taking antiplatelets)'),
    # NCT03927729
    # (whole since history6 reads "already" as an empty word)
    ('Patient who has already received analgesics (with the exception of paracetamol)',
     'exclusion', 'full', 'received analgesics except acetaminophen'),
    # NCT02970773
    ('Any anti-coagulation therapy (apart from rivaroxaban for second objective)',
     'exclusion', 'partial', 'taking anticoagulants except rivaroxaban'),
    # NCT03171987
    ('Use of pain medication (except paracetamol) within 3 days',
     'exclusion', 'full', 'received analgesics except acetaminophen within 3 day'),
    # NCT03923361
    ('Obsessive compulsive disorder (current)',
     'exclusion', 'full', 'active icd10_f42'),
    # NCT03923361
    ('Post-traumatic stress disorder (current)',
     'exclusion', 'full', 'active icd10_f43_1'),
    # NCT03338296
    ('Known to have active viral hepatitis (B or C)',
     'exclusion', 'full', '(active hepatitis_b) or (active hepatitis_c)'),
    # NCT02842424
    ('Current use of either ACE inhibitors or angiotensin II receptor blockers,',
     'exclusion', 'full', '(taking ace_inhibitors) or (taking arbs)'),
    # NCT00527826
    ('Subjects receiving chronic or prophylactic antibiotic therapy.',
     'exclusion', 'partial', 'taking systemic_antibiotics'),
    # NCT02609048
    ('Use of experimental or unapproved immunosuppressant',
     'exclusion', 'partial', 'taking immunosuppressants'),
    # NCT02935855: the numbered types share the head (either type)
    ('type 1 and 2 diabetic patients',
     'inclusion', 'full', '(icd10_e10) or (icd10_e11)'),
    # NCT03920683: the numbered types share the head (either type)
    ('Diabetes mellitus (type 1 or 2)',
     'inclusion', 'full', '(icd10_e10) or (icd10_e11)'),
    # NCT03928340: the numbered types share the head (either type)
    ('Patients with type 2 or gestational diabetes',
     'exclusion', 'full', '(icd10_e11) or (icd10_o24_4)'),
]

UNCHANGED = [
    # NCT03228017: the drugs are what the medication interacts with, not taken
    ('Current medication use which interact with either aspirin or atorvastatin',
     'exclusion', 'unsupported', None),
    # NCT03008005: 'without anxiety (e.g. claustrophobia)' is no diagnosis to exclude
    ('inability to tolerate small, enclosed spaces without anxiety (e.g. claustrophobia), as determined by self-report and/or a preliminary session in a mock scanner',
     'exclusion', 'manual', 'manual "inability to tolerate small, enclosed spaces without anxiety (e.g. claustrophobia), as determined by self-report and/or a preliminary session in a mock scanner"'),
    # NCT03868189: the examples are of the pathology, not of neuropathy
    ('Patient presenting a pathology that could cause neuropathy (e.g. diabetes, renal failure, etc.).',
     'exclusion', 'unsupported', None),
    # NCT03925259: 'in addition to' anxiety: anxiety is not what excludes
    ('Mental health diagnoses in addition to anxiety or depression (e.g. personality disorder, bipolar disorder or psychosis)',
     'exclusion', 'unsupported', None),
    # NCT02437045: (already partial) the cephalosporins are a susceptibility, not a treatment
    ('Bloodstream infection with Enterobacter spp., Serratia marcescens, Providencia spp., Morganella morganii or Citrobacter freundii (i.e. likely AmpC-producer), and susceptibility to 3rd generation cephalosporins (i.e. ceftriaxone, cefotaxime or ceftazidime), meropenem and piperacillin-tazobactam from at least one blood culture draw.',
     'inclusion', 'partial', '(active_infection) and (taking meropenem)'),
    # NCT02964715: 'chronic viral hepatitis (B & C)' is not any hepatitis B or C
    ('Coexisting causes of chronic liver disease - chronic viral hepatitis(B & C), autoimmune liver disease',
     'exclusion', 'partial', 'liver_dysfunction'),
]


@pytest.mark.parametrize("text,role,cls,rendered", CASES)
def test_reading(text, role, cls, rendered):
    assert reading(text, role) == (cls, rendered)


# lines the passes must leave alone (words before the head may say the parenthesis is of something else)
@pytest.mark.parametrize("text,role,cls,rendered", UNCHANGED)
def test_unchanged(text, role, cls, rendered):
    assert reading(text, role) == (cls, rendered)
