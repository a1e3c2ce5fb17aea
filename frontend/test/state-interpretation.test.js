// state/interpretation.js: which channel is offered first, what playing a channel does to the page, and
// the on-air status (snapshot + events = fresh snapshot, as tests/interpretation/test_live.py checks it).
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  applyOnAirEvent,
  applyTeamEvent,
  channelOf,
  channelToOffer,
  DEFAULT_DUCKING,
  duckingLevel,
  FLOOR,
  isMediaUrl,
  onAirFromSnapshot,
  playPlan,
  stillListening,
  TEAM_LINES,
  teamFromSnapshot,
} from "../src/state/interpretation.js";
import { copy, replay } from "./replay.js";

const floor = { key: FLOOR, language: "", kind: "video", url: "https://stream.example.org/main.m3u8" };
const french = { key: "fr:audio", language: "fr", kind: "audio", url: "https://stream.example.org/fr.m3u8" };
const spanishPage = { key: "es:audio", language: "es", kind: "audio", url: "https://player.example.org/embed/es" };
const russianVideo = { key: "ru:video", language: "ru", kind: "video", url: "https://stream.example.org/ru.mp4" };
const frenchSign = { key: "fr:sign", language: "fr", kind: "sign", url: "https://stream.example.org/lsf.webm" };
const channels = [floor, french, spanishPage, russianVideo, frenchSign];

test("the channel remembered on this device wins when the session has it", () => {
  assert.equal(channelToOffer(channels, { remembered: "es:audio", saved: "fr:audio", uiLanguage: "ru" }), "es:audio");
  assert.equal(channelToOffer(channels, { remembered: FLOOR, saved: "fr:audio", uiLanguage: "fr" }), FLOOR);
});

test("the kept choice of the signed-in listener comes next, then the page's language, then the floor", () => {
  assert.equal(channelToOffer(channels, { remembered: "zh:audio", saved: "ru:video", uiLanguage: "fr" }), "ru:video");
  assert.equal(channelToOffer(channels, { remembered: null, saved: "", uiLanguage: "fr" }), "fr:audio");
  assert.equal(channelToOffer(channels, { remembered: null, saved: "", uiLanguage: "ar" }), FLOOR);
  // A sign-language channel is never chosen for the listener only because of the page's language.
  assert.equal(channelToOffer([floor, frenchSign], { remembered: null, saved: "", uiLanguage: "fr" }), FLOOR);
});

test("media addresses are played on the page, player pages are embedded", () => {
  assert.equal(isMediaUrl("https://stream.example.org/fr.m3u8?token=1"), true);
  assert.equal(isMediaUrl("https://stream.example.org/ru.MP4"), true);
  assert.equal(isMediaUrl("https://player.example.org/embed/es"), false);
  assert.equal(isMediaUrl(""), false);
});

test("ducking levels stay between 0 and 100, with the default when unreadable", () => {
  assert.equal(duckingLevel("35"), 35);
  assert.equal(duckingLevel(140), 100);
  assert.equal(duckingLevel(-3), 0);
  assert.equal(duckingLevel(null), DEFAULT_DUCKING);
  assert.equal(duckingLevel("loud"), DEFAULT_DUCKING);
});

test("a spoken channel lowers a floor the page plays, and the captions follow its language", () => {
  assert.deepEqual(playPlan(french, { floorIsMedia: true, ducking: "30", floorLanguage: "en" }), {
    floorVolume: 0.3,
    player: "audio",
    ducking: true,
    captions: "fr",
  });
  assert.deepEqual(playPlan(russianVideo, { floorIsMedia: true, ducking: 0, floorLanguage: "en" }), {
    floorVolume: 0,
    player: "video",
    ducking: true,
    captions: "ru",
  });
});

test("an embedded floor cannot be lowered; a player page is embedded; a signer leaves the sound", () => {
  assert.deepEqual(playPlan(spanishPage, { floorIsMedia: false, ducking: 20, floorLanguage: "en" }), {
    floorVolume: null,
    player: "frame",
    ducking: false,
    captions: "es",
  });
  assert.deepEqual(playPlan(frenchSign, { floorIsMedia: true, ducking: 20, floorLanguage: "en" }), {
    floorVolume: 1,
    player: "video",
    ducking: false,
    captions: "fr",
  });
});

test("back to the floor: full volume, no channel player, captions in the session's language", () => {
  assert.deepEqual(playPlan(floor, { floorIsMedia: true, ducking: 20, floorLanguage: "en" }), {
    floorVolume: 1,
    player: null,
    ducking: false,
    captions: "en",
  });
  assert.deepEqual(playPlan(floor, { floorIsMedia: false, ducking: 20, floorLanguage: "" }), {
    floorVolume: null,
    player: null,
    ducking: false,
    captions: null,
  });
});

