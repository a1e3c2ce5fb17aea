// The session's interpretation, in the player: without this file the panel links each channel's stream
// (templates/interpretation/stage_panel.html); with it, a switcher next to the player plays the chosen
// channel on the page, lowers the floor under a spoken channel (the slider), makes the captions follow
// the channel's language and remembers the choice (this browser: localStorage; signed in: the server
// too). On-air marks, the interpreters' switches and the channels themselves (an organiser adds, hides or
// changes one) follow the session topic when the live client is loaded, and the booth team's chat its
// own topic. The decisions are state/interpretation.js; this file applies them to the page.

import {
  applyOnAirEvent,
  applyTeamEvent,
  channelOf,
  channelToOffer,
  duckingLevel,
  FLOOR,
  onAirFromSnapshot,
  playPlan,
  stillListening,
  teamFromSnapshot,
} from "./state/interpretation.js";
import { clockFormat } from "./time-format.js";

const CHANNEL_KEY = "pavilion.interpretation.channel";
const DUCKING_KEY = "pavilion.interpretation.ducking";

function stored(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage refused (private browsing, policies)
  }
}

function store(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Not remembered; the choice still applies to this page.
  }
}

function start(panel) {
  const d = panel.dataset;
  const floor = document.querySelector(".stage .player");
  const floorIsMedia = floor instanceof HTMLMediaElement;
  const switcher = panel.querySelector(".channel-switch");
  let radios = [...panel.querySelectorAll("input[name=listen]")];
  let channels = radios.map((radio) => ({
    key: radio.value,
    language: radio.dataset.language,
    kind: radio.dataset.kind,
    url: radio.dataset.url,
  }));
  const slider = panel.querySelector("#floor-volume");
  const output = panel.querySelector("output[for=floor-volume]");
  const ducking = panel.querySelector(".ducking");
  const place = panel.querySelector(".channel-player");
  const choiceForm = panel.querySelector("form.channel-choice");
  let playing = null; // the key the channel player holds

  slider.value = String(duckingLevel(stored(DUCKING_KEY)));
  output.value = `${slider.value}%`;

  function channelPlayer(channel, kind) {
    let element;
    if (kind === "frame") {
      element = document.createElement("iframe");
      element.title = radios.find((radio) => radio.value === channel.key).parentElement.textContent.trim();
      element.allow = "autoplay; fullscreen";
      element.referrerPolicy = "strict-origin-when-cross-origin";
      element.setAttribute("sandbox", "allow-scripts allow-same-origin allow-presentation");
    } else {
      element = document.createElement(kind);
      element.controls = true;
      element.preload = "none";
      if (kind === "video") element.playsInline = true;
    }
    element.className = `channel-${kind}`;
    element.src = channel.url;
    element.lang = channel.language;
    return element;
  }

  function followCaptions(language) {
    if (!language) return;
    // The captions panel (captions.js) shows this language when the session has captions in it.
    document.dispatchEvent(new CustomEvent("pavilion:listening", { detail: { language } }));
    if (!floorIsMedia) return;
    const tracks = [...floor.textTracks];
    if (!tracks.some((track) => track.language === language)) return;
    tracks.forEach((track) => {
      track.mode = track.language === language ? "showing" : "disabled";
    });
  }

  // `initial`: the channel offered when the page opens. On the floor the captions then stay in the
  // language the listener chose for them; they follow the floor's language only when switched back.
  function listen(key, { initial = false } = {}) {
    const channel = channels.find((item) => item.key === key) || channels[0];
    const plan = playPlan(channel, { floorIsMedia, ducking: slider.value, floorLanguage: d.floorLanguage });
    radios.forEach((radio) => {
      radio.checked = radio.value === channel.key;
    });
    if (plan.floorVolume !== null) floor.volume = plan.floorVolume;
    if (playing !== channel.key) {
      place.replaceChildren();
      place.hidden = plan.player === null;
      if (plan.player !== null) {
        const element = channelPlayer(channel, plan.player);
        place.append(element);
        // Started only when the floor plays (or for a player page): video is the listener's to start.
        if (element instanceof HTMLMediaElement && floorIsMedia && !floor.paused) element.play().catch(() => {});
      }
      playing = channel.key;
    }
    ducking.hidden = !plan.ducking;
    if (!(initial && channel.key === FLOOR)) followCaptions(plan.captions);
    panel.dataset.listening = channel.key;
  }

  function keep(key) {
    store(CHANNEL_KEY, key);
    if (!choiceForm) return;
    choiceForm.elements.channel.value = key;
    fetch(choiceForm.action, { method: "POST", body: new FormData(choiceForm), credentials: "same-origin" }).catch(
      () => {}, // kept in this browser all the same
    );
  }

  function follow(radio) {
    radio.addEventListener("change", () => {
      if (!radio.checked) return;
      listen(radio.value);
      keep(radio.value);
    });
  }
  radios.forEach(follow);

  let languageNames = {};
  try {
    languageNames = JSON.parse(document.getElementById("interpretation-languages").textContent);
  } catch {
    // Unnamed languages show their code.
  }

  function radioFor(channel) {
    const label = document.createElement("label");
    const radio = document.createElement("input");
    radio.type = "radio";
    radio.name = "listen";
    radio.value = channel.key;
    radio.dataset.kind = channel.kind;
    radio.dataset.url = channel.url;
    radio.dataset.language = channel.language;
    const name = document.createElement("span");
    name.lang = channel.language;
    name.textContent = languageNames[channel.language] || channel.language;
    const mark = document.createElement("span");
    mark.className = "on-air-mark";
    mark.dataset.onAirFor = channel.key;
    mark.textContent = d.onAir;
    mark.hidden = true;
    label.append(radio, " ", name, channel.kind === "sign" ? ` (${d.signLanguage})` : "", " ", mark);
    follow(radio);
    return label;
  }

  // The session's channels changed (live): the switcher lists the new ones; a listener whose channel went
  // away is back on the floor, and one whose channel got another address hears the new one.
  function offer(offered) {
    const shown = channels.filter((item) => item.key !== FLOOR);
    const same =
      shown.length === offered.length &&
      offered.every((item, index) => item.key === shown[index].key && item.url === shown[index].url);
    if (same) return;
    const listening = panel.dataset.listening || FLOOR;
    const before = channels.find((item) => item.key === listening);
    const floorRadio = radios.find((radio) => radio.value === FLOOR);
    const next = offered.map(channelOf);
    switcher.replaceChildren(switcher.querySelector("legend"), floorRadio.parentElement, ...next.map(radioFor));
    radios = [...switcher.querySelectorAll("input[name=listen]")];
    channels = [channels.find((item) => item.key === FLOOR), ...next];
    const now = stillListening(listening, next);
    const after = channels.find((item) => item.key === now);
    if (now === listening && before && after && before.url !== after.url) playing = null;
    listen(now);
    panel.hidden = next.length === 0 && !panel.querySelector(".interpreter-desk");
  }

  slider.addEventListener("input", () => {
    output.value = `${slider.value}%`;
    store(DUCKING_KEY, slider.value);
    const plan = playPlan(
      channels.find((item) => item.key === panel.dataset.listening),
      { floorIsMedia, ducking: slider.value, floorLanguage: d.floorLanguage },
    );
    if (plan.floorVolume !== null) floor.volume = plan.floorVolume;
  });

  // The media the floor plays starts with it and stops with it.
  if (floorIsMedia) {
    floor.addEventListener("play", () => {
      const element = place.querySelector("audio, video");
      if (element) element.play().catch(() => {});
    });
    floor.addEventListener("pause", () => {
      const element = place.querySelector("audio, video");
      if (element) element.pause();
    });
  }

  panel.querySelector("ul.channels").hidden = true;
  panel.querySelector(".channel-switch").hidden = false;
  const offered = channelToOffer(channels, { remembered: stored(CHANNEL_KEY), saved: d.saved, uiLanguage: d.uiLanguage });
  listen(offered, { initial: true });
  startOnAir(panel, offer);
}

