// state/qa.js against the scenario of tests/qa/test_live.py (test_snapshot_plus_events_equals_a_fresh_snapshot):
// an approved question from before, two new ones (one approved, one hidden), votes on both public ones.
import assert from "node:assert/strict";
import { test } from "node:test";

import { applyQaEvent, qaFromSnapshot, questionOrder } from "../src/state/qa.js";
import { copy, replay } from "./replay.js";

const SESSION = 12;
const AUTHOR = 21;
const question = (id, text, status, votes, at) => ({ id, author: "Author", author_id: AUTHOR, text, status, votes, at });
const earlier = question(1, "Asked before anyone came", "approved", 0, "2020-10-20T06:00:00Z");
const first = (status, votes) => question(2, "Who funds the programme?", status, votes, "2020-10-20T06:05:00Z");
const second = (status) => question(3, "Off topic", status, 0, "2020-10-20T06:06:00Z");
const on = (change) => ({ qa: { session: SESSION, ...change } });

// What each reader received, in order (the chair and the author see pending questions on user:<id>).
const chairEvents = [
  on({ question: first("pending", 0) }),
  on({ question: second("pending") }),
  on({ question: first("approved", 0) }),
  on({ question: first("approved", 1) }),
  on({ question: { ...earlier, votes: 1 } }),
  on({ question: second("hidden") }),
  on({ question: { ...earlier, votes: 2 } }),
];
const authorEvents = [...chairEvents.slice(0, 6), on({ voted: 1 }), chairEvents[6]];
const delegateEvents = [chairEvents[2], chairEvents[3], on({ voted: 2 }), chairEvents[4], on({ voted: 1 }), chairEvents[6]];
const expected = [
  { ...earlier, votes: 2 },
  first("approved", 1),
];

for (const [who, events, isModerator, voted] of [
  ["chair", chairEvents, true, []],
  ["author", authorEvents, false, [1]],
  ["delegate", delegateEvents, false, [1, 2]],
]) {
  test(`${who}: snapshot + events equals a fresh snapshot`, () => {
    const snapshot = { questions: [earlier], is_moderator: isModerator, voted: [] };
    const state = replay({ fromSnapshot: qaFromSnapshot, apply: applyQaEvent, snapshot, events, context: { session: SESSION } });
    assert.deepEqual(state, { questions: expected, is_moderator: isModerator, voted });
  });
}

test("questions sort as the server sorts: public first, most votes, oldest, then id", () => {
  const pending = question(5, "p", "pending", 9, "2020-10-20T05:00:00Z");
  const answered = question(6, "a", "answered", 1, "2020-10-20T07:00:00Z");
  const popular = question(7, "b", "approved", 3, "2020-10-20T08:00:00Z");
  const older = question(8, "c", "approved", 1, "2020-10-20T06:00:00Z");
  const twin = question(9, "d", "approved", 1, "2020-10-20T06:00:00Z");
  assert.deepEqual([pending, twin, answered, older, popular].sort(questionOrder).map((q) => q.id), [7, 8, 9, 6, 5]);
});

test("another session's events (on the same user: topic) change nothing", () => {
  const state = qaFromSnapshot({ questions: [earlier], is_moderator: false, voted: [] });
  assert.equal(applyQaEvent(state, { qa: { session: 99, question: first("approved", 0) } }, { session: SESSION }), state);
  assert.equal(applyQaEvent(state, { chat: { added: {} } }, { session: SESSION }), state);
});

test("a question hidden before it was shown, or a vote told twice, changes nothing; the input stays as it was", () => {
  const state = qaFromSnapshot({ questions: [earlier], is_moderator: false, voted: [1] });
  const before = copy(state);
  assert.deepEqual(applyQaEvent(state, on({ question: second("hidden") }), { session: SESSION }), before);
  assert.deepEqual(applyQaEvent(state, on({ voted: 1 }), { session: SESSION }), before);
  applyQaEvent(state, on({ question: first("approved", 4), voted: 2 }), { session: SESSION });
  assert.deepEqual(state, before);
});