const fr = { key: "fr:audio", url: "https://stream.example.org/fr.m3u8" };
const es = { key: "es:audio", url: "https://stream.example.org/es.m3u8" };
const ru = { key: "ru:video", url: "https://stream.example.org/ru.mp4" };

test("on-air snapshot plus events equals a fresh snapshot", () => {
  const snapshot = { channels: [es, fr, ru], on_air: ["fr:audio"], interpreting: ["fr:audio", "es:audio"] };
  const kept = copy(snapshot);
  const events = [
    { interpretation: { channel: "es:audio", on_air: true } },
    { interpretation: { channel: "fr:audio", on_air: false } },
    { interpretation: { channel: "ru:video", on_air: true } },
    { interpretation: { channel: "ru:video", on_air: true } }, // repeated: nothing changes
    { captions: { line: {} } }, // another feature's event
  ];
  const state = replay({ fromSnapshot: onAirFromSnapshot, apply: applyOnAirEvent, snapshot, events });
  const fresh = onAirFromSnapshot({
    channels: [es, fr, ru],
    on_air: ["es:audio", "ru:video"],
    interpreting: ["fr:audio", "es:audio"],
  });
  assert.deepEqual(state, fresh);
  assert.deepEqual(snapshot, kept);
});

test("channel changes plus on-air events equal a fresh snapshot (tests/interpretation/test_live.py's scenario)", () => {
  const moved = { key: "fr:audio", url: "https://stream.example.org/fr-backup.m3u8" };
  const snapshot = { channels: [es, fr], on_air: ["fr:audio", "es:audio"], interpreting: ["fr:audio", "es:audio"] };
  const events = [
    { interpretation: { channels: [fr] } }, // Spanish hidden: off air, no longer anyone's to switch
    { interpretation: { channels: [moved] } }, // French gets another address, stays on air
    { interpretation: { channels: [moved, ru] } }, // a Russian channel added
    { interpretation: { channel: "ru:video", on_air: true } },
    { interpretation: { channels: [moved, ru] } }, // the same list again: nothing changes
  ];
  const state = replay({ fromSnapshot: onAirFromSnapshot, apply: applyOnAirEvent, snapshot, events });
  assert.deepEqual(
    state,
    onAirFromSnapshot({ channels: [moved, ru], on_air: ["fr:audio", "ru:video"], interpreting: ["fr:audio"] }),
  );
});

test("the same list of channels returns the same state", () => {
  const state = onAirFromSnapshot({ channels: [es, fr], on_air: [], interpreting: [] });
  assert.equal(applyOnAirEvent(state, { interpretation: { channels: [{ ...es }, { ...fr }] } }), state);
  assert.notEqual(applyOnAirEvent(state, { interpretation: { channels: [fr, es] } }), state);
});

test("a channel's key gives its language and kind; a listener whose channel went away is back on the floor", () => {
  assert.deepEqual(channelOf(ru), { key: "ru:video", language: "ru", kind: "video", url: ru.url });
  assert.deepEqual(channelOf({ key: "zh-hans:sign", url: "u" }), { key: "zh-hans:sign", language: "zh-hans", kind: "sign", url: "u" });
  assert.equal(stillListening("fr:audio", [es, fr].map(channelOf)), "fr:audio");
  assert.equal(stillListening("ru:video", [es, fr].map(channelOf)), FLOOR);
  assert.equal(stillListening(FLOOR, []), FLOOR);
});

test("interpreters' chat: snapshot plus events equals a fresh snapshot, keeping the last lines", () => {
  const line = (id) => ({ id, author: "A", author_id: 1, text: `line ${id}`, at: "2020-10-20T06:00:00Z" });
  const snapshot = { messages: [line(1), line(2)] };
  const events = [
    { interpreters: { added: line(3) } },
    { interpreters: { added: line(3) } }, // twice: once
    { interpretation: { channel: "fr:audio", on_air: true } }, // another topic's event
  ];
  const state = replay({ fromSnapshot: teamFromSnapshot, apply: applyTeamEvent, snapshot, events });
  assert.deepEqual(state, teamFromSnapshot({ messages: [line(1), line(2), line(3)] }));
  let long = teamFromSnapshot({ messages: [] });
  for (let id = 1; id <= TEAM_LINES + 5; id += 1) long = applyTeamEvent(long, { interpreters: { added: line(id) } });
  assert.equal(long.messages.length, TEAM_LINES);
  assert.equal(long.messages[0].id, 6);
});

test("an event that changes nothing returns the same state", () => {
  const state = onAirFromSnapshot({ channels: [fr], on_air: ["fr:audio"], interpreting: [] });
  assert.equal(applyOnAirEvent(state, { interpretation: { channel: "fr:audio", on_air: true } }), state);
  assert.equal(applyOnAirEvent(state, { interpretation: { channel: "es:audio", on_air: false } }), state);
  assert.equal(applyOnAirEvent(state, { chat: {} }), state);
});
