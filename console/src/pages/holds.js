// Holds: what the council keeps past its three months, and why. Place one (by call ids, or by a
// person's caller number or customer reference with the dates of their calls), watch a large one being
// placed, review it by its review date, release it when its reason has gone.
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
  summaryList,
  table,
  tag,
  textarea,
  details,
  person,
} from "../html.js";

// The reasons a DPO places a hold for; sar, restriction and disclosure holds come with their requests.
const REASONS = [
  { value: "legal-claim", text: "A legal claim", hint: "Reviewed after 6 months unless you say otherwise." },
  { value: "threat", text: "A threat to staff", hint: "Reviewed after 6 months unless you say otherwise." },
  { value: "complaint", text: "A complaint", hint: "Reviewed after 3 months unless you say otherwise." },
];
const SYSTEM_REASONS = ["sar", "restriction", "disclosure"];
const REVIEW_DATE_ERRORS = Object.fromEntries(
  ["review-date-not-ahead", "review-date-too-far", "review-date-needed", "review-date-not-wanted"].map((code) => [code, "review_on"]),
);

export async function list(ctx) {
  ctx.title("Holds");
  const holds = await ctx.api.all("/holds", "holds");
  const rows = holds.map((hold) => [
    link(`#/holds/${hold.hold_id}`, hold.hold_id),
    hold.case_reference,
    hold.reason_wording,
    html`${tag(hold.status)}${hold.review_overdue ? html` ${tag("review overdue", "red")}` : ""}`,
    `${hold.held} of ${hold.total}`,
    day(hold.review_on),
  ]);
  ctx.main.innerHTML = String(html`
    ${ctx.flash()}
    ${heading("Holds")}
    <p class="govuk-body">A hold keeps recordings past their three months while its reason stands: a legal claim, a threat to staff, a complaint, or a person's request. Recordings under a hold cannot be deleted, even by the retention sweep.</p>
    <a href="#/holds/new" role="button" draggable="false" class="govuk-button" data-module="govuk-button">Place a hold</a>
    ${
      rows.length
        ? table({ caption: "Every hold, newest first", head: ["Hold", "Case", "Reason", "Status", "Recordings held", "Review by"], rows, numeric: [4], id: "holds" })
        : html`<p class="govuk-body">There are no holds.</p>`
    }`);
}

function placeForm(values, errors) {
  const by = values.by || "";
  return html`<form novalidate id="place-hold">
    ${radios({ id: "reason", legend: "Why are you placing this hold?", legendSize: "m", items: REASONS, value: values.reason, error: errors.reason })}
    ${input({ id: "case_reference", label: "Case reference", hint: "The council's reference for the claim, threat or complaint, for example CLAIM-2026-014. Up to 64 characters.", value: values.case_reference, error: errors.case_reference, width: 20, spellcheck: false })}
    ${radios({
      id: "by",
      legend: "Which recordings?",
      legendSize: "m",
      value: by,
      error: errors.by,
      items: [
        { value: "call-ids", text: "Recordings I know the call ids of", hint: "Give the call ids below." },
        { value: "subject", text: "A person's recordings", hint: "Every recording of their caller number or customer reference, optionally between two dates: give them below." },
      ],
    })}
    <fieldset class="govuk-fieldset">
      <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Call ids (if you know them)</legend>
      ${textarea({ id: "call_ids", label: "Call ids", hint: "One a line, or separated by commas.", value: values.call_ids, error: errors.call_ids, maxlength: null, rows: 4 })}
    </fieldset>
    <fieldset class="govuk-fieldset">
      <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">The person (if it is a person's recordings)</legend>
      ${input({ id: "caller_number", label: "Caller number", hint: "As they called from, for example 07700 900123.", value: values.caller_number, error: errors.caller_number, width: 20, autocomplete: "off", inputmode: "tel" })}
      ${input({ id: "customer_ref", label: "Customer reference", value: values.customer_ref, error: errors.customer_ref, width: 20, autocomplete: "off" })}
      ${dateInput({ id: "recorded_from", legend: "Recorded from (optional)", hint: "For example 1 11 2026.", value: dateParts(values, "recorded_from"), error: errors.recorded_from })}
      ${dateInput({ id: "recorded_to", legend: "Recorded to (optional)", value: dateParts(values, "recorded_to"), error: errors.recorded_to })}
    </fieldset>
    ${dateInput({ id: "review_on", legend: "Review the hold on (optional)", hint: "After today and within 12 months. Leave it empty for the usual review date.", value: dateParts(values, "review_on"), error: errors.review_on })}
    ${textarea({ id: "note", label: "Note (optional)", hint: "Kept sealed with the hold.", value: values.note, error: errors.note })}
    ${button("Place the hold")}
  </form>`;
}

