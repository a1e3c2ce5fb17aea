// state/hall3d.js: the hall as a table-top model in AR — its scale, and where it stands.
import assert from "node:assert/strict";
import { test } from "node:test";

import { fallbackAnchor, TABLE_TOP, tableTopPlacement, tableTopScale } from "../src/state/hall3d.js";

const close = (actual, expected) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} is not ${expected}`);

/** Where the model puts the hall's point p ({x, y, z}): position + rotation(scale · p), as three.js does. */
function place(placement, p) {
  const { scale, rotation, position } = placement;
  const [cos, sin] = [Math.cos(rotation), Math.sin(rotation)];
  return {
    x: position.x + scale * (p.x * cos + p.z * sin),
    y: position.y + scale * p.y,
    z: position.z + scale * (-p.x * sin + p.z * cos),
  };
}

test("the model is 1:50, or smaller when the halls would be wider than a table", () => {
  assert.equal(tableTopScale({ x0: -20, x1: 20, z0: -50, z1: 0 }), 1 / 50); // 50 m: 1 m on the table
  close(tableTopScale({ x0: 0, x1: 120, z0: -40, z1: 0 }), 1.2 / 120); // 120 m: 1.2 m at 1:100
  assert.equal(tableTopScale({ x0: 0, x1: 0, z0: 0, z1: 0 }), 1 / 50);
  assert.equal(TABLE_TOP.scale, 1 / 50);
});

test("the model's middle stands on the surface tapped, its entrance toward the visitor", () => {
  const bounds = { x0: 10, x1: 50, z0: -60, z1: 0 };
  const anchor = { x: 0.4, y: 0.72, z: -1.5 };
  for (const viewer of [
    { x: 0.4, z: 0 }, // straight ahead
    { x: 2, z: -1.5 }, // to the side
    { x: -1, z: -3 }, // behind the table
  ]) {
    const placement = tableTopPlacement({ bounds, anchor, viewer });
    assert.equal(placement.scale, 1 / 50);
    const middle = place(placement, { x: 30, y: 0, z: -30 });
    close(middle.x, anchor.x);
    close(middle.y, anchor.y);
    close(middle.z, anchor.z);
    // The entrance's middle lies between the anchor and the visitor, 30 m / 50 = 0.6 m from the anchor.
    const entrance = place(placement, { x: 30, y: 0, z: 0 });
    const toViewer = Math.hypot(viewer.x - anchor.x, viewer.z - anchor.z);
    close(Math.hypot(entrance.x - anchor.x, entrance.z - anchor.z), 0.6);
    close(Math.hypot(viewer.x - entrance.x, viewer.z - entrance.z), toViewer - 0.6);
    // A booth's wall, 3.4 m high, is 6.8 cm high on the table.
    close(place(placement, { x: 30, y: 3.4, z: -30 }).y - anchor.y, 0.068);
  }
});

test("straight ahead, the model is not turned", () => {
  const placement = tableTopPlacement({ bounds: { x0: -10, x1: 10, z0: -20, z1: 0 }, anchor: { x: 0, y: 0, z: -1 }, viewer: { x: 0, z: 0 } });
  close(placement.rotation, 0);
  assert.deepEqual(placement.position, { x: 0, y: 0, z: -1 + 10 / 50 });
});

test("without hit testing the model stands a metre in front of the visitor at a table's height", () => {
  const viewer = { x: 1, y: 1.55, z: 2 };
  assert.deepEqual(fallbackAnchor({ viewer, forward: { x: 0, z: -2 }, spaceType: "local-floor" }), { x: 1, y: 0.8, z: 1 });
  const aside = fallbackAnchor({ viewer, forward: { x: 3, z: 4 }, spaceType: "local-floor" });
  close(aside.x, 1.6);
  close(aside.z, 2.8);
  // A "local" space has its origin at the eyes: the table is 0.8 m below them.
  close(fallbackAnchor({ viewer, forward: { x: 0, z: -1 }, spaceType: "local" }).y, -0.8);
  // Looking straight down: ahead is the space's -z.
  assert.deepEqual(fallbackAnchor({ viewer, forward: { x: 0, z: 0 }, spaceType: "local-floor" }), { x: 1, y: 0.8, z: 1 });
});
