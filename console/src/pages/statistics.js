// Statistics: the published monthly counts of recordings by purpose and source (DESIGN section 10),
// as the council publishes them: a table, a chart of the monthly totals (the table is its text
// alternative), and the API's own CSV. Counts from 1 to 4 are suppressed and shown as such.
import { saveFile } from "../download.js";
import { bindForm } from "../forms.js";
import { button, heading, html, input, moment, raw, table } from "../html.js";

const PURPOSES = ["quality-training", "complaints-disputes", "legal-claims", "employee-safety"];
const figure = (f) => (!f ? "0" : f.suppressed ? "suppressed" : String(f.count ?? 0));

function chart(months) {
  const width = 640;
  const rowHeight = 28;
  const labelWidth = 90;
  const max = Math.max(1, ...months.map((m) => m.total.count || 0));
  const height = months.length * rowHeight + 10;
  const bars = months.map((month, i) => {
    const count = month.total.count || 0;
    const length = Math.round(((width - labelWidth - 110) * count) / max);
    const y = i * rowHeight + 5;
    return `<text class="app-chart__label" x="0" y="${y + 17}">${month.month}</text>
      <rect class="app-chart__bar" x="${labelWidth}" y="${y}" width="${length}" height="${rowHeight - 8}"></rect>
      <text class="app-chart__label" x="${labelWidth + length + 8}" y="${y + 17}">${month.total.suppressed ? "suppressed" : count}</text>`;
  });
  return html`<figure class="govuk-!-margin-0">
    <svg class="app-chart" id="chart" role="img" aria-labelledby="chart-title" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">
      <title id="chart-title">Recordings made each month (bar chart; the same figures are in the table below)</title>
      ${raw(bars.join(""))}
    </svg>
  </figure>`;
}

export async function show(ctx) {
  ctx.title("Statistics");
  const from = ctx.query.get("from") || "";
  const to = ctx.query.get("to") || "";
  const report = await ctx.api.get("/statistics", { from, to });
  const months = report.months;
  ctx.main.innerHTML = String(html`
    ${ctx.flash()}
    ${heading("Statistics")}
    <p class="govuk-body">${report.publication}</p>
    <p class="govuk-body">${report.suppression}</p>
    <div id="period"></div>
    <h2 class="govuk-heading-m">Recordings each month, ${report.from_month} to ${report.to_month}</h2>
    ${chart(months)}
    ${table({
      caption: "Recordings by month and purpose",
      id: "statistics",
      head: ["Month", "Total", "Quality and training", "Complaints and disputes", "Legal claims", "Staff safety", "Published"],
      numeric: [1, 2, 3, 4, 5],
      rows: months.map((m) => [html`<span class="app-nowrap">${m.month}</span>`, figure(m.total), ...PURPOSES.map((p) => figure(m.by_purpose[p])), `${moment(m.published_at)} (version ${m.version})`]),
    })}
    <p class="govuk-body">${report.excluded || ""}</p>
    <form novalidate id="csv">${button("Download as CSV", { secondary: true, id: "download-csv" })}</form>`);
  ctx.main.querySelector("#csv").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = await ctx.api.text("/statistics", { from: report.from_month, to: report.to_month }, "text/csv");
    saveFile(`call-recordings-statistics-${report.from_month}-to-${report.to_month}.csv`, text);
  });
  bindForm(ctx.main.querySelector("#period"), {
    fields: ["from", "to"],
    values: { from: report.from_month, to: report.to_month },
    byCode: { "month-not-published": "to" },
    draw: (values, errors) => html`<form novalidate>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-quarter">${input({ id: "from", label: "From month", hint: "For example 2026-01", value: values.from, error: errors.from, width: 10 })}</div>
        <div class="govuk-grid-column-one-quarter">${input({ id: "to", label: "To month", hint: "At most 24 months", value: values.to, error: errors.to, width: 10 })}</div>
      </div>
      ${button("Show these months", { secondary: true })}
    </form>`,
    check(form) {
      const first = form.month("from", "the first month", { required: true });
      const last = form.month("to", "the last month", { required: true });
      if (first && last && last < first) form.fail("to", "The last month must be the same as or after the first");
      form.body = { from: first, to: last };
    },
    async send(body) {
      await ctx.api.get("/statistics", body); // refused here (e.g. a month not yet published) before moving
      ctx.go(`#/statistics?from=${body.from}&to=${body.to}`);
    },
  });
}