/** The day, month and year the DPO typed for a date field, to draw the form again with them. */
export function dateParts(values, name) {
  return { day: values[`${name}-day`], month: values[`${name}-month`], year: values[`${name}-year`] };
}

export async function place(ctx) {
  ctx.title("Place a hold");
  ctx.main.innerHTML = String(html`<a href="#/holds" class="govuk-back-link">Back to holds</a>${heading("Place a hold")}<div id="form"></div>`);
  bindForm(ctx.main.querySelector("#form"), {
    fields: ["reason", "case_reference", "by", "call_ids", "caller_number", "customer_ref", "recorded_from", "recorded_to", "review_on", "note"],
    dates: ["recorded_from", "recorded_to", "review_on"],
    byCode: { "recordings-not-found": "call_ids", ...REVIEW_DATE_ERRORS },
    draw: placeForm,
    check(form) {
      const body = form.body;
      body.reason = form.choice("reason", "why you are placing the hold", REASONS.map((r) => r.value));
      body.case_reference = form.text("case_reference", "the case reference", { required: true, max: 64 });
      const by = form.choice("by", "which recordings", ["call-ids", "subject"]);
      if (by === "call-ids") body.call_ids = form.callIds("call_ids", { required: true });
      if (by === "subject") {
        const caller_number = form.text("caller_number", "the caller number", { max: 40 });
        const customer_ref = form.text("customer_ref", "the customer reference", { max: 64 });
        if (!caller_number && !customer_ref) form.fail("caller_number", "Enter the caller number or the customer reference");
        const recorded_from = form.date("recorded_from", "the first date");
        const recorded_to = form.date("recorded_to", "the last date");
        if (recorded_from && recorded_to && recorded_to < recorded_from) form.fail("recorded_to", "The last date must be the same as or after the first date");
        body.subject = { caller_number, customer_ref, recorded_from, recorded_to };
      }
      body.review_on = form.date("review_on", "the review date");
      body.note = form.text("note", "the note");
    },
    async send(body) {
      const { data } = await ctx.api.post("/holds", body);
      ctx.go(`#/holds/${data.hold_id}`, `Hold ${data.hold_id} placed on ${data.total} recording version${data.total === 1 ? "" : "s"}`);
    },
  });
}

function progressOf(hold) {
  if (hold.progress) return hold.progress;
  const done = hold.status === "releasing" ? hold.released + hold.returned + hold.gone : hold.held + hold.gone;
  return { done, total: hold.total, percent: hold.total ? (100 * done) / hold.total : 100 };
}

function progressBar(hold) {
  const progress = progressOf(hold);
  const label = hold.status === "releasing" ? "Releasing" : "Placing";
  return html`<h2 class="govuk-heading-m">${label} the hold</h2>
    <label class="govuk-label" for="progress">${progress.done} of ${progress.total} recording versions done (${Math.floor(progress.percent)}%)</label>
    <progress class="app-progress" id="progress" max="${progress.total || 1}" value="${progress.done}">${Math.floor(progress.percent)}%</progress>
    ${progress.estimated_finish_at ? html`<p class="govuk-body">Expected to finish by ${moment(progress.estimated_finish_at)}.</p>` : ""}
    <p class="govuk-body">This page refreshes itself until it is done.</p>`;
}

