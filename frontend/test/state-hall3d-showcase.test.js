// state/hall3d.js: which booth comes alive, when its video plays, where its things go, what a click does.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  CARD_SHIFT,
  cardShift,
  clickAction,
  containIn,
  nextPicture,
  PLACARD,
  placardParts,
  playableVideo,
  screenAfter,
  showcaseLayout,
  standNear,
  WING,
  xrSessionInit,
} from "../src/state/hall3d.js";

const close = (actual, expected) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} is not ${expected}`);
const stands = [
  { x: 0, z: -10 },
  { x: 3.6, z: -10 },
  { x: 7.2, z: -10 },
];

test("the booth walked up to is the stand nearest to the point looked at, only from close by", () => {
  assert.equal(standNear(stands, { x: 3.0, z: -9.5 }, 6), 1);
  assert.equal(standNear(stands, { x: 6.0, z: -9.5 }, 6), 2);
  assert.equal(standNear(stands, { x: 3.0, z: -9.5 }, 20), null); // seen from across the hall
  assert.equal(standNear(stands, { x: 3.6, z: -3 }, 6), null); // the aisle, 6.5 m from the stand
  assert.equal(standNear([], { x: 0, z: 0 }, 1), null);
});

test("only a WebM or MP4 file plays in the page; a YouTube link does not", () => {
  const youtube = { title: "Tour", file: null, provider: "youtube" };
  const file = { title: "Demo", file: "/static/demo.webm", provider: "other" };
  assert.equal(playableVideo([youtube, file]), file);
  assert.equal(playableVideo([youtube]), null);
  assert.equal(playableVideo(undefined), null);
});

test("a video plays muted when the visitor chooses its booth, never on approach alone, never with reduced motion", () => {
  assert.equal(screenAfter({ trigger: "select", playable: true, reducedMotion: false }), "play");
  assert.equal(screenAfter({ trigger: "approach", playable: true, reducedMotion: false }), "poster");
  assert.equal(screenAfter({ trigger: "select", playable: true, reducedMotion: true }), "poster");
  assert.equal(screenAfter({ trigger: "approach", playable: true, reducedMotion: true }), "poster");
  assert.equal(screenAfter({ trigger: "select", playable: false, reducedMotion: false }), "poster");
  assert.equal(screenAfter({ trigger: "leave", playable: true, reducedMotion: false }), "poster");
});

test("pictures keep their proportions inside their box", () => {
  assert.deepEqual(containIn({ w: 1.6, h: 1.2 }, 800, 400), { w: 1.6, h: 0.8 });
  assert.deepEqual(containIn({ w: 1.6, h: 1.2 }, 300, 600), { w: 0.6, h: 1.2 });
  assert.deepEqual(containIn({ w: 1.6, h: 1.2 }, null, null), { w: 1.6, h: 1.2 });
});

test("a booth with pictures, a video and five products: picture left, screen right, three placards on the counter", () => {
  const { wings, placards } = showcaseLayout({ images: 2, video: true, products: 5 });
  assert.deepEqual(
    wings.map((wing) => [wing.side, wing.show]),
    [
      [-1, { picture: 0 }],
      [1, { screen: true }],
    ],
  );
  const [left, right] = wings;
  close(left.x, -(WING.wallHalf + 0.8 * Math.cos(WING.angle)));
  close(right.x, -left.x);
  close(left.z, 0.8 * Math.sin(WING.angle));
  close(left.rotation, WING.angle); // turned toward the booth's middle
  close(right.rotation, -WING.angle);
  // The wing's outer end stays clear of the neighbour's counter (from 2.6 m off the stand's centre).
  assert.ok(WING.wallHalf + WING.length * Math.cos(WING.angle) < 2.6);
  assert.equal(placards.length, PLACARD.max);
  assert.deepEqual(placards.map((placard) => placard.product), [0, 1, 2]);
  close(placards[1].x, 0);
  close(placards[0].x, -(PLACARD.width + PLACARD.gap));
  close(placards[0].y, PLACARD.counterTop + PLACARD.height / 2 + 0.01);
});

test("without a video a second picture takes the right wing; a booth with nothing gets nothing", () => {
  assert.deepEqual(
    showcaseLayout({ images: 3, video: false, products: 1 }).wings.map((wing) => wing.show),
    [{ picture: 0 }, { picture: 1 }],
  );
  assert.deepEqual(showcaseLayout({ images: 0, video: true, products: 0 }).wings.map((wing) => wing.side), [1]);
  const single = showcaseLayout({ images: 0, video: false, products: 1 });
  assert.deepEqual(single.wings, []);
  close(single.placards[0].x, 0);
  assert.deepEqual(showcaseLayout({}), { wings: [], placards: [] });
});

test("a click chooses a booth first; on the chosen booth it opens the booth, a product, the video or the next picture", () => {
  assert.deepEqual(clickAction({ booth: 4 }, null), { select: 4 });
  assert.deepEqual(clickAction({ booth: 4 }, 2), { select: 4 });
  assert.deepEqual(clickAction({ booth: 4 }, 4), { open: 4 });
  assert.deepEqual(clickAction({ booth: 4, product: 1 }, 4), { product: [4, 1] });
  assert.deepEqual(clickAction({ booth: 4, screen: true }, 4), { video: 4 });
  assert.deepEqual(clickAction({ booth: 4, picture: 0 }, 4), { nextPicture: 4 });
  assert.equal(clickAction({ floor: { x: 1, z: 2 } }, 4), null);
  assert.equal(clickAction(null, 4), null);
  assert.equal(nextPicture(0, 3), 1);
  assert.equal(nextPicture(2, 3), 0);
  assert.equal(nextPicture(0, 0), 0);
});

test("with the card beside the hall the chosen booth stands off the middle, toward the side without the card", () => {
  assert.equal(cardShift({ cardBeside: false, rtl: false }), 0);
  assert.equal(cardShift({ cardBeside: true, rtl: false }), CARD_SHIFT);
  assert.equal(cardShift({ cardBeside: true, rtl: true }), -CARD_SHIFT);
});

test("a WebXR session asks only for optional features; AR keeps the page's actions over the camera", () => {
  const overlay = { id: "actions" };
  assert.deepEqual(xrSessionInit("immersive-vr", overlay), { optionalFeatures: ["local-floor"] });
  assert.deepEqual(xrSessionInit("immersive-ar", overlay), {
    optionalFeatures: ["local-floor", "hit-test", "dom-overlay"],
    domOverlay: { root: overlay },
  });
  assert.deepEqual(xrSessionInit("immersive-ar", null), { optionalFeatures: ["local-floor", "hit-test"] });
});

test("a placard without a picture gives the name its whole width after the colour stripe", () => {
  assert.deepEqual(placardParts({ width: 372, height: 204 }), {
    picture: null,
    text: { x: 20, y: 6, w: 340, h: 192 },
  });
});

test("a placard's picture is contained at the inline start and the name takes the rest", () => {
  // A landscape picture: as wide as its share allows (156 px of 372), proportions kept.
  assert.deepEqual(placardParts({ width: 372, height: 204, picture: { width: 320, height: 240 } }), {
    picture: { x: 24, y: 44, w: 156, h: 117 },
    text: { x: 192, y: 6, w: 168, h: 192 },
  });
  // A tall one: as high as the placard less its padding.
  assert.deepEqual(placardParts({ width: 372, height: 204, picture: { width: 100, height: 400 } }).picture, {
    x: 24,
    y: 12,
    w: 45,
    h: 180,
  });
});

test("in Arabic the placard's picture stands at the right and the name at its left", () => {
  const { picture, text } = placardParts({ width: 372, height: 204, picture: { width: 320, height: 240 }, rtl: true });
  assert.deepEqual(picture, { x: 192, y: 44, w: 156, h: 117 });
  assert.deepEqual(text, { x: 12, y: 6, w: 168, h: 192 });
  assert.ok(text.x + text.w <= picture.x);
});
