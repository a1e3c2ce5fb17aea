// Texture atlases: many small pictures (logos, name labels, signs) in a few large textures, so that
// hundreds of booths draw in a handful of calls. Each picture is a cell of a canvas page; a page is
// uploaded whole once, and a cell drawn later (a logo arriving) is copied alone into the texture.

import { CanvasTexture, LinearFilter, LinearMipmapLinearFilter, Texture, Vector2 } from "three";

const MAX_SIZE = 2048; // every WebGL 2 device takes textures this large

export class Atlas {
  constructor({ cellWidth, cellHeight, count }) {
    this.cellWidth = cellWidth;
    this.cellHeight = cellHeight;
    this.cols = Math.max(1, Math.floor(MAX_SIZE / cellWidth));
    this.perPage = this.cols * Math.max(1, Math.floor(MAX_SIZE / cellHeight));
    this.pages = [];
    for (let first = 0; first < Math.max(count, 1); first += this.perPage) {
      const cells = Math.min(this.perPage, Math.max(count, 1) - first);
      const canvas = document.createElement("canvas");
      // WebGL 2 (which three.js needs) mipmaps textures of any size: pages are as small as their cells allow.
      canvas.width = Math.min(cells, this.cols) * cellWidth;
      canvas.height = Math.ceil(cells / this.cols) * cellHeight;
      const texture = new CanvasTexture(canvas);
      texture.minFilter = LinearMipmapLinearFilter;
      texture.magFilter = LinearFilter;
      this.pages.push({ first, cells, canvas, context: canvas.getContext("2d"), texture, uploaded: false });
    }
    this.staging = document.createElement("canvas");
    this.staging.width = cellWidth;
    this.staging.height = cellHeight;
    this.stagingContext = this.staging.getContext("2d");
    this.stagingTexture = new Texture(this.staging);
    this.dirty = new Set();
  }

  /** The page holding cell `index`, and the cell's top-left corner on that page's canvas. */
  locate(index) {
    const page = this.pages[Math.floor(index / this.perPage)];
    const local = index - page.first;
    return { page, x: (local % this.cols) * this.cellWidth, y: Math.floor(local / this.cols) * this.cellHeight };
  }

  /** Where cell `index` is in its texture: [u, v, width, height] (v from the bottom, as WebGL counts). */
  rect(index) {
    const { page, x, y } = this.locate(index);
    const { width, height } = page.canvas;
    const inset = 0.5; // half a texel: no bleeding from the neighbouring cell
    return [
      (x + inset) / width,
      (height - y - this.cellHeight + inset) / height,
      (this.cellWidth - 2 * inset) / width,
      (this.cellHeight - 2 * inset) / height,
    ];
  }

  /** Draw into cell `index` with `paint(context, width, height)` (clipped to the cell). */
  draw(index, paint) {
    const { page, x, y } = this.locate(index);
    const context = page.context;
    context.save();
    context.translate(x, y);
    context.beginPath();
    context.rect(0, 0, this.cellWidth, this.cellHeight);
    context.clip();
    context.clearRect(0, 0, this.cellWidth, this.cellHeight);
    paint(context, this.cellWidth, this.cellHeight);
    context.restore();
    if (page.uploaded) this.dirty.add(index);
  }

  /** Upload every page once (before the first frame), with the renderer's anisotropic filtering. */
  prepare(renderer) {
    const anisotropy = Math.min(4, renderer.capabilities.getMaxAnisotropy());
    for (const page of this.pages) {
      page.texture.anisotropy = anisotropy;
      renderer.initTexture(page.texture);
      page.uploaded = true;
    }
  }

  /** Copy the cells drawn since the last frame into their textures; mipmaps once per page. */
  flush(renderer) {
    if (!this.dirty.size) return false;
    const indices = [...this.dirty].sort((a, b) => a - b);
    this.dirty.clear();
    indices.forEach((index, position) => {
      const { page, x, y } = this.locate(index);
      const next = indices[position + 1];
      page.texture.mipmapsAutoUpdate = next === undefined || this.locate(next).page !== page;
      this.stagingContext.clearRect(0, 0, this.cellWidth, this.cellHeight);
      this.stagingContext.drawImage(page.canvas, x, y, this.cellWidth, this.cellHeight, 0, 0, this.cellWidth, this.cellHeight);
      const target = new Vector2(x, page.canvas.height - y - this.cellHeight);
      renderer.copyTextureToTexture(this.stagingTexture, page.texture, null, target);
      page.texture.mipmapsAutoUpdate = true;
    });
    return true;
  }

  dispose() {
    for (const page of this.pages) page.texture.dispose();
    this.stagingTexture.dispose();
  }
}
