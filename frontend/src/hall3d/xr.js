// WebXR for the 3D hall: an "Enter VR" button, shown only where the browser says an immersive VR
// session is possible; in VR, a controller's (or a gaze's) select on a booth makes it come alive,
// on the booth alive opens its page or a product's once out of VR, and on the floor moves the
// visitor there. three.js draws the frames (renderer.xr with
// setAnimationLoop) while the session lasts; outside VR the hall renders on demand.

import { BufferGeometry, Line, LineBasicMaterial, Raycaster, Vector3 } from "three";

/**
 * Offer VR when `navigator.xr` supports immersive-vr. `pick(raycaster)` answers
 * `{ booth: index, ... }`, `{ floor: point }` or null; `onStart(spaceType)` / `onEnd()` switch the
 * page's render loop; `onSelect(hit, leaveVr)` acts on a booth, `leaveVr(then)` ending the session first.
 */
export function offerVr({ button, renderer, rig, pick, onStart, onEnd, onSelect, onError }) {
  const xr = navigator.xr;
  if (!xr || typeof xr.isSessionSupported !== "function") return;
  xr.isSessionSupported("immersive-vr").then(
    (supported) => {
      button.hidden = !supported;
    },
    () => {},
  );

  const raycaster = new Raycaster();
  let session = null;
  const enterText = button.textContent;

  function select(event) {
    if (!session) return;
    raycaster.setFromXRController(event.target);
    const hit = pick(raycaster);
    if (hit && hit.booth !== undefined) {
      onSelect(hit, (then) => session.end().then(then));
    } else if (hit && hit.floor) {
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

  button.addEventListener("click", async () => {
    if (session) {
      session.end();
      return;
    }
    try {
      session = await xr.requestSession("immersive-vr", { optionalFeatures: ["local-floor"] });
    } catch {
      onError();
      return;
    }
    session.addEventListener("end", () => {
      session = null;
      renderer.xr.enabled = false;
      button.textContent = enterText;
      onEnd();
    });
    renderer.xr.enabled = true;
    let spaceType = "local-floor";
    try {
      renderer.xr.setReferenceSpaceType(spaceType);
      await renderer.xr.setSession(session);
    } catch {
      // Some headsets have no floor-level space: stand the visitor at eye height instead.
      spaceType = "local";
      renderer.xr.setReferenceSpaceType(spaceType);
      await renderer.xr.setSession(session);
    }
    button.textContent = button.dataset.exit || enterText;
    onStart(spaceType);
  });
}
