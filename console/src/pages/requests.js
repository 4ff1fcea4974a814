// Requests: a person's rights over their recordings. Access (Art 15: a SAR, answered with a package of
// their recordings), erasure (Art 17), restriction (Art 18), objection (Art 21) and rectification
// (Art 16). Each is on the statutory clock: one calendar month from receipt, paused while proof of
// identity or clarification is awaited, extendable by two months once.
import { finished } from "../api.js";
import { bindForm } from "../forms.js";
import {
  button,
  dateInput,
  day,
  heading,
  html,
  input,
  link,
  moment,
  radios,
  select,
  summaryList,
  table,
  tag,
  textarea,
  details,
  insetText,
  person,
} from "../html.js";
import { clockForms, clockTimeline } from "./clock.js";
import { dateParts } from "./holds.js";

const KINDS = [
  { value: "access", text: "Access to their recordings (subject access request)", hint: "UK GDPR Article 15: they get a copy of every recording of them." },
  { value: "erasure", text: "Erasure", hint: "Article 17: delete their recordings, unless a hold keeps them." },
  { value: "restriction", text: "Restriction", hint: "Article 18: keep their recordings but use them for nothing else." },
  { value: "objection", text: "Objection", hint: "Article 21: they object to a use of their recordings." },
  { value: "rectification", text: "Rectification", hint: "Article 16: something recorded about them is wrong; a statement is attached to the calls." },
];
const RESTRICTION_GROUNDS = [
  { value: "accuracy-contested", text: "They contest the accuracy (Art 18(1)(a))" },
  { value: "processing-unlawful", text: "The processing is unlawful and they want restriction, not erasure (Art 18(1)(b))" },
  { value: "needed-by-subject-for-legal-claims", text: "They need the recordings for a legal claim (Art 18(1)(c))" },
  { value: "objection-pending", text: "Their objection is being considered (Art 18(1)(d))" },
];
const REFUSAL_GROUNDS = [
  { value: "", text: "Choose a ground" },
  { value: "legal-obligation", text: "A legal obligation" },
  { value: "legal-claims", text: "Legal claims" },
  { value: "compelling-legitimate-grounds", text: "Compelling legitimate grounds" },
  { value: "no-ground-for-restriction", text: "No ground for restriction" },
  { value: "data-accurate", text: "The recording is accurate" },
  { value: "manifestly-unfounded-or-excessive", text: "Manifestly unfounded or excessive" },
];
const EXEMPTIONS = [
  { value: "disclose", text: "Disclose" },
  { value: "other-people", text: "Withhold: other people's data (DPA 2018 Sch 2 para 16)" },
  { value: "crime", text: "Withhold: crime (Sch 2 para 2)" },
  { value: "legal-privilege", text: "Withhold: legal privilege (Sch 2 para 19)" },
];

const dueCell = (item) =>
  item.status === "closed" || item.status === "decided"
    ? tag(item.status)
    : item.overdue
      ? tag("overdue")
      : html`${day(item.due_on)}${item.working_days_left !== null ? html` <span class="govuk-hint govuk-!-display-inline">(${item.working_days_left} working days)</span>` : ""}`;

