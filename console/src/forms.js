// Forms: checked in the browser as the API checks them (the same required fields, lengths, patterns
// and dates as docs/openapi.json), then sent; a refusal, the browser's or the API's, is shown in a
// GOV.UK error summary linked to the field it concerns, with the form drawn again holding everything
// the DPO typed. Nothing is lost on an error.
import { ErrorSummary, initAll } from "govuk-frontend";
import { ApiError } from "./api.js";
import { errorSummary } from "./html.js";

// The API's FREE_TEXT_PATTERN: no control or bidirectional-override characters.
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
export const CALL_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function readForm(form) {
  const values = {};
  for (const [name, value] of new FormData(form)) values[name] = typeof value === "string" ? value : "";
  return values;
}

/** Collects what a form says and what is wrong with it, field by field. */
export class Checked {
  constructor(values) {
    this.values = values;
    this.errors = {};
    this.body = {};
  }

  get ok() {
    return Object.keys(this.errors).length === 0;
  }

  fail(field, message) {
    if (!this.errors[field]) this.errors[field] = message;
    return undefined;
  }

  /** Free text (a note, a reason): trimmed; null when empty unless required. */
  text(field, label, { required = false, max = 2000, min = 0 } = {}) {
    const value = (this.values[field] || "").trim();
    if (!value) return required ? this.fail(field, `Enter ${label}`) : null;
    if (value.length > max) return this.fail(field, `${capital(label)} must be ${max} characters or fewer`);
    if (value.length < min) return this.fail(field, `${capital(label)} must be at least ${min} characters`);
    if (FORBIDDEN.test(value)) return this.fail(field, `${capital(label)} must not contain control characters`);
    return value;
  }

  choice(field, label, allowed, { required = true } = {}) {
    const value = this.values[field] || "";
    if (!value) return required ? this.fail(field, `Select ${label}`) : null;
    if (!allowed.includes(value)) return this.fail(field, `Select ${label}`);
    return value;
  }

  /** A date from day, month and year inputs, as YYYY-MM-DD; null when all three are empty. */
  date(field, label, { required = false, notFuture = false } = {}) {
    const parts = ["day", "month", "year"].map((part) => (this.values[`${field}-${part}`] || "").trim());
    if (parts.every((part) => !part)) return required ? this.fail(field, `Enter ${label}`) : null;
    const [d, m, y] = parts.map(Number);
    const date = new Date(Date.UTC(y, m - 1, d));
    const real =
      parts.every((part) => /^\d+$/.test(part)) &&
      parts[2].length === 4 &&
      date.getUTCFullYear() === y &&
      date.getUTCMonth() === m - 1 &&
      date.getUTCDate() === d;
    if (!real) return this.fail(field, `${capital(label)} must be a real date, for example 27 3 2026`);
    const iso = `${parts[2]}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
    if (notFuture && iso > londonToday()) return this.fail(field, `${capital(label)} must be today or in the past`);
    return iso;
  }

  /** Call ids, one a line or separated by commas or spaces. */
  callIds(field, { required = false } = {}) {
    const ids = (this.values[field] || "").split(/[\s,]+/).filter(Boolean);
    if (!ids.length) return required ? this.fail(field, "Enter at least one call id") : null;
    const bad = ids.find((id) => !CALL_ID.test(id));
    if (bad) return this.fail(field, `“${bad.slice(0, 40)}” is not a call id: letters, digits, dot, underscore, colon and hyphen only`);
    return ids;
  }

  month(field, label, { required = false } = {}) {
    const value = (this.values[field] || "").trim();
    if (!value) return required ? this.fail(field, `Enter ${label}`) : null;
    if (!/^20\d{2}-(0[1-9]|1[0-2])$/.test(value)) return this.fail(field, `${capital(label)} must be a month like 2026-11`);
    return value;
  }
}

const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);

export function londonToday() {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
}

/** The API's error as {field: message}: a 400 invalid-request names its fields ("body.reason: ..."). */
export function apiErrors(error, fields, { byCode = {}, fallback } = {}) {
  const errors = {};
  const general = fallback || fields[0];
  if (!(error instanceof ApiError)) {
    errors[general] = `Something went wrong: ${error.message}`;
    return errors;
  }
  if (error.code === "invalid-request") {
    for (const problem of error.message.split("; ")) {
      const [where] = problem.split(":");
      // The deepest part of the place the API names that is one of the form's fields
      // (body.subject.caller_number: caller_number; body.note: note, or review_note).
      const parts = where.split(".").reverse();
      const field =
        parts.map((part) => fields.find((f) => f === part || f.endsWith(`_${part}`))).find(Boolean) || general;
      errors[field] = errors[field] ? `${errors[field]}; ${problem}` : `${problem} (${error.code})`;
    }
    return errors;
  }
  errors[byCode[error.code] || general] = `${error.message} (${error.code})`;
  return errors;
}

/** The error summary at the top of the page (the Design System's place for it), and "Error: " before
 * the page's title while there is one; none when nothing is wrong. */
function showSummary(container, listed) {
  const page = container.closest("main") || container;
  page.querySelector(":scope > .govuk-error-summary")?.remove();
  document.title = document.title.replace(/^Error: /, "");
  if (!listed.length) return;
  page.insertAdjacentHTML("afterbegin", String(errorSummary(listed)));
  document.title = `Error: ${document.title}`;
  new ErrorSummary(page.firstElementChild); // it takes the focus, as the Design System's does
}

/**
 * Binds a form drawn by `draw(values, errors)` into `container`: on submit, `check(Checked)` says what
 * to send (its body, or its errors), `send(body, values)` sends it; a refusal draws the form again
 * with the error summary above it. `fields`: the form's fields in order (for linking the summary);
 * `dates`: those that are date inputs (linked at their day input); `byCode`: the field an API error
 * code concerns.
 */
export function bindForm(container, { draw, check, send, fields, dates = [], byCode = {}, fallback, values = {} }) {
  const anchor = (field) => (dates.includes(field) ? `#${field}-day` : `#${field}`);
  const show = (shownValues, errors) => {
    const order = [...fields, ...Object.keys(errors).filter((f) => !fields.includes(f))];
    const listed = order.filter((field) => errors[field]).map((field) => ({ href: anchor(field), text: errors[field] }));
    container.innerHTML = String(draw(shownValues, errors));
    showSummary(container, listed);
    initAll({ scope: container, onError: () => {} });
    const form = container.querySelector("form");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const typed = readForm(form);
      const checked = new Checked(typed);
      check(checked);
      if (!checked.ok) {
        show(typed, checked.errors);
        return;
      }
      form.querySelectorAll("button").forEach((b) => b.setAttribute("disabled", "disabled"));
      try {
        await send(checked.body, typed);
      } catch (error) {
        show(typed, apiErrors(error, fields, { byCode, fallback }));
      }
    });
  };
  show(values, {});
}
