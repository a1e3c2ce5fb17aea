// The 3D hall's scene from its plan (layout.js): floors, pavilion zones and signs, and one stand per
// booth. Stands are instanced — walls, counters, logo panels and name labels are one InstancedMesh
// each (per atlas page) — so 200 booths cost a few draw calls; pictures come from atlases.

import {
  BoxGeometry,
  Color,
  DirectionalLight,
  HemisphereLight,
  InstancedBufferAttribute,
  InstancedMesh,
  Matrix4,
  MeshLambertMaterial,
  PlaneGeometry,
  Quaternion,
  Scene,
  ShaderMaterial,
  Vector3,
} from "three";

import { Atlas } from "./atlas.js";
import { drawText, FONT_FAMILY, initials } from "./text.js";

export const FOCUS_COLOUR = "#f5b700";
const WALL = { width: 3.0, height: 3.4, depth: 0.15 };
const COUNTER = { width: 2.0, height: 1.0, depth: 0.7, offset: 1.3 };
const LOGO = { size: 1.3, y: 1.7 };
const LABEL = { width: 3.0, height: 0.75, y: 2.95 };
export const LOGO_CELL = 128;

const WHITE = new Color("#ffffff");

function tint(colour, amount) {
  return new Color(colour).lerp(WHITE, amount);
}

/** A material that shows each instance's own cell of an atlas page (attribute `atlasRect`). */
function atlasMaterial(texture) {
  return new ShaderMaterial({
    uniforms: { map: { value: texture } },
    vertexShader: `
      attribute vec4 atlasRect;
      varying vec2 vUv;
      void main() {
        vUv = atlasRect.xy + uv * atlasRect.zw;
        gl_Position = projectionMatrix * modelViewMatrix * instanceMatrix * vec4(position, 1.0);
      }`,
    fragmentShader: `
      uniform sampler2D map;
      varying vec2 vUv;
      void main() {
        gl_FragColor = texture2D(map, vUv);
      }`,
  });
}

/** One InstancedMesh per atlas page; `place(index, matrix)` gives each cell's transform. */
function atlasMeshes(atlas, geometry, count, place) {
  const meshes = [];
  const matrix = new Matrix4();
  for (const page of atlas.pages) {
    const cells = Math.min(page.cells, count - page.first);
    if (cells <= 0) continue;
    const mesh = new InstancedMesh(geometry.clone(), atlasMaterial(page.texture), cells);
    const rects = new Float32Array(cells * 4);
    for (let local = 0; local < cells; local += 1) {
      const index = page.first + local;
      mesh.setMatrixAt(local, place(index, matrix));
      rects.set(atlas.rect(index), local * 4);
    }
    mesh.geometry.setAttribute("atlasRect", new InstancedBufferAttribute(rects, 4));
    mesh.userData.first = page.first;
    mesh.frustumCulled = false; // one draw call either way; skips a bounding sphere over every instance
    meshes.push(mesh);
  }
  return meshes;
}

function compose(matrix, x, y, z, width = 1, height = 1, depth = 1, rotation = null) {
  return matrix.compose(new Vector3(x, y, z), rotation || new Quaternion(), new Vector3(width, height, depth));
}

const FLAT = new Quaternion().setFromAxisAngle(new Vector3(1, 0, 0), -Math.PI / 2);

function drawLabel(context, width, height, name, colour) {
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, width, height);
  context.fillStyle = colour;
  context.fillRect(0, height - 8, width, 8);
  drawText(context, name, { x: 10, y: 4, width: width - 20, height: height - 14 }, { size: 38, minSize: 22 });
}

function drawSign(context, width, height, title, subtitle, colour) {
  context.fillStyle = colour;
  context.fillRect(0, 0, width, height);
  const titleHeight = subtitle ? height * 0.64 : height;
  drawText(context, title, { x: 16, y: 6, width: width - 32, height: titleHeight - 6 }, { size: 52, minSize: 24, colour: "#ffffff" });
  if (subtitle) {
    drawText(context, subtitle, { x: 16, y: titleHeight, width: width - 32, height: height - titleHeight - 6 }, {
      size: 30,
      minSize: 18,
      maxLines: 1,
      weight: 400,
      colour: "#ffffff",
    });
  }
}

/** The cell of a booth without a logo (yet): its initials on its pavilion's colour. */
export function drawInitials(context, width, height, name, colour) {
  context.fillStyle = colour;
  context.fillRect(0, 0, width, height);
  context.fillStyle = "#ffffff";
  context.textAlign = "center";
  context.textBaseline = "middle";
  context.font = `700 ${Math.round(height * 0.4)}px ${FONT_FAMILY}`;
  context.fillText(initials(name), width / 2, height / 2);
}

/** A logo, contained in its cell on a white ground. */
export function drawLogo(context, width, height, image) {
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, width, height);
  const padding = 6;
  const scale = Math.min((width - 2 * padding) / image.naturalWidth, (height - 2 * padding) / image.naturalHeight);
  const w = image.naturalWidth * scale;
  const h = image.naturalHeight * scale;
  context.drawImage(image, (width - w) / 2, (height - h) / 2, w, h);
}

/**
 * Build the scene. Returns the scene, the meshes a pointer may pick (`pickable`, each with
 * `userData.first`: the booth index of its instance 0), the floors (for teleporting in VR), the
 * logo atlas (logos arrive later) and `highlight(index | null)` for the focused booth.
 */
