// The session's floor, made live: the panel's forms keep working without this file (or without the
// socket); with it, the list of speakers and the speaker change in place, the speaking timer counts
// down every second, and the forms send commands instead of reloading. A change of speaker is
// announced to screen readers once (the clock itself is a role="timer", which is not read aloud).
// The state, its events and the timer's arithmetic are state/floor.js; this file renders the state.
// User text is only ever set with textContent.

import { csrfToken, idUrl, postForm } from "./forms.js";
import { command, describeFailure, isOnline, panelNotices, subscribe } from "./live-page.js";
import { applyFloorEvent, chairForms, clockText, floorFromSnapshot, speakerChanged, timeLeft } from "./state/floor.js";

function start(panel) {
  const d = panel.dataset;
  const userId = d.userId ? Number(d.userId) : null;
  const language = document.documentElement.lang || "en";
  const $ = (selector) => panel.querySelector(selector);
  const queueList = $(".floor-queue");
  const empty = $(".floor-empty");
  const speakerLine = $(".floor-speaker");
  const free = $(".floor-free");
  const timerLine = $(".floor-timer");
  const clock = $(".floor-clock");
  const clockLabel = $(".floor-clock-label");
  const limit = $(".floor-limit");
  const paused = $(".floor-paused");
  const announce = $(".floor-announce");
  const mineLine = $(".floor-mine");
  const error = $(".floor-error");
  const token = csrfToken(panel);
  const forms = {
    request: $(".floor-request"),
    withdraw: $(".floor-withdraw"),
    next: $(".floor-next"),
    end: $(".floor-end"),
    restart: $(".floor-restart"),
    pause: $(".floor-pause"),
    resume: $(".floor-resume"),
    time: $(".floor-time"),
  };
  // Where focus goes when the button that had it disappears (pausing shows "Resume" in its place …).
  const counterpart = new Map([
    [forms.request, forms.withdraw],
    [forms.withdraw, forms.request],
    [forms.pause, forms.resume],
    [forms.resume, forms.pause],
    [forms.end, forms.next],
  ]);
  let state = null;
  let clockOffset = 0; // the server's clock minus this one, in milliseconds
  let timeUpAnnounced = false;

  const format = (template, values) => template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? values[key] : whole));
  const delegationOf = (entry) => entry.delegation[language] || entry.delegation.en || "";

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The same markup as floor/_person.html.
  function person(entry) {
    const name = element("span", "floor-name", entry.name);
    name.id = `floor-request-${entry.id}-name`;
    const parts = [name];
    if (entry.user_id === userId) parts.push(" ", element("span", "floor-you", d.labelYou));
    const details = element("span", "floor-details");
    const delegation = delegationOf(entry);
    if (delegation) details.append(" · ", element("span", "floor-delegation", delegation));
    details.append(" · ", element("span", "floor-function", panel.getAttribute(`data-function-${entry.function}`) || entry.function));
    parts.push(details);
    return parts;
  }

  function giveForm(entry) {
    return postForm({
      action: idUrl(d.giveUrl, entry.id),
      token,
      className: "floor-give",
      data: { command: "floor.give", id: entry.id },
      label: d.labelGive,
      describedBy: `floor-request-${entry.id}-name`,
    });
  }

  function queueItem(entry) {
    const item = element("li");
    item.id = `floor-request-${entry.id}`;
    item.dataset.id = entry.id;
    item.append(...person(entry));
    if (d.giveUrl) item.append(" ", giveForm(entry));
    return item;
  }

  const timeLeftNow = () => timeLeft(state.timer, Date.now() + clockOffset);

  function tick() {
    if (!state || !state.speaker) return;
    const left = timeLeftNow();
    const over = left <= 0;
    const text = clockText(left);
    if (clock.textContent !== text) clock.textContent = text;
    clock.classList.toggle("is-over", over);
    clockLabel.textContent = over ? d.labelOverTime : d.labelTimeLeft;
    if (over && !timeUpAnnounced) {
      timeUpAnnounced = true;
      announce.textContent = d.labelTimeUp;
    }
  }

  function show(form, visible) {
    if (form) form.hidden = !visible;
  }

  function render() {
    const focused = panel.contains(document.activeElement) ? document.activeElement.closest("form") : null;
    const { speaker, queue, timer } = state;

    speakerLine.replaceChildren(...(speaker ? person(speaker) : []));
    speakerLine.hidden = !speaker;
    free.hidden = Boolean(speaker);
    timerLine.hidden = !speaker;
    limit.textContent = format(d.formatLimit, { limit: clockText(timer.limit * 1000) });
    paused.hidden = timer.running;

    // The list in the server's order, keeping the items (and a focused button) that stay.
    const wanted = new Set(queue.map((entry) => String(entry.id)));
    [...queueList.children].forEach((node) => wanted.has(node.dataset.id) || node.remove());
    let previous = null;
    queue.forEach((entry) => {
      const node = document.getElementById(`floor-request-${entry.id}`) || queueItem(entry);
      const expected = previous ? previous.nextElementSibling : queueList.firstElementChild;
      if (node !== expected) queueList.insertBefore(node, expected);
      previous = node;
    });
    empty.hidden = queue.length > 0;

    const own = state.mine;
    if (mineLine) {
      mineLine.hidden = !own;
      mineLine.textContent = !own ? "" : own.status === "speaking" ? d.labelSpeaking : format(d.formatPosition, { position: own.position });
    }
    show(forms.request, !own);
    show(forms.withdraw, Boolean(own));
    if (forms.withdraw) forms.withdraw.querySelector("button").textContent = own && own.status === "speaking" ? d.labelEndMine : d.labelWithdraw;

    Object.entries(chairForms(state)).forEach(([name, visible]) => show(forms[name], visible));
    if (forms.time && !forms.time.contains(document.activeElement)) {
      forms.time.querySelector("input[name=minutes]").value = Math.floor(timer.limit / 60);
      forms.time.querySelector("input[name=seconds]").value = timer.limit % 60;
    }
    tick();

    if (focused && (!focused.isConnected || focused.hidden)) {
      const next = counterpart.get(focused);
      const target = next && !next.hidden ? next.querySelector("button") : $("#floor-heading");
      target.focus();
    }
  }

  function announceSpeaker(before) {
    const speaker = state.speaker;
    if (!speakerChanged(before, state)) return;
    if (!speaker) announce.textContent = d.labelFree;
    else if (speaker.user_id === userId) announce.textContent = d.labelSpeaking;
    else announce.textContent = format(d.formatHasFloor, { name: speaker.name, delegation: delegationOf(speaker) });
  }

  function onSnapshot(data) {
    const snapshot = data.floor;
    if (!snapshot) return;
    clockOffset = snapshot.now - Date.now();
    state = floorFromSnapshot(snapshot);
    timeUpAnnounced = Boolean(state.speaker) && timeLeftNow() <= 0; // only a timer that runs out while we watch
    render();
    panel.dataset.live = "on";
  }

  function onEvent(event) {
    const next = applyFloorEvent(state, event, { me: userId });
    if (next === state) return;
    const before = state;
    state = next;
    if (state.speaker && timeLeftNow() > 0) timeUpAnnounced = false;
    announceSpeaker(before);
    render();
  }


  function commandData(form) {
    const name = form.dataset.command;
    if (name === "floor.give") return { id: Number(form.dataset.id) };
    if (name === "floor.timer") return { action: form.dataset.action };
    if (name === "floor.set_time") {
      const minutes = Number(form.querySelector("input[name=minutes]").value || 0);
      const seconds = Number(form.querySelector("input[name=seconds]").value || 0);
      return { seconds: minutes * 60 + seconds };
    }
    return {};
  }

  panel.addEventListener("submit", (submit) => {
    const form = submit.target;
    const name = form.dataset.command;
    if (!name || !isOnline()) return; // the ordinary POST
    const data = commandData(form);
    if (name === "floor.set_time" && !Number.isInteger(data.seconds)) return; // the server explains
    submit.preventDefault();
    // Not `disabled`: a disabled button loses focus, and render() moves focus from a button that
    // disappears (Pause) to the one that takes its place (Resume).
    const button = form.querySelector("button[type=submit]");
    if (button.getAttribute("aria-disabled") === "true") return; // already sent
    button.setAttribute("aria-disabled", "true");
    command(d.topic, name, data)
      .then(
        () => {
          error.textContent = "";
        },
        (failure) => {
          if (failure.code === "not_connected") form.submit();
          else error.textContent = describeFailure(failure, d);
        },
      )
      .finally(() => {
        button.removeAttribute("aria-disabled");
      });
  });

  subscribe(d.topic, { onSnapshot, onEvent, ...panelNotices(panel, ".floor-own form, .floor-chair") });
  setInterval(tick, 250);
}

const panel = document.querySelector("section.floor[data-topic]");
if (panel && "WebSocket" in window) start(panel);
