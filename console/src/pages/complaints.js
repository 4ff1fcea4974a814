// Complaints to the council about how it handled someone's data (DPA 2018 s.164A): acknowledged within
// 30 days, kept informed, answered with the outcome and the right to complain to the ICO.
import { bindForm } from "../forms.js";
import { button, dateInput, day, details, heading, html, input, link, moment, radios, summaryList, table, tag, textarea, person, timeline } from "../html.js";
import { dateParts } from "./holds.js";

const TOPICS = [
  { value: "sar", text: "An access request", hint: "Give its id, S-..." },
  { value: "rights-request", text: "Another rights request", hint: "Give its id, Q-..." },
  { value: "recording", text: "A recording", hint: "Give its call id." },
  { value: "other", text: "Something else" },
];
const OUTCOMES = [
  { value: "upheld", text: "Upheld" },
  { value: "partly-upheld", text: "Partly upheld" },
  { value: "not-upheld", text: "Not upheld" },
];
const COMPLAINT_ERRORS = {
  "complaint-already-acknowledged": "ack_on",
  "complaint-not-acknowledged": "outcome",
  "ico-right-not-stated": "told_of_ico_right",
};
// A date refused (after today, or before the complaint was received) concerns the form's date field.
const dateErrors = (field) => ({ "date-in-future": field, "date-before-received": field });

const open = (c) => c.status === "received" || c.status === "acknowledged";

export async function list(ctx) {
  ctx.title("Complaints");
  const complaints = await ctx.api.all("/complaints", "complaints");
  ctx.main.innerHTML = String(html`
    ${ctx.flash()}
    ${heading("Complaints")}
    <p class="govuk-body">Complaints about how the council handled someone's recordings. Each must be acknowledged within 30 days of receipt (Data Protection Act 2018 s.164A).</p>
    <a href="#/complaints/new" role="button" draggable="false" class="govuk-button" data-module="govuk-button">Log a complaint</a>
    ${
      complaints.length
        ? table({
            caption: "Complaints, newest first",
            id: "complaints",
            head: ["Complaint", "Received", "About", "Status", "Acknowledge by"],
            rows: complaints.map((c) => [
              link(`#/complaints/${c.complaint_id}`, c.complaint_id),
              day(c.received_on),
              `${c.about.topic}${c.about.reference ? ` ${c.about.reference}` : ""}`,
              tag(c.status, open(c) ? "blue" : "grey"),
              c.acknowledged_on ? `acknowledged ${day(c.acknowledged_on)}` : c.acknowledgement_overdue ? tag("overdue") : day(c.acknowledgement_due_on),
            ]),
          })
        : html`<p class="govuk-body">There are no complaints.</p>`
    }`);
}

export async function log(ctx) {
  ctx.title("Log a complaint");
  ctx.main.innerHTML = String(html`<a href="#/complaints" class="govuk-back-link">Back to complaints</a>${heading("Log a complaint")}<div id="form"></div>`);
  bindForm(ctx.main.querySelector("#form"), {
    fields: ["received_on", "topic", "reference", "summary", "caller_number", "customer_ref"],
    dates: ["received_on"],
    byCode: { ...COMPLAINT_ERRORS, ...dateErrors("received_on") },
    draw: (values, errors) => html`<form novalidate>
      ${dateInput({ id: "received_on", legend: "Received on", legendSize: "m", value: dateParts(values, "received_on"), error: errors.received_on })}
      ${radios({ id: "topic", legend: "What is it about?", legendSize: "m", items: TOPICS, value: values.topic, error: errors.topic })}
      ${input({ id: "reference", label: "Its id or call id (if any)", value: values.reference, error: errors.reference, width: 20, spellcheck: false })}
      ${textarea({ id: "summary", label: "What they complain of", hint: "Kept sealed: shown only on this complaint.", value: values.summary, error: errors.summary, labelSize: "m" })}
      ${input({ id: "caller_number", label: "Their caller number (if known)", value: values.caller_number, error: errors.caller_number, width: 20, autocomplete: "off", inputmode: "tel" })}
      ${input({ id: "customer_ref", label: "Their customer reference (if known)", value: values.customer_ref, error: errors.customer_ref, width: 20, autocomplete: "off" })}
      ${button("Log the complaint")}
    </form>`,
    check(form) {
      const received_on = form.date("received_on", "the day it was received", { required: true, notFuture: true });
      const topic = form.choice("topic", "what it is about", TOPICS.map((t) => t.value));
      const reference = form.text("reference", "the id", { max: 128 });
      const summary = form.text("summary", "what they complain of", { required: true });
      const caller_number = form.text("caller_number", "the caller number", { max: 40 });
      const customer_ref = form.text("customer_ref", "the customer reference", { max: 64 });
      form.body = {
        received_on,
        about: { topic, reference },
        summary,
        complainant: caller_number || customer_ref ? { caller_number, customer_ref } : null,
      };
    },
    async send(body) {
      const { data } = await ctx.api.post("/complaints", body);
      ctx.go(`#/complaints/${data.complaint_id}`, `Complaint ${data.complaint_id} logged: acknowledge it by ${day(data.acknowledgement_due_on)}`);
    },
  });
}

function steps(c) {
  const entries = [{ title: "Received", when: day(c.received_on) }];
  if (c.acknowledged_on) entries.push({ title: `Acknowledged${c.acknowledged_late ? " late" : ""}${c.acknowledged_by_answer ? " by the answer" : ""}`, when: day(c.acknowledged_on) });
  else entries.push({ title: "Acknowledgement due", when: day(c.acknowledgement_due_on), status: c.acknowledgement_overdue ? tag("overdue") : tag(`${c.acknowledgement_working_days_left} working days left`, "yellow"), due: true });
  for (const update of c.updates) entries.push({ title: "Kept informed", when: day(update.on), text: update.note });
  if (c.answered_on) entries.push({ title: `Answered: ${c.outcome}`, when: day(c.answered_on), text: c.told_of_ico_right ? "Told of their right to complain to the ICO." : "" });
  if (c.withdrawn_on) entries.push({ title: "Withdrawn", when: day(c.withdrawn_on) });
  return timeline("What has happened", entries);
}

