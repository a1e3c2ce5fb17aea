// state/polls.js against the scenario of tests/polls/test_live.py (test_snapshot_plus_events_equals_a_fresh_snapshot):
// an earlier open poll, a new poll created, opened and voted in, a draft only moderators see, the earlier poll closed.
import assert from "node:assert/strict";
import { test } from "node:test";

import { applyPollsEvent, markVoted, mayVote, moderatorCommand, newlyOpened, pollsFromSnapshot, resultsShown, resultTopics, shownPolls } from "../src/state/polls.js";
import { copy, replay } from "./replay.js";

const SESSION = 12;
const options = (votes) => votes.map((count, index) => ({ id: 100 + index, text: ["Rural", "Schools", "Clinics"][index], votes: count }));
const earlier = (status) => ({ id: 1, question: "Earlier poll?", kind: "single", status, options: [{ id: 10, text: "Yes", votes: 1 }, { id: 11, text: "No", votes: 0 }], ballots: 1 });
const created = (status, votes, ballots) => ({ id: 2, question: "Which targets matter most?", kind: "multiple", status, options: options(votes), ballots });
const draft = { id: 3, question: "Draft only", kind: "single", status: "draft", options: [{ id: 200, text: "A", votes: 0 }, { id: 201, text: "B", votes: 0 }], ballots: 0 };
const on = (poll) => ({ polls: { session: SESSION, poll } });

const delegateEvents = [on(created("open", [0, 0, 0], 0)), on(created("open", [1, 1, 0], 1)), on(created("open", [1, 2, 0], 2)), on(earlier("closed"))];
const chairEvents = [on(created("draft", [0, 0, 0], 0)), on(draft), ...delegateEvents];

test("chair: snapshot + events (+ the vote's acknowledgement) equals a fresh snapshot", () => {
  const snapshot = { polls: [earlier("open")], is_moderator: true, voted: [] };
  const state = markVoted(replay({ fromSnapshot: pollsFromSnapshot, apply: applyPollsEvent, snapshot, events: chairEvents, context: { session: SESSION } }), 2);
  assert.deepEqual(state, { polls: [earlier("closed"), created("open", [1, 2, 0], 2), draft], is_moderator: true, voted: [2] });
});

test("delegate: snapshot + events (+ the vote's acknowledgement) equals a fresh snapshot, without the draft", () => {
  const snapshot = { polls: [earlier("open")], is_moderator: false, voted: [] };
  const state = markVoted(replay({ fromSnapshot: pollsFromSnapshot, apply: applyPollsEvent, snapshot, events: delegateEvents, context: { session: SESSION } }), 2);
  assert.deepEqual(state, { polls: [earlier("closed"), created("open", [1, 2, 0], 2)], is_moderator: false, voted: [2] });
});

test("a poll that opens is announced once; one that was open already is not", () => {
  const before = pollsFromSnapshot({ polls: [earlier("open"), created("draft", [0, 0, 0], 0)], is_moderator: true, voted: [] });
  const after = applyPollsEvent(before, on(created("open", [0, 0, 0], 0)), { session: SESSION });
  assert.deepEqual(newlyOpened(before, after).map((poll) => poll.id), [2]);
  const counted = applyPollsEvent(after, on(created("open", [1, 0, 0], 1)), { session: SESSION });
  assert.deepEqual(newlyOpened(after, counted), []);
});

test("what the panel shows: newest first, drafts for moderators only, who may vote, which control a moderator gets", () => {
  const polls = [earlier("closed"), created("open", [0, 0, 0], 0), draft];
  const moderator = pollsFromSnapshot({ polls, is_moderator: true, voted: [] });
  const delegate = pollsFromSnapshot({ polls, is_moderator: false, voted: [2] });
  assert.deepEqual(shownPolls(moderator).map((poll) => poll.id), [3, 2, 1]);
  assert.deepEqual(shownPolls(delegate).map((poll) => poll.id), [2, 1]);
  assert.deepEqual([mayVote(moderator, polls[1], true), mayVote(moderator, polls[1], false), mayVote(delegate, polls[1], true), mayVote(moderator, polls[0], true)], [true, false, false, false]);
  assert.deepEqual(polls.map((poll) => moderatorCommand(moderator, poll)), [null, "polls.close", "polls.open"]);
  assert.deepEqual(polls.map((poll) => moderatorCommand(delegate, poll)), [null, null, null]);
});

