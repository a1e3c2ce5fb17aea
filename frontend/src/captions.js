// The session's captions, made live: the panel keeps working without this file (a GET form chooses
// the language, a POST form sends a line); with it, lines arrive in place, switching the language is
// instant and remembered, and the captioner's form sends commands instead of reloading.
// The state and its events are state/captions.js; this file renders the state. Caption text is
// only ever set with textContent.

import { command, describeFailure, isOnline, panelNotices, sendOnEnter, subscribe } from "./live-page.js";
import { applyCaptionsEvent, captionsFromSnapshot, languageToShow } from "./state/captions.js";
const STORAGE_KEY = "pavilion.captions.language";

function remembered() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage refused (private browsing, policies)
  }
}

function remember(code) {
  try {
    localStorage.setItem(STORAGE_KEY, code);
  } catch {
    // Not remembered; the choice still applies to this page.
  }
}

function start(panel) {
  const d = panel.dataset;
  const choice = panel.querySelector("#captions-shown");
  const log = panel.querySelector(".captions-lines");
  const list = panel.querySelector(".captions-list");
  const empty = panel.querySelector(".captions-empty");
  const transcript = panel.querySelector(".captions-transcript a");
  const form = panel.querySelector(".captions-push");
  const pushLanguage = form && form.querySelector("select[name=language]");
  const textarea = form && form.querySelector("textarea");
  const error = panel.querySelector("#captions-error");
  let state = null; // state/captions.js
  let shown = d.shown;
  list.dataset.language = shown;
  // A language in the address (?captions=, e.g. a shared link or the form without JavaScript) wins;
  // otherwise the one chosen last time on any session, when this session has it.
  let wanted = new URLSearchParams(location.search).has("captions") ? null : remembered();

  function item(line) {
    const li = document.createElement("li");
    li.id = `caption-${line.id}`;
    li.dataset.id = line.id;
    li.dataset.seq = line.seq;
    li.textContent = line.text;
    return li;
  }

  // Reconcile the list with the shown language's lines, keeping the items already there.
  function render() {
    const lines = state.lines[shown] || [];
    const atEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    if (list.dataset.language !== shown) {
      // Another language: the region is silenced while it is refilled, so a screen reader does not
      // read out twenty old lines; new lines are announced again from the next event on.
      log.setAttribute("aria-live", "off");
      list.replaceChildren();
      list.dataset.language = shown;
      list.lang = shown;
      setTimeout(() => log.setAttribute("aria-live", "polite"), 500);
    }
    const wantedIds = new Set(lines.map((line) => String(line.id)));
    [...list.children].forEach((li) => wantedIds.has(li.dataset.id) || li.remove());
    let previous = null;
    lines.forEach((line) => {
      const li = document.getElementById(`caption-${line.id}`) || item(line);
      const expected = previous ? previous.nextElementSibling : list.firstElementChild;
      if (li !== expected) list.insertBefore(li, expected);
      previous = li;
    });
    empty.hidden = lines.length > 0;
    transcript.href = d.transcriptUrl.replace("/__/", `/${encodeURIComponent(shown)}/`);
    if (atEnd || list.children.length <= 1) log.scrollTop = log.scrollHeight;
  }

  function show(code) {
    if (!state || !state.languages.includes(code)) return;
    shown = code;
    choice.value = code;
    if (pushLanguage && [...pushLanguage.options].some((option) => option.value === code)) pushLanguage.value = code;
    render();
  }

  function onSnapshot(data) {
    state = captionsFromSnapshot(data.captions);
    shown = languageToShow(state.languages, { wanted, shown });
    wanted = null;
    show(shown);
    panel.dataset.live = "on";
  }

  function onEvent(event) {
    const next = applyCaptionsEvent(state, event);
    if (next === state) return;
    state = next;
    if (event.captions.line.language === shown) render();
  }

  // The interpretation switcher (interpretation.js) says which language the listener now hears: the
  // captions follow it when the session is captioned in that language.
  document.addEventListener("pavilion:listening", (listening) => {
    const code = listening.detail && listening.detail.language;
    if (!code) return;
    if (state) show(code);
    else wanted = code;
  });

  // Live, the choice applies at once; the "Show" button stays for the page without the connection.
  choice.addEventListener("change", () => {
    remember(choice.value);
    show(choice.value);
  });

  if (form) {
    const hint = form.querySelector("#captions-hint");
    if (hint) hint.hidden = false;

    // Following what one captions: choosing the language to write in also shows it.
    pushLanguage.addEventListener("change", () => show(pushLanguage.value));


    form.addEventListener("submit", (submit) => {
      if (!isOnline()) return; // the ordinary POST
      submit.preventDefault();
      const text = textarea.value;
      if (!text.trim()) return;
      // Cleared at once so the captioner can type on; commands of one connection run in order.
      textarea.value = "";
      command(d.topic, "captions.push", { language: pushLanguage.value, text }).then(
        () => {
          error.textContent = "";
        },
        (failure) => {
          if (!textarea.value) textarea.value = text;
          if (failure.code === "not_connected") form.submit();
          else error.textContent = describeFailure(failure, d);
        },
      );
    });

    sendOnEnter(textarea);
  }

  log.scrollTop = log.scrollHeight;
  subscribe(d.topic, { onSnapshot, onEvent, ...panelNotices(panel, ".captions-push") });
}

const panel = document.querySelector("section.captions[data-topic]");
if (panel && "WebSocket" in window) start(panel);
