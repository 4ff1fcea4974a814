// Find a recording by its call id: what the council holds of it (each version's purpose, source, dates,
// retention, flags, holds and restrictions) and its audit trail; correct its purpose or source there.
import { bindForm } from "../forms.js";
import { CALL_ID } from "../forms.js";
import { button, day, heading, html, input, insetText, link, moment, radios, summaryList, tag, textarea } from "../html.js";
import { auditTable, bindCsvButton } from "./audit.js";

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

export async function find(ctx) {
  ctx.title("Find a recording");
  ctx.main.innerHTML = String(html`
    ${heading("Find a recording")}
    <div id="find"></div>
    ${insetText(html`To find a person's recordings by their caller number or customer reference, ${link("#/requests/new", "open a request")} or ${link("#/holds/new", "place a hold")} for them: the API looks people up only for a request or a hold, so that every search for a person is on the record.`)}`);
  bindForm(ctx.main.querySelector("#find"), {
    fields: ["call_id"],
    draw: (values, errors) => html`<form novalidate>
      ${input({ id: "call_id", label: "Call id", hint: "As the telephony system gave it, for example C-0001.", value: values.call_id, error: errors.call_id, width: 20, spellcheck: false, labelSize: "m" })}
      ${button("Find")}
    </form>`,
    check(form) {
      const callId = form.text("call_id", "the call id", { required: true, max: 128 });
      if (callId && !CALL_ID.test(callId)) form.fail("call_id", "A call id has letters, digits, dot, underscore, colon and hyphen only");
      form.body = { callId };
    },
    async send({ callId }) {
      await ctx.api.get(`/recordings/${encodeURIComponent(callId)}`); // a 404 is shown here, with the id kept
      ctx.go(`#/recordings/${callId}`);
    },
  });
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
