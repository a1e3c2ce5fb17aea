// WebXR for the 3D hall: "Enter VR" on headsets and "Enter AR" on phones, each button shown only
// where the browser says that immersive session is possible (nothing shown, and nothing logged,
// where it is not). In a session a controller's (or a gaze's, or on a phone a tap's) select on a
// booth makes it come alive, on the booth alive opens its page or a product's once out of the
// session, and on the floor moves the visitor there. In AR the page's actions (the 2D exhibition
// link and the exit button) stay on screen over the camera (dom-overlay), so the 2D path is one tap
// away. In AR the hall is a table-top model (hall3d/tabletop.js): the first tap stands it on the
// surface found, later taps pick booths in it. three.js draws the frames (renderer.xr with
// setAnimationLoop) while the session lasts; outside it the hall renders on demand.

import { BufferGeometry, Line, LineBasicMaterial, Raycaster, Vector3 } from "three";

import { xrSessionInit } from "../state/hall3d.js";

/** Show `button` when `navigator.xr` supports `mode`; a browser that throws or refuses keeps it hidden. */
function detect(xr, mode, button) {
  let answer;
  try {
    answer = xr.isSessionSupported(mode);
  } catch {
    return; // an older implementation that does not know the mode
  }
  Promise.resolve(answer).then(
    (supported) => {
      button.hidden = !supported;
    },
    () => {},
  );
}

/**
 * Offer immersive sessions: `buttons` maps "immersive-vr" / "immersive-ar" to their buttons (either
 * may be missing); `overlay` the element kept visible over the camera in AR. `pick(raycaster)`
 * answers `{ booth: index, ... }`, `{ floor: point }` or null; `onStart(spaceType, mode)` /
 * `onEnd(mode)` switch the page's render loop; `onSelect(hit, leave)` acts on a booth, `leave(then)`
 * ending the session first; `onError(mode)` when a session could not start. `tableTop` (AR) takes
 * the taps that place the model.
 */
export function offerImmersive({ buttons, overlay, renderer, rig, pick, tableTop, onStart, onEnd, onSelect, onError }) {
  const xr = navigator.xr;
  if (!xr || typeof xr.isSessionSupported !== "function") return;
  const offered = Object.entries(buttons).filter(([, button]) => button);
  for (const [mode, button] of offered) detect(xr, mode, button);

  // A tap on the page's overlay (its buttons and link) is not a tap on the hall.
  if (overlay) overlay.addEventListener("beforexrselect", (event) => event.preventDefault());

  const raycaster = new Raycaster();
  let session = null;
  let activeMode = null;

  function select(event) {
    if (!session) return;
    if (activeMode === "immersive-ar" && tableTop && tableTop.tap()) return; // the model is being placed
    raycaster.setFromXRController(event.target);
    const hit = pick(raycaster);
    if (hit && hit.booth !== undefined) {
      onSelect(hit, (then) => session.end().then(then));
    } else if (hit && hit.floor && activeMode !== "immersive-ar") {
      rig.position.x = hit.floor.x;
      rig.position.z = hit.floor.z;
    }
  }

  const ray = new BufferGeometry().setFromPoints([new Vector3(0, 0, 0), new Vector3(0, 0, -1)]);
  for (const index of [0, 1]) {
    const controller = renderer.xr.getController(index);
    const line = new Line(ray, new LineBasicMaterial({ color: "#f5b700" }));
    line.scale.z = 15;
    controller.add(line);
    controller.addEventListener("select", select);
    rig.add(controller);
  }

  for (const [mode, button] of offered) {
    const enterText = button.textContent;
    button.addEventListener("click", async () => {
      if (session) {
        session.end();
        return;
      }
      try {
        session = await xr.requestSession(mode, xrSessionInit(mode, overlay));
      } catch {
        onError(mode);
        return;
      }
      activeMode = mode;
      session.addEventListener("end", () => {
        session = null;
        activeMode = null;
        renderer.xr.enabled = false;
        button.textContent = enterText;
        for (const [, other] of offered) other.disabled = false;
        onEnd(mode);
      });
      renderer.xr.enabled = true;
      let spaceType = "local-floor";
      try {
        renderer.xr.setReferenceSpaceType(spaceType);
        await renderer.xr.setSession(session);
      } catch {
        // Some headsets and phones have no floor-level space: stand the visitor at eye height instead.
        spaceType = "local";
        renderer.xr.setReferenceSpaceType(spaceType);
        await renderer.xr.setSession(session);
      }
      button.textContent = button.dataset.exit || enterText;
      for (const [, other] of offered) other.disabled = other !== button; // one session at a time
      onStart(spaceType, mode);
    });
  }
}
