// The session's polls (snapshot part `polls`) and what each event does to them, as pure functions.
// The state has the snapshot's shape: {polls (oldest first), is_moderator, voted}. Draft polls come
// on the moderators' own user:<id> topic, which carries every session's: events name their session.

/** The state a snapshot's `polls` part gives. */
export function pollsFromSnapshot(part) {
  return { polls: [...part.polls], is_moderator: part.is_moderator, voted: [...part.voted].sort((a, b) => a - b) };
}

/** The state after one event: the poll it carries replaces the one with its id, or comes last. */
export function applyPollsEvent(state, event, { session }) {
  const change = event.polls;
  if (!change || !change.poll || !state || change.session !== session) return state;
  const poll = change.poll;
  const index = state.polls.findIndex((known) => known.id === poll.id);
  const polls = index >= 0 ? state.polls.map((known, at) => (at === index ? poll : known)) : [...state.polls, poll];
  return { ...state, polls };
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
