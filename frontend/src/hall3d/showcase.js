// The booth that comes alive in the 3D hall: its pictures on two wings opening out of its wall, its
// video on a screen (poster first; played muted and looping when the visitor chooses the booth, never by
// itself under reduced motion) with its captions on a strip across the screen's foot, its products on
// placards on the counter (each with the product's first picture); and beside the hall, the booth's card:
// the same video with its controls, its products and its page as links (the way for keyboards and
// screen readers). One booth at a time: a few draw calls and its own pictures only, fetched when it
// comes alive and let go when another does. Everything comes from the exhibition JSON, the same
// booths, pictures, videos and products as the 2D booth pages.

import { CanvasTexture, Group, Mesh, MeshBasicMaterial, PlaneGeometry, Texture, VideoTexture } from "three";

import { fill } from "./layout.js";
import { drawText } from "./text.js";
import { containIn, nextPicture, placardParts, playableVideo, screenAfter, SCREEN, showcaseLayout, WING } from "../state/hall3d.js";
import { activeCueText, chosenTrack } from "../state/video-cues.js";

const PLANE = new PlaneGeometry(1, 1);

function canvasOf(width, height, paint) {
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  paint(canvas.getContext("2d"), width, height);
  const texture = new CanvasTexture(canvas);
  return texture;
}

/** The screen before (or without) playing: a play sign and the video's title. */
function drawPoster(context, width, height, title, note, colour) {
  context.fillStyle = "#1b1f24";
  context.fillRect(0, 0, width, height);
  context.fillStyle = colour;
  context.fillRect(0, height - 10, width, 10);
  context.fillStyle = "#ffffff";
  const cx = width / 2;
  const cy = height * 0.38;
  context.beginPath();
  context.arc(cx, cy, 46, 0, Math.PI * 2);
  context.lineWidth = 6;
  context.strokeStyle = "#ffffff";
  context.stroke();
  context.beginPath();
  context.moveTo(cx - 14, cy - 24);
  context.lineTo(cx + 26, cy);
  context.lineTo(cx - 14, cy + 24);
  context.closePath();
  context.fill();
  drawText(context, title, { x: 20, y: height * 0.62, width: width - 40, height: height * 0.2 }, { size: 34, minSize: 20, maxLines: 1, colour: "#ffffff" });
  if (note) drawText(context, note, { x: 20, y: height * 0.8, width: width - 40, height: height * 0.1 }, { size: 24, minSize: 16, maxLines: 1, weight: 400, colour: "#ffffff" });
}

/** The caption strip: the active cue's text, white on near-black (the player's own caption style). */
function drawCaption(context, width, height, text) {
  context.clearRect(0, 0, width, height);
  if (!text) return;
  context.fillStyle = "rgba(0, 0, 0, 0.82)";
  context.fillRect(0, 0, width, height);
  drawText(context, text, { x: 16, y: 4, width: width - 32, height: height - 8 }, { size: 44, minSize: 24, maxLines: 2, weight: 600, colour: "#ffffff" });
}

// The strip's share of the screen's height, and the canvas it is drawn on.
const CAPTION = { height: 0.24, canvas: [1024, 160] };

// A placard's canvas: the product's name, and its first picture once it has arrived.
const PLACARD_CANVAS = [372, 204];

function drawPlacard(context, width, height, name, colour, picture = null) {
  const rtl = document.documentElement.dir === "rtl";
  const parts = placardParts({
    width,
    height,
    picture: picture && { width: picture.naturalWidth, height: picture.naturalHeight },
    rtl,
  });
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, width, height);
  context.fillStyle = colour;
  context.fillRect(rtl ? width - 12 : 0, 0, 12, height);
  if (parts.picture) {
    const { x, y, w, h } = parts.picture;
    context.drawImage(picture, x, y, w, h);
  }
  const { x, y, w, h } = parts.text;
  drawText(context, `${name} ${rtl ? "←" : "→"}`, { x, y, width: w, height: h }, { size: 40, minSize: 22 });
}