test("another session's polls change nothing; the input stays as it was", () => {
  const state = pollsFromSnapshot({ polls: [earlier("open")], is_moderator: true, voted: [] });
  const before = copy(state);
  assert.equal(applyPollsEvent(state, { polls: { session: 99, poll: draft } }, { session: SESSION }), state);
  applyPollsEvent(state, on(earlier("closed")), { session: SESSION });
  markVoted(state, 1);
  assert.deepEqual(state, before);
  assert.equal(markVoted(markVoted(state, 1), 1).voted.length, 1);
});

// Counts kept back (tests/polls/test_results.py): the session's topic carries `votes: null`, poll:<id> the counts.
const hiddenPoll = (ballots, status = "open") => ({ id: 5, question: "After voting?", kind: "single", status, show_results: "voted", options: [{ id: 50, text: "Yes", votes: null }, { id: 51, text: "No", votes: null }], ballots });
const countedPoll = (votes, status = "open") => ({ ...hiddenPoll(votes[0] + votes[1], status), options: [{ id: 50, text: "Yes", votes: votes[0] }, { id: 51, text: "No", votes: votes[1] }] });

test("the two streams of a poll give the same state in any order: the counts with the most ballots, the later status", () => {
  const snapshot = { polls: [countedPoll([1, 0])], is_moderator: true, voted: [] };
  const events = [on(hiddenPoll(2)), on(countedPoll([1, 1])), on(hiddenPoll(3)), on(countedPoll([2, 1])), on(countedPoll([2, 1], "closed"))];
  const orders = [events, [events[1], events[0], events[3], events[2], events[4]], [events[4], ...events.slice(0, 4)]];
  orders.forEach((order) => {
    const state = replay({ fromSnapshot: pollsFromSnapshot, apply: applyPollsEvent, snapshot, events: order, context: { session: SESSION } });
    assert.deepEqual(state.polls, [countedPoll([2, 1], "closed")]);
  });
  // Counts already known are kept when a poll comes without them; a later ballot's counts replace them.
  const kept = applyPollsEvent(pollsFromSnapshot(snapshot), on(hiddenPoll(2)), { session: SESSION });
  assert.deepEqual(kept.polls, [countedPoll([1, 0])]);
  assert.equal(resultsShown(kept.polls[0]), true);
  assert.equal(resultsShown(hiddenPoll(2)), false);
});

test("which poll topics a viewer follows: open polls whose counts are kept back, for moderators and for voters after their vote", () => {
  const live = { ...countedPoll([0, 0]), id: 6, show_results: "live" };
  const onClose = { ...hiddenPoll(0), id: 7, show_results: "closed" };
  const closed = { ...countedPoll([1, 1], "closed"), id: 8 };
  const polls = [hiddenPoll(1), live, onClose, closed];
  assert.deepEqual(resultTopics(pollsFromSnapshot({ polls, is_moderator: true, voted: [] })), ["poll:5", "poll:7"]);
  assert.deepEqual(resultTopics(pollsFromSnapshot({ polls, is_moderator: false, voted: [] })), []);
  assert.deepEqual(resultTopics(pollsFromSnapshot({ polls, is_moderator: false, voted: [5, 6, 7, 8] })), ["poll:5"]);
  assert.deepEqual(resultTopics(null), []);
});

test("a moderator's change of when results show replaces the counts a viewer had: hidden now, or shown now", () => {
  const live = { ...created("open", [1, 2, 0], 2), show_results: "live" };
  const hidden = { ...created("open", [null, null, null], 2), show_results: "closed" };
  let state = { polls: [live], is_moderator: false, voted: [] };
  state = applyPollsEvent(state, on(hidden), { session: SESSION });
  assert.deepEqual(state.polls, [hidden]);
  assert.equal(resultsShown(state.polls[0]), false);
  // Back to "as the votes come in": the counts come with the change.
  state = applyPollsEvent(state, on(live), { session: SESSION });
  assert.deepEqual(state.polls, [live]);
  // Without a change, a version without counts still does not hide the counts known (the two topics' order).
  const sameSetting = { ...created("open", [null, null, null], 2), show_results: "live" };
  assert.deepEqual(applyPollsEvent(state, on(sameSetting), { session: SESSION }).polls, [live]);
});
