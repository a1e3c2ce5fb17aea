// The booth chat's state (snapshot part `boothchat` of booth:<id>) and what each event does to it,
// as pure functions. Conversations are private, so their events come on the reader's own user:<id>
// topic, which carries every booth's: each names its booth. The state has the snapshot's shape:
// {role, conversations: [{id, visitor, visitor_name, last_at, messages}, …]}, the most recently
// active first, at most 30, each with its last 50 messages.

export const RECENT_MESSAGES = 50; // boothtalk/conversations.py
export const RECENT_CONVERSATIONS = 30;

function byActivity(a, b) {
  // last_at carries microseconds in one format, so text order is time order.
  if (a.last_at !== b.last_at) return a.last_at < b.last_at ? 1 : -1;
  return b.id - a.id;
}

/** The state a snapshot's `boothchat` part gives. */
export function boothchatFromSnapshot(part) {
  return { ...part, conversations: part.conversations.map((conversation) => ({ ...conversation, messages: [...conversation.messages] })) };
}

/** The id of the conversation an event changes on this booth, or null. */
export function changedConversation(event, { booth }) {
  const change = event.boothchat;
  if (!change || change.booth !== booth) return null;
  return change.added ? change.conversation.id : change.conversation;
}

/** The state after one event of the reader's user:<id> topic (`booth`: this booth's id). */
export function applyBoothchatEvent(state, event, { booth }) {
  const change = event.boothchat;
  if (!change || !state || change.booth !== booth) return state;
  let conversations = state.conversations;
  if (change.added) {
    const summary = change.conversation;
    const known = conversations.find((conversation) => conversation.id === summary.id);
    const conversation = { ...(known || { ...summary, messages: [] }), last_at: summary.last_at };
    if (!conversation.messages.some((message) => message.id === change.added.id)) {
      conversation.messages = [...conversation.messages, change.added].slice(-RECENT_MESSAGES);
    }
    conversations = [conversation, ...conversations.filter((other) => other.id !== summary.id)];
  }
  if ("deleted" in change) {
    conversations = conversations.map((conversation) =>
      conversation.id === change.conversation
        ? { ...conversation, messages: conversation.messages.filter((message) => message.id !== change.deleted) }
        : conversation,
    );
  }
  return { ...state, conversations: [...conversations].sort(byActivity).slice(0, RECENT_CONVERSATIONS) };
}

/** A conversation of the state by id, or undefined. */
export function conversationOf(state, id) {
  return state.conversations.find((conversation) => conversation.id === id);
}