export function buildScene(plan) {
  const scene = new Scene();
  scene.background = new Color("#dde4ec");
  scene.add(new HemisphereLight("#ffffff", "#8d98a8", 2.0));
  const sun = new DirectionalLight("#ffffff", 1.2);
  sun.position.set(-0.4, 1, 0.7);
  scene.add(sun, sun.target); // its target in the scene too, so both move with the hall (the AR model)

  const matrix = new Matrix4();
  const plane = new PlaneGeometry(1, 1);
  const floorMaterial = new MeshLambertMaterial();

  // Hall floors, then the pavilions' zones a little above them.
  const floors = new InstancedMesh(plane, floorMaterial, Math.max(1, plan.halls.length + plan.zones.length));
  floors.count = plan.halls.length + plan.zones.length;
  plan.halls.forEach((hall, index) => {
    floors.setMatrixAt(index, compose(matrix, hall.x0 + hall.w / 2, 0, hall.z0 + hall.d / 2, hall.w, hall.d, 1, FLAT));
    floors.setColorAt(index, new Color("#c4ccd6"));
  });
  plan.zones.forEach((zone, index) => {
    const at = plan.halls.length + index;
    floors.setMatrixAt(at, compose(matrix, zone.x0 + zone.w / 2, 0.02, zone.z0 + zone.d / 2, zone.w, zone.d, 1, FLAT));
    floors.setColorAt(at, tint(zone.colour, 0.72));
  });
  floors.frustumCulled = false;
  scene.add(floors);

  // Signs: one per zone (pavilion name and kind) and one per hall, from a shared atlas.
  const signs = new Atlas({ cellWidth: 512, cellHeight: 128, count: plan.zones.length + plan.halls.length });
  plan.zones.forEach((zone, index) =>
    signs.draw(index, (context, w, h) => drawSign(context, w, h, zone.name, zone.kind, zone.colour)),
  );
  plan.halls.forEach((hall, index) =>
    signs.draw(plan.zones.length + index, (context, w, h) => drawSign(context, w, h, hall.name, "", "#1b1f24")),
  );
  const signMeshes = atlasMeshes(signs, plane, plan.zones.length + plan.halls.length, (index, target) => {
    if (index < plan.zones.length) {
      const zone = plan.zones[index];
      const width = Math.min(zone.w - 1, 9);
      return compose(target, zone.x0 + zone.w / 2, 4.3 + width / 8, zone.z0 + 1, width, width / 4, 1);
    }
    const hall = plan.halls[index - plan.zones.length];
    const width = Math.min(hall.w - 4, 20);
    return compose(target, hall.x0 + hall.w / 2, 8 + width / 8, hall.z0 + 1, width, width / 4, 1);
  });
  signMeshes.forEach((mesh) => scene.add(mesh));

  // Stands.
  const count = plan.stands.length;
  const size = Math.max(1, count);
  const wallColours = plan.stands.map((stand) => tint(plan.zones[stand.zone].colour, 0.86));
  const walls = new InstancedMesh(new BoxGeometry(WALL.width, WALL.height, WALL.depth), new MeshLambertMaterial(), size);
  const counters = new InstancedMesh(
    new BoxGeometry(COUNTER.width, COUNTER.height, COUNTER.depth),
    new MeshLambertMaterial(),
    size,
  );
  walls.count = counters.count = count;
  plan.stands.forEach((stand, index) => {
    walls.setMatrixAt(index, compose(matrix, stand.x, WALL.height / 2, stand.z - WALL.depth / 2));
    walls.setColorAt(index, wallColours[index]);
    counters.setMatrixAt(index, compose(matrix, stand.x, COUNTER.height / 2, stand.z + COUNTER.offset));
    counters.setColorAt(index, new Color(plan.zones[stand.zone].colour));
  });
  for (const mesh of [walls, counters]) {
    mesh.userData.first = 0;
    mesh.frustumCulled = false;
    scene.add(mesh);
  }

  const labels = new Atlas({ cellWidth: 384, cellHeight: 96, count });
  plan.stands.forEach((stand, index) =>
    labels.draw(index, (context, w, h) => drawLabel(context, w, h, stand.booth.name, plan.zones[stand.zone].colour)),
  );
  const labelMeshes = atlasMeshes(labels, plane, count, (index, target) =>
    compose(target, plan.stands[index].x, LABEL.y, plan.stands[index].z + 0.01, LABEL.width, LABEL.height, 1),
  );
  const logos = new Atlas({ cellWidth: LOGO_CELL, cellHeight: LOGO_CELL, count });
  plan.stands.forEach((stand, index) =>
    logos.draw(index, (context, w, h) => drawInitials(context, w, h, stand.booth.name, plan.zones[stand.zone].colour)),
  );
  const logoMeshes = atlasMeshes(logos, plane, count, (index, target) =>
    compose(target, plan.stands[index].x, LOGO.y, plan.stands[index].z + 0.01, LOGO.size, LOGO.size, 1),
  );
  [...labelMeshes, ...logoMeshes].forEach((mesh) => scene.add(mesh));

  const focus = new Color(FOCUS_COLOUR);
  let highlighted = null;
  function highlight(index) {
    if (highlighted !== null) walls.setColorAt(highlighted, wallColours[highlighted]);
    highlighted = index;
    if (index !== null) walls.setColorAt(index, focus);
    walls.instanceColor.needsUpdate = true;
  }

  return {
    scene,
    pickable: count ? [walls, counters, ...labelMeshes, ...logoMeshes] : [],
    floors,
    atlases: [signs, labels, logos],
    logos,
    highlight,
    /** Where to stand to face a booth, and where to look. */
    viewOf(index) {
      const stand = plan.stands[index];
      return { position: new Vector3(stand.x, 2.4, stand.z + 5.6), target: new Vector3(stand.x, LOGO.y, stand.z) };
    },
  };
}