function startOnAir(panel, offer) {
  const live = window.pavilionLive;
  if (!live) return; // the page's marks stay as the server drew them
  const d = panel.dataset;
  let state = null;

  function render() {
    panel.querySelectorAll("[data-on-air-for]").forEach((mark) => {
      mark.hidden = !state.onAir.includes(mark.dataset.onAirFor);
    });
    panel.querySelectorAll(".interpreter-desk form[data-channel]").forEach((form) => {
      // A channel the session no longer offers is no longer anyone's to switch.
      form.parentElement.hidden = !state.channels.some((channel) => channel.key === form.dataset.channel);
      const isOn = state.onAir.includes(form.dataset.channel);
      const on = form.querySelector("input[name=on]");
      if (isOn && on) on.remove();
      if (!isOn && !on) {
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = "on";
        input.value = "1";
        form.prepend(input);
      }
      const button = form.querySelector("button");
      button.textContent = isOn ? d.goOffAir : d.goOnAir;
      button.setAttribute("aria-pressed", String(isOn));
    });
  }

  panel.querySelectorAll(".interpreter-desk form[data-channel]").forEach((form) =>
    form.addEventListener("submit", (submit) => {
      if (!live.isOnline()) return; // the ordinary POST
      submit.preventDefault();
      const on = !state.onAir.includes(form.dataset.channel);
      live.command(d.topic, "interpretation.on_air", { channel: form.dataset.channel, on }).catch((failure) => {
        if (failure.code === "not_connected") form.submit();
      });
    }),
  );

  live.subscribe(d.topic, {
    onSnapshot: (data) => {
      state = onAirFromSnapshot(data.interpretation);
      offer(state.channels); // changed between the page and the snapshot
      render();
    },
    onEvent: (event) => {
      const next = applyOnAirEvent(state, event);
      if (next === state) return;
      const changed = next.channels !== state.channels;
      state = next;
      if (changed) offer(state.channels);
      render();
    },
  });
  const chat = panel.querySelector(".interpreters-chat");
  if (chat) startTeamChat(chat, live);
}

