// The session chat's state (snapshot part `chat`, docs/live-protocol.md) and what each event does
// to it: pure functions, so a snapshot followed by events can be checked against a fresh snapshot.
// The state has the snapshot's shape: {messages, muted, is_moderator, is_muted}.

export const RECENT_MESSAGES = 50; // the snapshot's length (chat/services.py RECENT_MESSAGES)

/** The state a snapshot's `chat` part gives. */
export function chatFromSnapshot(part) {
  return {
    messages: [...part.messages],
    muted: [...part.muted].sort((a, b) => a - b),
    is_moderator: part.is_moderator,
    is_muted: part.is_muted,
  };
}

/**
 * The state after one event (`me`: the viewer's account id, or null; `session`: this panel's session
 * id). Messages come on session:<id>; mutes come on user:<me>, which carries every session's, so
 * they name their session and another session's change nothing here.
 */
export function applyChatEvent(state, event, { me, session }) {
  const change = event.chat;
  if (!change || !state) return state;
  if ("session" in change && change.session !== session) return state;
  let { messages, muted, is_muted: isMuted } = state;
  if (change.added && !messages.some((message) => message.id === change.added.id)) {
    messages = [...messages, change.added].slice(-RECENT_MESSAGES);
  }
  if ("deleted" in change) messages = messages.filter((message) => message.id !== change.deleted);
  for (const [key, value] of [
    ["muted", true],
    ["unmuted", false],
  ]) {
    if (!(key in change)) continue;
    // Only moderators are told who is muted; everyone learns whether they are.
    if (state.is_moderator) {
      const others = muted.filter((id) => id !== change[key]);
      muted = value ? [...others, change[key]].sort((a, b) => a - b) : others;
    }
    if (change[key] === me) isMuted = value;
  }
  return { ...state, messages, muted, is_muted: isMuted };
}
