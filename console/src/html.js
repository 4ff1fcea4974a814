// GOV.UK Design System markup, written once: every page builds its HTML from these, so that a
// summary list, a table or a date input is the same everywhere and always as the Design System's
// component templates have it (node_modules/govuk-frontend/dist/govuk/components/*/template.njk).
// Everything interpolated is escaped unless it is already markup made here (`raw`).

class Markup {
  constructor(text) {
    this.text = text;
  }
  toString() {
    return this.text;
  }
}

export const raw = (text) => new Markup(String(text));

function shown(value) {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(shown).join("");
  return String(value)
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** A tagged template: `html\`<p>${text}</p>\`` escapes `text`; markup made by `html` stays markup. */
export function html(strings, ...values) {
  return raw(strings.reduce((out, part, i) => out + part + (i < values.length ? shown(values[i]) : ""), ""));
}

export const dash = (value) => (value === null || value === undefined || value === "" ? "–" : value);

/** A date (YYYY-MM-DD) as the Design System writes dates: 3 December 2026. */
export function day(value) {
  if (!value) return "–";
  const [y, m, d] = String(value).slice(0, 10).split("-").map(Number);
  const month = new Date(Date.UTC(y, m - 1, d)).toLocaleString("en-GB", { month: "long", timeZone: "UTC" });
  return `${d} ${month} ${y}`;
}

/** A timestamp in London time: 3 December 2026, 10:15. */
export function moment(value) {
  if (!value) return "–";
  return new Date(value).toLocaleString("en-GB", {
    timeZone: "Europe/London",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}

/** A principal as a person reads it: the session name of an assumed role (the person signed in, or
 * local-dpo), and the role; a function's own steps (system:...) as they are. */
export function person(principal) {
  const session = /assumed-role\/([^/]+)\/(.+)$/.exec(principal || "");
  return session ? `${session[2]} (${session[1]})` : principal;
}

const TAG_COLOURS = {
  open: "blue",
  active: "green",
  placing: "yellow",
  releasing: "yellow",
  released: "grey",
  paused: "orange",
  decided: "purple",
  closed: "grey",
  overdue: "red",
  held: "green",
  pending: "yellow",
  gone: "grey",
  "not-held": "grey",
  quarantine: "red",
  restricted: "orange",
  hold: "green",
  standard: "grey",
  lifted: "grey",
  running: "yellow",
  done: "green",
  failed: "red",
};

export function tag(text, colour = TAG_COLOURS[text]) {
  return html`<strong class="govuk-tag${colour ? ` govuk-tag--${colour}` : ""}">${text}</strong>`;
}

export function heading(text, caption) {
  return html`${caption ? html`<span class="govuk-caption-l">${caption}</span>` : ""}<h1 class="govuk-heading-l">${text}</h1>`;
}

/** rows: [key, value] or [key, value, {href, text, visuallyHidden}] for an action. */
export function summaryList(rows, { id } = {}) {
  return html`<dl class="govuk-summary-list"${id ? html` id="${id}"` : ""}>${rows
    .filter(Boolean)
    .map(
      ([key, value, action]) => html`<div class="govuk-summary-list__row${action ? "" : " govuk-summary-list__row--no-actions"}">
        <dt class="govuk-summary-list__key">${key}</dt>
        <dd class="govuk-summary-list__value">${value === "" || value === null || value === undefined ? "–" : value}</dd>
        ${
          action
            ? html`<dd class="govuk-summary-list__actions"><a class="govuk-link" href="${action.href}">${action.text}<span class="govuk-visually-hidden"> ${action.visuallyHidden || key}</span></a></dd>`
            : ""
        }
      </div>`,
    )}</dl>`;
}

/** head: column names; rows: arrays of cells (text or markup); numeric: indexes of numeric columns. */
export function table({ caption, head, rows, numeric = [], id, captionSize = "m" }) {
  const cls = (i, base) => `${base}${numeric.includes(i) ? ` ${base}--numeric` : ""}`;
  return html`<table class="govuk-table"${id ? html` id="${id}"` : ""}>
    ${caption ? html`<caption class="govuk-table__caption govuk-table__caption--${captionSize}">${caption}</caption>` : ""}
    <thead class="govuk-table__head"><tr class="govuk-table__row">${head.map(
      (name, i) => html`<th scope="col" class="${cls(i, "govuk-table__header")}">${name}</th>`,
    )}</tr></thead>
    <tbody class="govuk-table__body">${rows.map(
      (row) => html`<tr class="govuk-table__row">${row.map((cell, i) =>
        i === 0
          ? html`<th scope="row" class="${cls(i, "govuk-table__header")}">${cell}</th>`
          : html`<td class="${cls(i, "govuk-table__cell")}">${cell}</td>`,
      )}</tr>`,
    )}</tbody></table>`;
}

export function notificationBanner(title, body, { success = false } = {}) {
  const id = `banner-${Math.random().toString(16).slice(2)}`;
  return html`<div class="govuk-notification-banner${success ? " govuk-notification-banner--success" : ""}"
      ${success ? raw('role="alert"') : raw('role="region"')} aria-labelledby="${id}" data-module="govuk-notification-banner">
    <div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="${id}">${success ? "Success" : "Important"}</h2></div>
    <div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">${title}</p>${body || ""}</div>
  </div>`;
}

/** errors: [{href: "#field-id", text}] */
export function errorSummary(errors) {
  if (!errors.length) return "";
  return html`<div class="govuk-error-summary" data-module="govuk-error-summary">
    <div role="alert">
      <h2 class="govuk-error-summary__title">There is a problem</h2>
      <div class="govuk-error-summary__body"><ul class="govuk-list govuk-error-summary__list">${errors.map(
        (error) => html`<li><a href="${error.href}">${error.text}</a></li>`,
      )}</ul></div>
    </div>
  </div>`;
}

function errorMessage(id, error) {
  return error ? html`<p id="${id}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${error}</p>` : "";
}

function hintHtml(id, hint) {
  return hint ? html`<div id="${id}-hint" class="govuk-hint">${hint}</div>` : "";
}

function describedBy(id, hint, error) {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return ids ? html` aria-describedby="${ids}"` : "";
}

export function input({ id, name = id, label, hint, value = "", error, width, type = "text", autocomplete, spellcheck, inputmode, labelSize }) {
  return html`<div class="govuk-form-group${error ? " govuk-form-group--error" : ""}">
    <label class="govuk-label${labelSize ? ` govuk-label--${labelSize}` : ""}" for="${id}">${label}</label>
    ${hintHtml(id, hint)}${errorMessage(id, error)}
    <input class="govuk-input${width ? ` govuk-input--width-${width}` : ""}${error ? " govuk-input--error" : ""}" id="${id}" name="${name}" type="${type}" value="${value}"${describedBy(id, hint, error)}${autocomplete ? html` autocomplete="${autocomplete}"` : ""}${spellcheck === false ? raw(' spellcheck="false"') : ""}${inputmode ? html` inputmode="${inputmode}"` : ""}>
  </div>`;
}

/** A textarea with the Design System's character count (maxlength: the API's limit). */
export function textarea({ id, name = id, label, hint, value = "", error, maxlength = 2000, rows = 3, labelSize }) {
  if (!maxlength) {
    return html`<div class="govuk-form-group${error ? " govuk-form-group--error" : ""}">
      <label class="govuk-label${labelSize ? ` govuk-label--${labelSize}` : ""}" for="${id}">${label}</label>
      ${hintHtml(id, hint)}${errorMessage(id, error)}
      <textarea class="govuk-textarea${error ? " govuk-textarea--error" : ""}" id="${id}" name="${name}" rows="${rows}"${describedBy(id, hint, error)}>${value}</textarea>
    </div>`;
  }
  return html`<div class="govuk-form-group govuk-character-count" data-module="govuk-character-count" data-maxlength="${maxlength}">
    <div class="govuk-form-group${error ? " govuk-form-group--error" : ""}">
      <label class="govuk-label${labelSize ? ` govuk-label--${labelSize}` : ""}" for="${id}">${label}</label>
      ${hintHtml(id, hint)}${errorMessage(id, error)}
      <textarea class="govuk-textarea govuk-js-character-count${error ? " govuk-textarea--error" : ""}" id="${id}" name="${name}" rows="${rows}"${describedBy(id, hint, error)}>${value}</textarea>
    </div>
    <div id="${id}-info" class="govuk-hint govuk-character-count__message">You can enter up to ${maxlength} characters</div>
  </div>`;
}

/** Day, month and year inputs named <name>-day, -month, -year; value: YYYY-MM-DD or the typed parts. */
export function dateInput({ id, name = id, legend, hint, value, error, legendSize = "s" }) {
  const parts = typeof value === "object" && value ? value : splitDate(value);
  const field = (part, label, width) => html`<div class="govuk-date-input__item"><div class="govuk-form-group">
      <label class="govuk-label govuk-date-input__label" for="${id}-${part}">${label}</label>
      <input class="govuk-input govuk-date-input__input govuk-input--width-${width}${error ? " govuk-input--error" : ""}" id="${id}-${part}" name="${name}-${part}" type="text" inputmode="numeric" value="${parts[part] || ""}">
    </div></div>`;
  return html`<div class="govuk-form-group${error ? " govuk-form-group--error" : ""}">
    <fieldset class="govuk-fieldset" role="group"${describedBy(id, hint, error)}>
      <legend class="govuk-fieldset__legend govuk-fieldset__legend--${legendSize}">${legend}</legend>
      ${hintHtml(id, hint)}${errorMessage(id, error)}
      <div class="govuk-date-input" id="${id}">${field("day", "Day", 2)}${field("month", "Month", 2)}${field("year", "Year", 4)}</div>
    </fieldset>
  </div>`;
}

function splitDate(value) {
  if (!value) return {};
  const [year, month, dayOfMonth] = String(value).split("-");
  return { day: String(Number(dayOfMonth)), month: String(Number(month)), year };
}

/** items: [{value, text, hint}] (no conditional reveal: GOV.UK Frontend sets aria-expanded on a radio,
   which axe-core reports as an ARIA attribute a radio does not allow) */
export function radios({ id, name = id, legend, hint, items, value, error, legendSize = "s", small = false, inline = false }) {
  const itemId = (i) => (i === 0 ? id : `${id}-${i + 1}`);
  return html`<div class="govuk-form-group${error ? " govuk-form-group--error" : ""}">
    <fieldset class="govuk-fieldset"${describedBy(id, hint, error)}>
      <legend class="govuk-fieldset__legend govuk-fieldset__legend--${legendSize}">${legend}</legend>
      ${hintHtml(id, hint)}${errorMessage(id, error)}
      <div class="govuk-radios${small ? " govuk-radios--small" : ""}${inline ? " govuk-radios--inline" : ""}" data-module="govuk-radios">${items.map(
        (item, i) => html`<div class="govuk-radios__item">
          <input class="govuk-radios__input" id="${itemId(i)}" name="${name}" type="radio" value="${item.value}"${value === item.value ? raw(" checked") : ""}${item.hint ? html` aria-describedby="${itemId(i)}-item-hint"` : ""}>
          <label class="govuk-label govuk-radios__label" for="${itemId(i)}">${item.text}</label>
          ${item.hint ? html`<div id="${itemId(i)}-item-hint" class="govuk-hint govuk-radios__hint">${item.hint}</div>` : ""}
        </div>`,
      )}</div>
    </fieldset>
  </div>`;
}

export function select({ id, name = id, label, hint, items, value, error }) {
  return html`<div class="govuk-form-group${error ? " govuk-form-group--error" : ""}">
    <label class="govuk-label" for="${id}">${label}</label>
    ${hintHtml(id, hint)}${errorMessage(id, error)}
    <select class="govuk-select${error ? " govuk-select--error" : ""}" id="${id}" name="${name}"${describedBy(id, hint, error)}>${items.map(
      (item) => html`<option value="${item.value}"${value === item.value ? raw(" selected") : ""}>${item.text}</option>`,
    )}</select>
  </div>`;
}

export function button(text, { secondary = false, warning = false, id, name, value, type = "submit" } = {}) {
  const variant = secondary ? " govuk-button--secondary" : warning ? " govuk-button--warning" : "";
  return html`<button type="${type}" class="govuk-button${variant}" data-module="govuk-button" data-prevent-double-click="true"${id ? html` id="${id}"` : ""}${name ? html` name="${name}" value="${value}"` : ""}>${text}</button>`;
}

export function details(summary, body, { open = false } = {}) {
  return html`<details class="govuk-details"${open ? raw(" open") : ""}><summary class="govuk-details__summary"><span class="govuk-details__summary-text">${summary}</span></summary><div class="govuk-details__text">${body}</div></details>`;
}

export function insetText(body) {
  return html`<div class="govuk-inset-text">${body}</div>`;
}

/** items: [{title, href, hint, status: markup from tag() or text}] */
export function taskList(items, { id } = {}) {
  return html`<ul class="govuk-task-list"${id ? html` id="${id}"` : ""}>${items.map((item, i) => {
    const statusId = `${id || "task"}-${i + 1}-status`;
    const hintId = `${id || "task"}-${i + 1}-hint`;
    return html`<li class="govuk-task-list__item govuk-task-list__item--with-link">
      <div class="govuk-task-list__name-and-hint">
        <a class="govuk-link govuk-task-list__link" href="${item.href}" aria-describedby="${item.hint ? `${hintId} ` : ""}${statusId}">${item.title}</a>
        ${item.hint ? html`<div id="${hintId}" class="govuk-task-list__hint">${item.hint}</div>` : ""}
      </div>
      <div class="govuk-task-list__status" id="${statusId}">${item.status}</div>
    </li>`;
  })}</ul>`;
}

export function link(href, text, { visuallyHidden } = {}) {
  return html`<a class="govuk-link" href="${href}">${text}${visuallyHidden ? html`<span class="govuk-visually-hidden"> ${visuallyHidden}</span>` : ""}</a>`;
}

/** A timeline (the statutory clock, a complaint's steps): entries [{title, when, text, status, due, paused}]. */
export function timeline(heading, entries) {
  return html`<h2 class="govuk-heading-m">${heading}</h2>
    <ol class="app-timeline govuk-body" id="timeline">${entries.map(
      (entry) => html`<li class="app-timeline__item${entry.due ? " app-timeline__item--due" : ""}${entry.paused ? " app-timeline__item--paused" : ""}">
        <span class="app-timeline__title">${entry.title}</span>
        <span class="govuk-body-s">${entry.when}</span> ${entry.status || ""}
        ${entry.text ? html`<p class="govuk-body-s govuk-!-margin-bottom-0">${entry.text}</p>` : ""}
      </li>`,
    )}</ol>`;
}