function sameOrigin(address) {
  try {
    return new URL(address, window.location.href).origin === window.location.origin;
  } catch {
    return false;
  }
}

export class Showcase {
  /**
   * `plan` from layout.js; `card` the page's booth card; `placeOf(index)` the booth's pavilion in
   * words; `requestRender()` asks for a frame; `reducedMotion()` whether the visitor asks for it.
   */
  constructor({ scene, plan, strings, card, placeOf, requestRender, reducedMotion }) {
    this.plan = plan;
    this.strings = strings;
    this.card = card;
    this.placeOf = placeOf;
    this.requestRender = requestRender;
    this.reducedMotion = reducedMotion;
    this.group = new Group();
    scene.add(this.group);
    this.alive = null;
    this.meshes = []; // what a pointer or a controller may pick
    this.disposables = [];
    this.counted = new Set();
    this.picture = 0;
    this.video = card.querySelector("video");
    this.video.addEventListener("play", () => this.onPlay());
    this.video.addEventListener("pause", () => {
      if (this.alive !== null) this.card.dataset.video = "paused";
    });
    this.video.addEventListener("volumechange", () => {
      if (!this.video.muted) this.count();
    });
    // A seek, a pause or another caption language in the player changes the strip too.
    this.video.addEventListener("timeupdate", () => this.showCaption());
    this.video.textTracks.addEventListener("change", () => this.showCaption());
  }

  /** Make booth `index` come alive after `trigger` ("select" or "approach"); nothing if it already is. */
  show(index, trigger) {
    if (index === this.alive) {
      if (trigger === "select") this.decide("select");
      return;
    }
    this.clear();
    this.alive = index;
    const stand = this.plan.stands[index];
    const booth = stand.booth;
    const colour = this.plan.zones[stand.zone].colour;
    const video = (booth.videos || [])[0] || null;
    const playable = playableVideo(booth.videos);
    this.playable = playable;
    this.textured = Boolean(playable && sameOrigin(playable.file)); // a texture from another origin would taint WebGL
    this.picture = 0;
    const { wings, placards } = showcaseLayout({
      images: (booth.images || []).length,
      video: Boolean(video),
      products: (booth.products || []).length,
    });
    this.group.position.set(stand.x, 0, stand.z);
    for (const wing of wings) {
      const mesh = new Mesh(PLANE, new MeshBasicMaterial({ color: "#ffffff" }));
      mesh.position.set(wing.x, WING.y, wing.z);
      mesh.rotation.y = wing.rotation;
      if (wing.show.screen) {
        mesh.scale.set(SCREEN.width, SCREEN.height, 1);
        mesh.userData.hit = { booth: index, screen: true };
        const note = playable ? "" : this.strings.video_elsewhere;
        this.poster = this.own(canvasOf(512, 288, (c, w, h) => drawPoster(c, w, h, (playable || video).title, note, colour)));
        mesh.material.map = this.poster;
        this.screen = mesh;
        if (playable && (playable.captions || []).length) this.addCaptionStrip(mesh);
      } else {
        mesh.scale.set(WING.length, WING.height, 1);
        mesh.userData.hit = { booth: index, picture: wing.show.picture };
        mesh.material.color.set("#f3f5f8"); // until the picture arrives
        this.wingPicture(mesh, wing.show.picture);
      }
      this.add(mesh);
    }
    for (const placard of placards) {
      const product = booth.products[placard.product];
      const mesh = new Mesh(PLANE, new MeshBasicMaterial());
      const [width, height] = PLACARD_CANVAS;
      mesh.material.map = this.own(canvasOf(width, height, (c, w, h) => drawPlacard(c, w, h, product.name, colour)));
      mesh.position.set(placard.x, placard.y, placard.z);
      mesh.scale.set(placard.w, placard.h, 1);
      mesh.userData.hit = { booth: index, product: placard.product };
      this.add(mesh);
      if (product.image) this.placardPicture(mesh.material.map, product, colour);
    }
    this.fillCard(index, video, playable);
    this.decide(trigger);
    this.requestRender();
  }

