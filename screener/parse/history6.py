"""Treatment-history and negation phrasings (session 15, slice history6).

- ``received_prior``: "Patients who have received prior chemotherapy for unresectable disease", "Participants who
  have received previous treatment with complement inhibitors", "must not have received prior radiation therapy to
  the breast": the verb before "prior" / "previous" says what "prior X" says alone (given X before: criteria.lark
  drug_use with a status, procedure with a status). The grammar takes the status first ("prior treatment with X"),
  so the verb before it goes; what follows the drug ("for unresectable disease", "to the breast") is left out and
  reported as before (the line stays partial: no rule says what the treatment was for).
- ``under_treatment``: "Under treatment of Beta- Blockers", "Under beta-blocker treatment for the last 2 weeks",
  "under anti-coagulation therapy", "Under current treatment with levodopa": "under" before a treatment is taking
  it now, not the comparator "under 18". Only when a drug or a drug class follows (after "current", "treatment
  with/of", "therapy with/of"); "under treatment for hypertension" (a treatment of a diagnosis) is not read.
- ``did_not``: "Did not receive chemotherapy", "do not receive ... in the past half year": the auxiliary before
  "not" is empty (the negation is kept); until now it was reported as a word left out. Only before a verb of taking
  or having been given a drug, a procedure or a vaccine (RECEIVED, TAKING, HISTORY tokens) or "have"/"take"/"use".
- ``indication``: "Subjects who have received valproic acid for treatment of epilepsy within 30 days", "Prior history
  of Amiodarone treatment for the management of supraventricular tachy-arrhythmias", "chemotherapy for a
  malignancy within the previous 5 years": "for" a diagnosis right after a drug names what the drug was given for.
  No rule says it (a drug record has no indication here), and the diagnosis is not the patient's to check on its
  own: until now "valproic acid for treatment of epilepsy within 30 days" was read as epilepsy begun within 30 days.
  The diagnosis words become words left out (reported; the line is partial) and the drug is read.
- ``lone_route``: "oral or biologic medications": a route joined by "or" straight to a drug or class that is not
  a route of it names other drugs ("oral medications"), not the class given by that route ("oral biologics", as it
  was read, dropping the "or"). The route becomes a word left out (reported; the line is partial).
- ``not_controlled``: "Epileptic seizures that are not adequately controlled by Treatment", "Active coagulation
  disorder not controlled with medication", "Hypertension (high blood pressure) that can not be controlled by
  drugs": a diagnosis "not controlled" is the diagnosis uncontrolled, which "uncontrolled hypertension" already reads
  (the diagnosis, and a person's check that it is uncontrolled: no record says). Until now unsupported.
- ``without``: "Second or third degree heart block without a pacemaker", "sick sinus syndrome (SSS) or high degree
  AV block without pacemaker protection": a diagnosis "without" another known diagnosis or procedure is the one and
  not the other (the "and" the grammar needs goes in before the negation). Until now unsupported.
- ``judged_stable``: "Medically stable", "Be medically stable.", "Clinically stable;", "Hemodynamic stable patient":
  whether a patient is medically stable is a clinician's judgement, not a drug's stable dose (STABLE, which the
  grammar only takes with a dose or a duration); the words become a judgement (JUDGE), so a line with nothing else
  is read as a person's attestation (manual), as "in the opinion of the investigator" is. Until now unsupported.
  Only on lines with no comparator ("hemodynamically stable and not requiring supplemental oxygen of more than 2
  liters" would lose the judgement and keep a number without its unit).
- ``requiring_drug``: "Heart failure requiring loop diuretics", "Active uncontrolled infection requiring
  antibiotics", "active systemic infection that requires the continued administration of antibiotics": a diagnosis
  and the drug it needs are both the patient's, as "renal failure requiring dialysis" is read (lexer.py
  _both_diagnoses): the diagnosis and taking the drug, with the linking word left out (reported: the line is partial,
  since needing a drug is not quite taking it).
- ``prior_after_duration``: "in the 3 months prior this study", "the 48 hours previous to the surgery", "30 days
  previously": "prior" / "previous" right after a duration is "before" (as "prior to" is), not a history.
- ``not_caused``: "Kidney disease not caused by diabetes or hypertension", "Retinal disorders not associated with
  glaucoma", "chronic pain that is not related to their knee joint": no rule says what a diagnosis is caused by or
  goes with, so the negated cause is reported as words left out and the diagnosis is read (partial), as "Anaemia
  not attributed to iron deficiency" already was; the cause must not be read as a diagnosis the patient lacks.
  Until now unsupported.
- ``but_not``: "overweight but not obese": the one diagnosis and not the other.
- ``empty_words``: "Patient who has already received analgesics", "Personal history of prostate cancer", "intake of
  psychopharmacological drugs in the last four weeks", "Treated currently with golimumab": "already" before a verb
  of having been given, "personal" before "history of" (the patient's own, which is what a history is) and
  "treated" before "currently" and a drug add nothing a rule lacks; "intake of" a drug is its use (RECEIVED). Until
  now each was a word left out.
- Examples and exceptions in brackets after a drug or class, and "insulin-treated diabetes", are read by
  screener/parse/lists6.py and ends6.py (history6 had passes of its own for them, which read no line differently
  once the branches were merged, and were removed).
(docs/notes/issue-5-history6.md has the lines each changes.)
"""