export async function list(ctx) {
  ctx.title("Requests");
  const [sars, requests] = await Promise.all([ctx.api.all("/sars", "sars"), ctx.api.all("/requests", "requests")]);
  ctx.main.innerHTML = String(html`
    ${ctx.flash()}
    ${heading("Requests")}
    <p class="govuk-body">People's requests about their recordings, each due one calendar month from receipt.</p>
    <a href="#/requests/new" role="button" draggable="false" class="govuk-button" data-module="govuk-button">Open a request</a>
    ${
      sars.length
        ? table({ caption: "Access requests", id: "sars", head: ["Request", "Received", "Status", "Recordings", "Due"], numeric: [3], rows: sars.map((sar) => [link(`#/sars/${sar.sar_id}`, sar.sar_id), day(sar.received_on), tag(sar.status), String(sar.total), dueCell(sar)]) })
        : html`<h2 class="govuk-heading-m">Access requests</h2><p class="govuk-body">None.</p>`
    }
    ${
      requests.length
        ? table({ caption: "Erasure, restriction, objection and rectification requests", id: "requests", head: ["Request", "Kind", "Received", "Status", "Due"], rows: requests.map((r) => [link(`#/requests/${r.request_id}`, r.request_id), r.kind_wording, day(r.received_on), tag(r.status), dueCell(r)]) })
        : html`<h2 class="govuk-heading-m">Other rights requests</h2><p class="govuk-body">None.</p>`
    }`);
}

function openForm(values, errors) {
  return html`<form novalidate id="open-request">
    ${radios({ id: "kind", legend: "What are they asking for?", legendSize: "m", items: KINDS, value: values.kind, error: errors.kind })}
    ${dateInput({ id: "received_on", legend: "Received on", hint: "The day the request reached the council, for example 27 11 2026.", value: dateParts(values, "received_on"), error: errors.received_on, legendSize: "m" })}
    ${dateInput({ id: "identity_verified_on", legend: "Proof of identity received on (optional)", hint: "Only if you had to ask for it: the clock starts on this day instead.", value: dateParts(values, "identity_verified_on"), error: errors.identity_verified_on })}
    <fieldset class="govuk-fieldset">
      <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Whose recordings</legend>
      <div class="govuk-hint">The caller number or customer reference (or both) the person gave. An access or erasure request needs one; the others may name call ids instead.</div>
      ${input({ id: "caller_number", label: "Caller number", value: values.caller_number, error: errors.caller_number, width: 20, autocomplete: "off", inputmode: "tel" })}
      ${input({ id: "customer_ref", label: "Customer reference", value: values.customer_ref, error: errors.customer_ref, width: 20, autocomplete: "off" })}
      ${dateInput({ id: "recorded_from", legend: "Recorded from (optional)", value: dateParts(values, "recorded_from"), error: errors.recorded_from })}
      ${dateInput({ id: "recorded_to", legend: "Recorded to (optional)", value: dateParts(values, "recorded_to"), error: errors.recorded_to })}
      ${textarea({ id: "call_ids", label: "Call ids (restriction, objection or rectification)", hint: "One a line, or separated by commas. A rectification names its calls here.", value: values.call_ids, error: errors.call_ids, maxlength: null, rows: 2 })}
    </fieldset>
    ${textarea({ id: "disputed", label: "What they say is wrong (rectification)", value: values.disputed, error: errors.disputed })}
    ${textarea({ id: "objection", label: "What they object to (objection)", value: values.objection, error: errors.objection })}
    ${textarea({ id: "note", label: "Note (optional)", hint: "Kept sealed with the request.", value: values.note, error: errors.note })}
    ${button("Open the request")}
  </form>`;
}

export async function open(ctx) {
  ctx.title("Open a request");
  ctx.main.innerHTML = String(html`<a href="#/requests" class="govuk-back-link">Back to requests</a>${heading("Open a request")}<div id="form"></div>`);
  bindForm(ctx.main.querySelector("#form"), {
    fields: ["kind", "received_on", "identity_verified_on", "caller_number", "customer_ref", "recorded_from", "recorded_to", "call_ids", "disputed", "objection", "note"],
    dates: ["received_on", "identity_verified_on", "recorded_from", "recorded_to"],
    byCode: { "received-in-future": "received_on", "started-before-received": "identity_verified_on", "recordings-not-found": "call_ids" },
    draw: openForm,
    check(form) {
      const kind = form.choice("kind", "what they are asking for", KINDS.map((k) => k.value));
      const received_on = form.date("received_on", "the day it was received", { required: true, notFuture: true });
      const identity_verified_on = form.date("identity_verified_on", "the day proof of identity arrived", { notFuture: true });
      if (received_on && identity_verified_on && identity_verified_on < received_on) form.fail("identity_verified_on", "Proof of identity cannot arrive before the request");
      const caller_number = form.text("caller_number", "the caller number", { max: 40 });
      const customer_ref = form.text("customer_ref", "the customer reference", { max: 64 });
      const recorded_from = form.date("recorded_from", "the first date");
      const recorded_to = form.date("recorded_to", "the last date");
      const call_ids = form.callIds("call_ids");
      const subject = caller_number || customer_ref ? { caller_number, customer_ref, recorded_from, recorded_to } : null;
      if ((kind === "access" || kind === "erasure") && !subject) form.fail("caller_number", "Enter the caller number or the customer reference");
      if (kind && kind !== "access" && kind !== "erasure" && !subject && !call_ids) form.fail("caller_number", "Enter the caller number, the customer reference or the call ids");
      if (kind === "rectification" && !call_ids) form.fail("call_ids", "Enter the call ids the rectification is about");
      const disputed = form.text("disputed", "what they say is wrong", { required: kind === "rectification" });
      const objection = form.text("objection", "what they object to", { required: kind === "objection" });
      const note = form.text("note", "the note");
      form.body =
        kind === "access"
          ? { subject, received_on, identity_verified_on, note }
          : { kind, received_on, identity_verified_on, subject, call_ids, disputed, objection, note };
    },
    async send(body, values) {
      if (values.kind === "access") {
        const { data } = await ctx.api.post("/sars", body);
        ctx.go(`#/sars/${data.sar_id}`, `Access request ${data.sar_id} opened: ${data.total} recording version${data.total === 1 ? "" : "s"} found and preserved`);
      } else {
        const { data } = await ctx.api.post("/requests", body);
        ctx.go(`#/requests/${data.request_id}`, `${data.kind_wording} ${data.request_id} opened`);
      }
    },
  });
}

