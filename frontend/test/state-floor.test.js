// state/floor.js against the scenario of tests/floor/test_live.py (test_snapshot_plus_events_equals_a_fresh_snapshot):
// three requests, the time set, the next speaker, a pause, a withdrawal, the floor given, the timer
// restarted and a new request; every event carries the whole public state.
import assert from "node:assert/strict";
import { test } from "node:test";

import { applyFloorEvent, chairForms, clockText, floorFromSnapshot, ownRequest, speakerChanged, timeLeft } from "../src/state/floor.js";
import { copy, replay } from "./replay.js";

const [CHAIR, DELEGATE, MINISTER, ADVISER] = [1, 2, 3, 4];
const entry = (id, userId, fn, name) => ({ id, user_id: userId, name, delegation: { en: "Viet Nam" }, function: fn, requested_at: "2020-10-21T06:07:00.000Z" });
const delegate = entry(11, DELEGATE, "delegate", "Amina Diallo");
const minister = entry(12, MINISTER, "minister", "Juma Otieno");
const adviser = entry(13, ADVISER, "adviser", "Claire Martin");
const adviserAgain = entry(14, ADVISER, "adviser", "Claire Martin");
const speaking = (person, startedMs) => ({ ...person, started_at: new Date(startedMs).toISOString() });
const idle = (limit) => ({ limit, running: false, elapsed_ms: 0, started_at: null, started_at_ms: null });
const running = (limit, startedMs, elapsed = 0) => ({ limit, running: true, elapsed_ms: elapsed, started_at: new Date(startedMs).toISOString(), started_at_ms: startedMs });
const T = 1603260600000;
const state = (queue, speaker, timer) => ({ floor: { state: { queue, speaker, timer } } });

const events = [
  state([delegate], null, idle(240)),
  state([minister, delegate], null, idle(240)),
  state([minister, delegate, adviser], null, idle(240)),
  state([minister, delegate, adviser], null, idle(180)),
  state([delegate, adviser], speaking(minister, T), running(180, T)),
  state([delegate, adviser], speaking(minister, T), { ...running(180, T, 2500), running: false }),
  state([delegate], speaking(minister, T), { ...running(180, T, 2500), running: false }),
  state([], speaking(delegate, T + 5000), running(180, T + 5000)),
  state([], speaking(delegate, T + 5000), running(180, T + 6000)),
  state([adviserAgain], speaking(delegate, T + 5000), running(180, T + 6000)),
];
const snapshotFor = (isChair, canRequest) => ({ queue: [], speaker: null, timer: idle(240), is_chair: isChair, can_request: canRequest, mine: null, now: T - 60000 });
const final = events[9].floor.state;

for (const [who, me, isChair, canRequest, mine] of [
  ["chair", CHAIR, true, false, null],
  ["delegate", DELEGATE, false, true, { id: 11, status: "speaking", position: null }],
  ["minister", MINISTER, false, true, null],
  ["adviser", ADVISER, false, true, { id: 14, status: "waiting", position: 1 }],
  ["anonymous", null, false, false, null],
]) {
  test(`${who}: snapshot + events equals a fresh snapshot (but for the server's clock)`, () => {
    const snapshot = snapshotFor(isChair, canRequest);
    const replayed = replay({ fromSnapshot: floorFromSnapshot, apply: applyFloorEvent, snapshot, events, context: { me } });
    const { now, ...withoutClock } = replayed;
    assert.equal(now, snapshot.now);
    assert.deepEqual(withoutClock, { ...final, is_chair: isChair, can_request: canRequest, mine });
  });
}

test("the viewer's own request: speaking, waiting with a place, or none", () => {
  const floor = { queue: [minister, delegate], speaker: speaking(adviser, T) };
  assert.deepEqual(ownRequest(floor, DELEGATE), { id: 11, status: "waiting", position: 2 });
  assert.deepEqual(ownRequest(floor, ADVISER), { id: 13, status: "speaking", position: null });
  assert.equal(ownRequest(floor, CHAIR), null);
  assert.equal(ownRequest(floor, null), null);
});

test("time left counts the server's clock while running, and goes negative over time", () => {
  assert.equal(timeLeft(running(180, T), T + 60000), 120000);
  assert.equal(timeLeft(running(180, T, 30000), T + 60000), 90000);
  assert.equal(timeLeft({ ...running(180, T, 30000), running: false }, T + 600000), 150000);
  assert.equal(timeLeft(running(60, T), T + 65000), -5000);
});

test("the clock rounds up while counting down, shows 0:00 at the end, then the time over", () => {
  assert.deepEqual([clockText(180000), clockText(61001), clockText(999), clockText(0), clockText(-1500), clockText(-65000)], ["3:00", "1:02", "0:01", "0:00", "0:01", "1:05"]);
});

test("a change of speaker is noticed once; the chair's forms follow the state", () => {
  const free = floorFromSnapshot(snapshotFor(true, false));
  const withQueue = applyFloorEvent(free, events[0], { me: CHAIR });
  const minister1 = applyFloorEvent(withQueue, events[4], { me: CHAIR });
  const paused = applyFloorEvent(minister1, events[5], { me: CHAIR });
  assert.deepEqual([speakerChanged(free, withQueue), speakerChanged(withQueue, minister1), speakerChanged(minister1, paused)], [false, true, false]);
  assert.deepEqual(chairForms(free), { next: false, end: false, restart: false, pause: false, resume: false });
  assert.deepEqual(chairForms(withQueue), { next: true, end: false, restart: false, pause: false, resume: false });
  assert.deepEqual(chairForms(minister1), { next: true, end: true, restart: true, pause: true, resume: false });
  assert.deepEqual(chairForms(paused), { next: true, end: true, restart: true, pause: false, resume: true });
});

test("other events change nothing; the input stays as it was", () => {
  const floor = floorFromSnapshot(snapshotFor(false, true));
  const before = copy(floor);
  assert.equal(applyFloorEvent(floor, { chat: { deleted: 1 } }, { me: DELEGATE }), floor);
  applyFloorEvent(floor, events[4], { me: DELEGATE });
  assert.deepEqual(floor, before);
});