from __future__ import annotations

import re

from lark import Token

from screener.parse.tokens import LIST_SEP, has_kind, mentions

# what may follow "received prior": the given thing, or "treatment with" before it
_GIVEN = frozenset({"RECEIVED", "DRUG", "DRUG_CLASS", "PROCEDURE", "ROUTE", "IMMUNIZATION"})
_DRUGS = frozenset({"DRUG", "DRUG_CLASS", "ROUTE"})
# "under [current] treatment with", "under therapy of": the words the lexer may leave between "under" and a drug
_UNDER_GAP = re.compile(r"\s+(?:current\s+)?(?:(?:treatment|therapy)\s+(?:with|of)\s+)?(?:an?\s+|the\s+)?$", re.I)
_AUX = frozenset({"did", "does", "do"})
_AFTER_NOT = frozenset({"RECEIVED", "TAKING", "HISTORY", "CONDITION", "DRUG", "DRUG_CLASS", "PROCEDURE",
                        "IMMUNIZATION", "SEVERITY", "ACTIVE"})
_AFTER_NOT_WORDS = frozenset({"have", "take", "use", "receive"})


def received_prior(tokens: list[Token], text: str) -> list[Token]:
    out: list[Token] = []
    n = len(tokens)
    for k, t in enumerate(tokens):
        if t.type == "RECEIVED" and k + 2 < n and tokens[k + 1].type == "HISTORY" \
                and tokens[k + 1].value != "history" and tokens[k + 2].type in _GIVEN \
                and text[tokens[k + 1].start_pos:tokens[k + 1].end_pos].lower() in ("prior", "previous"):
            continue
        out.append(t)
    return out


def under_treatment(tokens: list[Token], text: str) -> list[Token]:
    out: list[Token] = []
    n = len(tokens)
    k = 0
    while k < n:
        t = tokens[k]
        if t.type == "CMP" and text[t.start_pos:t.end_pos].lower() == "under":
            j = k + 1
            # "under current treatment with X": ACTIVE RECEIVED; "under treatment of X": OF
            while j < n and j <= k + 2 and (tokens[j].type in ("RECEIVED", "OF")
                                             or (tokens[j].type == "ACTIVE"
                                                 and text[tokens[j].start_pos:tokens[j].end_pos].lower() == "current")):
                j += 1
            if j < n and tokens[j].type in _DRUGS and _UNDER_GAP.fullmatch(" " + text[t.end_pos:tokens[j].start_pos]):
                out.append(Token("TAKING", "under", start_pos=t.start_pos, end_pos=tokens[j - 1].end_pos
                                 if j > k + 1 else t.end_pos))
                k = j
                continue
        out.append(t)
        k += 1
    return out


def did_not(tokens: list[Token], text: str) -> list[Token]:
    out: list[Token] = []
    n = len(tokens)
    for k, t in enumerate(tokens):
        if t.type == "WORD" and t.value.lower() in _AUX and k + 2 < n and tokens[k + 1].type == "NOT" \
                and (tokens[k + 2].type in _AFTER_NOT
                     or (tokens[k + 2].type == "WORD" and tokens[k + 2].value.lower() in _AFTER_NOT_WORDS)):
            continue
        out.append(t)
    return out




# what an indication after "for" may hold ("for the management of supraventricular tachy-arrhythmias")
_INDICATION = frozenset({"WORD", "OF", "CONDITION", "SEVERITY", "QUALIFIER", "ACTIVE"})
_INDICATION_SEP = frozenset({"OR", "AND", "SLASH"})


