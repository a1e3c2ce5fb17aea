// The 3D exhibition hall (exhibition/hall_3d.html), loaded by hall3d-boot.js only once it has
// decided to start 3D. Built from the exhibition JSON in the page's language; every booth is also a
// link in a visually hidden list (the Tab order), so keyboard focus is real focus and Enter opens
// the booth page as any link does. Frames are drawn only when something changes. The hall's own
// state (held keys, walking steps, the fly-to easing, which logo loads next, taps, which booth comes
// alive and what a click does) is state/hall3d.js; the booth that comes alive is hall3d/showcase.js.

import { ColorManagement, Group, LinearSRGBColorSpace, PerspectiveCamera, Raycaster, Vector2, Vector3, WebGLRenderer } from "three";
import { OrbitControls } from "three/examples/jsm/controls/OrbitControls.js";

import { fill, planExhibition } from "./hall3d/layout.js";
import { buildScene, drawLogo } from "./hall3d/scene.js";
import { Showcase } from "./hall3d/showcase.js";
import { TableTop } from "./hall3d/tabletop.js";
import { offerImmersive } from "./hall3d/xr.js";
import {
  approachSpeech,
  boothContents,
  cardShift,
  clickAction,
  heldAfter,
  isTap,
  keyAction,
  KEYS,
  nearestPending,
  SILENT,
  standNear,
  tweenAt,
  walkingActions,
  walkStep,
} from "./state/hall3d.js";

// Colours are used as authored (sRGB in, sRGB out): labels keep the contrast they were drawn with.
ColorManagement.enabled = false;

const UP = new Vector3(0, 1, 0);
const LOGO_CONCURRENCY = 4;

function reducedMotion() {
  return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
}

/** Logos load nearest first (to where the camera looks), a few at a time, after the first frame. */
class LogoQueue {
  constructor(stands, onLoad, onDone) {
    this.stands = stands;
    this.pending = stands.map((stand, index) => index).filter((index) => stands[index].booth.logo);
    this.active = 0;
    this.near = new Vector3();
    this.onLoad = onLoad;
    this.onDone = onDone;
  }

  prioritise(point) {
    this.near.copy(point);
    this.pump();
  }

  pump() {
    while (this.active < LOGO_CONCURRENCY && this.pending.length) {
      const [index] = this.pending.splice(nearestPending(this.pending, this.stands, this.near), 1);
      this.load(index);
    }
    if (!this.active && !this.pending.length && this.onDone) {
      this.onDone();
      this.onDone = null;
    }
  }

  load(index) {
    this.active += 1;
    const image = new Image();
    image.crossOrigin = "anonymous"; // a logo on another origin without CORS stays as initials
    image.decoding = "async";
    const settle = () => {
      this.active -= 1;
      this.pump();
    };
    image.onload = () => {
      if (image.naturalWidth && image.naturalHeight) this.onLoad(index, image);
      settle();
    };
    image.onerror = settle;
    image.src = this.stands[index].booth.logo;
  }
}