export async function show(ctx) {
  const [holdId] = ctx.params;
  const hold = await ctx.api.get(`/holds/${encodeURIComponent(holdId)}`);
  ctx.title(`Hold ${hold.hold_id}`);
  const busy = hold.status === "placing" || hold.status === "releasing";
  const selection =
    hold.selection.by === "call-ids"
      ? `${hold.selection.call_ids} call id${hold.selection.call_ids === 1 ? "" : "s"}`
      : `A person's recordings (${hold.selection.identifiers.join(" and ")})${hold.selection.recorded_from ? `, recorded ${day(hold.selection.recorded_from)} to ${day(hold.selection.recorded_to)}` : ""}`;
  const canAct = hold.status === "active" && !SYSTEM_REASONS.includes(hold.reason);
  ctx.main.innerHTML = String(html`
    <a href="#/holds" class="govuk-back-link">Back to holds</a>
    ${ctx.flash()}
    ${heading(`Hold ${hold.hold_id}`, hold.case_reference)}
    ${summaryList(
      [
        ["Status", html`${tag(hold.status)}${hold.review_overdue ? html` ${tag("review overdue", "red")}` : ""}`],
        ["Reason", hold.reason_wording],
        ["Case reference", hold.case_reference],
        ["Recordings", selection],
        ["Versions held", `${hold.held} of ${hold.total}${hold.gone ? ` (${hold.gone} already deleted)` : ""}`],
        ["Placed", `${moment(hold.placed_at)} by ${person(hold.placed_by)}`],
        ["Review by", day(hold.review_on)],
        ["Note", hold.note],
        hold.released_at ? ["Released", `${moment(hold.released_at)} by ${person(hold.release_requested_by || "–")}`] : null,
      ],
      { id: "hold-summary" },
    )}
    ${busy ? progressBar(hold) : ""}
    ${
      hold.recordings.length
        ? table({
            caption: "Recording versions under this hold",
            captionSize: "s",
            head: ["Call id", "Version", "Status on it"],
            rows: hold.recordings.map((r) => [link(`#/recordings/${r.call_id}`, r.call_id), html`<span class="app-break">${r.version_id}</span>`, tag(r.status)]),
          })
        : ""
    }
    ${hold.reviews?.length ? table({ caption: "Reviews", captionSize: "s", head: ["Reviewed on", "By", "Decision", "Next review"], rows: hold.reviews.map((r) => [day(r.reviewed_on), person(r.reviewed_by), r.decision, day(r.review_on)]) }) : ""}
    ${canAct ? html`<h2 class="govuk-heading-m">Review the hold</h2><div id="review"></div>${details("Release the hold now", html`<div id="release"></div>`)}` : ""}
    <p class="govuk-body">${link(`#/audit?target=${encodeURIComponent(`hold#${hold.hold_id}`)}`, "Audit trail of this hold")}</p>`);
  if (canAct) {
    bindForm(ctx.main.querySelector("#release"), {
      fields: ["release"],
      draw: () => html`<form novalidate><p class="govuk-body">Every recording this hold alone keeps goes back to its usual retention, and is deleted at once if its date has passed.</p>${button("Release the hold", { warning: true, id: "release" })}</form>`,
      check() {},
      async send() {
        await ctx.api.post(`/holds/${encodeURIComponent(hold.hold_id)}/release`);
        ctx.go(`#/holds/${hold.hold_id}`, `Hold ${hold.hold_id} is being released`);
      },
    });
    bindForm(ctx.main.querySelector("#review"), {
      fields: ["decision", "review_on", "review_note"],
      dates: ["review_on"],
      byCode: REVIEW_DATE_ERRORS,
      draw: (values, errors) => html`<form novalidate>
        ${radios({ id: "decision", legend: "Does the reason for the hold still stand?", items: [{ value: "keep", text: "Yes: keep the hold and review it again" }, { value: "release", text: "No: release the hold" }], value: values.decision, error: errors.decision })}
        ${dateInput({ id: "review_on", legend: "Next review (if you keep it)", hint: "After today and within 12 months.", value: dateParts(values, "review_on"), error: errors.review_on })}
        ${textarea({ id: "review_note", label: "Why", hint: "Kept sealed with the hold.", value: values.review_note, error: errors.review_note })}
        ${button("Record the review", { secondary: true })}
      </form>`,
      check(form) {
        const decision = form.choice("decision", "whether the reason still stands", ["keep", "release"]);
        const review_on = form.date("review_on", "the next review date");
        if (decision === "keep" && !review_on) form.fail("review_on", "Enter the next review date");
        form.body = { decision, review_on, note: form.text("review_note", "why", { required: true }) };
      },
      async send(body) {
        await ctx.api.post(`/holds/${encodeURIComponent(hold.hold_id)}/review`, body);
        ctx.go(`#/holds/${hold.hold_id}`, `Review of hold ${hold.hold_id} recorded`);
      },
    });
  }
  if (busy) {
    const here = window.location.hash;
    setTimeout(() => {
      if (window.location.hash === here) ctx.go(here);
    }, 2000);
  }
}
