// state/boothchat.js against the scenario of tests/boothtalk/test_live.py
// (test_snapshot_plus_events_equals_a_fresh_snapshot_and_nothing_leaks): two visitors write, the
// staff answer one and delete a message; each reader gets the events of the conversations they may read.
import assert from "node:assert/strict";
import { test } from "node:test";

import { applyBoothchatEvent, boothchatFromSnapshot, changedConversation, RECENT_CONVERSATIONS, RECENT_MESSAGES } from "../src/state/boothchat.js";
import { copy, replay } from "./replay.js";

const BOOTH = 7;
const [AMINA, RUDI, EARLY] = [31, 32, 33];
const at = (second) => `2020-10-21T06:00:${String(second).padStart(2, "0")}.000000Z`;
const message = (id, author, authorId, fromBooth, text, second) => ({ id, author, author_id: authorId, from_booth: fromBooth, text, at: at(second).replace(".000000", "") });
const summary = (id, visitor, name, second) => ({ id, visitor, visitor_name: name, last_at: at(second) });
const first = message(1, "Early Bird", EARLY, false, "first!", 1);
const earlyConversation = { ...summary(100, EARLY, "Early Bird", 1), messages: [first] };
const routers = message(2, "Amina Diallo", AMINA, false, "Do you have 5G routers?", 10);
const schools = message(3, "Amina Diallo", AMINA, false, "For 40 schools.", 11);
const prices = message(4, "Rudi", RUDI, false, "Price list please", 12);
const yes = message(5, "Trần Minh Khoa", 9, true, "Yes!", 13);
const added = (conversation, text) => ({ boothchat: { booth: BOOTH, conversation, added: text } });
const amina = (second) => summary(101, AMINA, "Amina Diallo", second);
const rudi = summary(102, RUDI, "Rudi", 12);
const deleted = { boothchat: { booth: BOOTH, conversation: 101, deleted: 2 } };
const aminaConversation = { ...amina(13), messages: [schools, yes] };
const rudiConversation = { ...rudi, messages: [prices] };

test("the team: snapshot + events equals a fresh snapshot, most recently active first", () => {
  const snapshot = { role: "team", conversations: [earlyConversation] };
  const events = [added(amina(10), routers), added(amina(11), schools), added(rudi, prices), added(amina(13), yes), deleted];
  const state = replay({ fromSnapshot: boothchatFromSnapshot, apply: applyBoothchatEvent, snapshot, events, context: { booth: BOOTH } });
  assert.deepEqual(state, { role: "team", conversations: [aminaConversation, rudiConversation, earlyConversation] });
});

test("each visitor: snapshot + their own events equals a fresh snapshot", () => {
  const aminaState = replay({
    fromSnapshot: boothchatFromSnapshot,
    apply: applyBoothchatEvent,
    snapshot: { role: "visitor", conversations: [] },
    events: [added(amina(10), routers), added(amina(11), schools), added(amina(13), yes), deleted],
    context: { booth: BOOTH },
  });
  assert.deepEqual(aminaState, { role: "visitor", conversations: [aminaConversation] });
  const rudiState = replay({ fromSnapshot: boothchatFromSnapshot, apply: applyBoothchatEvent, snapshot: { role: "visitor", conversations: [] }, events: [added(rudi, prices)], context: { booth: BOOTH } });
  assert.deepEqual(rudiState, { role: "visitor", conversations: [rudiConversation] });
});

test("another booth's events (on the same user: topic) and repeated ones change nothing; the input stays as it was", () => {
  const state = boothchatFromSnapshot({ role: "team", conversations: [earlyConversation] });
  const before = copy(state);
  assert.equal(applyBoothchatEvent(state, { boothchat: { booth: 8, conversation: amina(10), added: routers } }, { booth: BOOTH }), state);
  assert.equal(applyBoothchatEvent(state, { boothcontacts: { booth: BOOTH } }, { booth: BOOTH }), state);
  assert.deepEqual(applyBoothchatEvent(state, added(summary(100, EARLY, "Early Bird", 1), first), { booth: BOOTH }), before);
  applyBoothchatEvent(state, added(amina(10), routers), { booth: BOOTH });
  assert.deepEqual(state, before);
  assert.equal(changedConversation(added(amina(10), routers), { booth: BOOTH }), 101);
  assert.equal(changedConversation(deleted, { booth: BOOTH }), 101);
  assert.equal(changedConversation(deleted, { booth: 8 }), null);
});

test("the last 50 messages per conversation and the 30 most recently active conversations are kept, as in the snapshot", () => {
  const messages = Array.from({ length: RECENT_MESSAGES }, (_, index) => message(1000 + index, "Rudi", RUDI, false, `m${index}`, 1));
  const conversations = Array.from({ length: RECENT_CONVERSATIONS }, (_, index) => ({ ...summary(200 + index, 500 + index, "V", 1), last_at: `2020-10-21T05:${String(59 - index).padStart(2, "0")}:00.000000Z`, messages: index ? [] : messages }));
  const state = boothchatFromSnapshot({ role: "team", conversations });
  const busy = applyBoothchatEvent(state, added({ ...conversations[0], last_at: at(30) }, message(2000, "Rudi", RUDI, false, "more", 30)), { booth: BOOTH });
  assert.deepEqual([busy.conversations[0].messages.length, busy.conversations[0].messages[0].id, busy.conversations[0].messages[49].id], [50, 1001, 2000]);
  const newcomer = applyBoothchatEvent(state, added(summary(300, 600, "New", 40), message(3000, "New", 600, false, "hello", 40)), { booth: BOOTH });
  assert.equal(newcomer.conversations.length, RECENT_CONVERSATIONS);
  assert.deepEqual([newcomer.conversations[0].id, newcomer.conversations[29].id], [300, 228]);
});
