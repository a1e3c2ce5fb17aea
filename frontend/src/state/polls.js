// The session's polls (snapshot part `polls`) and what each event does to them, as pure functions.
// The state has the snapshot's shape: {polls (oldest first), is_moderator, voted}. Draft polls come
// on the moderators' own user:<id> topic, which carries every session's: events name their session.
// A poll whose counts are not for everyone yet comes on the session's topic with `votes: null` per
// option, and with its counts on poll:<id> to those who may see them (resultTopics): the two streams
// are merged by the number of ballots, which only grows, so their order does not matter.

/** The state a snapshot's `polls` part gives. */
export function pollsFromSnapshot(part) {
  return { polls: [...part.polls], is_moderator: part.is_moderator, voted: [...part.voted].sort((a, b) => a - b) };
}

const STATUS_ORDER = ["draft", "open", "closed"];
const counted = (poll) => poll.options.every((option) => option.votes !== null);

/**
 * What is known of a poll from two versions of it: the later status, and the counts of the counted
 * version with the most ballots (else the version with the most ballots); on a tie the incoming one.
 * When a moderator has changed when the results are shown, the incoming version is the news: its
 * counts, or their absence, replace what was known (counts once shown are not kept past the change).
 */
export function mergePoll(known, incoming) {
  if (!known) return incoming;
  if (incoming.show_results && known.show_results && incoming.show_results !== known.show_results) {
    const status = STATUS_ORDER[Math.max(STATUS_ORDER.indexOf(known.status), STATUS_ORDER.indexOf(incoming.status))];
    return { ...incoming, status };
  }
  const status = STATUS_ORDER[Math.max(STATUS_ORDER.indexOf(known.status), STATUS_ORDER.indexOf(incoming.status))];
  const candidates = [known, incoming].filter(counted);
  const pool = candidates.length ? candidates : [known, incoming];
  const base = pool.reduce((best, poll) => (poll.ballots >= best.ballots ? poll : best));
  return { ...base, status };
}

/** The state after one event: the poll it carries is merged into the one with its id, or comes last. */
export function applyPollsEvent(state, event, { session }) {
  const change = event.polls;
  if (!change || !change.poll || !state || change.session !== session) return state;
  const poll = change.poll;
  const index = state.polls.findIndex((known) => known.id === poll.id);
  const polls = index >= 0 ? state.polls.map((known, at) => (at === index ? mergePoll(known, poll) : known)) : [...state.polls, poll];
  return { ...state, polls };
}

/** Whether the viewer sees a poll's counts now (votes are null where the server keeps them back). */
export const resultsShown = counted;

/**
 * The poll:<id> topics the viewer should follow for counts the session's topic keeps back: open
 * polls not shown as the votes come in, for moderators, and for voters where results follow a vote.
 */
export function resultTopics(state) {
  if (!state) return [];
  return state.polls
    .filter((poll) => poll.status === "open" && poll.show_results !== "live")
    .filter((poll) => state.is_moderator || (poll.show_results === "voted" && state.voted.includes(poll.id)))
    .map((poll) => `poll:${poll.id}`);
}

/** The state once the viewer's vote in a poll was acknowledged (no event tells them: their ballot is secret). */
export function markVoted(state, pollId) {
  if (!state || state.voted.includes(pollId)) return state;
  return { ...state, voted: [...state.voted, pollId].sort((a, b) => a - b) };
}

/** The polls that are open in `after` and were not in `before` (announced to screen readers). */
export function newlyOpened(before, after) {
  const wasOpen = new Set(before ? before.polls.filter((poll) => poll.status === "open").map((poll) => poll.id) : []);
  return after.polls.filter((poll) => poll.status === "open" && !wasOpen.has(poll.id));
}

/** What the panel shows: newest first, drafts only to moderators. */
export function shownPolls(state) {
  return state.polls.filter((poll) => poll.status !== "draft" || state.is_moderator).reverse();
}

/** Whether the viewer may vote in a poll now. */
export function mayVote(state, poll, signedIn) {
  return poll.status === "open" && signedIn && !state.voted.includes(poll.id);
}

/** The moderator's command for a poll: open a draft, close an open one; null otherwise. */
export function moderatorCommand(state, poll) {
  if (!state.is_moderator) return null;
  return poll.status === "draft" ? "polls.open" : poll.status === "open" ? "polls.close" : null;
}
