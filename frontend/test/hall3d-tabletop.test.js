// hall3d/tabletop.js with three.js and a stand-in for the browser's WebXR session and frames (the
// device's part; no phone in this test): the hall's model placed on a surface tapped, or a metre
// ahead where hit testing is not granted, and full size again when the session ends.
import assert from "node:assert/strict";
import { test } from "node:test";

import { Group, Matrix4, Vector3 } from "three";

import { TableTop } from "../src/hall3d/tabletop.js";

const close = (actual, expected) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} is not ${expected}`);
const BOUNDS = { x0: -20, x1: 20, z0: -40, z1: 0 }; // 40 m by 40 m: 1:50 gives 0.8 m

/** A WebXR session and its frames as a phone would give them; `hitTest` false: not granted. */
function device({ hitTest, surface = null }) {
  const cancelled = [];
  const session = {
    requestReferenceSpace: async (type) => ({ type }),
    requestHitTestSource: async () => {
      if (!hitTest) throw new DOMException("hit-test is not enabled", "NotSupportedError");
      return { cancel: () => cancelled.push("hit-test") };
    },
  };
  const frame = {
    // The visitor at eye height at the origin, looking along -z.
    getViewerPose: () => ({ transform: { position: { x: 0, y: 1.6, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } } }),
    getHitTestResults: () =>
      surface ? [{ getPose: () => ({ transform: { matrix: new Matrix4().makeTranslation(surface.x, surface.y, surface.z).toArray() } }) }] : [],
  };
  return { session, frame, cancelled };
}

function tableTop() {
  const scene = new Group();
  const world = new Group();
  world.add(new Group()); // the hall's meshes
  scene.add(world);
  const hint = { hidden: true };
  return { top: new TableTop({ scene, world, bounds: BOUNDS, hint }), world, hint };
}

test("without hit testing the model stands a metre ahead at a table's height, entrance toward the visitor", async () => {
  const { top, world, hint } = tableTop();
  const { session, frame } = device({ hitTest: false });
  await top.start(session, "local-floor");
  assert.equal(world.visible, false);
  assert.equal(hint.hidden, true); // nothing to point at
  top.update(frame, { type: "local-floor" });
  assert.equal(world.visible, true);
  close(world.scale.x, 1 / 50);
  world.updateMatrixWorld();
  const middle = new Vector3(0, 0, -20).applyMatrix4(world.matrixWorld);
  close(middle.x, 0);
  close(middle.y, 0.8);
  close(middle.z, -1);
  const entrance = new Vector3(0, 0, 0).applyMatrix4(world.matrixWorld);
  close(entrance.z, -0.6); // the front is nearer the visitor than the middle
  assert.equal(top.tap(), false); // placed: taps pick booths again
});

test("with hit testing a ring follows the surface and a tap stands the model on it", async () => {
  const { top, world, hint } = tableTop();
  const surface = { x: 0.3, y: 0.72, z: -0.9 };
  const { session, frame, cancelled } = device({ hitTest: true, surface });
  await top.start(session, "local-floor");
  assert.equal(hint.hidden, false);
  top.update(frame, { type: "local-floor" });
  assert.equal(top.reticle.visible, true);
  assert.equal(world.visible, false);
  assert.equal(top.tap(), true); // the tap places the model
  assert.equal(world.visible, true);
  assert.equal(top.reticle.visible, false);
  assert.equal(hint.hidden, true);
  world.updateMatrixWorld();
  const middle = new Vector3(0, 0, -20).applyMatrix4(world.matrixWorld);
  close(middle.x, surface.x);
  close(middle.y, surface.y);
  close(middle.z, surface.z);
  assert.equal(top.tap(), false);

  top.end();
  assert.deepEqual(cancelled, ["hit-test"]);
  assert.equal(world.scale.x, 1);
  assert.deepEqual(world.position.toArray(), [0, 0, 0]);
  assert.equal(world.rotation.y, 0);
  assert.equal(world.visible, true);
});

test("a tap before any surface is found waits for one", async () => {
  const { top, world } = tableTop();
  const { session, frame } = device({ hitTest: true, surface: null });
  await top.start(session, "local-floor");
  top.update(frame, { type: "local-floor" });
  assert.equal(top.reticle.visible, false);
  assert.equal(top.tap(), true);
  assert.equal(world.visible, false);
});
