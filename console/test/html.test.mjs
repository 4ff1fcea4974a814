import assert from "node:assert/strict";
import { test } from "node:test";
import { csv } from "../src/download.js";
import { day, html, person, raw, summaryList } from "../src/html.js";

test("everything interpolated is escaped unless it is markup made here", () => {
  const name = '<img src=x onerror="alert(1)">';
  assert.equal(String(html`<p>${name}</p>`), "<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>");
  assert.equal(String(html`<p>${raw("<b>b</b>")}${[html`<i>${"&"}</i>`]}</p>`), "<p><b>b</b><i>&amp;</i></p>");
  assert.match(String(summaryList([["Note", "<script>"]])), /&lt;script&gt;/);
});

test("dates and people read as the Design System writes them", () => {
  assert.equal(day("2026-12-03"), "3 December 2026");
  assert.equal(person("arn:aws:sts::123456789012:assumed-role/DataProtectionOfficer/local-dpo"), "local-dpo (DataProtectionOfficer)");
  assert.equal(person("system:sweeper"), "system:sweeper");
});

test("a CSV quotes every field and defuses a formula", () => {
  assert.equal(csv(["a", "b"], [["=1+1", 'say "hi"']]), '"a","b"\r\n"\'=1+1","say ""hi"""\r\n');
});