async function startHall(root) {
  const strings = JSON.parse(document.getElementById("hall3d-strings").textContent);
  const stage = root.querySelector(".hall3d-stage");
  const canvas = root.querySelector("canvas");
  const list = root.querySelector(".hall3d-booths");
  const announcer = root.querySelector(".hall3d-announcer");
  const vrButton = document.getElementById("hall3d-vr");
  const arButton = document.getElementById("hall3d-ar");
  const stats = { frames: 0, renderMs: 0 };
  root.hall3dStats = stats; // read by bench/hall3d.py

  function announce(text) {
    announcer.textContent = text;
  }

  function fail(message) {
    root.dataset.state = "error";
    stage.hidden = true;
    const notice = root.querySelector(".hall3d-notice");
    for (const reason of notice.querySelectorAll("[data-reason]")) reason.hidden = reason.dataset.reason !== "error";
    notice.querySelector('[data-reason="error"]').textContent = message;
    notice.querySelector(".hall3d-load").hidden = true;
    notice.hidden = false;
  }

  let data;
  try {
    const response = await fetch(root.dataset.json, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    data = await response.json();
  } catch {
    fail(strings.load_error);
    return;
  }
  if (!data.booths.length) {
    fail(strings.empty);
    return;
  }

  const rtl = document.documentElement.dir === "rtl";
  const plan = planExhibition(data, strings, rtl);
  const cardBeside = window.matchMedia("(min-width: 60rem)"); // as in hall3d.css
  stage.hidden = false;
  let renderer;
  try {
    renderer = new WebGLRenderer({ canvas, antialias: true, powerPreference: "low-power" });
  } catch {
    fail(strings.load_error);
    return;
  }
  renderer.outputColorSpace = LinearSRGBColorSpace;
  renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
  canvas.addEventListener("webglcontextlost", (event) => {
    event.preventDefault();
    fail(strings.context_lost);
  });

  const hall = buildScene(plan);
  // The hall itself, in one group: full size, or in AR a table-top model (hall3d/tabletop.js).
  const world = new Group();
  world.add(...hall.scene.children);
  hall.scene.add(world);
  const camera = new PerspectiveCamera(55, 1, 0.1, 2000);
  const rig = new Group(); // the visitor's place in VR; stays at the origin outside VR
  rig.add(camera);
  hall.scene.add(rig);
  for (const atlas of hall.atlases) atlas.prepare(renderer);

  // The first view: the first hall from above its entrance, the others beside it.
  const first = plan.halls[0];
  const span = Math.max(first.w, first.d);
  const home = {
    target: new Vector3(first.x0 + first.w / 2, 0, first.z0 + first.d * 0.55),
    position: new Vector3(first.x0 + first.w / 2, span * 0.3 + 4, span * 0.16 + 6),
  };
  camera.position.copy(home.position);
  const controls = new OrbitControls(camera, canvas);
  controls.target.copy(home.target);
  controls.maxPolarAngle = Math.PI / 2 - 0.08; // never under the floor
  controls.minDistance = 2;
  controls.maxDistance = Math.max(plan.bounds.x1 - plan.bounds.x0, -plan.bounds.z0) * 1.5 + 40;
  controls.screenSpacePanning = false; // panning slides along the floor
  controls.zoomToCursor = true;
  controls.update();

  // Drawing on demand: a frame is asked for when something changes, never in a loop while idle.
  let queued = false;
  let drawing = false;
  let again = false;
  let inVr = false;
  let last = 0;
  let tween = null;
  let held = new Set();
  // Walking keys pressed since the last frame, released or not: on a slow device a tap can end
  // before the next frame, and it should still take a step.
  let pressed = new Set();
  let walking = false; // whether the last frame walked: when walking stops, the booth there is approached

  function requestRender() {
    if (drawing) {
      again = true;
      return;
    }
    if (inVr || queued) return;
    queued = true;
    requestAnimationFrame(frame);
  }

  function draw() {
    for (const atlas of hall.atlases) atlas.flush(renderer);
    const started = performance.now();
    renderer.render(hall.scene, camera);
    stats.frames += 1;
    stats.renderMs += performance.now() - started;
  }

  function walk(seconds) {
    const actions = walkingActions(held, pressed);
    pressed = new Set();
    if (!actions.size) return false;
    const { move, turn } = walkStep({
      held: actions,
      target: controls.target,
      camera: camera.position,
      distance: camera.position.distanceTo(controls.target),
      seconds,
      bounds: plan.bounds,
    });
    if (move.x || move.z) {
      const step = new Vector3(move.x, 0, move.z);
      camera.position.add(step);
      controls.target.add(step);
    }
    if (turn) {
      const offset = new Vector3().subVectors(controls.target, camera.position).applyAxisAngle(UP, turn);
      controls.target.copy(camera.position).add(offset);
    }
    return true;
  }

  function stepTween(now) {
    if (!tween) return false;
    const { eased, done } = tweenAt(tween, now);
    camera.position.lerpVectors(tween.from, tween.to.position, eased);
    controls.target.lerpVectors(tween.fromTarget, tween.to.target, eased);
    if (!done) return true;
    tween = null;
    logos.prioritise(controls.target);
    approach();
    return false;
  }

  function frame(now) {
    queued = false;
    drawing = true;
    again = false;
    const seconds = last ? Math.min(0.05, (now - last) / 1000) : 1 / 60;
    last = now;
    const walked = walk(seconds);
    if (walking && !walked) {
      logos.prioritise(controls.target);
      approach();
    }
    walking = walked;
    const moving = walked | stepTween(now);
    if (moving) controls.update();
    draw();
    drawing = false;
    if (moving || again) requestRender();
    else last = 0;
  }

  /** A walk key pressed during a fly-to lands it at once: the walk starts at the booth chosen,
   * not halfway there and zoomed out, where no booth would ever be walked up to. */
  function landFlight() {
    if (!tween) return;
    camera.position.copy(tween.to.position);
    controls.target.copy(tween.to.target);
    controls.update();
    tween = null;
  }

  function flyTo(view) {
    if (reducedMotion()) {
      tween = null;
      camera.position.copy(view.position);
      controls.target.copy(view.target);
      controls.update();
      logos.prioritise(controls.target);
      requestRender();
      return;
    }
    tween = {
      start: performance.now(),
      duration: 700,
      from: camera.position.clone(),
      fromTarget: controls.target.clone(),
      to: view,
    };
    requestRender();
  }

  // The booth links: the Tab order, one per stand, in the plan's walking order.
  const fragment = document.createDocumentFragment();
  plan.stands.forEach((stand, index) => {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = stand.booth.url;
    const name = document.createElement("span");
    name.dir = "auto"; // a name may read the other way from the page
    name.textContent = stand.booth.name;
    link.append(name);
    link.dataset.index = String(index);
    item.append(link);
    fragment.append(item);
  });
  list.replaceChildren(fragment);

  function placeOf(index) {
    const zone = plan.zones[plan.stands[index].zone];
    return zone.kind ? fill(strings.pavilion_kind, { pavilion: zone.name, kind: zone.kind }) : zone.name;
  }

  const showcase = new Showcase({
    scene: world,
    plan,
    strings,
    card: root.querySelector(".hall3d-card"),
    placeOf,
    requestRender,
    reducedMotion,
  });

  // What is said of a booth walked up to (a chosen one announces itself): once the visitor has
  // stopped there a moment, once while it stays alive, a few seconds apart at most.
  let speech = SILENT;
  let speechTimer = null;
  const listFormat = new Intl.ListFormat(document.documentElement.lang || undefined, { type: "unit" });

  function speak(event) {
    const result = approachSpeech(speech, { now: performance.now(), ...event });
    speech = result.state;
    if (result.say !== null) {
      const booth = plan.stands[result.say].booth;
      const contents = boothContents(booth, strings);
      const words = { name: booth.name, pavilion: placeOf(result.say), contents: listFormat.format(contents) };
      announce(fill(contents.length ? strings.approached : strings.approached_empty, words));
    }
    clearTimeout(speechTimer);
    if (speech.due !== null) speechTimer = setTimeout(() => speak({ type: "tick" }), speech.due - performance.now());
  }

  /** The booth walked up to comes alive; walking away from every booth lets the last one go. */
  function approach() {
    if (inVr) return;
    const index = standNear(plan.stands, controls.target, camera.position.distanceTo(controls.target));
    if (index === null) {
      showcase.leave();
      speak({ type: "leave" });
    } else {
      showcase.show(index, "approach");
      speak({ type: "approach", booth: index });
    }
  }

  let lastFocused = 0;
  function focusBooth(index) {
    lastFocused = index;
    hall.highlight(index);
    showcase.show(index, "select");
    speak({ type: "select", booth: index });
    if (!inVr) {
      const view = hall.viewOf(index);
      const shift = cardShift({ cardBeside: cardBeside.matches, rtl });
      view.position.x += shift;
      view.target.x += shift;
      flyTo(view);
    }
    announce(
      fill(strings.focused, {
        name: plan.stands[index].booth.name,
        pavilion: placeOf(index),
        index: index + 1,
        count: plan.stands.length,
      }),
    );
  }

  function openBooth(index) {
    announce(fill(strings.opening, { name: plan.stands[index].booth.name }));
    window.location.assign(plan.stands[index].booth.url);
  }

  /** Carry out what a click, a tap or a controller's select means (state/hall3d.js clickAction). */
  function act(action, leaveVr = (then) => then()) {
    if (!action) return;
    if (action.select !== undefined) focusBooth(action.select);
    else if (action.open !== undefined) leaveVr(() => openBooth(action.open));
    else if (action.product) {
      const [booth, index] = action.product;
      leaveVr(() => window.location.assign(plan.stands[booth].booth.products[index].url));
    } else if (action.video !== undefined) showcase.toggleVideo();
    else if (action.nextPicture !== undefined) showcase.showNextPicture();
    requestRender();
  }

  list.addEventListener("focusin", (event) => {
    const link = event.target.closest("a[data-index]");
    if (link) focusBooth(Number(link.dataset.index));
  });
  list.addEventListener("focusout", (event) => {
    if (!list.contains(event.relatedTarget)) {
      hall.highlight(null);
      requestRender();
    }
  });

  // Keyboard: arrows or WASD walk, Q and E turn (physical keys, whatever the keyboard layout).
  stage.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target === canvas && showcase.alive !== null) {
      openBooth(showcase.alive); // the booth walked up to, as its announcement says
      return;
    }
    const action = keyAction(event);
    if (!action) return;
    event.preventDefault();
    landFlight();
    held = heldAfter(held, { type: "down", action });
    pressed = heldAfter(pressed, { type: "down", action });
    requestRender();
  });
  stage.addEventListener("keyup", (event) => {
    const action = KEYS[event.code];
    if (!action) return;
    held = heldAfter(held, { type: "up", action });
    requestRender(); // the frame that finds nothing left to walk approaches the booth reached
  });
  window.addEventListener("blur", () => {
    held = heldAfter(held, { type: "blur" });
    pressed = heldAfter(pressed, { type: "blur" });
  });

  // Pointer: drag to orbit or pan (OrbitControls), wheel or pinch to zoom; a click or tap opens a booth.
  const raycaster = new Raycaster();
  const pointer = new Vector2();

  function pick(caster) {
    const hits = caster.intersectObjects([...showcase.meshes, ...hall.pickable, hall.floors], false);
    const hit = hits[0];
    if (!hit) return null;
    if (hit.object === hall.floors) return { floor: hit.point };
    return showcase.hitOf(hit.object) || { booth: hit.object.userData.first + hit.instanceId };
  }

  function hitAt(event) {
    const box = canvas.getBoundingClientRect();
    pointer.set(((event.clientX - box.left) / box.width) * 2 - 1, -((event.clientY - box.top) / box.height) * 2 + 1);
    camera.updateMatrixWorld(); // the camera may have moved since the last frame
    raycaster.setFromCamera(pointer, camera);
    return pick(raycaster);
  }

  const presses = new Map();
  let gesture = false;
  canvas.addEventListener("pointerdown", (event) => {
    presses.set(event.pointerId, { x: event.clientX, y: event.clientY });
    gesture = presses.size > 1; // a second finger: pinch or pan, never a tap
    tween = null;
  });
  canvas.addEventListener("pointerup", (event) => {
    const press = presses.get(event.pointerId);
    presses.delete(event.pointerId);
    if (!press || gesture || event.button > 0) {
      if (!presses.size) gesture = false;
      return;
    }
    if (!isTap(press, { x: event.clientX, y: event.clientY })) {
      logos.prioritise(controls.target);
      return;
    }
    act(clickAction(hitAt(event), showcase.alive));
  });
  canvas.addEventListener("pointercancel", (event) => {
    presses.delete(event.pointerId);
    if (!presses.size) gesture = false;
  });
  let hoverQueued = false;
  canvas.addEventListener("pointermove", (event) => {
    if (event.pointerType !== "mouse" || event.buttons || hoverQueued) return;
    hoverQueued = true;
    requestAnimationFrame(() => {
      hoverQueued = false;
      const hit = hitAt(event);
      canvas.style.cursor = hit && hit.booth !== undefined ? "pointer" : "";
    });
  });
  controls.addEventListener("change", requestRender);
  controls.addEventListener("end", approach); // a drag or a wheel turn has ended

  function resize() {
    const width = Math.max(1, canvas.clientWidth);
    const height = Math.max(1, canvas.clientHeight);
    renderer.setSize(width, height, false);
    camera.aspect = width / height;
    camera.updateProjectionMatrix();
    requestRender();
  }
  if (window.ResizeObserver) new ResizeObserver(() => !inVr && resize()).observe(canvas);
  else window.addEventListener("resize", resize);

  // VR and AR: three.js runs the loop while a session lasts.
  let saved = null;
  const tableTop = arButton
    ? new TableTop({ scene: hall.scene, world, bounds: plan.bounds, hint: document.getElementById("hall3d-ar-hint") })
    : null;
  if (vrButton || arButton) {
    offerImmersive({
      buttons: { "immersive-vr": vrButton, "immersive-ar": arButton },
      overlay: vrButton ? vrButton.parentElement : null,
      renderer,
      rig,
      pick,
      tableTop,
      onStart(spaceType, mode) {
        inVr = true;
        saved = { position: camera.position.clone(), quaternion: camera.quaternion.clone(), background: hall.scene.background };
        controls.enabled = false;
        if (mode === "immersive-ar") {
          // The camera's picture around a table-top model of the hall: no sky, a transparent clear.
          hall.scene.background = null;
          renderer.setClearAlpha(0);
          rig.position.set(0, 0, 0); // the model comes to the visitor, who stays in their room's space
          tableTop.start(renderer.xr.getSession(), spaceType);
          renderer.setAnimationLoop((time, frame) => {
            tableTop.update(frame, renderer.xr.getReferenceSpace());
            draw();
          });
          return;
        }
        const view = hall.viewOf(lastFocused);
        rig.position.set(view.position.x, spaceType === "local" ? 1.6 : 0, view.position.z);
        renderer.setAnimationLoop(draw);
      },
      onEnd() {
        renderer.setAnimationLoop(null);
        if (tableTop) tableTop.end();
        inVr = false;
        rig.position.set(0, 0, 0);
        hall.scene.background = saved.background;
        renderer.setClearAlpha(1);
        camera.position.copy(saved.position);
        camera.quaternion.copy(saved.quaternion);
        controls.enabled = true;
        controls.update();
        resize();
      },
      onSelect: (hit, leaveVr) => act(clickAction(hit, showcase.alive), leaveVr),
      onError: (mode) => announce(mode === "immersive-ar" ? strings.ar_error : strings.vr_error),
    });
  }

  const logos = new LogoQueue(
    plan.stands,
    (index, image) => {
      hall.logos.draw(index, (context, width, height) => drawLogo(context, width, height, image));
      requestRender();
    },
    () => {
      root.dataset.logos = "complete";
    },
  );

  canvas.setAttribute("aria-label", fill(strings.canvas_label, { booths: plan.stands.length, pavilions: plan.zones.length }));
  resize();
  requestAnimationFrame(() => {
    root.dataset.state = "ready";
    announce(fill(strings.ready, { booths: plan.stands.length }));
    if (root.dataset.requested === "user") canvas.focus();
    logos.prioritise(controls.target);
  });
}

const root = document.getElementById("hall3d");
if (root) startHall(root);
