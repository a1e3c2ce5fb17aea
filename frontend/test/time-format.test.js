// time-format.js: every panel shows an instant in the zone the page states, with its date when the
// day is not today in that zone.
import assert from "node:assert/strict";
import { test } from "node:test";

import { clockFormat, dateTimeFormat } from "../src/time-format.js";

const NOW = Date.parse("2026-12-05T05:30:00Z");
const now = () => NOW;

test("the same minute reads the same in every zone-aware panel: the page's zone, not the browser's", () => {
  const geneva = clockFormat({ locale: "en", timeZone: "Europe/Zurich", now });
  const hanoi = clockFormat({ locale: "en", timeZone: "Asia/Ho_Chi_Minh", now });
  assert.equal(geneva("2026-12-05T05:03:00Z"), "06:03");
  assert.equal(hanoi("2026-12-05T05:03:00Z"), "12:03");
  assert.equal(clockFormat({ locale: "en", timeZone: "UTC", now })("2026-12-05T05:03:00Z"), "05:03");
});

test("another day than today in the page's zone carries its date; another year, the year too", () => {
  const newYork = clockFormat({ locale: "en", timeZone: "America/New_York", now }); // 00:30 on 5 December there
  assert.equal(newYork("2026-12-05T05:03:00Z"), "00:03");
  assert.equal(newYork("2026-12-05T04:59:00Z"), "Dec 4, 23:59");
  assert.equal(clockFormat({ locale: "en", timeZone: "UTC", now })("2025-12-04T23:03:00Z"), "Dec 4, 2025, 23:03");
  assert.equal(clockFormat({ locale: "fr", timeZone: "UTC", now })("2026-12-04T23:03:00Z"), "4 déc., 23:03");
});

test("a 24-hour clock in every language", () => {
  assert.equal(clockFormat({ locale: "en", timeZone: "UTC", now })("2026-12-05T00:07:00Z"), "00:07");
  assert.equal(clockFormat({ locale: "ru", timeZone: "UTC", now })("2026-12-05T13:07:00Z"), "13:07");
  assert.equal(clockFormat({ locale: "zh-hans", timeZone: "UTC", now })("2026-12-05T13:07:00Z"), "13:07");
});

test("an unknown zone falls back to the browser's rather than failing", () => {
  const format = clockFormat({ locale: "en", timeZone: "Mars/Olympus", now });
  assert.match(format("2026-12-05T05:03:00Z"), /\d\d:\d\d/);
});

test("the full date and time of a request, in the page's zone", () => {
  assert.equal(dateTimeFormat({ locale: "en", timeZone: "Asia/Ho_Chi_Minh" })("2026-12-04T23:03:00Z"), "Dec 5, 2026, 06:03");
});
