// The filter of long checkbox lists (checkbox-filter.js): which entries stay in view.
import assert from "node:assert/strict";
import { test } from "node:test";

import { normalise, pickAllState, shownEntries } from "../src/checkbox-filter.js";

const entries = [
  { label: "Bộ Thông tin và Truyền thông (Việt Nam)", checked: false },
  { label: "International Telecommunication Union", checked: true },
  { label: "Đài Truyền hình", checked: false },
  { label: "Mekong Example Telecom", checked: false },
];

test("case and accents are left out of the comparison", () => {
  assert.equal(normalise("Việt Nam"), "viet nam");
  assert.equal(normalise("Đài"), "dai");
});

test("a query keeps the matching entries and every ticked one in view", () => {
  assert.deepEqual(shownEntries(entries, "viet"), [true, true, false, false]);
  assert.deepEqual(shownEntries(entries, "  TELECOM "), [false, true, false, true]);
  assert.deepEqual(shownEntries(entries, "dai"), [false, true, true, false]);
  assert.deepEqual(shownEntries(entries, ""), [true, true, true, true]);
  assert.deepEqual(shownEntries(entries, "nothing like it"), [false, true, false, false]);
});

test("a tick-all box is ticked when every row is, half-ticked when some are, clear when none or no rows", () => {
  assert.deepEqual(pickAllState([true, true]), { checked: true, indeterminate: false });
  assert.deepEqual(pickAllState([true, false, false]), { checked: false, indeterminate: true });
  assert.deepEqual(pickAllState([false, false]), { checked: false, indeterminate: false });
  assert.deepEqual(pickAllState([]), { checked: false, indeterminate: false });
});
