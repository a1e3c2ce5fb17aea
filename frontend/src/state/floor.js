// The session's floor (snapshot part `floor`): the list of speakers, the speaker and the timer, and
// what each event does to them, as pure functions. The state has the snapshot's shape; events carry
// the whole public state ({queue, speaker, timer}) and the viewer's own request (`mine`) is worked
// out again from the entries' user_id.

/** The viewer's request: speaking, or waiting with its place on the list; null when they have none. */
export function ownRequest(state, me) {
  if (me === null || me === undefined) return null;
  if (state.speaker && state.speaker.user_id === me) return { id: state.speaker.id, status: "speaking", position: null };
  const index = state.queue.findIndex((entry) => entry.user_id === me);
  return index < 0 ? null : { id: state.queue[index].id, status: "waiting", position: index + 1 };
}

/** The state a snapshot's `floor` part gives. */
export function floorFromSnapshot(part) {
  return { ...part, queue: [...part.queue] };
}

/** The state after one event (`me`: the viewer's account id, or null). */
export function applyFloorEvent(state, event, { me }) {
  const next = event.floor && event.floor.state;
  if (!next || !state) return state;
  const updated = { ...state, queue: next.queue, speaker: next.speaker, timer: next.timer };
  return { ...updated, mine: ownRequest(updated, me) };
}

/** Milliseconds of speaking time left at `serverNow` (the server's clock); negative once over time. */
export function timeLeft(timer, serverNow) {
  const counted = timer.elapsed_ms + (timer.running ? serverNow - timer.started_at_ms : 0);
  return timer.limit * 1000 - counted;
}

/** "3:05": rounded up while counting down (0:00 shows when the time is up), then the time over the limit. */
export function clockText(milliseconds) {
  const seconds = milliseconds > 0 ? Math.ceil(milliseconds / 1000) : Math.floor(-milliseconds / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/** Whether the speaker changed between two states (a change is announced once). */
export function speakerChanged(before, after) {
  const id = (state) => (state && state.speaker ? state.speaker.id : null);
  return id(before) !== id(after);
}

/** The chair's forms that apply to a state: which of them show. */
export function chairForms(state) {
  const speaking = Boolean(state.speaker);
  return {
    next: speaking || state.queue.length > 0,
    end: speaking,
    restart: speaking,
    pause: speaking && state.timer.running,
    resume: speaking && !state.timer.running,
  };
}