export async function show(ctx) {
  const [complaintId] = ctx.params;
  const base = `/complaints/${encodeURIComponent(complaintId)}`;
  const c = await ctx.api.get(base);
  const here = `#/complaints/${c.complaint_id}`;
  ctx.title(`Complaint ${c.complaint_id}`);
  ctx.main.innerHTML = String(html`
    <a href="#/complaints" class="govuk-back-link">Back to complaints</a>
    ${ctx.flash()}
    ${heading(`Complaint ${c.complaint_id}`)}
    ${summaryList(
      [
        ["Status", tag(c.status, open(c) ? "blue" : "grey")],
        ["About", `${c.about.topic}${c.about.reference ? ` ${c.about.reference}` : ""}`],
        ["What they complain of", c.summary],
        ["Complainant known by", c.complainant_identified_by.join(" and ") || "–"],
        ["Logged", `${moment(c.logged_at)} by ${person(c.logged_by)}`],
        ["Under s.164A", c.under_s164a ? "Yes" : "No (received before 19 June 2026; held to the same 30 days)"],
        c.outcome_note ? ["Answer", c.outcome_note] : null,
      ],
      { id: "complaint-summary" },
    )}
    ${steps(c)}
    ${
      open(c)
        ? html`<h2 class="govuk-heading-m">Next steps</h2>
          ${c.acknowledged_on ? "" : details("Acknowledge it", html`<div id="acknowledge"></div>`)}
          ${details("Note that you kept them informed", html`<div id="update"></div>`)}
          ${details("Answer it", html`<div id="answer"></div>`)}
          ${details("They withdrew it", html`<div id="withdraw"></div>`)}`
        : ""
    }`);
  if (!open(c)) return;
  const step = (id, fields, draw, check, path, message) =>
    ctx.main.querySelector(`#${id}`) &&
    bindForm(ctx.main.querySelector(`#${id}`), {
      fields,
      dates: fields.filter((f) => f.endsWith("_on")),
      byCode: { ...COMPLAINT_ERRORS, ...dateErrors(fields.find((f) => f.endsWith("_on"))) },
      draw,
      check,
      async send(body) {
        await ctx.api.post(`${base}/${path}`, body);
        ctx.go(here, message);
      },
    });
  const onField = (name, values, errors, legend) => dateInput({ id: name, legend, hint: "Leave empty for today.", value: dateParts(values, name), error: errors[name] });
  step(
    "acknowledge",
    ["ack_on"],
    (values, errors) => html`<form novalidate>${onField("ack_on", values, errors, "Acknowledged on (optional)")}${button("Record the acknowledgement", { secondary: true })}</form>`,
    (form) => {
      form.body = { on: form.date("ack_on", "the day", { notFuture: true }) };
    },
    "acknowledge",
    "Acknowledgement recorded",
  );
  step(
    "update",
    ["update_note", "update_on"],
    (values, errors) => html`<form novalidate>${textarea({ id: "update_note", label: "What you told them", value: values.update_note, error: errors.update_note })}${onField("update_on", values, errors, "Told on (optional)")}${button("Record it", { secondary: true })}</form>`,
    (form) => {
      form.body = { note: form.text("update_note", "what you told them", { required: true }), on: form.date("update_on", "the day", { notFuture: true }) };
    },
    "update",
    "Noted",
  );
  step(
    "answer",
    ["outcome", "told_of_ico_right", "answer_note", "answer_on"],
    (values, errors) => html`<form novalidate>
      ${radios({ id: "outcome", legend: "Outcome", items: OUTCOMES, value: values.outcome, error: errors.outcome, small: true })}
      ${radios({ id: "told_of_ico_right", legend: "Did the answer tell them of their right to complain to the ICO?", items: [{ value: "yes", text: "Yes" }, { value: "no", text: "No" }], value: values.told_of_ico_right, error: errors.told_of_ico_right, small: true, inline: true })}
      ${textarea({ id: "answer_note", label: "Note (optional)", value: values.answer_note, error: errors.answer_note })}
      ${onField("answer_on", values, errors, "Answered on (optional)")}
      ${button("Record the answer")}
    </form>`,
    (form) => {
      const told = form.choice("told_of_ico_right", "whether they were told of their right to complain to the ICO", ["yes", "no"]);
      form.body = {
        outcome: form.choice("outcome", "the outcome", OUTCOMES.map((o) => o.value)),
        told_of_ico_right: told === null || told === undefined ? null : told === "yes",
        note: form.text("answer_note", "the note"),
        on: form.date("answer_on", "the day", { notFuture: true }),
      };
    },
    "answer",
    "Answer recorded",
  );
  step(
    "withdraw",
    ["withdraw_note", "withdraw_on"],
    (values, errors) => html`<form novalidate>${textarea({ id: "withdraw_note", label: "Note (optional)", value: values.withdraw_note, error: errors.withdraw_note })}${onField("withdraw_on", values, errors, "Withdrawn on (optional)")}${button("Record the withdrawal", { warning: true })}</form>`,
    (form) => {
      form.body = { note: form.text("withdraw_note", "the note"), on: form.date("withdraw_on", "the day", { notFuture: true }) };
    },
    "withdraw",
    "Withdrawal recorded",
  );
}
