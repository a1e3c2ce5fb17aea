// The 3D hall's own state, apart from three.js and the page: which walking keys are held, where a
// step of walking or turning takes the visitor, the fly-to animation's easing, which logo loads
// next, and whether a pointer's press was a tap. Plain numbers and {x, z} points, so node tests cover them.

export const KEYS = {
  KeyW: "forward",
  ArrowUp: "forward",
  KeyS: "back",
  ArrowDown: "back",
  KeyA: "left",
  ArrowLeft: "left",
  KeyD: "right",
  ArrowRight: "right",
  KeyQ: "turnLeft",
  KeyE: "turnRight",
};
export const TAP_SLOP = 8; // pixels a pointer may move and still be a click or a tap
export const TURN_SPEED = 1.5; // radians a second
export const MARGIN = { side: 20, back: 20, front: 30 }; // how far past the halls one may walk

/** The walking action of a key (physical keys, whatever the layout), or null; never with Alt, Ctrl or Meta. */
export function keyAction({ code, altKey = false, ctrlKey = false, metaKey = false }) {
  if (altKey || ctrlKey || metaKey) return null;
  return KEYS[code] || null;
}

/** The held actions after an input: {type: "down" | "up", action} or {type: "blur"} (all released). */
export function heldAfter(held, input) {
  if (input.type === "blur") return new Set();
  const next = new Set(held);
  if (input.type === "down") next.add(input.action);
  else if (input.type === "up") next.delete(input.action);
  return next;
}

/**
 * One step of walking and turning for `seconds`: `target` is the point looked at and `camera` the
 * camera's position (both {x, z}), `bounds` the halls' {x0, x1, z0, z1}. Returns the move {x, z}
 * applied to both (kept within the halls plus a margin) and the turn angle in radians (left positive).
 * Speed grows with the distance to the target, so walking feels the same zoomed in and out.
 */
export function walkStep({ held, target, camera, distance, seconds, bounds }) {
  let fx = target.x - camera.x;
  let fz = target.z - camera.z;
  const length = Math.hypot(fx, fz);
  if (length < 1e-3) [fx, fz] = [0, -1];
  else [fx, fz] = [fx / length, fz / length];
  const [rx, rz] = [-fz, fx];
  let mx = 0;
  let mz = 0;
  if (held.has("forward")) [mx, mz] = [mx + fx, mz + fz];
  if (held.has("back")) [mx, mz] = [mx - fx, mz - fz];
  if (held.has("right")) [mx, mz] = [mx + rx, mz + rz];
  if (held.has("left")) [mx, mz] = [mx - rx, mz - rz];
  const move = { x: 0, z: 0 };
  const size = Math.hypot(mx, mz);
  if (size > 0) {
    const step = (Math.max(6, distance * 0.8) * seconds) / size;
    const x = Math.min(Math.max(target.x + mx * step, bounds.x0 - MARGIN.side), bounds.x1 + MARGIN.side);
    const z = Math.min(Math.max(target.z + mz * step, bounds.z0 - MARGIN.back), bounds.z1 + MARGIN.front);
    move.x = x - target.x;
    move.z = z - target.z;
  }
  const turn = ((held.has("turnLeft") ? 1 : 0) - (held.has("turnRight") ? 1 : 0)) * TURN_SPEED * seconds;
  return { move, turn };
}

/** Ease in and out (quadratic) over t in [0, 1]. */
export function easeInOut(t) {
  return t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
}

/** How far a fly-to animation {start, duration} is at `now`: {eased, done}. */
export function tweenAt(tween, now) {
  const t = Math.min(1, Math.max(0, (now - tween.start) / tween.duration));
  return { eased: easeInOut(t), done: t >= 1 };
}

/** The position in `pending` (stand indexes) of the stand nearest to `near` ({x, z}). */
export function nearestPending(pending, stands, near) {
  let best = 0;
  let bestDistance = Infinity;
  pending.forEach((index, position) => {
    const stand = stands[index];
    const distance = (stand.x - near.x) ** 2 + (stand.z - near.z) ** 2;
    if (distance < bestDistance) [best, bestDistance] = [position, distance];
  });
  return best;
}

/** Whether a press released at `release` ({x, y}) was a tap or click rather than a drag. */
export function isTap(press, release, slop = TAP_SLOP) {
  return Math.hypot(release.x - press.x, release.y - press.y) <= slop;
}
