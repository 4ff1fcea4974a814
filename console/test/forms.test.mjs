// The console's own checks, run by node's test runner (tests/e2e/console/test_console_modules.py runs
// it in make test): the forms check what the API checks, and map the API's refusals to their fields.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ApiError, queryString } from "../src/api.js";
import { Checked, apiErrors } from "../src/forms.js";

test("a date is a real date, given as day, month and year, or nothing", () => {
  const form = new Checked({ "on-day": "29", "on-month": "2", "on-year": "2027", "empty-day": "" });
  assert.equal(form.date("on", "the day"), undefined);
  assert.match(form.errors.on, /must be a real date/);
  assert.equal(form.date("empty", "the day"), null);
  const ok = new Checked({ "on-day": "3", "on-month": "12", "on-year": "2026" });
  assert.equal(ok.date("on", "the day"), "2026-12-03");
  assert.ok(ok.ok);
});

test("free text is refused with control or bidirectional-override characters, as the API's pattern", () => {
  const form = new Checked({ note: "a\u202enote", long: "x".repeat(2001), blank: "   " });
  form.text("note", "the note");
  form.text("long", "the note");
  form.text("blank", "the reason", { required: true });
  assert.deepEqual(form.errors, {
    note: "The note must not contain control characters",
    long: "The note must be 2000 characters or fewer",
    blank: "Enter the reason",
  });
});

test("call ids are split on lines, commas and spaces, and each must be one", () => {
  assert.deepEqual(new Checked({ ids: "C-1\nC-2, C-3" }).callIds("ids"), ["C-1", "C-2", "C-3"]);
  const form = new Checked({ ids: "C-1 07700/900123" });
  form.callIds("ids");
  assert.match(form.errors.ids, /is not a call id/);
});

test("the API's 400 names its fields, nested or not; another refusal goes to the field its code concerns", () => {
  const invalid = new ApiError(400, "invalid-request", "body.subject.caller_number: String too long; body.note: bad", {});
  assert.deepEqual(Object.keys(apiErrors(invalid, ["reason", "caller_number", "review_note"])), ["caller_number", "review_note"]);
  const conflict = new ApiError(409, "extension-too-late", "too late", {});
  assert.deepEqual(apiErrors(conflict, ["extension_reason", "requester_told_on"], { byCode: { "extension-too-late": "requester_told_on" } }), {
    requester_told_on: "too late (extension-too-late)",
  });
  assert.deepEqual(apiErrors(new ApiError(403, "forbidden", "no", {}), ["a", "b"]), { a: "no (forbidden)" });
});

test("a query string is encoded as SigV4's canonical request encodes it: '#' as %23, space as %20", () => {
  assert.equal(queryString({ target: "recording#C-1", note: "a b!", empty: "", none: null }), "?target=recording%23C-1&note=a%20b%21");
});
