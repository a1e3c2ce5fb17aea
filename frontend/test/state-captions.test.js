// state/captions.js against the scenario of tests/captions/test_live.py (test_snapshot_plus_events_equals_a_fresh_snapshot):
// 18 earlier English lines, then five live lines in English and Vietnamese; each language keeps its last 20.
import assert from "node:assert/strict";
import { test } from "node:test";

import { applyCaptionsEvent, captionsFromSnapshot, languageToShow, RECENT_LINES } from "../src/state/captions.js";
import { copy, replay } from "./replay.js";

const line = (id, language, seq, text) => ({ id, language, seq, text, at: "2020-10-20T06:00:05Z" });
const earlier = Array.from({ length: 18 }, (_, index) => line(index + 1, "en", index + 1, `Earlier line ${index + 1}.`));
const live = [
  line(19, "en", 19, "The Chair opens the session."),
  line(20, "vi", 1, "Chủ tọa khai mạc phiên họp."),
  line(21, "en", 20, "Viet Nam has the floor."),
  line(22, "vi", 2, "Việt Nam phát biểu."),
  line(23, "en", 21, "Thank you, Chair."),
];
const events = live.map((added) => ({ captions: { line: added } }));

for (const [who, mayCaption, captioning] of [
  ["captioner", true, ["en", "vi"]],
  ["attendee", false, []],
]) {
  test(`${who}: snapshot + events equals a fresh snapshot`, () => {
    const snapshot = { languages: ["en", "vi", "fr"], lines: { en: earlier, vi: [], fr: [] }, may_caption: mayCaption, captioning_languages: captioning };
    const state = replay({ fromSnapshot: captionsFromSnapshot, apply: applyCaptionsEvent, snapshot, events });
    assert.deepEqual(state, {
      languages: ["en", "vi", "fr"],
      lines: { en: [...earlier.slice(1), live[0], live[2], live[4]], vi: [live[1], live[3]], fr: [] },
      may_caption: mayCaption,
      captioning_languages: captioning,
    });
    assert.equal(state.lines.en.length, RECENT_LINES);
  });
}

test("a line known already, one out of order, or in a language the session has not, is handled like the server's list", () => {
  const state = captionsFromSnapshot({ languages: ["en"], lines: { en: [line(1, "en", 1, "a"), line(3, "en", 3, "c")] }, may_caption: false, captioning_languages: [] });
  const before = copy(state);
  assert.equal(applyCaptionsEvent(state, { captions: { line: line(3, "en", 3, "c") } }), state);
  assert.equal(applyCaptionsEvent(state, { captions: { line: line(9, "de", 1, "x") } }), state);
  assert.deepEqual(applyCaptionsEvent(state, { captions: { line: line(2, "en", 2, "b") } }).lines.en.map((known) => known.seq), [1, 2, 3]);
  assert.deepEqual(state, before);
});

test("the language shown: the remembered one when the session has it, else the one shown, else its first", () => {
  assert.equal(languageToShow(["en", "vi"], { wanted: "vi", shown: "en" }), "vi");
  assert.equal(languageToShow(["en", "vi"], { wanted: "fr", shown: "en" }), "en");
  assert.equal(languageToShow(["en", "vi"], { wanted: null, shown: "ar" }), "en");
});