  /** The booth is left behind: its video stops and its things go. */
  leave() {
    if (this.alive === null) return;
    this.clear();
    this.card.hidden = true;
    this.requestRender();
  }

  /** What a hit on one of the showcase's meshes means ({booth, screen | picture | product}). */
  hitOf(object) {
    return object.userData.hit || null;
  }

  toggleVideo() {
    if (!this.playable) {
      const video = this.plan.stands[this.alive].booth.videos[0];
      window.open(video.url, "_blank", "noopener,noreferrer");
      return;
    }
    if (this.video.paused) {
      this.count();
      this.play();
    } else {
      this.video.pause(); // the visitor's own pause
    }
  }

  showNextPicture() {
    const images = this.plan.stands[this.alive].booth.images || [];
    const wing = this.meshes.find((mesh) => mesh.userData.hit.picture !== undefined && mesh.position.x < 0);
    if (!wing || images.length < 2) return;
    this.picture = nextPicture(this.picture, images.length);
    this.wingPicture(wing, this.picture);
  }

  // Inside.

  /** A strip across the foot of the screen (its child, so it follows it) for the active cue. */
  addCaptionStrip(screen) {
    const [width, height] = CAPTION.canvas;
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    this.captionCanvas = canvas;
    this.captionTexture = this.own(new CanvasTexture(canvas));
    const strip = new Mesh(PLANE, new MeshBasicMaterial({ map: this.captionTexture, transparent: true }));
    strip.scale.set(1, CAPTION.height, 1);
    strip.position.set(0, (CAPTION.height - 1) / 2 + 0.02, 0.01);
    strip.visible = false;
    this.own(strip.material);
    screen.add(strip);
    this.captionStrip = strip;
    this.captionText = "";
  }

  /** Draw the cue active now (in the track the player shows) on the strip when it changed. */
  showCaption() {
    if (!this.captionStrip || this.alive === null) return;
    const tracks = [...this.video.textTracks];
    const index = chosenTrack(tracks, document.documentElement.lang);
    const text = index === null ? "" : activeCueText(tracks[index].cues, this.video.currentTime);
    if (text === this.captionText) return;
    this.captionText = text;
    const [width, height] = CAPTION.canvas;
    drawCaption(this.captionCanvas.getContext("2d"), width, height, text);
    this.captionTexture.needsUpdate = true;
    this.captionStrip.visible = Boolean(text) && Boolean(this.videoTexture);
    this.card.dataset.caption = this.captionStrip.visible ? text : "";
    this.requestRender();
  }

  own(disposable) {
    this.disposables.push(disposable);
    return disposable;
  }

  add(mesh) {
    this.own(mesh.material);
    this.group.add(mesh);
    this.meshes.push(mesh);
  }

  wingPicture(mesh, pictureIndex) {
    const booth = this.plan.stands[this.alive].booth;
    const picture = booth.images[pictureIndex];
    const alive = this.alive;
    const image = new Image();
    image.crossOrigin = "anonymous";
    image.decoding = "async";
    image.onload = () => {
      if (this.alive !== alive || !image.naturalWidth) return; // another booth came alive meanwhile
      const texture = this.own(new Texture(image));
      texture.needsUpdate = true;
      mesh.material.map = texture;
      mesh.material.color.set("#ffffff");
      mesh.material.needsUpdate = true;
      const size = containIn({ w: WING.length, h: WING.height }, image.naturalWidth, image.naturalHeight);
      mesh.scale.set(size.w, size.h, 1);
      this.card.dataset.pictures = String(Number(this.card.dataset.pictures || 0) + 1);
      this.requestRender();
    };
    image.src = picture.url;
  }

  /** The product's first picture beside its name on the placard, once it has arrived. */
  placardPicture(texture, product, colour) {
    const alive = this.alive;
    const image = new Image();
    image.crossOrigin = "anonymous"; // a picture from another origin without CORS would taint the canvas
    image.decoding = "async";
    image.onload = () => {
      if (this.alive !== alive || !image.naturalWidth) return; // another booth came alive meanwhile
      const canvas = texture.image;
      drawPlacard(canvas.getContext("2d"), canvas.width, canvas.height, product.name, colour, image);
      texture.needsUpdate = true;
      this.card.dataset.productPictures = String(Number(this.card.dataset.productPictures || 0) + 1);
      this.requestRender();
    };
    image.src = product.image;
  }

