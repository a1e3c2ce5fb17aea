// The hall as a table-top model in AR: where the phone finds a surface (WebXR hit testing, asked for
// as an optional feature) a reticle lies on it, and a tap stands the model there, scaled down
// (1:50, smaller for wide halls) with its entrance toward the visitor. Where hit testing is not
// granted, the model stands a metre in front of the visitor at a table's height as soon as the
// session starts. The maths is state/hall3d.js's (tableTopPlacement, fallbackAnchor); here only
// three.js and the WebXR frames. Booths in the model are picked as in the full-size hall, since a
// raycaster tests the meshes where the model puts them.

import { Mesh, MeshBasicMaterial, Quaternion, RingGeometry, Vector3 } from "three";

import { fallbackAnchor, tableTopPlacement } from "../state/hall3d.js";
import { FOCUS_COLOUR } from "./scene.js";

export class TableTop {
  /** `world` holds the full-size hall; `bounds` the plan's; `hint` the overlay's line of help. */
  constructor({ scene, world, bounds, hint }) {
    this.world = world;
    this.bounds = bounds;
    this.hint = hint;
    this.reticle = new Mesh(
      new RingGeometry(0.07, 0.09, 40).rotateX(-Math.PI / 2),
      new MeshBasicMaterial({ color: FOCUS_COLOUR }),
    );
    this.reticle.matrixAutoUpdate = false; // its matrix is the hit test's pose
    this.reticle.visible = false;
    scene.add(this.reticle);
    this.session = null;
  }

  /** An AR session has started in a `spaceType` space: look for surfaces, if the device lets us. */
  async start(session, spaceType) {
    this.session = session;
    this.spaceType = spaceType;
    this.placed = false;
    this.source = null;
    this.viewer = null;
    this.ready = false;
    this.world.visible = false; // until it stands somewhere
    try {
      const viewer = await session.requestReferenceSpace("viewer");
      this.source = await session.requestHitTestSource({ space: viewer });
    } catch {
      this.source = null; // hit-test not granted: the fallback place
    }
    if (this.session !== session) {
      if (this.source) this.source.cancel();
      return;
    }
    this.ready = true;
    if (this.source && this.hint) this.hint.hidden = false;
  }

  /** Each frame of the session, before drawing: the reticle follows the surface looked at. */
  update(frame, referenceSpace) {
    if (!this.session || !this.ready || this.placed || !frame || !referenceSpace) return;
    const pose = frame.getViewerPose(referenceSpace); // the rig stays at the origin in AR
    if (!pose) return;
    const { position, orientation } = pose.transform;
    this.viewer = { x: position.x, y: position.y, z: position.z };
    if (!this.source) {
      const look = new Quaternion(orientation.x, orientation.y, orientation.z, orientation.w);
      const forward = new Vector3(0, 0, -1).applyQuaternion(look);
      this.place(fallbackAnchor({ viewer: this.viewer, forward, spaceType: this.spaceType }));
      return;
    }
    const [result] = frame.getHitTestResults(this.source);
    const hit = result && result.getPose(referenceSpace);
    this.reticle.visible = Boolean(hit);
    if (hit) this.reticle.matrix.fromArray(hit.transform.matrix);
  }

  /** A tap: before the model stands, it places it on the reticle (if any) and answers true. */
  tap() {
    if (!this.session || this.placed) return false;
    if (this.reticle.visible && this.viewer) this.place(new Vector3().setFromMatrixPosition(this.reticle.matrix));
    return true; // no surface yet: the tap waits for one
  }

  place(anchor) {
    const { scale, rotation, position } = tableTopPlacement({ bounds: this.bounds, anchor, viewer: this.viewer });
    this.world.scale.setScalar(scale);
    this.world.rotation.set(0, rotation, 0);
    this.world.position.set(position.x, position.y, position.z);
    this.world.visible = true;
    this.reticle.visible = false;
    this.placed = true;
    if (this.hint) this.hint.hidden = true;
  }

  /** The session has ended: the hall at full size again. */
  end() {
    if (this.source) this.source.cancel();
    this.source = null;
    this.session = null;
    this.reticle.visible = false;
    this.world.scale.setScalar(1);
    this.world.rotation.set(0, 0, 0);
    this.world.position.set(0, 0, 0);
    this.world.visible = true;
    if (this.hint) this.hint.hidden = true;
  }
}
