// The statutory clock of a request (an access request, or an erasure, restriction, objection or
// rectification request: the same fields, rights/clocked.py), drawn as a timeline, and the forms that
// change it: pause (identity asked for, or clarification, Art 12A), resume, extend (Art 12(3)).
import { bindForm } from "../forms.js";
import { button, dateInput, day, details, html, radios, tag, textarea, timeline } from "../html.js";
import { dateParts } from "./holds.js";

export function clockTimeline(item) {
  const entries = [{ title: "Received", when: day(item.received_on) }];
  if (item.started_on !== item.received_on) {
    entries.push({ title: "Clock started", when: day(item.started_on), text: `Proof of identity arrived on ${day(item.identity_verified_on)}.` });
  }
  for (const period of item.paused_periods) {
    entries.push({
      title: `Paused: ${period.reason === "identity" ? "proof of identity asked for" : "clarification asked for"}`,
      when: `${day(period.asked_on)} to ${day(period.answered_on)}`,
      text: period.reason === "identity" ? "The time limit started again when it arrived." : `${period.days_excluded} day${period.days_excluded === 1 ? "" : "s"} not counted.`,
      paused: true,
    });
  }
  if (item.paused_on) {
    entries.push({ title: `Paused now: ${item.pause_reason_wording || item.pause_reason}`, when: `since ${day(item.paused_on)}`, text: item.pause_note, paused: true });
  }
  if (item.extended) {
    entries.push({ title: "Extended by two months", when: item.requester_told_on ? `requester told ${day(item.requester_told_on)}` : "", text: item.extension_reason });
  }
  const left =
    item.status === "closed" || item.status === "decided"
      ? ""
      : item.overdue
        ? tag("overdue")
        : item.working_days_left !== null
          ? tag(`${item.working_days_left} working days left`, "yellow")
          : tag("paused");
  entries.push({ title: "Due", when: day(item.due_on), status: left, due: true });
  if (item.closed_at) entries.push({ title: "Closed", when: day(item.closed_at.slice(0, 10)), text: item.close_note });
  return timeline("The statutory clock", entries);
}

const CLOCK_ERRORS = {
  "paused-after-due": "pause_on",
  "paused-before-start": "pause_on",
  "paused-before-last-answer": "pause_on",
  "already-paused": "pause_reason",
  "extension-too-late": "requester_told_on",
  "already-extended": "extension_reason",
  "told-before-received": "requester_told_on",
};

/** The clock's forms under `container`, for the request at `base` (/sars/S-... or /requests/Q-...). */
export function clockForms(ctx, container, item, base, back) {
  if (item.status === "closed" || item.status === "decided") return;
  const paused = item.status === "paused";
  container.innerHTML = String(html`<h2 class="govuk-heading-m">Change the clock</h2>
    ${paused ? html`<div id="resume-form"></div>` : details("Pause the clock", html`<div id="pause-form"></div>`)}
    ${item.extended ? "" : details("Extend by two months", html`<div id="extend-form"></div>`)}`);
  if (paused) {
    bindForm(container.querySelector("#resume-form"), {
      fields: ["resume"],
      draw: () => html`<form novalidate><p class="govuk-body">The answer arrived: the clock runs again from today.</p>${button("Resume the clock", { id: "resume" })}</form>`,
      check() {},
      async send() {
        await ctx.api.post(`${base}/resume`);
        ctx.go(back, "The clock is running again");
      },
    });
  } else {
    bindForm(container.querySelector("#pause-form"), {
      fields: ["pause_reason", "pause_on", "pause_note"],
      dates: ["pause_on"],
      byCode: CLOCK_ERRORS,
      draw: (values, errors) => html`<form novalidate>
        ${radios({
          id: "pause_reason",
          legend: "What did you ask the requester for?",
          value: values.pause_reason,
          error: errors.pause_reason,
          items: [
            { value: "identity", text: "Proof of their identity", hint: "The time limit starts again when it arrives." },
            { value: "clarification", text: "Clarification of what they want", hint: "The days until they answer are not counted (Art 12A)." },
          ],
        })}
        ${dateInput({ id: "pause_on", legend: "Asked on (optional)", hint: "Leave empty for today.", value: dateParts(values, "pause_on"), error: errors.pause_on })}
        ${textarea({ id: "pause_note", label: "Note (optional)", value: values.pause_note, error: errors.pause_note })}
        ${button("Pause the clock", { secondary: true })}
      </form>`,
      check(form) {
        form.body = {
          reason: form.choice("pause_reason", "what you asked for", ["identity", "clarification"]),
          on: form.date("pause_on", "the day you asked", { notFuture: true }),
          note: form.text("pause_note", "the note"),
        };
      },
      async send(body) {
        await ctx.api.post(`${base}/pause`, body);
        ctx.go(back, "The clock is paused");
      },
    });
  }
  if (!item.extended) {
    bindForm(container.querySelector("#extend-form"), {
      fields: ["extension_reason", "requester_told_on"],
      dates: ["requester_told_on"],
      byCode: CLOCK_ERRORS,
      draw: (values, errors) => html`<form novalidate>
        <p class="govuk-body">Only for a complex or numerous request, once, and the requester must be told why within the first month.</p>
        ${textarea({ id: "extension_reason", label: "Why the request needs longer", value: values.extension_reason, error: errors.extension_reason })}
        ${dateInput({ id: "requester_told_on", legend: "Requester told on (optional)", hint: "Leave empty for today.", value: dateParts(values, "requester_told_on"), error: errors.requester_told_on })}
        ${button("Extend the deadline", { secondary: true })}
      </form>`,
      check(form) {
        form.body = {
          reason: form.text("extension_reason", "why the request needs longer", { required: true }),
          requester_told_on: form.date("requester_told_on", "the day the requester was told", { notFuture: true }),
        };
      },
      async send(body) {
        await ctx.api.post(`${base}/extend`, body);
        ctx.go(back, "The deadline is extended by two months");
      },
    });
  }
}