  fillCard(index, video, playable) {
    const booth = this.plan.stands[index].booth;
    const card = this.card;
    card.querySelector(".hall3d-card-name").textContent = booth.name;
    card.querySelector(".hall3d-card-place").textContent = this.placeOf(index);
    const open = card.querySelector(".hall3d-card-open");
    open.href = booth.url;
    open.textContent = fill(this.strings.open_booth, { name: booth.name });
    const watch = card.querySelector(".hall3d-card-watch");
    watch.hidden = !video;
    if (video) {
      const link = watch.querySelector("a");
      link.href = video.url;
      link.textContent = video.title;
    }
    this.video.hidden = !playable;
    this.video.removeAttribute("src");
    this.video.removeAttribute("poster");
    this.video.replaceChildren(); // the previous booth's caption tracks
    if (playable) {
      this.video.muted = true;
      if (booth.images && booth.images.length) this.video.poster = booth.images[0].url;
      this.video.src = playable.file;
      this.video.setAttribute("aria-label", playable.title);
      const captions = playable.captions || [];
      const chosen = chosenTrack(captions, document.documentElement.lang);
      captions.forEach((caption, position) => {
        const track = document.createElement("track");
        track.kind = "captions";
        track.src = caption.url;
        track.srclang = caption.language;
        track.label = caption.label;
        track.default = position === chosen;
        this.video.append(track);
      });
    }
    const list = card.querySelector(".hall3d-card-products");
    const items = (booth.products || []).map((product) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = product.url;
      link.dir = "auto";
      link.textContent = product.name;
      item.append(link);
      return item;
    });
    list.replaceChildren(...items);
    list.hidden = !items.length;
    card.querySelector(".hall3d-card-products-title").hidden = !items.length;
    card.dataset.booth = booth.slug;
    card.dataset.pictures = "0";
    card.dataset.productPictures = "0";
    card.dataset.video = playable ? "poster" : "none";
    card.hidden = false;
  }

  decide(trigger) {
    if (!this.playable) return;
    const action = screenAfter({
      trigger,
      playable: true,
      reducedMotion: this.reducedMotion(),
    });
    if (action === "play") this.play();
  }

  play() {
    const started = this.video.play();
    if (started && started.catch) started.catch(() => {}); // a browser may refuse; the poster stays
  }

  onPlay() {
    this.card.dataset.video = "playing";
    if (!this.textured || !this.screen) return;
    if (!this.videoTexture) {
      this.videoTexture = this.own(new VideoTexture(this.video));
      this.screen.material.map = this.videoTexture;
      this.screen.material.needsUpdate = true;
    }
    // Frames on demand: one per video frame while it plays.
    const tick = () => {
      if (this.video.paused || this.video.ended || !this.videoTexture) return;
      this.showCaption();
      this.requestRender();
      if (this.video.requestVideoFrameCallback) this.video.requestVideoFrameCallback(tick);
      else requestAnimationFrame(tick);
    };
    tick();
  }

  /** One play counted per booth and page: when the visitor turns the sound on or starts it. */
  count() {
    if (this.alive === null || this.counted.has(this.alive) || !this.playable) return;
    this.counted.add(this.alive);
    if (navigator.sendBeacon) navigator.sendBeacon(this.playable.played);
  }

  clear() {
    if (!this.video.paused) this.video.pause();
    this.video.removeAttribute("src");
    this.video.load(); // lets go of the file
    for (const mesh of this.meshes) this.group.remove(mesh);
    for (const item of this.disposables) item.dispose();
    this.meshes = [];
    this.disposables = [];
    this.screen = null;
    this.captionStrip = null;
    this.captionCanvas = null;
    this.captionTexture = null;
    this.card.dataset.caption = "";
    this.poster = null;
    this.videoTexture = null;
    this.playable = null;
    this.alive = null;
  }
}
