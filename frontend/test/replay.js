// Shared by the reducer tests: a client's state after a snapshot part and the events that followed,
// as a panel builds it (the "snapshot + events = fresh snapshot" check of every live feature).

/** Apply `events` (the `event` of each frame, in order) to the state a snapshot part gives. */
export function replay({ fromSnapshot, apply, snapshot, events, context }) {
  return events.reduce((state, event) => apply(state, event, context), fromSnapshot(snapshot));
}

/** A deep copy, so a test can check that a reducer left its input as it was. */
export function copy(value) {
  return JSON.parse(JSON.stringify(value));
}
