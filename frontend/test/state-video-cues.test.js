// state/video-cues.js: the caption a booth's video shows on the 3D hall's screen.
import assert from "node:assert/strict";
import { test } from "node:test";

import { activeCueText, chosenTrack, cueText } from "../src/state/video-cues.js";

const cues = [
  { startTime: 0, endTime: 3.5, text: "<v Chair>Welcome to the booth." },
  { startTime: 3.5, endTime: 7, text: "Our network reaches <i>every</i> island." },
  { startTime: 5, endTime: 6, text: "[applause]" },
  { startTime: 9, endTime: 12, text: "Bản đồ phủ sóng &amp; giá cước" },
];

test("the cue shown is the one whose time the video is in, its end excluded", () => {
  assert.equal(activeCueText(cues, 0), "Welcome to the booth.");
  assert.equal(activeCueText(cues, 3.49), "Welcome to the booth.");
  assert.equal(activeCueText(cues, 3.5), "Our network reaches every island.");
  assert.equal(activeCueText(cues, 10), "Bản đồ phủ sóng & giá cước");
});

test("overlapping cues show together in start order; between cues nothing shows", () => {
  const shuffled = [cues[2], cues[1]];
  assert.equal(activeCueText(shuffled, 5.5), "Our network reaches every island.\n[applause]");
  assert.equal(activeCueText(cues, 8), "");
  assert.equal(activeCueText(cues, 12), "");
  assert.equal(activeCueText([], 1), "");
  assert.equal(activeCueText(null, 1), ""); // the track's cues are not loaded yet
});

test("WebVTT markup goes and entities are decoded", () => {
  assert.equal(cueText("<c.yellow>Hello</c> <00:00:01.500>world"), "Hello world");
  assert.equal(cueText("&lt;not a tag&gt; &rlm;مرحبا"), "<not a tag> \u200fمرحبا");
  assert.equal(cueText(undefined), "");
});

test("the screen follows the track the player shows, else the page's language, else the first", () => {
  const tracks = [
    { language: "en", mode: "disabled" },
    { language: "fr", mode: "disabled" },
    { language: "zh", mode: "disabled" },
  ];
  assert.equal(chosenTrack(tracks, "fr"), 1);
  assert.equal(chosenTrack(tracks, "zh-hans"), 2);
  assert.equal(chosenTrack(tracks, "ar"), 0);
  assert.equal(chosenTrack([tracks[0], { language: "fr", mode: "showing" }], "en"), 1);
  assert.equal(chosenTrack([], "en"), null);
});