// The last package exported in this tab, per SAR: its links are shown once, where the DPO is.
const packages = new Map();

function packageSection(pkg) {
  const files = pkg.recordings.map((r) => [
    html`<a class="govuk-link" href="${r.url}" download="${r.file_name}">${r.file_name}</a>`,
    r.call_id,
    moment(r.recorded_at),
    `${Math.ceil(r.size_bytes / 1024)} KB`,
  ]);
  return html`<div id="package">
    <h2 class="govuk-heading-m">The package to send</h2>
    <p class="govuk-body">Export ${pkg.export_id}, made ${moment(pkg.created_at)}. The links work until ${moment(pkg.links_expire_at)}: send them to the requester securely.</p>
    ${
      pkg.package_zip_url
        ? html`<p class="govuk-body"><a class="govuk-button" data-module="govuk-button" role="button" draggable="false" id="package-zip" href="${pkg.package_zip_url}">Download the whole package (zip)</a></p>`
        : insetText("The whole package as one zip is not ready: use the links below.")
    }
    <ul class="govuk-list">
      <li><a class="govuk-link" id="manifest-json" href="${pkg.manifest_json_url}">The manifest (JSON)</a></li>
      <li><a class="govuk-link" id="manifest-csv" href="${pkg.manifest_csv_url}">The manifest (CSV)</a>: what Article 15 requires them to be told</li>
    </ul>
    ${files.length ? table({ caption: "Recordings in the package", captionSize: "s", id: "package-files", head: ["File", "Call id", "Recorded", "Size"], rows: files, numeric: [3] }) : html`<p class="govuk-body">No recording is disclosed.</p>`}
    ${pkg.withheld.length ? table({ caption: "Withheld (the requester is told how many, never which)", captionSize: "s", head: ["Exemption", "Ground", "Recordings"], numeric: [2], rows: pkg.withheld.map((w) => [w.exemption, w.ground, String(w.recordings)]) }) : ""}
  </div>`;
}

// Every package is also made into one zip by a job of its own (zip_job_id): followed here, so that the
// DPO has the one link to send. The package is disclosed whatever becomes of its zip: a zip job that
// fails leaves the package as it was, with its files' links.
async function zipped(api, pkg, onProgress) {
  if (!pkg.zip_job_id || pkg.package_zip_url) return pkg;
  try {
    const job = await api.get(`/jobs/${encodeURIComponent(pkg.zip_job_id)}`);
    return (await finished(api, job, onProgress)) || pkg;
  } catch {
    return pkg;
  }
}

