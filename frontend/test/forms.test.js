// forms.js: the pure parts of the forms live panels add (the action's address, the hidden fields).
import assert from "node:assert/strict";
import { test } from "node:test";

import { hiddenFields, idUrl } from "../src/forms.js";

test("an object's action address replaces the 0 of the template's id, with or without an action after it", () => {
  assert.equal(idUrl("/en/events/vdw/sessions/opening/chat/0/delete/", 12), "/en/events/vdw/sessions/opening/chat/12/delete/");
  assert.equal(idUrl("/en/events/vdw/sessions/opening/chat/0/unmute/", 7), "/en/events/vdw/sessions/opening/chat/7/unmute/");
  assert.equal(idUrl("/fr/events/vdw/booths/vnpt/contacts/0/", 5), "/fr/events/vdw/booths/vnpt/contacts/5/");
  assert.equal(idUrl("/en/events/e0/sessions/s0/floor/0/give/", 31), "/en/events/e0/sessions/s0/floor/31/give/");
});

test("the CSRF token comes first, then the fields in order, as text", () => {
  assert.deepEqual(hiddenFields("token123", { status: "approved", conversation: 4 }), [
    ["csrfmiddlewaretoken", "token123"],
    ["status", "approved"],
    ["conversation", "4"],
  ]);
  assert.deepEqual(hiddenFields(undefined), [["csrfmiddlewaretoken", ""]]);
});
