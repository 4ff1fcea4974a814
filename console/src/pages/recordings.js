// Find a recording by its call id, or a person's recordings by their caller number or customer reference
// (POST /recordings/search: the identifier goes in the request's body, never in the page's address, and
// every search is on the audit trail without it); then what the council holds of a recording (each
// version's purpose, source, dates, retention, flags, holds and restrictions) and its audit trail;
// correct its purpose or source there.
import { bindForm } from "../forms.js";
import { CALL_ID } from "../forms.js";
import { button, dateInput, day, heading, html, input, insetText, link, moment, radios, summaryList, table, tag, textarea } from "../html.js";
import { auditTable, bindCsvButton } from "./audit.js";
import { dateParts } from "./holds.js";

const PURPOSES = [
  { value: "quality-training", text: "Quality and training" },
  { value: "complaints-disputes", text: "Complaints and disputes" },
  { value: "legal-claims", text: "Legal claims" },
  { value: "employee-safety", text: "Staff safety" },
];
const SOURCES = [
  { value: "data-subject", text: "The person the call is about" },
  { value: "member-of-public", text: "Another member of the public" },
  { value: "councillor", text: "A councillor" },
  { value: "organisation", text: "An organisation" },
];
const FIND_BY = [
  { value: "call-id", text: "Call id", hint: "As the telephony system gave it, for example C-0001." },
  { value: "caller", text: "Caller number", hint: "A person's phone number, in any format, for example 01803 861234." },
  { value: "customer", text: "Customer reference", hint: "The council's reference for the person, for example CR-100." },
];
const PAGE = 1000;

function findForm(values, errors) {
  return html`<form novalidate>
    ${radios({ id: "by", legend: "Find by", legendSize: "m", items: FIND_BY, value: values.by || "call-id", error: errors.by })}
    ${input({ id: "identifier", label: "Call id, caller number or customer reference", value: values.identifier, error: errors.identifier, width: 20, spellcheck: false, autocomplete: "off" })}
    ${dateInput({ id: "recorded_from", legend: "Recorded from (optional, for a person's recordings)", hint: "For example 1 11 2026.", value: dateParts(values, "recorded_from"), error: errors.recorded_from })}
    ${dateInput({ id: "recorded_to", legend: "Recorded to (optional)", value: dateParts(values, "recorded_to"), error: errors.recorded_to })}
    ${button("Find")}
  </form>`;
}

function foundTable(recordings) {
  if (!recordings.length) return html`<h2 class="govuk-heading-m">No recordings found</h2><p class="govuk-body" id="found-none">The council holds no recording of this person in that period. Deleted and erased recordings are never found: they keep no caller number or customer reference.</p>`;
  return table({
    id: "found-table",
    caption: `${recordings.length} recording version${recordings.length === 1 ? "" : "s"} found, newest first`,
    head: ["Call id", "Recorded", "Purpose", "Retention", "Kept until", "Holds", "Flags"],
    rows: recordings.map((found) => [
      link(`#/recordings/${encodeURIComponent(found.call_id)}`, found.call_id),
      moment(found.recorded_at),
      found.purpose,
      tag(found.retention),
      day(found.expires_on),
      found.holds.length ? html`${found.holds.map((h) => html`${link(`#/holds/${h}`, h)} `)}` : "None",
      found.flags.length ? html`${found.flags.map((f) => html`${tag(f, "orange")} `)}` : "None",
    ]),
  });
}

export async function find(ctx) {
  ctx.title("Find a recording");
  ctx.main.innerHTML = String(html`
    ${heading("Find a recording")}
    <div id="find"></div>
    <div id="found" aria-live="polite"></div>
    ${insetText("Finding a person's recordings by their caller number or customer reference is recorded in the audit trail: who searched, when and what was found, never the number or reference itself.")}`);
  const found = ctx.main.querySelector("#found");
  // Drawn again (with what was typed, and no error) once a person's recordings are found.
  const bindFind = (values) =>
    bindForm(ctx.main.querySelector("#find"), {
      fields: ["by", "identifier", "recorded_from", "recorded_to"],
      dates: ["recorded_from", "recorded_to"],
      fallback: "identifier",
      byCode: { "invalid-subject-identifier": "identifier", "empty-selection": "identifier" },
      values,
      draw: findForm,
      check(form) {
        const by = form.choice("by", "what to find by", FIND_BY.map((f) => f.value));
        const what = { "call-id": "the call id", caller: "the caller number", customer: "the customer reference" }[by] || "what to look for";
        const max = { "call-id": 128, caller: 40, customer: 64 }[by] || 128;
        const identifier = form.text("identifier", what, { required: true, max });
        if (by === "call-id" && identifier && !CALL_ID.test(identifier)) form.fail("identifier", "A call id has letters, digits, dot, underscore, colon and hyphen only");
        const recorded_from = form.date("recorded_from", "the first date");
        const recorded_to = form.date("recorded_to", "the last date");
        if (recorded_from && recorded_to && recorded_to < recorded_from) form.fail("recorded_to", "The last date must be the same as or after the first date");
        form.body = { by, identifier, recorded_from, recorded_to };
      },
      async send({ by, identifier, recorded_from, recorded_to }, typed) {
        found.innerHTML = "";
        if (by === "call-id") {
          await ctx.api.get(`/recordings/${encodeURIComponent(identifier)}`); // a 404 is shown here, with the id kept
          ctx.go(`#/recordings/${identifier}`);
          return;
        }
        const person = by === "caller" ? { caller_number: identifier } : { customer_ref: identifier };
        const recordings = [];
        let next_token;
        do {
          const { data } = await ctx.api.post("/recordings/search", { ...person, recorded_from, recorded_to, limit: PAGE, next_token });
          recordings.push(...data.recordings);
          next_token = data.next_token;
        } while (next_token);
        bindFind(typed);
        found.innerHTML = String(foundTable(recordings));
      },
    });
  bindFind({ by: "call-id" });
}

