// The session's interpretation, in the player: without this file the panel links each channel's stream
// (templates/interpretation/stage_panel.html); with it, a switcher next to the player plays the chosen
// channel on the page, lowers the floor under a spoken channel (the slider), makes the captions follow
// the channel's language and remembers the choice (this browser: localStorage; signed in: the server
// too). On-air marks and the interpreters' switches follow the session topic when the live client is
// loaded. The decisions are state/interpretation.js; this file applies them to the page.

import {
  applyOnAirEvent,
  channelToOffer,
  duckingLevel,
  FLOOR,
  onAirFromSnapshot,
  playPlan,
} from "./state/interpretation.js";

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
  const radios = [...panel.querySelectorAll("input[name=listen]")];
  const channels = radios.map((radio) => ({
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

  radios.forEach((radio) =>
    radio.addEventListener("change", () => {
      if (!radio.checked) return;
      listen(radio.value);
      keep(radio.value);
    }),
  );

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
  startOnAir(panel);
}

function startOnAir(panel) {
  const live = window.pavilionLive;
  if (!live) return; // the page's marks stay as the server drew them
  const d = panel.dataset;
  let state = null;

  function render() {
    panel.querySelectorAll("[data-on-air-for]").forEach((mark) => {
      mark.hidden = !state.onAir.includes(mark.dataset.onAirFor);
    });
    panel.querySelectorAll(".interpreter-desk form[data-channel]").forEach((form) => {
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
      render();
    },
    onEvent: (event) => {
      const next = applyOnAirEvent(state, event);
      if (next === state) return;
      state = next;
      render();
    },
  });
}

const panel = document.querySelector("section.interpretation");
if (panel && panel.querySelector(".channel-switch")) start(panel);