def indication(tokens: list[Token], text: str) -> list[Token]:
    out = list(tokens)
    n = len(tokens)
    for k in range(1, n - 1):
        if tokens[k].type != "FOR" or tokens[k - 1].type not in ("DRUG", "DRUG_CLASS") \
                or text[tokens[k].start_pos:tokens[k].end_pos].lower() != "for":
            continue
        j = k + 1
        while j < n and (tokens[j].type in _INDICATION
                         or (tokens[j].type in _INDICATION_SEP and j + 1 < n and tokens[j + 1].type == "CONDITION")):
            j += 1
        # (not before "for more than 14 days" or a comparator: the line goes on in ways this does not follow)
        if any(t.type == "CONDITION" for t in tokens[k + 1:j]) and not (j < n and tokens[j].type in ("FOR", "CMP")):
            for i in range(k + 1, j):
                out[i] = Token("WORD", text[tokens[i].start_pos:tokens[i].end_pos],
                               start_pos=tokens[i].start_pos, end_pos=tokens[i].end_pos)
    return out


def lone_route(tokens: list[Token], text: str) -> list[Token]:
    out = list(tokens)
    for k in range(len(tokens) - 2):
        if tokens[k].type == "ROUTE" and tokens[k + 1].type == "OR" and tokens[k + 2].type in ("DRUG", "DRUG_CLASS") \
                and not (k and tokens[k - 1].type in ("ROUTE", "OR", "SLASH")):
            for i in (k, k + 1):
                out[i] = Token("WORD", text[tokens[i].start_pos:tokens[i].end_pos],
                               start_pos=tokens[i].start_pos, end_pos=tokens[i].end_pos)
    return out


_LINKING = frozenset({"that", "which", "is", "are", "was", "were", "can", "could", "be", "been", "has", "have"})
_HOW_WELL = frozenset({"adequately", "well", "sufficiently", "optimally", "be", "been"})
_CONTROL_MEANS = frozenset({"by", "with", "treatment", "medication", "medications", "drugs", "therapy"})
_CLAUSE_END = frozenset({"COMMA", "SEMI", "RPAR", "AND", "OR", "CLAUSE_AND", "CLAUSE_OR", "CLAUSE_COMMA"})
_BEFORE_DIAGNOSIS = frozenset({"QUALIFIER", "PERSISTENT", "SEVERITY"})


def _said(t: Token, text: str) -> str:
    return text[t.start_pos:t.end_pos].lower()


def not_controlled(tokens: list[Token], text: str) -> list[Token]:
    n = len(tokens)
    for k, t in enumerate(tokens):
        if t.type != "CONDITION":
            continue
        j = k + 1
        while j < n and tokens[j].type == "WORD" and _said(tokens[j], text) in _LINKING:
            j += 1
        if not (j < n and tokens[j].type == "NOT" and _said(tokens[j], text) == "not"):
            continue
        j += 1
        while j < n and tokens[j].type == "WORD" and _said(tokens[j], text) in _HOW_WELL:
            j += 1
        if not (j < n and tokens[j].type == "WORD" and _said(tokens[j], text) == "controlled"):
            continue
        j += 1
        while j < n and tokens[j].type in ("WORD", "RECEIVED") and _said(tokens[j], text) in _CONTROL_MEANS:
            j += 1
        if j < n and tokens[j].type not in _CLAUSE_END:
            continue
        at = k
        while at and tokens[at - 1].type in _BEFORE_DIAGNOSIS:
            at -= 1
        qualifier = Token("QUALIFIER", "uncontrolled", start_pos=tokens[at].start_pos, end_pos=tokens[at].start_pos)
        # (the words from "that" to "by treatment" are what the qualifier says; the rule's span still ends there)
        cond = Token("CONDITION", t.value, start_pos=t.start_pos, end_pos=tokens[j - 1].end_pos)
        return tokens[:at] + [qualifier] + tokens[at:k] + [cond] + not_controlled(tokens[j:], text)
    return tokens


_WITHOUT_FROM = frozenset({"CONDITION", "PROCEDURE", "DRUG", "DRUG_CLASS"})
_WITHOUT_WHAT = frozenset({"CONDITION", "PROCEDURE"})


