// state/qa.js against the scenario of tests/qa/test_live.py (test_snapshot_plus_events_equals_a_fresh_snapshot):
// an approved question from before, two new ones (one approved, one hidden), votes on both public ones.
import assert from "node:assert/strict";
import { test } from "node:test";

import { applyQaEvent, isMine, qaFromSnapshot, questionOrder } from "../src/state/qa.js";
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
    const snapshot = { questions: [earlier], is_moderator: isModerator, voted: [], asked: [], anonymous_allowed: false };
    const state = replay({ fromSnapshot: qaFromSnapshot, apply: applyQaEvent, snapshot, events, context: { session: SESSION } });
    assert.deepEqual(state, { questions: expected, is_moderator: isModerator, voted, asked: [], anonymous_allowed: false });
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
  const state = qaFromSnapshot({ questions: [earlier], is_moderator: false, voted: [], asked: [], anonymous_allowed: false });
  assert.equal(applyQaEvent(state, { qa: { session: 99, question: first("approved", 0) } }, { session: SESSION }), state);
  assert.equal(applyQaEvent(state, { chat: { added: {} } }, { session: SESSION }), state);
});

test("a question hidden before it was shown, or a vote told twice, changes nothing; the input stays as it was", () => {
  const state = qaFromSnapshot({ questions: [earlier], is_moderator: false, voted: [1], asked: [], anonymous_allowed: false });
  const before = copy(state);
  assert.deepEqual(applyQaEvent(state, on({ question: second("hidden") }), { session: SESSION }), before);
  assert.deepEqual(applyQaEvent(state, on({ voted: 1 }), { session: SESSION }), before);
  applyQaEvent(state, on({ question: first("approved", 4), voted: 2 }), { session: SESSION });
  assert.deepEqual(state, before);
});

// Anonymous questions (tests/qa/test_anonymous.py): no author for anyone; only the author's own topic says "asked".
test("anonymous questions: allowed by the moderators, nameless for every reader, known as mine only to their author", () => {
  const nameless = (status) => ({ id: 4, author: null, author_id: null, anonymous: true, text: "Who pays?", status, votes: 0, at: "2020-10-20T06:10:00Z" });
  const snapshot = { questions: [earlier], is_moderator: false, voted: [], asked: [], anonymous_allowed: false };
  const shared = [on({ anonymous_allowed: true }), on({ question: nameless("approved") })];
  const author = replay({ fromSnapshot: qaFromSnapshot, apply: applyQaEvent, snapshot, events: [shared[0], on({ question: nameless("pending"), asked: 4 }), shared[1]], context: { session: SESSION } });
  const reader = replay({ fromSnapshot: qaFromSnapshot, apply: applyQaEvent, snapshot, events: shared, context: { session: SESSION } });
  assert.deepEqual(author, { questions: [earlier, nameless("approved")], is_moderator: false, voted: [], asked: [4], anonymous_allowed: true });
  assert.deepEqual(reader, { ...author, asked: [] });
  assert.deepEqual([isMine(author, nameless("approved"), 99), isMine(reader, nameless("approved"), 99)], [true, false]);
  assert.deepEqual([isMine(reader, earlier, AUTHOR), isMine(reader, earlier, null)], [true, false]);
  const stopped = applyQaEvent(author, on({ anonymous_allowed: false }), { session: SESSION });
  assert.equal(stopped.anonymous_allowed, false);
  assert.equal(applyQaEvent(stopped, on({ asked: 4 }), { session: SESSION }).asked.length, 1);
});
