// state/chat.js against the scenario of tests/chat/test_live.py
// (test_snapshot_plus_events_equals_a_fresh_snapshot): three messages, one deleted, the author muted.
import assert from "node:assert/strict";
import { test } from "node:test";

import { applyChatEvent, chatFromSnapshot, RECENT_MESSAGES } from "../src/state/chat.js";
import { copy, replay } from "./replay.js";

const CHAIR = 7;
const DELEGATE = 8;
const SESSION = 12;
const message = (id, text, authorId = DELEGATE, author = "Delegate") => ({ id, author, author_id: authorId, text, at: "2020-10-20T06:00:00Z" });
const earlier = message(1, "first!", 99, "Early Bird");
const sent = [message(2, "Good morning from Geneva"), message(3, "Question on 5G spectrum"), message(4, "Thank you, Chair")];
const events = [
  { chat: { added: sent[0] } },
  { chat: { added: sent[1] } },
  { chat: { added: sent[2] } },
  { chat: { deleted: 3 } },
  { chat: { session: SESSION, muted: DELEGATE } }, // on user:<id>, to the moderators and the muted person
];

test("chair: snapshot + events equals a fresh snapshot", () => {
  const snapshot = { messages: [earlier], muted: [], is_moderator: true, is_muted: false };
  const state = replay({ fromSnapshot: chatFromSnapshot, apply: applyChatEvent, snapshot, events, context: { me: CHAIR, session: SESSION } });
  assert.deepEqual(state, { messages: [earlier, sent[0], sent[2]], muted: [DELEGATE], is_moderator: true, is_muted: false });
});

test("delegate: snapshot + events equals a fresh snapshot; only moderators learn who is muted", () => {
  const snapshot = { messages: [earlier], muted: [], is_moderator: false, is_muted: false };
  const state = replay({ fromSnapshot: chatFromSnapshot, apply: applyChatEvent, snapshot, events, context: { me: DELEGATE, session: SESSION } });
  assert.deepEqual(state, { messages: [earlier, sent[0], sent[2]], muted: [], is_moderator: false, is_muted: true });
});

test("a mute in another session (user:<me> carries every session's) changes nothing here", () => {
  const moderator = chatFromSnapshot({ messages: [], muted: [], is_moderator: true, is_muted: false });
  const elsewhere = { chat: { session: SESSION + 1, muted: DELEGATE } };
  assert.equal(applyChatEvent(moderator, elsewhere, { me: CHAIR, session: SESSION }), moderator);
  const delegate = chatFromSnapshot({ messages: [], muted: [], is_moderator: false, is_muted: false });
  assert.equal(applyChatEvent(delegate, elsewhere, { me: DELEGATE, session: SESSION }), delegate);
});

test("an event applied twice, or one the snapshot already holds, changes nothing", () => {
  const snapshot = { messages: [earlier, sent[0]], muted: [DELEGATE], is_moderator: true, is_muted: false };
  const state = replay({
    fromSnapshot: chatFromSnapshot,
    apply: applyChatEvent,
    snapshot,
    events: [{ chat: { added: sent[0] } }, { chat: { muted: DELEGATE } }, { chat: { deleted: 42 } }],
    context: { me: CHAIR },
  });
  assert.deepEqual(state, chatFromSnapshot(snapshot));
});

test("unmuting takes the person off the list and lets the viewer write again", () => {
  const moderator = chatFromSnapshot({ messages: [], muted: [3, DELEGATE, 12], is_moderator: true, is_muted: false });
  assert.deepEqual(applyChatEvent(moderator, { chat: { unmuted: DELEGATE } }, { me: CHAIR }).muted, [3, 12]);
  const muted = chatFromSnapshot({ messages: [], muted: [], is_moderator: false, is_muted: true });
  assert.equal(applyChatEvent(muted, { chat: { unmuted: DELEGATE } }, { me: DELEGATE }).is_muted, false);
  assert.equal(applyChatEvent(muted, { chat: { unmuted: 99 } }, { me: DELEGATE }).is_muted, true);
});

test("the list keeps the last 50 messages, as the snapshot does", () => {
  const many = Array.from({ length: RECENT_MESSAGES }, (_, index) => message(index + 1, `m${index + 1}`));
  const state = applyChatEvent(chatFromSnapshot({ messages: many, muted: [], is_moderator: false, is_muted: false }), { chat: { added: message(51, "m51") } }, { me: null });
  assert.equal(state.messages.length, 50);
  assert.deepEqual([state.messages[0].id, state.messages[49].id], [2, 51]);
});

test("events of other features and a missing state change nothing; the input is never changed", () => {
  const snapshot = { messages: [earlier], muted: [], is_moderator: true, is_muted: false };
  const state = chatFromSnapshot(snapshot);
  const before = copy(state);
  assert.equal(applyChatEvent(state, { qa: { session: 1 } }, { me: CHAIR }), state);
  assert.equal(applyChatEvent(null, { chat: { added: sent[0] } }, { me: CHAIR }), null);
  applyChatEvent(state, { chat: { added: sent[0], muted: DELEGATE } }, { me: CHAIR });
  assert.deepEqual(state, before);
});
