// The session chat, made live: the panel's forms keep working without this file (or without the
// socket); with it, messages arrive in place and the forms send commands instead of reloading.
// The state and its events are state/chat.js; this file renders the state. User text is only ever
// set with textContent.

import { csrfToken, idUrl, postForm } from "./forms.js";
import { isOnline, panelNotices, refresh, sendForm, sendOnEnter, subscribe, subscribeOwn } from "./live-page.js";
import { applyChatEvent, chatFromSnapshot } from "./state/chat.js";
import { clockFormat } from "./time-format.js";

function start(panel) {
  const d = panel.dataset;
  const me = Number(d.userId) || null;
  const sessionId = Number(d.sessionId);
  const list = panel.querySelector(".chat-messages");
  const log = panel.querySelector(".chat-log");
  const empty = panel.querySelector(".chat-empty");
  const form = panel.querySelector(".chat-form");
  const mutedNote = panel.querySelector(".chat-muted");
  const error = panel.querySelector("#chat-error");
  const token = csrfToken(panel);
  const shielded = new Set((d.protected || "").split(" ").filter(Boolean).map(Number));
  const clock = clockFormat({ locale: document.documentElement.lang, timeZone: d.timeZone });
  let chat = null;

  function actionForm(action, name, data, label, describedBy) {
    return postForm({ action, token, data: { command: name, ...data }, label, describedBy });
  }

  function item(message) {
    const li = document.createElement("li");
    li.id = `chat-message-${message.id}`;
    li.dataset.id = message.id;
    li.dataset.authorId = message.author_id;
    const meta = document.createElement("p");
    meta.className = "chat-meta";
    meta.id = `${li.id}-meta`;
    const author = document.createElement("span");
    author.className = "chat-author";
    author.textContent = message.author;
    const time = document.createElement("time");
    time.dateTime = message.at;
    time.textContent = clock(message.at);
    meta.append(author, " ", time);
    const text = document.createElement("p");
    text.className = "chat-text";
    text.textContent = message.text;
    li.append(meta, text);
    if (chat.is_moderator && d.deleteUrl) {
      const actions = document.createElement("div");
      actions.className = "chat-actions";
      actions.append(actionForm(idUrl(d.deleteUrl, message.id), "chat.delete", { id: message.id }, d.labelDelete, meta.id));
      if (message.author_id !== me && !shielded.has(message.author_id)) {
        const data = { userId: message.author_id };
        actions.append(actionForm(idUrl(d.muteUrl, message.author_id), "chat.mute", data, d.labelMute, meta.id));
      }
      li.append(actions);
    }
    return li;
  }

  // Mute ⇄ Unmute in place, so the log (a live region) announces no more than what changed.
  function syncMuteButton(li) {
    const element = li.querySelector("form[data-user-id]");
    if (!element) return;
    const muted = chat.muted.includes(Number(element.dataset.userId));
    const name = muted ? "chat.unmute" : "chat.mute";
    if (element.dataset.command === name) return;
    element.dataset.command = name;
    element.action = idUrl(muted ? d.unmuteUrl : d.muteUrl, element.dataset.userId);
    element.querySelector("button").textContent = muted ? d.labelUnmute : d.labelMute;
  }

  // Reconcile the list with the state, keeping the items already shown (the server's, at first).
  function render() {
    const atEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    const wanted = new Set(chat.messages.map((message) => String(message.id)));
    [...list.children].forEach((li) => wanted.has(li.dataset.id) || li.remove());
    let previous = null;
    chat.messages.forEach((message) => {
      const li = document.getElementById(`chat-message-${message.id}`) || item(message);
      const expected = previous ? previous.nextElementSibling : list.firstElementChild;
      if (li !== expected) list.insertBefore(li, expected);
      syncMuteButton(li);
      previous = li;
    });
    empty.hidden = chat.messages.length > 0;
    if (form && form.isConnected) {
      form.hidden = chat.is_muted;
      mutedNote.hidden = !chat.is_muted;
    }
    if (atEnd) log.scrollTop = log.scrollHeight;
  }

  function onSnapshot(data) {
    chat = chatFromSnapshot(data.chat);
    render();
    panel.dataset.live = "on";
  }

  function onEvent(event) {
    const next = applyChatEvent(chat, event, { me, session: sessionId });
    if (next === chat) return;
    chat = next;
    render();
  }

  function showError(text) {
    if (error) error.textContent = text;
  }

  panel.addEventListener("submit", (submit) => {
    const element = submit.target;
    const name = element === form ? "chat.send" : element.dataset.command;
    if (!name || !isOnline()) return; // the ordinary POST
    submit.preventDefault();
    const textarea = element.querySelector("textarea");
    const data =
      name === "chat.send"
        ? { text: textarea.value }
        : name === "chat.delete"
          ? { id: Number(element.dataset.id) }
          : { user_id: Number(element.dataset.userId) };
    sendForm(element, d.topic, name, data, d, showError).then((sent) => {
      if (sent && textarea) textarea.value = "";
    });
  });

  sendOnEnter(form && form.querySelector("textarea"));

  const notices = panelNotices(panel, ".chat-form");
  log.scrollTop = log.scrollHeight;
  subscribe(d.topic, { onSnapshot, onEvent, ...notices });
  if (me) subscribeOwn(me, { onEvent, onMissed: () => refresh(d.topic) }); // mutes: moderators and the muted only
}

const panel = document.querySelector("section.chat[data-topic]");
if (panel && "WebSocket" in window) start(panel);
