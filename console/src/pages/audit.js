// Audit: who did what, when and why, to a hold, a request, a recording or the bucket, or everything
// over some days. Read as the DPO would explain it; downloadable as CSV for the records.
import { csv, saveFile } from "../download.js";
import { bindForm } from "../forms.js";
import { button, dateInput, heading, html, input, moment, person, select, table } from "../html.js";
import { dateParts } from "./holds.js";

const KINDS = ["recording", "hold", "sar", "restriction", "erasure", "bucket", "audit-archive", "search"];


const spoken = (object) =>
  Object.entries(object || {})
    .filter(([, value]) => value !== null && value !== undefined && value !== "")
    .map(([key, value]) => `${key.replaceAll("_", " ")}: ${typeof value === "object" ? JSON.stringify(value) : value}`)
    .join("; ");

export function auditTable(entries, caption) {
  return table({
    caption,
    captionSize: "s",
    id: "audit-entries",
    head: ["When", "Who", "What", "Why", "Details"],
    rows: entries.map((e) => [moment(e.at), person(e.who), html`${e.action.replaceAll("-", " ")}<span class="govuk-hint govuk-!-display-block govuk-!-margin-0 app-break">${e.target}</span>`, spoken(e.why) || "–", html`<span class="app-break">${spoken(e.details) || "–"}</span>`]),
  });
}

export function auditCsv(entries) {
  return csv(
    ["at", "who", "action", "target", "entry", "why", "details"],
    entries.map((e) => [e.at, e.who, e.action, e.target, e.entry, JSON.stringify(e.why), JSON.stringify(e.details)]),
  );
}

export function bindCsvButton(container, name, entries) {
  container.querySelector("form").addEventListener("submit", (event) => {
    event.preventDefault();
    saveFile(name, auditCsv(entries));
  });
}

export async function show(ctx) {
  ctx.title("Audit");
  const target = ctx.query.get("target") || "";
  const from = ctx.query.get("from") || "";
  const to = ctx.query.get("to") || "";
  const entries = await ctx.api.all("/audit", "entries", { target, from, to });
  const [kind, id] = target.includes("#") ? target.split(/#(.*)/s) : ["recording", ""];
  ctx.main.innerHTML = String(html`
    ${heading("Audit")}
    <p class="govuk-body">Every change to the recordings and to the requests about them, who made it and why. Entries cannot be changed or deleted.</p>
    <div id="query"></div>
    ${
      entries.length
        ? html`${auditTable(entries, target ? `${entries.length} entries for ${target}` : `${entries.length} entries, newest first`)}<div id="csv"><form novalidate>${button("Download as CSV", { secondary: true, id: "download-csv" })}</form></div>`
        : html`<p class="govuk-body" id="audit-entries">No entries.</p>`
    }`);
  if (entries.length) bindCsvButton(ctx.main.querySelector("#csv"), `audit-${(target || "period").replace(/[^A-Za-z0-9-]/g, "-")}.csv`, entries);
  bindForm(ctx.main.querySelector("#query"), {
    fields: ["kind", "id", "from", "to"],
    dates: ["from", "to"],
    byCode: { "invalid-audit-target": "id" },
    values: { kind, id, ...prefill("from", from), ...prefill("to", to) },
    draw: (values, errors) => html`<form novalidate>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-third">${select({ id: "kind", label: "What", items: KINDS.map((k) => ({ value: k, text: k })), value: values.kind, error: errors.kind })}</div>
        <div class="govuk-grid-column-two-thirds">${input({ id: "id", label: "Its id (optional)", hint: "For example C-0001, H-20261203-0A1B2C3D4E or S-... Leave empty for everything over the days below.", value: values.id, error: errors.id, width: 20, spellcheck: false })}</div>
      </div>
      ${dateInput({ id: "from", legend: "From (optional)", hint: "UTC days, both included; by default the last 7.", value: dateParts(values, "from"), error: errors.from })}
      ${dateInput({ id: "to", legend: "To (optional)", value: dateParts(values, "to"), error: errors.to })}
      ${button("Show entries", { secondary: true })}
    </form>`,
    check(form) {
      const chosen = form.choice("kind", "what the entries concern", KINDS);
      const which = form.text("id", "the id", { max: 280 });
      const first = form.date("from", "the first day");
      const last = form.date("to", "the last day");
      if (first && last && last < first) form.fail("to", "The last day must be the same as or after the first");
      form.body = { target: which ? `${chosen}#${which}` : "", from: first || "", to: last || "" };
    },
    async send(body) {
      await ctx.api.get("/audit", { ...body, limit: 1 }); // refused here (e.g. an unknown kind) before moving
      const query = new URLSearchParams(Object.entries(body).filter(([, v]) => v));
      ctx.go(`#/audit?${query}`);
    },
  });
}

function prefill(name, iso) {
  if (!iso) return {};
  const [year, month, dayOfMonth] = iso.split("-");
  return { [`${name}-day`]: String(Number(dayOfMonth)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year };
}
