// The session's questions, made live: the panel's forms keep working without this file (or without the
// socket); with it, questions, votes and moderation arrive in place and the forms send commands instead.
// Follows session:<id> (public questions, votes) and user:<me> (pending questions, my votes). The
// state and its events are state/qa.js; this file renders the state. User text is only ever set
// with textContent.

import { csrfToken, idUrl, postForm } from "./forms.js";
import { isOnline, panelNotices, refresh, sendForm, subscribe, subscribeOwn } from "./live-page.js";
import { applyQaEvent, isMine, qaFromSnapshot } from "./state/qa.js";
import { clockFormat } from "./time-format.js";

function start(panel) {
  const d = panel.dataset;
  const me = Number(d.userId) || null;
  const sessionId = Number(d.sessionId);
  const list = panel.querySelector(".qa-questions");
  const empty = panel.querySelector(".qa-empty");
  const form = panel.querySelector(".qa-form");
  const error = panel.querySelector("#qa-error");
  const token = csrfToken(panel);
  const clock = clockFormat({ locale: document.documentElement.lang, timeZone: d.timeZone });
  let qa = null;

  function actionForm(action, data, label, describedBy, status) {
    return postForm({ action, token, fields: status ? { status } : {}, data, label, describedBy });
  }

  function item(question) {
    const li = document.createElement("li");
    li.id = `qa-question-${question.id}`;
    li.dataset.id = question.id;
    li.dataset.status = question.status;
    const meta = document.createElement("p");
    meta.className = "qa-meta";
    meta.id = `${li.id}-meta`;
    const author = document.createElement("span");
    author.className = "qa-author";
    author.textContent = question.anonymous ? d.labelAnonymous : question.author;
    const time = document.createElement("time");
    time.dateTime = question.at;
    time.textContent = clock(question.at);
    meta.append(author, " ", time);
    const statusLabel = { pending: d.labelPending, answered: d.labelAnswered }[question.status];
    if (statusLabel) {
      const status = document.createElement("span");
      status.className = "qa-status";
      status.textContent = statusLabel;
      meta.append(" ", status);
    }
    const text = document.createElement("p");
    text.className = "qa-text";
    text.textContent = question.text;
    const actions = document.createElement("div");
    actions.className = "qa-actions";
    const votes = document.createElement("span");
    votes.className = "qa-votes";
    votes.textContent = d.labelVotes.replace("{votes}", question.votes);
    actions.append(votes);
    const id = { id: question.id };
    if (qa.voted.includes(question.id)) {
      const voted = document.createElement("span");
      voted.className = "qa-voted";
      voted.textContent = d.labelVoted;
      actions.append(" ", voted);
    } else if (me && question.status === "approved" && !isMine(qa, question, me)) {
      actions.append(actionForm(idUrl(d.voteUrl, question.id), { command: "qa.vote", ...id }, d.labelVote, meta.id));
    }
    if (qa.is_moderator) {
      const moderate = (status, label) =>
        actionForm(idUrl(d.moderateUrl, question.id), { command: "qa.moderate", status, ...id }, label, meta.id, status);
      if (question.status !== "approved") actions.append(moderate("approved", d.labelApprove));
      if (question.status !== "answered") actions.append(moderate("answered", d.labelAnswer));
      actions.append(moderate("hidden", d.labelHide));
    }
    li.append(meta, text, actions);
    return li;
  }

  // A question's item is rebuilt when what it shows changes; unchanged ones keep their place and focus.
  function signature(question) {
    return [question.status, question.votes, qa.voted.includes(question.id), qa.is_moderator, isMine(qa, question, me)].join(" ");
  }

  function render() {
    const wanted = new Set(qa.questions.map((question) => String(question.id)));
    [...list.children].forEach((li) => wanted.has(li.dataset.id) || li.remove());
    let previous = null;
    qa.questions.forEach((question) => {
      let li = document.getElementById(`qa-question-${question.id}`);
      if (!li || li.dataset.signature !== signature(question)) {
        const fresh = item(question);
        if (li) li.replaceWith(fresh);
        li = fresh;
        li.dataset.signature = signature(question);
      }
      const expected = previous ? previous.nextElementSibling : list.firstElementChild;
      if (li !== expected) list.insertBefore(li, expected);
      previous = li;
    });
    empty.hidden = qa.questions.length > 0;
    const anonymous = panel.querySelector(".qa-anonymous");
    if (anonymous) {
      anonymous.hidden = !qa.anonymous_allowed;
      if (!qa.anonymous_allowed) anonymous.querySelector("input").checked = false;
    }
  }

  function onSnapshot(data) {
    qa = qaFromSnapshot(data.qa);
    [...list.children].forEach((li) => li.remove()); // rebuilt from the snapshot, so every item is current
    render();
    panel.dataset.live = "on";
  }

  function onEvent(event) {
    const next = applyQaEvent(qa, event, { session: sessionId });
    if (next === qa) return;
    qa = next;
    render();
  }

  function showError(text) {
    if (error) error.textContent = text;
  }

  panel.addEventListener("submit", (submit) => {
    const element = submit.target;
    const name = element === form ? "qa.ask" : element.dataset.command;
    if (!name || !isOnline()) return; // the ordinary POST
    submit.preventDefault();
    const textarea = element.querySelector("textarea");
    const data =
      name === "qa.ask"
        ? { text: textarea.value, anonymous: Boolean(element.querySelector("input[name=anonymous]:checked")) }
        : name === "qa.vote"
          ? { id: Number(element.dataset.id) }
          : { id: Number(element.dataset.id), status: element.dataset.status };
    sendForm(element, d.topic, name, data, d, showError).then((sent) => {
      if (sent && textarea) textarea.value = "";
    });
  });

  subscribe(d.topic, { onSnapshot, onEvent, ...panelNotices(panel, ".qa-form") });
  if (me) subscribeOwn(me, { onEvent, onMissed: () => refresh(d.topic) }); // questions awaiting approval
}

const panel = document.querySelector("section.qa[data-topic]");
if (panel && "WebSocket" in window) start(panel);
