// The pre-check form: builds the patient in screener's own record format (or takes a dropped
// FHIR bundle), posts it with the trial and the screening date to /precheck/result, and shows
// the HTML the server renders. Everything shown from user input goes through textContent.
"use strict";

const choices = JSON.parse(document.getElementById("choices").textContent);
const labById = Object.fromEntries(choices.labs.map((a) => [a.id, a]));
const drugById = Object.fromEntries(choices.drugs.map((d) => [d.id, d]));
const condById = Object.fromEntries(choices.conditions.map((c) => [c.id, c]));
const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
let fhirBundle = null;

function addRow(templateId, listId) {
  const row = document.getElementById(templateId).content.firstElementChild.cloneNode(true);
  $(".remove", row).addEventListener("click", () => row.remove());
  document.getElementById(listId).appendChild(row);
  return row;
}

function fillUnits(row) {
  const lab = labById[$(".lab-test", row).value];
  const unit = $(".lab-unit", row);
  unit.replaceChildren(...lab.units.map((u) => new Option(u.label, u.unit)));
  $$(".lab-number", row).forEach((el) => (el.hidden = lab.qualitative));
  $$(".lab-qualitative", row).forEach((el) => (el.hidden = !lab.qualitative));
}

function addLab() {
  const row = addRow("lab-row", "labs");
  $(".lab-test", row).addEventListener("change", () => fillUnits(row));
  fillUnits(row);
  return row;
}

function addMed() {
  const row = addRow("med-row", "meds");
  const drug = $(".med-drug", row);
  const route = $(".med-route", row);
  drug.addEventListener("change", () => {
    const routes = drugById[drug.value].routes;
    if (routes.length === 1) route.value = routes[0];  // a drug with one route: no need to ask
  });
  drug.dispatchEvent(new Event("change"));
  return row;
}

function addCond() {
  return addRow("cond-row", "conds");
}

// ---- the trial and its questions ---------------------------------------------------

function trialSource() {
  return $('input[name="trial-source"]:checked').value;
}

function showQuestions(questions) {
  const box = $("#questions");
  box.replaceChildren();
  $("#questions-empty").hidden = questions.length > 0;
  for (const q of questions) {
    const group = document.createElement("div");
    group.className = "question";
    group.dataset.criterion = q.criterion;
    group.setAttribute("role", "radiogroup");
    const title = document.createElement("p");
    title.className = "question-title";
    title.textContent = `${q.criterion} (${q.section}): ${q.text}`;
    const asks = document.createElement("p");
    asks.textContent = `Does the patient have: ${q.asks.join("; ")}?`;
    group.append(title, asks);
    for (const [value, label] of [["", "not answered"], ["yes", "yes"], ["no", "no"]]) {
      const wrap = document.createElement("label");
      wrap.className = "pill";
      const input = document.createElement("input");
      input.type = "radio";
      input.name = `attest-${q.criterion}`;
      input.value = value;
      input.checked = value === "";
      wrap.append(input, ` ${label}`);
      group.appendChild(wrap);
    }
    box.appendChild(group);
  }
}

let questionsAsked = 0;  // only the latest trial's questions are shown, however the answers arrive

async function loadQuestions() {
  const ask = ++questionsAsked;
  let response;
  if (trialSource() === "bundled") {
    response = await fetch(`/v1/trials/${encodeURIComponent($("#trial-select").value)}`);
  } else {
    const text = $("#criteria-text").value;
    if (!text.trim()) return ask === questionsAsked && showQuestions([]);
    response = await fetch("/v1/compile", {method: "POST", headers: {"Content-Type": "application/json"},
                                          body: JSON.stringify({criteria: text})});
  }
  const body = await response.json();
  if (ask !== questionsAsked) return;
  if (!response.ok) return showProblem(body);
  showQuestions(body.questions);
}

// ---- the patient ---------------------------------------------------------------

