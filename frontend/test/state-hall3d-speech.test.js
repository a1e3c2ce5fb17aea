// state/hall3d.js: what is said when a booth comes alive because the visitor walked up to it.
import assert from "node:assert/strict";
import { test } from "node:test";

import { APPROACH_SPEECH, approachSpeech, boothContents, SILENT } from "../src/state/hall3d.js";

const run = (events) => {
  let state = SILENT;
  const said = [];
  for (const event of events) {
    const result = approachSpeech(state, event);
    state = result.state;
    if (result.say !== null) said.push([result.say, event.now]);
  }
  return { state, said };
};

test("a booth walked up to is announced once the visitor has stopped there a moment", () => {
  const { said } = run([
    { type: "approach", booth: 4, now: 0 },
    { type: "tick", now: APPROACH_SPEECH.delay - 1 },
    { type: "tick", now: APPROACH_SPEECH.delay },
    { type: "tick", now: APPROACH_SPEECH.delay + 10 },
  ]);
  assert.deepEqual(said, [[4, 1200]]);
});

test("the same booth is not announced again while it stays alive, but is after the visitor left it", () => {
  const { said } = run([
    { type: "approach", booth: 4, now: 0 },
    { type: "tick", now: 1200 },
    { type: "approach", booth: 4, now: 3000 }, // a small step in front of the same booth
    { type: "tick", now: 9000 },
    { type: "leave" },
    { type: "approach", booth: 4, now: 10000 },
    { type: "tick", now: 11200 },
  ]);
  assert.deepEqual(said, [
    [4, 1200],
    [4, 11200],
  ]);
});

test("walking past several booths announces only the one the visitor stops at", () => {
  const { said } = run([
    { type: "approach", booth: 1, now: 0 },
    { type: "approach", booth: 2, now: 500 },
    { type: "tick", now: 1300 }, // booth 1's moment has passed, but it is no longer alive
    { type: "approach", booth: 3, now: 1500 },
    { type: "tick", now: 2000 },
    { type: "tick", now: 2700 },
  ]);
  assert.deepEqual(said, [[3, 2700]]);
});

test("announcements of booths walked up to are at least a few seconds apart", () => {
  const { said } = run([
    { type: "approach", booth: 1, now: 0 },
    { type: "tick", now: 1200 },
    { type: "approach", booth: 2, now: 2000 },
    { type: "tick", now: 3200 }, // too soon after booth 1
    { type: "tick", now: 5200 },
  ]);
  assert.deepEqual(said, [
    [1, 1200],
    [2, 5200],
  ]);
});

test("a booth chosen by Tab or a click announces itself: walking up to it after says nothing", () => {
  const { said, state } = run([
    { type: "approach", booth: 1, now: 0 },
    { type: "select", booth: 2, now: 300 }, // chosen before booth 1 was announced
    { type: "approach", booth: 2, now: 1000 }, // the flight to it ends in front of it
    { type: "tick", now: 5000 },
  ]);
  assert.deepEqual(said, []);
  assert.equal(state.alive, 2);
});

const strings = {
  contents_pictures: "Pictures: {count}",
  contents_video: "Video",
  contents_video_captions: "Video with captions",
  contents_products: "Products: {count}",
};

test("a booth's contents in words leave out what it lacks", () => {
  const booth = {
    images: [{}, {}],
    videos: [{ captions: [{ language: "en" }] }, { captions: [] }],
    products: [{}, {}, {}],
  };
  assert.deepEqual(boothContents(booth, strings), ["Pictures: 2", "Video with captions", "Products: 3"]);
  assert.deepEqual(boothContents({ images: [], videos: [{ captions: [] }], products: [] }, strings), ["Video"]);
  assert.deepEqual(boothContents({ images: [{}], videos: [], products: [{}] }, strings), ["Pictures: 1", "Products: 1"]);
  assert.deepEqual(boothContents({}, strings), []);
});
