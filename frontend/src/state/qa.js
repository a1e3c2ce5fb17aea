// The session's questions (snapshot part `qa`) and what each event does to them, as pure functions.
// The state has the snapshot's shape: {questions (sorted as the server sorts), is_moderator, voted,
// asked (my own anonymous questions: only I learn which), anonymous_allowed}.
// Events come on session:<id> (public questions, votes) and on user:<me> (questions awaiting
// approval, my own votes), which carries every session's: each names its session.

const PUBLIC = ["approved", "answered"];

/** Approved and answered first, most votes first, then oldest first; pending ones after (qa/services.py sort_key). */
export function questionOrder(a, b) {
  const group = (question) => (PUBLIC.includes(question.status) ? 0 : 1);
  return group(a) - group(b) || b.votes - a.votes || (a.at < b.at ? -1 : a.at > b.at ? 1 : 0) || a.id - b.id;
}

/** The state a snapshot's `qa` part gives. */
export function qaFromSnapshot(part) {
  return {
    questions: [...part.questions].sort(questionOrder),
    is_moderator: part.is_moderator,
    voted: [...part.voted].sort((a, b) => a - b),
    asked: [...part.asked].sort((a, b) => a - b),
    anonymous_allowed: part.anonymous_allowed,
  };
}

/** Whether the question is the viewer's own (an anonymous one only they know of by `asked`). */
export function isMine(state, question, me) {
  return (me !== null && question.author_id === me) || state.asked.includes(question.id);
}

/** The state after one event; `session` is this panel's session id (events of other sessions change nothing). */
export function applyQaEvent(state, event, { session }) {
  const change = event.qa;
  if (!change || !state || change.session !== session) return state;
  let { questions, voted, asked, anonymous_allowed } = state;
  if (change.question) {
    const question = change.question;
    questions = questions.filter((shown) => shown.id !== question.id);
    if (question.status !== "hidden") questions.push(question);
    questions.sort(questionOrder);
  }
  if ("voted" in change && !voted.includes(change.voted)) voted = [...voted, change.voted].sort((a, b) => a - b);
  if ("asked" in change && !asked.includes(change.asked)) asked = [...asked, change.asked].sort((a, b) => a - b);
  if ("anonymous_allowed" in change) anonymous_allowed = change.anonymous_allowed;
  return { ...state, questions, voted, asked, anonymous_allowed };
}
