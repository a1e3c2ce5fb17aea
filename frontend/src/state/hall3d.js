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
 * What to walk in this frame: the actions held, and those pressed since the last frame though
 * already released (on a slow device a tap can end between two frames; it still takes a step).
 */
export function walkingActions(held, pressedSinceLastFrame) {
  return new Set([...held, ...pressedSinceLastFrame]);
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

// A booth that comes alive: the one the visitor selects (click, tap, Tab) or walks up to shows its
// pictures on two wings, its video on a screen and its products on placards. One booth at a time,
// so one video at most plays, and only its pictures are fetched.

export const NEAR = { radius: 4, reach: 14 }; // metres: target to a stand's front; camera to target

/**
 * The booth the visitor has walked up to: the stand whose front is nearest to the point looked at
 * (`target`, {x, z}) within `radius`, while the camera is within `reach` of that point (seen from
 * across the hall, nothing comes alive); else null.
 */
export function standNear(stands, target, distance, { radius, reach } = NEAR) {
  if (distance > reach) return null;
  let best = null;
  let bestDistance = radius * radius;
  stands.forEach((stand, index) => {
    const d = (stand.x - target.x) ** 2 + (stand.z + 0.5 - target.z) ** 2;
    if (d <= bestDistance) [best, bestDistance] = [index, d];
  });
  return best;
}

/** The first of a booth's videos the page can play itself (a WebM or MP4 file), or null. */
export function playableVideo(videos) {
  return (videos || []).find((video) => video.file) || null;
}

/**
 * What the alive booth's screen shows after `trigger`: "select" (the visitor chose the booth),
 * "approach" (walked up to it) or "leave". "play" (muted) or "poster". A video plays only on the
 * visitor's gesture (choosing the booth, or its play control), never because they walked past it,
 * and nothing plays by itself when they ask for reduced motion; choosing the booth again plays it
 * again.
 */
export function screenAfter({ trigger, playable, reducedMotion }) {
  if (trigger !== "select" || !playable || reducedMotion) return "poster";
  return "play";
}

// The wings open 50° out of the wall's plane: they face the visitor in front of the booth and stay
// clear of the neighbouring stands' counters (stands are 3.6 m apart).
export const WING = { length: 1.6, angle: (50 * Math.PI) / 180, wallHalf: 1.5, y: 1.75, height: 1.2 };
export const SCREEN = { width: 1.6, height: 0.9 };
export const PLACARD = { width: 0.62, height: 0.34, counterTop: 1.0, z: 1.3, gap: 0.05, max: 3 };

/** The largest {w, h} of an image `width` × `height` that fits in `box` ({w, h}), proportions kept. */
export function containIn(box, width, height) {
  if (!width || !height) return { w: box.w, h: box.h };
  const scale = Math.min(box.w / width, box.h / height);
  return { w: width * scale, h: height * scale };
}

/**
 * Where an alive booth's things go, relative to its stand (metres; x across, z forward from the
 * wall's face, y up). Two wings open out from the wall's ends like a book's covers: the left one
 * shows the first picture, the right one the video's screen (or the second picture); up to three
 * product placards stand on the counter. Returns {wings: [{side, x, z, rotation, show}], placards:
 * [{x, y, z, w, h, product}]} where `show` is {picture: i} or {screen: true}.
 */
export function showcaseLayout({ images = 0, video = false, products = 0 }) {
  const wings = [];
  const along = WING.length / 2;
  const place = (side, show) => ({
    side,
    x: side * (WING.wallHalf + along * Math.cos(WING.angle)),
    z: along * Math.sin(WING.angle),
    rotation: -side * WING.angle, // about y: the wing's face turns toward the booth's middle
    show,
  });
  if (images > 0) wings.push(place(-1, { picture: 0 }));
  if (video) wings.push(place(1, { screen: true }));
  else if (images > 1) wings.push(place(1, { picture: 1 }));
  const count = Math.min(products, PLACARD.max);
  const row = count * PLACARD.width + (count - 1) * PLACARD.gap;
  const placards = [];
  for (let product = 0; product < count; product += 1) {
    placards.push({
      x: -row / 2 + PLACARD.width / 2 + product * (PLACARD.width + PLACARD.gap),
      y: PLACARD.counterTop + PLACARD.height / 2 + 0.01,
      z: PLACARD.z,
      w: PLACARD.width,
      h: PLACARD.height,
      product,
    });
  }
  return { wings, placards };
}

export const PLACARD_PICTURE = { padding: 0.06, share: 0.42 }; // of the placard's height; its width at most

/**
 * How a placard of `width` × `height` (canvas pixels) splits between its product's picture
 * (`picture`: its natural {width, height}, or null before or without one) and the product's name:
 * the picture, contained in a box at the inline start (the right in Arabic) at most `share` of the
 * placard wide, and the name beside it. Returns {picture: {x, y, w, h} | null, text: {x, y, w, h}}.
 */
export function placardParts({ width, height, picture = null, rtl = false }) {
  const pad = Math.round(height * PLACARD_PICTURE.padding);
  const stripe = 12; // the pavilion's colour along the inline-start edge
  const textBox = (start) => ({ x: start, y: pad / 2, w: width - start - pad, h: height - pad });
  if (!picture || !picture.width || !picture.height) return { picture: null, text: textBox(stripe + 8) };
  const box = { w: Math.round(width * PLACARD_PICTURE.share), h: height - 2 * pad };
  const size = containIn(box, picture.width, picture.height);
  const w = Math.round(size.w);
  const h = Math.round(size.h);
  const start = stripe + pad;
  const y = Math.round((height - h) / 2);
  const text = textBox(start + w + pad);
  if (!rtl) return { picture: { x: start, y, w, h }, text };
  // Mirrored: the picture at the right, the name to its left.
  return { picture: { x: width - start - w, y, w, h }, text: { ...text, x: width - text.x - text.w } };
}

/**
 * What a click or tap on the hall does, from what it hit (`{booth}`, `{booth, product}`,
 * `{booth, screen: true}`, `{booth, picture}`, `{floor}` or null) and the booth alive now:
 * {select: booth} for a booth not yet alive, {open: booth} for the alive booth itself,
 * {product: [booth, index]}, {video: booth}, {nextPicture: booth}, or null.
 */
export function clickAction(hit, alive) {
  if (!hit || hit.booth === undefined) return null;
  if (hit.booth !== alive) return { select: hit.booth };
  if (hit.product !== undefined) return { product: [hit.booth, hit.product] };
  if (hit.screen) return { video: hit.booth };
  if (hit.picture !== undefined) return { nextPicture: hit.booth };
  return { open: hit.booth };
}

/** The picture a wing shows after the visitor asks for the next one (`count` pictures, wrapping). */
export function nextPicture(current, count) {
  return count ? (current + 1) % count : 0;
}

export const CARD_SHIFT = 0.85; // metres: enough for the right wing to clear a 20rem card on a wide screen

/**
 * How far sideways (along x) the view of a chosen booth moves so that the booth card, beside the
 * hall at its inline end on wide screens, leaves the booth and both its wings in sight: the booth
 * then stands left of the middle (right of it in Arabic, where the card is on the left).
 */
export function cardShift({ cardBeside, rtl }) {
  if (!cardBeside) return 0;
  return rtl ? -CARD_SHIFT : CARD_SHIFT;
}

/**
 * What the 3D hall asks of a WebXR session in `mode`: a floor-level space where there is one; in AR
 * (phones) also hit testing, to find a table or the floor the hall's model can stand on, and the
 * page's `overlay` element over the camera, so its way back to the 2D exhibition stays one tap away.
 * Optional features only: a device without them still starts.
 */
export function xrSessionInit(mode, overlay) {
  if (mode === "immersive-ar") {
    return overlay
      ? { optionalFeatures: ["local-floor", "hit-test", "dom-overlay"], domOverlay: { root: overlay } }
      : { optionalFeatures: ["local-floor", "hit-test"] };
  }
  return { optionalFeatures: ["local-floor"] };
}

// In AR the hall is a table-top model: 1:50, or smaller where the halls are wider than `size`
// metres at that scale, standing on the surface the visitor taps (found by hit testing) or, where
// the device finds no surfaces for us, `ahead` metres in front of them at a table's `height`.
export const TABLE_TOP = { scale: 1 / 50, size: 1.2, ahead: 1.0, height: 0.8, eye: 1.6 };

/** The model's scale for the halls' `bounds` ({x0, x1, z0, z1}, metres). */
export function tableTopScale(bounds, { scale, size } = TABLE_TOP) {
  const side = Math.max(bounds.x1 - bounds.x0, bounds.z1 - bounds.z0);
  return side > 0 ? Math.min(scale, size / side) : scale;
}

/**
 * How the model stands on `anchor` ({x, y, z}, the surface's point) seen by a visitor at `viewer`
 * ({x, z}): the halls' middle on the anchor, their entrance (the front, `z1`) turned toward the
 * visitor. Returns {scale, rotation (about y, radians), position: {x, y, z}}: the transform of the
 * group holding the full-size hall, so that a point p of the hall lands at
 * position + rotation(scale · p).
 */
export function tableTopPlacement({ bounds, anchor, viewer }) {
  const scale = tableTopScale(bounds);
  const dx = anchor.x - viewer.x;
  const dz = anchor.z - viewer.z;
  // The front (+z in the hall) points from the anchor back to the visitor.
  const rotation = Math.hypot(dx, dz) < 1e-6 ? 0 : Math.atan2(-dx, -dz);
  const cx = (bounds.x0 + bounds.x1) / 2;
  const cz = (bounds.z0 + bounds.z1) / 2;
  const [cos, sin] = [Math.cos(rotation), Math.sin(rotation)];
  return {
    scale,
    rotation,
    position: {
      x: anchor.x - scale * (cx * cos + cz * sin),
      y: anchor.y,
      z: anchor.z - scale * (-cx * sin + cz * cos),
    },
  };
}

/**
 * Where the model stands when the device finds no surfaces (hit testing not granted): `ahead`
 * metres in front of the visitor (`viewer` {x, y, z}, looking along `forward` {x, z}; straight
 * down counts as the space's -z) at a table's height — above the floor of a "local-floor" space, or
 * below the eyes of a "local" one, whose origin is where the eyes were.
 */
export function fallbackAnchor({ viewer, forward, spaceType }, { ahead, height, eye } = TABLE_TOP) {
  const length = Math.hypot(forward.x, forward.z);
  const [fx, fz] = length < 1e-6 ? [0, -1] : [forward.x / length, forward.z / length];
  return {
    x: viewer.x + fx * ahead,
    y: spaceType === "local" ? height - eye : height,
    z: viewer.z + fz * ahead,
  };
}

// Walking up to a booth makes it come alive without a word; a screen reader hears of it once the
// visitor has stopped there a moment, never again while the same booth stays alive, and at most one
// such announcement every few seconds while they walk past several booths.
export const APPROACH_SPEECH = { delay: 1200, gap: 4000 }; // milliseconds

/** Nothing alive, nothing to say. */
export const SILENT = Object.freeze({ alive: null, due: null, said: -Infinity });

/**
 * The announcer's state after `event`: {type: "select", booth, now} (chosen by Tab, a click or a
 * tap, which announce themselves), {type: "approach", booth, now} (walked up to), {type: "leave"},
 * or {type: "tick", now}. State: {alive, due (when to speak of the booth walked up to, or null),
 * said (when an approach was last announced)}. Returns {state, say}: `say` is the booth's index to
 * announce now, else null.
 */
export function approachSpeech(state, event) {
  if (event.type === "leave") return { state: { ...state, alive: null, due: null }, say: null };
  if (event.type === "select") return { state: { ...state, alive: event.booth, due: null }, say: null };
  if (event.type === "approach") {
    if (event.booth === state.alive) return { state, say: null }; // still alive: announced or coming
    const due = Math.max(event.now + APPROACH_SPEECH.delay, state.said + APPROACH_SPEECH.gap);
    return { state: { ...state, alive: event.booth, due }, say: null };
  }
  if (event.type === "tick" && state.due !== null && event.now >= state.due) {
    return { state: { ...state, due: null, said: event.now }, say: state.alive };
  }
  return { state, say: null };
}

/**
 * What an alive booth shows, in words for a screen reader: a list of `strings` texts filled in,
 * e.g. ["Pictures: 2", "Video with captions", "Products: 3"]. The booth's `images`, `videos` and
 * `products` as in the exhibition JSON; empty parts are left out.
 */
export function boothContents(booth, strings) {
  const parts = [];
  const images = (booth.images || []).length;
  const video = (booth.videos || [])[0];
  const products = (booth.products || []).length;
  if (images) parts.push(strings.contents_pictures.replace("{count}", String(images)));
  if (video) parts.push((video.captions || []).length ? strings.contents_video_captions : strings.contents_video);
  if (products) parts.push(strings.contents_products.replace("{count}", String(products)));
  return parts;
}