export async function showSar(ctx) {
  const [sarId] = ctx.params;
  const base = `/sars/${encodeURIComponent(sarId)}`;
  const [sar, decided] = await Promise.all([ctx.api.get(base), ctx.api.get(`${base}/decisions`)]);
  ctx.title(`Access request ${sar.sar_id}`);
  const here = `#/sars/${sar.sar_id}`;
  const decisionOf = new Map(decided.decisions.map((d) => [d.call_id, d.exemption || d.decision]));
  const callIds = [...new Set(sar.recordings.map((r) => r.call_id))];
  const open = sar.status !== "closed";
  const pkg = packages.get(sar.sar_id);
  ctx.main.innerHTML = String(html`
    <a href="#/requests" class="govuk-back-link">Back to requests</a>
    ${ctx.flash()}
    ${heading(`Access request ${sar.sar_id}`, "Subject access request (UK GDPR Article 15)")}
    ${summaryList(
      [
        ["Status", tag(sar.status)],
        ["Whose recordings", `${sar.selection.identifiers.join(" and ")}${sar.selection.recorded_from ? `, recorded ${day(sar.selection.recorded_from)} to ${day(sar.selection.recorded_to)}` : ""}`],
        ["Recordings found", String(sar.total)],
        ["Preserved by", sar.preservation ? html`${link(`#/holds/${sar.preservation.hold_id}`, sar.preservation.hold_id)} (${sar.preservation.held} of ${sar.preservation.total} held)` : "–"],
        ["Opened", `${moment(sar.opened_at)} by ${person(sar.opened_by)}`],
        ["Exports", sar.exports ? `${sar.exports}, last ${moment(sar.last_exported_at)}` : "None yet"],
        ["Note", sar.note],
      ],
      { id: "sar-summary" },
    )}
    ${clockTimeline(sar)}
    <div id="clock-forms"></div>
    <h2 class="govuk-heading-m">Decide what to disclose</h2>
    ${
      sar.recordings.length
        ? table({
            caption: "Recordings the request found",
            captionSize: "s",
            id: "sar-recordings",
            head: ["Call id", "Recorded", "Purpose", "Decision"],
            rows: sar.recordings.map((r) => [
              link(`#/recordings/${r.call_id}`, r.call_id),
              moment(r.recorded_at),
              r.purpose_wording || r.purpose || "–",
              decisionOf.get(r.call_id) ? tag(decisionOf.get(r.call_id) === "disclose" ? "disclose" : `withhold: ${decisionOf.get(r.call_id)}`, decisionOf.get(r.call_id) === "disclose" ? "green" : "orange") : tag("undecided", "yellow"),
            ]),
          })
        : html`<p class="govuk-body">No recording of this person is held: the answer is that none is held.</p>`
    }
    ${open && callIds.length ? html`<div id="decide"></div>` : ""}
    ${open ? html`<h2 class="govuk-heading-m">Export the package</h2><div id="export"></div>` : ""}
    ${pkg ? packageSection(pkg) : ""}
    ${open ? details("Close the request", html`<div id="close"></div>`) : ""}
    <p class="govuk-body">${link(`#/audit?target=${encodeURIComponent(`sar#${sar.sar_id}`)}`, "Audit trail of this request")}</p>`);
  clockForms(ctx, ctx.main.querySelector("#clock-forms"), sar, base, here);
  if (open && callIds.length) {
    const field = (callId) => `decision-${callId}`;
    bindForm(ctx.main.querySelector("#decide"), {
      fields: callIds.map(field),
      values: Object.fromEntries(callIds.map((c) => [field(c), decisionOf.get(c) || ""])),
      byCode: { "not-matched-by-sar": field(callIds[0]) },
      draw: (values, errors) => html`<form novalidate>
        ${callIds.map((callId) => radios({ id: field(callId), legend: `Call ${callId}`, items: EXEMPTIONS, value: values[field(callId)], error: errors[field(callId)], small: true }))}
        ${button("Save the decisions", { secondary: true })}
      </form>`,
      check(form) {
        const decisions = [];
        for (const callId of callIds) {
          const choice = form.choice(field(callId), `a decision for call ${callId}`, EXEMPTIONS.map((e) => e.value), { required: false });
          if (choice === "disclose") decisions.push({ call_id: callId, decision: "disclose" });
          else if (choice) decisions.push({ call_id: callId, decision: "withhold", exemption: choice });
        }
        if (!decisions.length) form.fail(field(callIds[0]), "Decide at least one recording");
        form.body = { decisions };
      },
      async send(body) {
        await ctx.api.post(`${base}/decisions`, body);
        ctx.go(here, `${body.decisions.length} decision${body.decisions.length === 1 ? "" : "s"} saved`);
      },
    });
  }
  if (open) {
    bindForm(ctx.main.querySelector("#export"), {
      fields: ["export-package"],
      draw: () => html`<form novalidate><p class="govuk-body">Copies of every recording you decided to disclose, with the manifest Article 15 requires, behind links that work for 7 days. Every recording must be decided first.</p>${button("Export the package", { id: "export-package" })}<div id="export-progress"></div></form>`,
      check() {},
      async send() {
        const answer = await ctx.api.post(`${base}/export`);
        const progress = ctx.main.querySelector("#export-progress");
        const bar = (label) => (job) => {
          progress.innerHTML = String(html`<label class="govuk-label" for="export-bar">${label}: ${job.progress.done} of ${job.progress.total}</label><progress class="app-progress" id="export-bar" max="${job.progress.total || 1}" value="${job.progress.done}"></progress>`);
        };
        const made = answer.status === 202 ? await finished(ctx.api, answer.data, bar("Exporting")) : answer.data;
        const result = await zipped(ctx.api, made, bar("Making the zip"));
        packages.set(sar.sar_id, result);
        ctx.go(here, `Package ${result.export_id} exported: ${result.recordings.length} recording${result.recordings.length === 1 ? "" : "s"}`);
      },
    });
    bindForm(ctx.main.querySelector("#close"), {
      fields: ["close_note"],
      byCode: { "sar-still-preserving": "close_note" },
      draw: (values, errors) => html`<form novalidate>
        <p class="govuk-body">When the requester has their answer (or withdrew). The preservation hold comes off: each recording goes back to its own retention.</p>
        ${textarea({ id: "close_note", label: "Note (optional)", value: values.close_note, error: errors.close_note })}
        ${button("Close the request", { warning: true })}
      </form>`,
      check(form) {
        form.body = { note: form.text("close_note", "the note") };
      },
      async send(body) {
        await ctx.api.post(`${base}/close`, body);
        ctx.go(here, `Access request ${sar.sar_id} closed`);
      },
    });
  }
}

function carriedOut(request) {
  const done = request.carried_out;
  if (!done) return null;
  if (done.restriction) return html`Restricted: ${done.restriction.recordings} recording version(s) under ${done.restriction.restriction_id}`;
  if (done.rectification) return html`Statement attached to ${done.rectification.call_ids.join(", ")}`;
  if (done.erasure) return html`Erased ${done.erasure.erased}, refused ${done.erasure.refused} (kept by a hold), failed ${done.erasure.failed}`;
  return null;
}

export async function showRequest(ctx) {
  const [requestId] = ctx.params;
  const base = `/requests/${encodeURIComponent(requestId)}`;
  const request = await ctx.api.get(base);
  const here = `#/requests/${request.request_id}`;
  ctx.title(`${request.kind_wording} ${request.request_id}`);
  const undecided = request.status === "open";
  const erasable = undecided && (request.kind === "erasure" || request.kind === "objection");
  const decisions = {
    restriction: ["restrict", "refuse"],
    objection: ["restrict", "refuse"],
    rectification: ["rectify", "refuse"],
    erasure: ["refuse"],
  }[request.kind];
  ctx.main.innerHTML = String(html`
    <a href="#/requests" class="govuk-back-link">Back to requests</a>
    ${ctx.flash()}
    ${heading(`${request.kind_wording} ${request.request_id}`)}
    ${summaryList(
      [
        ["Status", tag(request.status)],
        ["Kind", request.kind_wording],
        ["Whose recordings", request.call_ids.length ? `Calls ${request.call_ids.join(", ")}` : request.selection.identifiers.join(" and ")],
        request.disputed ? ["What they say is wrong", request.disputed] : null,
        request.objection ? ["What they object to", request.objection] : null,
        ["Opened", `${moment(request.opened_at)} by ${person(request.opened_by)}`],
        request.decision ? ["Decision", `${request.decision.decision} on ${day(request.decision.decided_on)} by ${person(request.decision.decided_by)}${request.decision.restriction_grounds_wording ? `: ${request.decision.restriction_grounds_wording}` : ""}${request.decision.refusal_ground_wording ? `: ${request.decision.refusal_ground_wording}` : ""}`] : null,
        carriedOut(request) ? ["Carried out", carriedOut(request)] : null,
        ["Note", request.note],
      ],
      { id: "request-summary" },
    )}
    ${clockTimeline(request)}
    <div id="clock-forms"></div>
    ${undecided ? html`<h2 class="govuk-heading-m">Decide</h2><div id="decide"></div>` : ""}
    ${erasable ? details("Erase their recordings (uphold the request)", html`<div id="erase"></div>`) : ""}
    ${request.status !== "closed" ? details("Close the request", html`<div id="close"></div>`) : ""}`);
  clockForms(ctx, ctx.main.querySelector("#clock-forms"), request, base, here);
  if (undecided) {
    bindForm(ctx.main.querySelector("#decide"), {
      fields: ["decision", "restriction_grounds", "statement", "refusal_ground", "decision_note"],
      byCode: { "request-paused": "decision", "already-decided": "decision" },
      draw: (values, errors) => html`<form novalidate>
        ${radios({
          id: "decision",
          legend: "Your decision",
          value: values.decision,
          error: errors.decision,
          items: [
            { value: "restrict", text: "Restrict the recordings", hint: "Kept, used for nothing else, until the restriction is lifted." },
            { value: "rectify", text: "Attach their statement to the calls", hint: "Shown in every later access package of those calls." },
            { value: "refuse", text: "Refuse", hint: "On a ground the law allows, with your reasons in the note." },
          ].filter((item) => decisions.includes(item.value)),
        })}
        ${decisions.includes("restrict") ? radios({ id: "restriction_grounds", legend: "Grounds for restriction (if you restrict)", items: RESTRICTION_GROUNDS, value: values.restriction_grounds, error: errors.restriction_grounds, small: true }) : ""}
        ${decisions.includes("rectify") ? textarea({ id: "statement", label: "Their statement (if you attach it)", value: values.statement, error: errors.statement }) : ""}
        ${select({ id: "refusal_ground", label: "Ground for refusal (if you refuse)", items: REFUSAL_GROUNDS, value: values.refusal_ground, error: errors.refusal_ground })}
        ${textarea({ id: "decision_note", label: "Your reasons", hint: "Required when you refuse.", value: values.decision_note, error: errors.decision_note })}
        ${button("Record the decision")}
      </form>`,
      check(form) {
        const decision = form.choice("decision", "your decision", decisions);
        const restriction_grounds = decision === "restrict" ? form.choice("restriction_grounds", "the grounds for restriction", RESTRICTION_GROUNDS.map((g) => g.value)) : null;
        const statement = decision === "rectify" ? form.text("statement", "their statement", { required: true }) : null;
        const refusal_ground = decision === "refuse" ? form.choice("refusal_ground", "a ground for refusal", REFUSAL_GROUNDS.map((g) => g.value).filter(Boolean)) : null;
        const note = form.text("decision_note", "your reasons", { required: decision === "refuse" });
        form.body = { decision, restriction_grounds, statement, refusal_ground, note };
      },
      async send(body) {
        await ctx.api.post(`${base}/decide`, body);
        ctx.go(here, `Decision recorded: ${body.decision}`);
      },
    });
  }
  if (erasable) {
    bindForm(ctx.main.querySelector("#erase"), {
      fields: ["erase_note"],
      byCode: { "request-paused": "erase_note", "already-decided": "erase_note" },
      draw: (values, errors) => html`<form novalidate>
        <p class="govuk-body">Every recording of theirs is deleted now, unless a hold keeps it: those are listed with the hold's reason.</p>
        ${textarea({ id: "erase_note", label: "Note (optional)", value: values.erase_note, error: errors.erase_note })}
        ${button("Erase their recordings", { warning: true })}
      </form>`,
      check(form) {
        form.body = { note: form.text("erase_note", "the note") };
      },
      async send(body) {
        const answer = await ctx.api.post(`${base}/erase`, body);
        if (answer.status === 202) await finished(ctx.api, answer.data);
        ctx.go(here, "Erasure done");
      },
    });
  }
  if (request.status !== "closed") {
    bindForm(ctx.main.querySelector("#close"), {
      fields: ["close_note"],
      draw: (values, errors) => html`<form novalidate>
        ${textarea({ id: "close_note", label: "Note (optional)", hint: "For example: told of the decision on ...", value: values.close_note, error: errors.close_note })}
        ${button("Close the request", { warning: true })}
      </form>`,
      check(form) {
        form.body = { note: form.text("close_note", "the note") };
      },
      async send(body) {
        await ctx.api.post(`${base}/close`, body);
        ctx.go(here, `${request.kind_wording} ${request.request_id} closed`);
      },
    });
  }
}