def without(tokens: list[Token], text: str) -> list[Token]:
    out: list[Token] = []
    n = len(tokens)
    for k, t in enumerate(tokens):
        if t.type == "NOT" and k and k + 1 < n and _said(t, text) == "without" \
                and tokens[k - 1].type in _WITHOUT_FROM and tokens[k + 1].type in _WITHOUT_WHAT:
            out.append(Token("CLAUSE_AND", "and", start_pos=t.start_pos, end_pos=t.start_pos))
        out.append(t)
    return out


_TAKE = {"take": "TAKING", "takes": "TAKING", "use": "TAKING", "uses": "TAKING",
         "took": "RECEIVED", "used": "RECEIVED", "taken": "RECEIVED"}
_TAKEN = frozenset({"DRUG", "DRUG_CLASS", "ROUTE"})


def take_use(tokens: list[Token], text: str) -> list[Token]:
    out = list(tokens)
    for k in range(len(tokens) - 1):
        t = tokens[k]
        kind = _TAKE.get(t.value.lower()) if t.type == "WORD" else None
        if kind and tokens[k + 1].type in _TAKEN \
                and not text[:t.start_pos].rstrip().lower().endswith((" to", "(to")) \
                and text[:t.start_pos].rstrip().lower() != "to":
            out[k] = Token(kind, t.value, start_pos=t.start_pos, end_pos=t.end_pos)
    return out


_JUDGED = frozenset({"medically", "clinically", "hemodynamically", "haemodynamically", "hemodynamic", "haemodynamic"})


def judged_stable(tokens: list[Token], text: str) -> list[Token]:
    out = list(tokens)
    for k in range(len(tokens) - 1):
        if tokens[k].type == "WORD" and tokens[k].value.lower() in _JUDGED and tokens[k + 1].type == "STABLE" \
                and _said(tokens[k + 1], text) == "stable":
            for i in (k, k + 1):
                out[i] = Token("JUDGE", tokens[i].value, start_pos=tokens[i].start_pos, end_pos=tokens[i].end_pos)
    return out


_ADMINISTERED = frozenset({"the", "continued", "ongoing", "administration", "treatment", "therapy"})
_NEEDS = frozenset({"requiring", "requires", "require", "needs", "need", "needing"})


def requiring_drug(tokens: list[Token], text: str) -> list[Token]:
    out: list[Token] = []
    n = len(tokens)
    for k, t in enumerate(tokens):
        out.append(t)
        if not (t.type == "WORD" and t.value.lower() in _NEEDS and k + 1 < n):
            continue
        b = k - 1
        while b >= 0 and tokens[b].type == "WORD" and _said(tokens[b], text) in ("that", "which", "who"):
            b -= 1
        if b < 0 or tokens[b].type != "CONDITION":
            continue
        j = k + 1
        while j < n and (tokens[j].type in ("RECEIVED", "TAKING")
                         or (tokens[j].type == "WORD" and _said(tokens[j], text) in _ADMINISTERED)
                         or (tokens[j].type == "OF" and j > k + 1)):
            j += 1
        while j < n and tokens[j].type == "ROUTE":
            j += 1
        if j < n and tokens[j].type in ("DRUG", "DRUG_CLASS"):
            while j + 2 < n and tokens[j + 1].type in LIST_SEP and tokens[j + 2].type in ("DRUG", "DRUG_CLASS"):
                j += 2
            # (not before more use: "diuretic therapy ± use of inotropes or vasopressors" is no list of needs)
            if j + 1 < n and tokens[j + 1].type in ("RECEIVED", "TAKING", "ROUTE"):
                continue
            out.append(Token("CLAUSE_AND", "and", start_pos=t.end_pos, end_pos=t.end_pos))
    return out


def prior_after_duration(tokens: list[Token], text: str) -> list[Token]:
    out: list[Token] = []
    n = len(tokens)
    skip = -1
    for k, t in enumerate(tokens):
        if k == skip:
            continue
        if t.type == "HISTORY" and k and tokens[k - 1].type == "TIMEUNIT" and k >= 2 and tokens[k - 2].type == "NUMBER" \
                and _said(t, text) in ("prior", "previous", "previously"):
            out.append(Token("BEFORE", t.value, start_pos=t.start_pos, end_pos=t.end_pos))
            if k + 1 < n and tokens[k + 1].type == "TO":
                skip = k + 1
            continue
        out.append(t)
    return out


