// state/hall3d.js: the 3D hall's held keys, walking steps, easing, logo order and taps.
import assert from "node:assert/strict";
import { test } from "node:test";

import { easeInOut, heldAfter, isTap, keyAction, nearestPending, tweenAt, walkingActions, walkStep } from "../src/state/hall3d.js";

const bounds = { x0: 0, x1: 100, z0: -100, z1: 0 };
const close = (actual, expected) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} is not ${expected}`);

test("keys: arrows and WASD walk, Q and E turn, never with a modifier; held keys follow downs, ups and blur", () => {
  assert.deepEqual(["KeyW", "ArrowDown", "KeyA", "ArrowRight", "KeyQ", "KeyE", "KeyX"].map((code) => keyAction({ code })), ["forward", "back", "left", "right", "turnLeft", "turnRight", null]);
  assert.equal(keyAction({ code: "KeyW", ctrlKey: true }), null);
  let held = new Set();
  held = heldAfter(held, { type: "down", action: "forward" });
  held = heldAfter(held, { type: "down", action: "left" });
  held = heldAfter(held, { type: "up", action: "forward" });
  assert.deepEqual([...held], ["left"]);
  assert.deepEqual([...heldAfter(held, { type: "blur" })], []);
});

test("a tap released before the next frame still walks in that frame; a key held walks in every frame", () => {
  let held = new Set();
  let pressed = new Set();
  held = heldAfter(held, { type: "down", action: "right" });
  pressed = heldAfter(pressed, { type: "down", action: "right" });
  held = heldAfter(held, { type: "up", action: "right" }); // released before any frame
  assert.deepEqual([...walkingActions(held, pressed)], ["right"]);
  const step = walkStep({ held: walkingActions(held, pressed), target: { x: 50, z: -50 }, camera: { x: 50, z: -40 }, distance: 20, seconds: 1 / 60, bounds });
  assert.ok(step.move.x > 0, "the tap moved the visitor to the right");
  // The frame took the press: the next one walks only what is still held.
  assert.deepEqual([...walkingActions(held, new Set())], []);
  assert.deepEqual([...walkingActions(new Set(["forward"]), new Set())], ["forward"]);
});

test("walking forward moves toward where the camera looks, at a speed that grows with the distance", () => {
  const step = walkStep({ held: new Set(["forward"]), target: { x: 50, z: -50 }, camera: { x: 50, z: -40 }, distance: 20, seconds: 0.5, bounds });
  close(step.move.x, 0);
  close(step.move.z, -8); // 20 × 0.8 units a second for half a second
  assert.equal(step.turn, 0);
  const near = walkStep({ held: new Set(["right"]), target: { x: 50, z: -50 }, camera: { x: 50, z: -40 }, distance: 1, seconds: 1, bounds });
  close(near.move.x, 6); // never slower than 6 units a second; right of looking toward -z is +x
  close(near.move.z, 0);
});

test("walking diagonally is no faster, stops at the halls' margins, and forward and back cancel out", () => {
  const diagonal = walkStep({ held: new Set(["forward", "right"]), target: { x: 50, z: -50 }, camera: { x: 50, z: -40 }, distance: 10, seconds: 1, bounds });
  close(Math.hypot(diagonal.move.x, diagonal.move.z), 8);
  const edge = walkStep({ held: new Set(["forward"]), target: { x: 50, z: 25 }, camera: { x: 50, z: 15 }, distance: 100, seconds: 1, bounds });
  close(edge.move.z, 5); // the front margin is 30 past z1 = 0
  const still = walkStep({ held: new Set(["forward", "back"]), target: { x: 50, z: -50 }, camera: { x: 50, z: -40 }, distance: 10, seconds: 1, bounds });
  assert.deepEqual(still.move, { x: 0, z: 0 });
});

test("turning: Q turns left, E right, 1.5 radians a second; looking straight down still walks", () => {
  const left = walkStep({ held: new Set(["turnLeft"]), target: { x: 0, z: 0 }, camera: { x: 0, z: 10 }, distance: 10, seconds: 0.5, bounds });
  close(left.turn, 0.75);
  const both = walkStep({ held: new Set(["turnLeft", "turnRight"]), target: { x: 0, z: 0 }, camera: { x: 0, z: 10 }, distance: 10, seconds: 0.5, bounds });
  assert.equal(both.turn, 0);
  const down = walkStep({ held: new Set(["forward"]), target: { x: 50, z: -50 }, camera: { x: 50, z: -50 }, distance: 10, seconds: 1, bounds });
  close(down.move.z, -8);
});

test("the fly-to eases in and out and ends exactly at its target", () => {
  assert.deepEqual([easeInOut(0), easeInOut(0.25), easeInOut(0.5), easeInOut(0.75), easeInOut(1)], [0, 0.125, 0.5, 0.875, 1]);
  assert.deepEqual(tweenAt({ start: 1000, duration: 700 }, 990), { eased: 0, done: false });
  assert.deepEqual(tweenAt({ start: 1000, duration: 700 }, 1350), { eased: 0.5, done: false });
  assert.deepEqual(tweenAt({ start: 1000, duration: 700 }, 2000), { eased: 1, done: true });
});

test("logos load nearest first; a press that moved more than 8 pixels is a drag, not a tap", () => {
  const stands = [{ x: 0, z: 0 }, { x: 10, z: -10 }, { x: 3, z: -1 }, { x: 50, z: 0 }];
  assert.equal(nearestPending([0, 1, 3], stands, { x: 9, z: -9 }), 1);
  assert.equal(nearestPending([3, 2], stands, { x: 0, z: 0 }), 1);
  assert.equal(isTap({ x: 100, y: 100 }, { x: 105, y: 106 }), true);
  assert.equal(isTap({ x: 100, y: 100 }, { x: 106, y: 106 }), false);
});