function versionSummary(version, i) {
  return html`<h2 class="govuk-heading-m">Version ${i + 1}${version.retention ? html` ${tag(version.retention)}` : ""}</h2>
    ${summaryList([
      ["Recorded", moment(version.recorded_at)],
      ["Purpose", version.purpose],
      ["Source", version.source],
      ["Retention", version.retention],
      ["Kept until", day(version.expires_on)],
      version.due_on ? ["Due for deletion", day(version.due_on)] : null,
      ["Flags", version.flags.length ? html`${version.flags.map((f) => html`${tag(f, "orange")} `)}` : "None"],
      ["Holds", version.holds.length ? html`${version.holds.map((h) => html`${link(`#/holds/${h.hold_id}`, h.hold_id)} (${h.reason_wording}, ${h.case_reference}, ${h.status})<br>`)}` : "None"],
      ["Restrictions", version.restrictions?.length ? version.restrictions.join(", ") : "None"],
      ["Version id", html`<span class="app-break">${version.version_id}</span>`],
    ])}`;
}

export async function show(ctx) {
  const [callId] = ctx.params;
  const id = encodeURIComponent(callId);
  const [recording, entries] = await Promise.all([
    ctx.api.get(`/recordings/${id}`),
    ctx.api.all("/audit", "entries", { target: `recording#${callId}` }),
  ]);
  ctx.title(`Recording ${recording.call_id}`);
  const here = `#/recordings/${recording.call_id}`;
  ctx.main.innerHTML = String(html`
    <a href="#/recordings" class="govuk-back-link">Find another recording</a>
    ${ctx.flash()}
    ${heading(`Recording ${recording.call_id}`)}
    ${recording.versions.map(versionSummary)}
    <h2 class="govuk-heading-m" id="trail">Audit trail</h2>
    ${entries.length ? auditTable(entries, `What happened to ${recording.call_id}, oldest first`) : html`<p class="govuk-body">No entries.</p>`}
    <div id="csv"><form novalidate>${button("Download the trail as CSV", { secondary: true, id: "download-csv" })}</form></div>
    <h2 class="govuk-heading-m">Correct it</h2>
    <details class="govuk-details"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">Change its purpose</span></summary><div class="govuk-details__text" id="purpose"></div></details>
    <details class="govuk-details"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">Correct its source</span></summary><div class="govuk-details__text" id="source"></div></details>`);
  bindCsvButton(ctx.main.querySelector("#csv"), `audit-recording-${recording.call_id}.csv`, entries);
  const correction = (field, options, path, label) =>
    bindForm(ctx.main.querySelector(`#${field}`), {
      fields: [field, `${field}_reason`],
      byCode: { "correction-changes-nothing": field, "recording-restricted": field },
      draw: (values, errors) => html`<form novalidate>
        ${radios({ id: field, legend: label, items: options, value: values[field], error: errors[field], small: true })}
        ${textarea({ id: `${field}_reason`, label: "Why", hint: "Kept in the audit trail as you write it: no phone numbers.", value: values[`${field}_reason`], error: errors[`${field}_reason`], maxlength: 500 })}
        ${button("Save the correction", { secondary: true })}
      </form>`,
      check(form) {
        form.body = {
          [field]: form.choice(field, label.toLowerCase(), options.map((o) => o.value)),
          reason: form.text(`${field}_reason`, "why", { required: true, max: 500 }),
        };
      },
      async send(body) {
        const { data } = await ctx.api.post(`/recordings/${id}/${path}`, body);
        ctx.go(here, `${data.field} set to ${data.value} on ${data.versions.length} version${data.versions.length === 1 ? "" : "s"}`);
      },
    });
  correction("purpose", PURPOSES, "purpose", "The purpose");
  correction("source", SOURCES, "source", "Who the caller was");
}