// The booth team's chat: lines arrive in place, and the form sends a command instead of reloading.
function startTeamChat(chat, live) {
  const d = chat.dataset;
  const list = chat.querySelector(".team-lines");
  const empty = chat.querySelector(".team-empty");
  const log = chat.querySelector(".chat-log");
  const form = chat.querySelector(".team-form");
  const error = chat.querySelector("#team-error");
  const clock = clockFormat({ locale: document.documentElement.lang, timeZone: d.timeZone });
  let state = null;

  function item(line) {
    const li = document.createElement("li");
    li.dataset.id = line.id;
    const meta = document.createElement("p");
    meta.className = "chat-meta";
    const author = document.createElement("span");
    author.className = "chat-author";
    author.translate = false;
    author.textContent = line.author;
    const time = document.createElement("time");
    time.dateTime = line.at;
    time.textContent = clock(line.at);
    meta.append(author, " ", time);
    const text = document.createElement("p");
    text.className = "chat-text";
    text.textContent = line.text;
    li.append(meta, text);
    return li;
  }

  function render() {
    const atEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    const shown = new Map([...list.children].map((li) => [li.dataset.id, li]));
    list.replaceChildren(...state.messages.map((line) => shown.get(String(line.id)) || item(line)));
    empty.hidden = state.messages.length > 0;
    if (atEnd) log.scrollTop = log.scrollHeight;
  }

  form.addEventListener("submit", (submit) => {
    if (!live.isOnline()) return; // the ordinary POST
    submit.preventDefault();
    const textarea = form.querySelector("textarea");
    live
      .sendForm(form, d.topic, "interpreters.send", { text: textarea.value }, d, (text) => {
        error.textContent = text;
      })
      .then((sent) => {
        if (sent) textarea.value = "";
      });
  });
  live.sendOnEnter(form.querySelector("textarea"));

  live.subscribe(d.topic, {
    onSnapshot: (data) => {
      state = teamFromSnapshot(data.interpreters);
      render();
    },
    onEvent: (event) => {
      const next = applyTeamEvent(state, event);
      if (next === state) return;
      state = next;
      render();
    },
    ...live.panelNotices(chat, ".team-form"),
  });
}

const panel = document.querySelector("section.interpretation");
if (panel && panel.querySelector(".channel-switch")) start(panel);
