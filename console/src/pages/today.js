// Today: what needs the DPO now. Rights requests (access and the others) due within 5 working days or
// overdue, complaints whose acknowledgement is due or late (DPA 2018 s.164A: within 30 days), holds
// past their review date, the recordings that need them (quarantined or flagged, GET /recordings?needs=dpo),
// each linking to where it is dealt with; and what the nightly jobs (the retention sweep,
// reconciliation, the audit archive's check) wrote to the audit trail this week.
import { day, heading, html, insetText, link, moment, summaryList, tag, taskList } from "../html.js";

const SOON = 5; // working days

function dueStatus(item) {
  if (item.overdue) return tag("overdue");
  if (item.status === "paused") return tag("paused");
  return tag(`${item.working_days_left} working day${item.working_days_left === 1 ? "" : "s"} left`, "yellow");
}

const dueSoon = (item) =>
  item.status !== "closed" && item.status !== "decided" && (item.overdue || (item.working_days_left ?? SOON + 1) <= SOON);

// What the nightly jobs wrote to the audit trail in the last 7 days: the retention sweep's deletions,
// reconciliation's findings in the bucket, the audit archive's daily check.
const FINDINGS = ["object-missing-reported", "object-outside-contract-reported", "deletion-refused-object-lock"];

function nightlyJobs(entries) {
  const deleted = entries.filter((e) => e.action === "recording-deleted");
  const findings = entries.filter((e) => FINDINGS.includes(e.action));
  const verified = entries.find((e) => e.action === "audit-archive-verified");
  return html`<h2 class="govuk-heading-m">The nightly jobs, over the last 7 days</h2>
    ${summaryList(
      [
        ["Retention sweep", deleted.length ? `${deleted.length} recording version${deleted.length === 1 ? "" : "s"} deleted on their date; the last at ${moment(deleted[0].at)}` : "Nothing was due for deletion"],
        ["Reconciliation", findings.length ? html`${tag(`${findings.length} finding${findings.length === 1 ? "" : "s"}`, "red")} the last at ${moment(findings[0].at)}: ${link(`#/audit?target=${encodeURIComponent(findings[0].target)}`, "read them")}` : "Nothing found out of place"],
        ["Audit archive check", verified ? `Last checked ${moment(verified.at)}` : "Not checked in the last 7 days"],
      ],
      { id: "nightly" },
    )}`;
}

export async function show(ctx) {
  ctx.title("Today");
  const [sars, requests, complaints, holds, flagged, week] = await Promise.all([
    ctx.api.all("/sars", "sars"),
    ctx.api.all("/requests", "requests"),
    ctx.api.all("/complaints", "complaints", { status: "received" }),
    ctx.api.all("/holds", "holds", { review_overdue: "true" }),
    ctx.api.all("/recordings", "recordings", { needs: "dpo" }),
    ctx.api.all("/audit", "entries", { limit: 1000 }), // the last 7 days, newest first
  ]);
  const due = [
    ...sars.filter(dueSoon).map((sar) => ({
      title: `Access request ${sar.sar_id}`,
      href: `#/sars/${sar.sar_id}`,
      hint: `Received ${day(sar.received_on)}, due ${day(sar.due_on)}`,
      status: dueStatus(sar),
      due_on: sar.due_on,
    })),
    ...requests.filter(dueSoon).map((request) => ({
      title: `${request.kind_wording} ${request.request_id}`,
      href: `#/requests/${request.request_id}`,
      hint: `Received ${day(request.received_on)}, due ${day(request.due_on)}`,
      status: dueStatus(request),
      due_on: request.due_on,
    })),
  ].sort((a, b) => a.due_on.localeCompare(b.due_on));
  const toAcknowledge = complaints
    .filter((complaint) => !complaint.acknowledged_on)
    .map((complaint) => ({
      title: `Complaint ${complaint.complaint_id}`,
      href: `#/complaints/${complaint.complaint_id}`,
      hint: `Received ${day(complaint.received_on)}, acknowledge by ${day(complaint.acknowledgement_due_on)}`,
      status: complaint.acknowledgement_overdue
        ? tag("overdue")
        : tag(`${complaint.acknowledgement_working_days_left} working days left`, "yellow"),
    }));
  const toReview = holds.map((hold) => ({
    title: `Hold ${hold.hold_id} (${hold.case_reference})`,
    href: `#/holds/${hold.hold_id}`,
    hint: `${hold.reason_wording}; review was due ${day(hold.review_on)}`,
    status: tag("review overdue", "red"),
  }));
  const toLookAt = flagged.map((recording) => ({
    title: `Recording ${recording.call_id}`,
    href: `#/recordings/${encodeURIComponent(recording.call_id)}`,
    hint: `Recorded ${moment(recording.recorded_at)}. ${recording.why.map((reason) => reason.meaning).join(" ")}`,
    status: recording.quarantined ? tag("quarantined", "red") : tag("flagged", "orange"),
  }));
  const section = (title, id, items, none) =>
    html`<h2 class="govuk-heading-m" id="${id}-heading">${title}</h2>${
      items.length ? taskList(items, { id }) : html`<p class="govuk-body" id="${id}">${none}</p>`
    }`;
  ctx.main.innerHTML = String(html`
    ${ctx.flash()}
    ${heading("Today")}
    <p class="govuk-body-l">What needs you now. Requests are due one calendar month from receipt (UK GDPR Art 12(3)), counted here in working days left.</p>
    ${section("Requests due within 5 working days or overdue", "due", due, "No request is due within 5 working days, and none is overdue.")}
    ${section("Complaints to acknowledge", "acknowledge", toAcknowledge, "Every open complaint has been acknowledged.")}
    ${section("Holds due for review", "review", toReview, "No hold is past its review date.")}
    ${section("Recordings that need you", "flagged", toLookAt, "No recording is quarantined or flagged for you.")}
    ${insetText(html`A recording leaves this list when you correct the purpose or source it was flagged for, or when it is deleted (${link("#/recordings", "find a recording")} to correct it). Out-of-policy recordings also reach you as e-mail alerts when they arrive.`)}
    ${nightlyJobs(week)}
    <p class="govuk-body">${link("#/holds/new", "Place a hold")} · ${link("#/requests/new", "Open a request")} · ${link("#/complaints/new", "Log a complaint")}</p>`);
}
