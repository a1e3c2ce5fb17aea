// "Talk with us" on the booth page (boothtalk/booth_panel.html), made live. The panel's forms and
// links work without this file; with it:
// - everyone sees how many people are at the booth now (the gateway's presence frames);
// - a visitor's private conversation with the booth's staff, and the team's conversations with every
//   visitor, update in place, and the forms send commands instead of reloading. Conversations are
//   private, so their changes come on each reader's own user:<id> topic, never on booth:<id>;
// - a visitor who lets exhibitors see their name says "still here" every few seconds (visitors.here);
// - the booth's team sees the named visitors here now (visitors.list, asked again every 15 s).
// The conversations' state and its events are state/boothchat.js; this file renders the state.
// User text is only ever set with textContent.

import { csrfToken, hiddenFields, idUrl, postForm } from "./forms.js";
import { command, isOnline, panelNotices, refresh, sendForm, subscribe, subscribeOwn } from "./live-page.js";
import { applyBoothchatEvent, boothchatFromSnapshot, changedConversation, conversationOf } from "./state/boothchat.js";
import { clockFormat } from "./time-format.js";

const VISITORS_EVERY = 15000;

function start(panel) {
  const d = panel.dataset;
  const me = Number(d.userId) || null;
  const team = d.role === "team";
  const boothId = Number(d.topic.split(":")[1]);
  const presence = panel.querySelector(".booth-presence");
  const token = csrfToken(panel);
  const clock = clockFormat({ locale: document.documentElement.lang, timeZone: d.timeZone });
  const number = new Intl.NumberFormat(document.documentElement.lang || undefined);
  let state = null; // state/boothchat.js
  let waiting = []; // events that came on user:<me> before the booth's snapshot

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function hidden([name, value]) {
    const input = element("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    return input;
  }

  // The same markup as boothtalk/_message.html.
  function item(message) {
    const li = element("li", message.from_booth ? "from-booth" : "");
    li.id = `boothchat-message-${message.id}`;
    li.dataset.id = message.id;
    const meta = element("p", "chat-meta");
    meta.id = `${li.id}-meta`;
    meta.append(element("span", "chat-author", message.author));
    if (message.from_booth && d.labelBooth) meta.append(" ", element("span", "badge", d.labelBooth));
    const time = element("time", null, clock(message.at));
    time.dateTime = message.at;
    meta.append(" ", time);
    li.append(meta, element("p", "chat-text", message.text));
    if (team) {
      const form = postForm({
        action: idUrl(d.deleteUrl, message.id),
        token,
        data: { command: "boothchat.delete", id: message.id },
        label: d.labelDelete,
        describedBy: meta.id,
      });
      const actions = element("div", "chat-actions");
      actions.append(form);
      li.append(actions);
    }
    return li;
  }

  // A team member's block for a conversation that started after the page was rendered
  // (the same markup as the team's part of booth_panel.html).
  function block(conversation) {
    const id = conversation.id;
    const section = element("section", "booth-conversation");
    section.id = `conversation-${id}`;
    section.dataset.id = id;
    section.setAttribute("aria-labelledby", `conversation-${id}-heading`);
    const heading = element("h4", null, d.formatWith.replace("{name}", conversation.visitor_name));
    heading.id = `conversation-${id}-heading`;
    const log = element("div", "chat-log");
    log.setAttribute("role", "log");
    log.setAttribute("aria-live", "polite");
    log.setAttribute("aria-label", d.labelLog);
    log.tabIndex = 0;
    log.append(element("ol", "chat-messages"));
    const form = element("form", "chat-form boothchat-form");
    form.method = "post";
    form.action = d.sendUrl;
    const field = element("div", "field");
    const label = element("label", null, d.labelMessage);
    label.htmlFor = `boothchat-${id}-text`;
    const textarea = element("textarea");
    textarea.id = label.htmlFor;
    textarea.name = "text";
    textarea.rows = 2;
    textarea.maxLength = 500;
    textarea.setAttribute("aria-describedby", `boothchat-${id}-error`);
    const error = element("div", "errors chat-error");
    error.id = `boothchat-${id}-error`;
    error.setAttribute("role", "alert");
    field.append(label, textarea, error);
    const button = element("button", null, d.labelAnswer);
    button.type = "submit";
    form.append(...hiddenFields(token, { conversation: id }).map(hidden), field, button);
    section.append(heading, log, form);
    return section;
  }

  function blockOf(conversation) {
    if (!team) return panel.querySelector(".booth-conversation[data-mine]");
    let section = document.getElementById(`conversation-${conversation.id}`);
    if (!section) {
      // New conversations go on top; the others keep their place, so nobody's half-written answer moves.
      section = block(conversation);
      panel.querySelector(".booth-conversations").prepend(section);
    }
    return section;
  }

  // Reconcile one conversation's list with the state, keeping the items already shown.
  function renderConversation(conversation) {
    const section = blockOf(conversation);
    if (!section) return;
    if (!team) {
      section.dataset.id = conversation.id;
      section.id = `conversation-${conversation.id}`;
    }
    const list = section.querySelector(".chat-messages");
    const log = section.querySelector(".chat-log");
    const atEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    const wanted = new Set(conversation.messages.map((message) => String(message.id)));
    [...list.children].forEach((li) => wanted.has(li.dataset.id) || li.remove());
    let previous = null;
    conversation.messages.forEach((message) => {
      const li = document.getElementById(`boothchat-message-${message.id}`) || item(message);
      const expected = previous ? previous.nextElementSibling : list.firstElementChild;
      if (li !== expected) list.insertBefore(li, expected);
      previous = li;
    });
    const empty = section.querySelector(".chat-empty");
    if (empty) empty.hidden = conversation.messages.length > 0;
    if (atEnd) log.scrollTop = log.scrollHeight;
  }

  function showNone() {
    const none = panel.querySelector(".boothchat-none");
    if (none) none.hidden = state.conversations.length > 0;
  }

  function render() {
    state.conversations.forEach(renderConversation);
    showNone();
  }

  // Only the conversation the event changed is rendered again: the others (and half-written answers) stay as they are.
  function apply(event) {
    const next = applyBoothchatEvent(state, event, { booth: boothId });
    if (next === state) return;
    state = next;
    const conversation = conversationOf(state, changedConversation(event, { booth: boothId }));
    if (conversation) renderConversation(conversation);
    showNone();
  }

  function onSnapshot(data) {
    state = boothchatFromSnapshot(data.boothchat);
    render();
    waiting.forEach(apply);
    waiting = [];
    panel.dataset.live = "on";
  }

  function onPersonalEvent(event) {
    // A visitor who shares their name arrived: ask for the list again (departures show at the next ask).
    if (team && event.boothvisitors && event.boothvisitors.booth === boothId) askVisitors();
    if (!event.boothchat) return;
    if (state === null) waiting.push(event);
    else apply(event);
  }

  function onPresence(viewers) {
    presence.textContent = d.formatViewers.replace("{viewers}", number.format(viewers));
    presence.hidden = false;
  }

  // Named visitors here now (the team only).
  const visitorList = panel.querySelector(".booth-visitor-list");
  function showVisitors(visitors) {
    visitorList.replaceChildren(
      ...(visitors.length ? visitors.map((visitor) => element("li", null, visitor.name)) : [element("li", "empty-line", d.labelNobody)]),
    );
  }
  function askVisitors() {
    if (!isOnline()) return;
    command(d.topic, "visitors.list", {}).then((answer) => showVisitors(answer.visitors), () => {});
  }
  function sayHere() {
    if (isOnline()) command(d.topic, "visitors.here", {}).catch(() => {});
  }

  function showError(form, text) {
    const error = form.querySelector(".chat-error");
    if (error) error.textContent = text;
  }

  panel.addEventListener("submit", (submit) => {
    const form = submit.target;
    const sending = form.classList.contains("boothchat-form");
    const name = sending ? "boothchat.send" : form.dataset.command;
    if (!name || !isOnline() || state === null) return; // the ordinary POST
    submit.preventDefault();
    const textarea = form.querySelector("textarea");
    let data = { id: Number(form.dataset.id) };
    if (sending) {
      data = { text: textarea.value };
      const conversation = form.querySelector("input[name=conversation]");
      if (conversation && conversation.value) data.conversation = Number(conversation.value);
    }
    const report = (text) => {
      if (sending) showError(form, text);
    };
    sendForm(form, d.topic, name, data, d, report).then((sent) => {
      if (sent && textarea) textarea.value = "";
    });
  });

  // Enter sends, Shift+Enter starts a new line; never while an input method is composing a word.
  panel.addEventListener("keydown", (key) => {
    const form = key.target.closest && key.target.closest(".boothchat-form");
    if (form && key.target.tagName === "TEXTAREA" && key.key === "Enter" && !key.shiftKey && !key.isComposing && form.requestSubmit) {
      key.preventDefault();
      form.requestSubmit();
    }
  });

  const notices = panelNotices(panel, ".boothchat-form");
  panel.querySelectorAll(".chat-log").forEach((log) => {
    log.scrollTop = log.scrollHeight;
  });
  subscribe(d.topic, {
    onSnapshot: (data) => {
      onSnapshot(data);
      if (d.heartbeat) sayHere();
      if (team) askVisitors();
    },
    onEvent: () => {},
    onPresence,
    ...notices,
  });
  // Conversations are private: their events come on user:<me>.
  if (me) subscribeOwn(me, { onEvent: onPersonalEvent, onMissed: () => refresh(d.topic) });
  if (d.heartbeat) setInterval(sayHere, Number(d.heartbeat) * 1000);
  if (team) setInterval(askVisitors, VISITORS_EVERY);
}

const panel = document.querySelector("section.booth-talk[data-topic]");
if (panel && "WebSocket" in window) start(panel);