function birthDateFromAge(age, asOf) {
  // the day the patient turned `age` before the screening date: completed years on as_of are exact
  const [y, m, d] = asOf.split("-").map(Number);
  const day = m === 2 && d === 29 ? 28 : d;
  return `${String(y - age).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function numberOrNull(input) {
  return input.value === "" ? null : Number(input.value);
}

function patientFromFields(asOf) {
  const patient = {id: $("#patient-id").value.trim() || "precheck", observations: [], medications: [], conditions: []};
  const sex = $("#sex").value;
  if (sex) patient.sex = sex;
  if ($("#birth-date").value) patient.birth_date = $("#birth-date").value;
  else if ($("#age").value !== "" && asOf) patient.birth_date = birthDateFromAge(Number($("#age").value), asOf);
  $$("#labs .lab-row").forEach((row, n) => {
    const lab = labById[$(".lab-test", row).value];
    const obs = {id: `lab-${n + 1}`, text: lab.name, date: $(".lab-date", row).value || null, status: "final"};
    if (lab.qualitative) obs.value_text = $(".lab-qual", row).value;
    else Object.assign(obs, {value: numberOrNull($(".lab-value", row)), unit: $(".lab-unit", row).value || null});
    patient.observations.push(obs);
  });
  $$("#meds .med-row").forEach((row, n) => {
    const end = $(".med-end", row).value || null;
    patient.medications.push({
      id: `med-${n + 1}`, text: drugById[$(".med-drug", row).value].name, resource_type: "MedicationStatement",
      dose: numberOrNull($(".med-dose", row)), dose_unit: $(".med-unit", row).value,
      per_day: numberOrNull($(".med-per-day", row)), route: $(".med-route", row).value || null,
      start: $(".med-start", row).value || null, end, status: end ? "completed" : "active",
    });
  });
  $$("#conds .cond-row").forEach((row, n) => {
    const status = $(".cond-status", row).value;
    patient.conditions.push({
      id: `cond-${n + 1}`, text: condById[$(".cond-group", row).value].name, onset: $(".cond-onset", row).value || null,
      clinical_status: status, abatement: status === "resolved" ? ($(".cond-end", row).value || null) : null,
      verification_status: "confirmed",
    });
  });
  return patient;
}

function useBundle(name, text) {
  try {
    fhirBundle = JSON.parse(text);
  } catch (err) {
    fhirBundle = null;
    $("#fhir-status").textContent = `${name} is not JSON (${err.message}).`;
    return;
  }
  $("#fhir-status").textContent = `Using ${name}: the fields below are not used.`;
  $("#fhir-clear").hidden = false;
  $("#manual-patient").classList.add("muted");
}

function clearBundle() {
  fhirBundle = null;
  $("#fhir-file").value = "";
  $("#fhir-status").textContent = "No bundle: the patient is taken from the fields below.";
  $("#fhir-clear").hidden = true;
  $("#manual-patient").classList.remove("muted");
}

// ---- submit --------------------------------------------------------------------

function showProblem(problem) {
  const box = document.createElement("div");
  box.className = "problem";
  box.setAttribute("role", "alert");
  const title = document.createElement("h2");
  title.textContent = `⚠ ${problem.title || "Error"}`;
  const detail = document.createElement("p");
  detail.textContent = `${problem.detail || ""} [${problem.code || problem.status}]`;
  box.append(title, detail);
  if (Array.isArray(problem.errors) && problem.errors.length) {
    const list = document.createElement("ul");
    for (const e of problem.errors) {
      const li = document.createElement("li");
      li.textContent = [e.field || e.record, e.message].filter(Boolean).join(": ");
      list.appendChild(li);
    }
    box.appendChild(list);
  }
  $("#result").replaceChildren(box);
  $("#result").focus();
}

async function submit(event) {
  event.preventDefault();
  const asOf = $("#as-of").value;
  const body = {as_of: asOf || null, attest: {}};
  if (trialSource() === "bundled") body.trial = $("#trial-select").value;
  else body.criteria = $("#criteria-text").value;
  if (fhirBundle) body.fhir = fhirBundle;
  else body.patient = patientFromFields(asOf);
  $$("#questions .question").forEach((q) => {
    const picked = $("input:checked", q);
    if (picked && picked.value) body.attest[q.dataset.criterion] = picked.value === "yes";
  });
  $("#submit").disabled = true;
  $("#result").setAttribute("aria-busy", "true");
  try {
    const response = await fetch("/precheck/result", {method: "POST", headers: {"Content-Type": "application/json"},
                                                      body: JSON.stringify(body)});
    if (response.ok) {
      $("#result").innerHTML = await response.text();  // server-rendered and escaped by the template engine
      $("#result").focus();
    } else {
      showProblem(await response.json().catch(() => ({title: `HTTP ${response.status}`})));
    }
  } catch (err) {
    showProblem({title: "The server could not be reached", detail: String(err)});
  } finally {
    $("#submit").disabled = false;
    $("#result").removeAttribute("aria-busy");
  }
}

// ---- wiring --------------------------------------------------------------------

function init() {
  const asOf = $("#as-of");
  if (!asOf.value) asOf.value = new Date().toISOString().slice(0, 10);  // the browser's today, shown and editable
  $("#add-lab").addEventListener("click", addLab);
  $("#add-med").addEventListener("click", addMed);
  $("#add-cond").addEventListener("click", addCond);
  $$('input[name="trial-source"]').forEach((r) => r.addEventListener("change", () => {
    $("#bundled-trial").hidden = trialSource() !== "bundled";
    $("#pasted-trial").hidden = trialSource() !== "pasted";
    loadQuestions();
  }));
  $("#trial-select").addEventListener("change", loadQuestions);
  $("#read-criteria").addEventListener("click", loadQuestions);
  $("#age").addEventListener("input", () => {
    const age = $("#age").value;
    $("#age-note").textContent = age !== "" && asOf.value && !$("#birth-date").value
      ? `Taken as born on ${birthDateFromAge(Number(age), asOf.value)}.` : "";
  });
  const file = $("#fhir-file");
  file.addEventListener("change", async () => file.files[0] && useBundle(file.files[0].name, await file.files[0].text()));
  $("#fhir-clear").addEventListener("click", clearBundle);
  const zone = $("#dropzone");
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", async (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    const f = e.dataTransfer.files[0];
    if (f) useBundle(f.name, await f.text());
  });
  $("#precheck").addEventListener("submit", submit);
  loadQuestions();
}

init();
