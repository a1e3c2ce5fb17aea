// Which caption a booth's video shows on the 3D hall's screen: the visitor's track (the one the
// player beside the hall shows, else the page's language, else the first), and in it the cues
// active at the video's time, as plain text. Pure functions: the browser parses the WebVTT file
// (a <track> on the player) and hands its cues here.

const TAG = /<[^>]*>/g;
const ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&nbsp;": "\u00a0", "&lrm;": "\u200e", "&rlm;": "\u200f" };

/** A cue's text without WebVTT markup (<v Speaker>, <i>, <c.class>, <00:00:01.000>), entities decoded. */
export function cueText(text) {
  return String(text || "")
    .replace(TAG, "")
    .replace(/&(amp|lt|gt|nbsp|lrm|rlm);/g, (entity) => ENTITIES[entity])
    .trim();
}

/**
 * The text of the cues active at `time` (seconds): start ≤ time < end, in start order, one per
 * line; "" between cues. `cues` is a TextTrackCueList or an array of {startTime, endTime, text}.
 */
export function activeCueText(cues, time) {
  const active = [];
  for (const cue of cues || []) {
    if (cue.startTime <= time && time < cue.endTime) active.push(cue);
  }
  active.sort((a, b) => a.startTime - b.startTime);
  return active
    .map((cue) => cueText(cue.text))
    .filter(Boolean)
    .join("\n");
}

/**
 * The index of the caption track the screen follows among `tracks` ({language, mode}): the one the
 * player shows ("showing"), else the one in `language` (exact, then the same base language, so
 * "zh" serves "zh-hans"), else the first; null without tracks.
 */
export function chosenTrack(tracks, language) {
  const list = [...(tracks || [])];
  if (!list.length) return null;
  const showing = list.findIndex((track) => track.mode === "showing");
  if (showing !== -1) return showing;
  const wanted = String(language || "").toLowerCase();
  const exact = list.findIndex((track) => String(track.language).toLowerCase() === wanted);
  if (exact !== -1) return exact;
  const base = wanted.split("-")[0];
  const near = list.findIndex((track) => String(track.language).toLowerCase().split("-")[0] === base);
  return near !== -1 ? near : 0;
}