_CAUSED = frozenset({"associated", "related", "due", "caused", "attributable", "attributed", "secondary", "explained"})
_PART_END = frozenset({"COMMA", "SEMI", "RPAR", "CLAUSE_COMMA"})


def not_caused(tokens: list[Token], text: str) -> list[Token]:
    out = list(tokens)
    n = len(tokens)
    for k, t in enumerate(tokens):
        if not (t.type == "NOT" and _said(t, text) == "not" and k + 1 < n and tokens[k + 1].type == "WORD"
                and tokens[k + 1].value.lower() in _CAUSED):
            continue
        b = k - 1
        while b >= 0 and tokens[b].type == "WORD" and _said(tokens[b], text) in _LINKING:
            b -= 1
        if b < 0 or tokens[b].type != "CONDITION":
            continue
        j = k
        while j < n and tokens[j].type not in _PART_END:
            out[j] = Token("WORD", text[tokens[j].start_pos:tokens[j].end_pos],
                           start_pos=tokens[j].start_pos, end_pos=tokens[j].end_pos)
            j += 1
    return out


def but_not(tokens: list[Token], text: str) -> list[Token]:
    out = list(tokens)
    for k in range(1, len(tokens) - 2):
        if tokens[k].type == "WORD" and tokens[k].value.lower() == "but" and tokens[k - 1].type == "CONDITION" \
                and tokens[k + 1].type == "NOT" and _said(tokens[k + 1], text) == "not" \
                and tokens[k + 2].type == "CONDITION":
            out[k] = Token("CLAUSE_AND", "and", start_pos=tokens[k].start_pos, end_pos=tokens[k].end_pos)
    return out


def empty_words(tokens: list[Token], text: str) -> list[Token]:
    out: list[Token] = []
    n = len(tokens)
    for k, t in enumerate(tokens):
        w = t.value.lower() if t.type == "WORD" else ""
        nxt = tokens[k + 1] if k + 1 < n else None
        if nxt is not None and ((w == "already" and nxt.type in ("RECEIVED", "TAKING", "HISTORY"))
                                or (w == "personal" and nxt.type == "HISTORY")
                                or (w == "treated" and nxt.type == "ACTIVE" and k + 2 < n
                                    and tokens[k + 2].type in ("DRUG", "DRUG_CLASS"))):
            continue
        if w in ("intake", "intakes") and nxt is not None and nxt.type == "OF" and k + 2 < n \
                and tokens[k + 2].type in ("DRUG", "DRUG_CLASS", "ROUTE"):
            out.append(Token("RECEIVED", t.value, start_pos=t.start_pos, end_pos=t.end_pos))
            continue
        out.append(t)
    return out




def history6_passes(tokens: list[Token], text: str) -> list[Token]:
    if not tokens:
        return tokens
    if mentions(text, "prior", "previous") and has_kind(tokens, "HISTORY"):
        tokens = received_prior(tokens, text)
    if mentions(text, "under") and has_kind(tokens, "CMP"):
        tokens = under_treatment(tokens, text)
    if mentions(text, "prior", "previous") and has_kind(tokens, "HISTORY"):
        tokens = prior_after_duration(tokens, text)
    if mentions(text, "already", "personal", "intake", "treated"):
        tokens = empty_words(tokens, text)
    if mentions(text, "take", "took", "use") and has_kind(tokens, "WORD"):
        tokens = take_use(tokens, text)
    if mentions(text, "not") and mentions(text, "did", "do"):
        tokens = did_not(tokens, text)
    if mentions(text, " for ") and has_kind(tokens, "FOR"):
        tokens = indication(tokens, text)
    if mentions(text, " or ") and has_kind(tokens, "ROUTE"):
        tokens = lone_route(tokens, text)
    if mentions(text, "controlled") and mentions(text, "not"):
        tokens = not_controlled(tokens, text)
    if mentions(text, "stable") and has_kind(tokens, "STABLE") and not has_kind(tokens, "CMP"):
        tokens = judged_stable(tokens, text)
    if mentions(text, "requir", "need") and has_kind(tokens, "DRUG", "DRUG_CLASS"):
        tokens = requiring_drug(tokens, text)
    if mentions(text, "not") and has_kind(tokens, "NOT"):
        tokens = but_not(not_caused(tokens, text), text)
    if mentions(text, "without"):
        tokens = without(tokens, text)
    return tokens
