// The interpretation switcher's state, as pure functions: which channel to offer first, what playing a
// channel means for the page (the floor's volume, the element that plays the channel, the captions'
// language), and the channels' on-air status (snapshot part `interpretation` and its events).
// A channel is {key, language, kind, url}; the floor's key is "floor" (events/channels.py).

export const FLOOR = "floor";
export const DEFAULT_DUCKING = 20; // the floor's volume under an interpretation, in percent

// Addresses the browser plays itself; anything else is another site's player page, embedded.
const MEDIA = /\.(m3u8|mp3|mp4|m4a|aac|ogg|oga|opus|webm|wav)$/i;

/** Whether `url` is a media file or stream the page can play in <audio>/<video> (not a player page). */
export function isMediaUrl(url) {
  if (!url) return false;
  try {
    return MEDIA.test(new URL(url, "https://invalid.example").pathname);
  } catch {
    return false;
  }
}

/**
 * The channel to offer first: the one remembered on this device, else the one kept for the signed-in
 * listener, when this session has it; else a spoken channel in the page's language; else the floor.
 */
export function channelToOffer(channels, { remembered, saved, uiLanguage }) {
  const keys = channels.map((channel) => channel.key);
  for (const wanted of [remembered, saved]) {
    if (wanted && (wanted === FLOOR || keys.includes(wanted))) return wanted;
  }
  const spoken = channels.find((channel) => channel.language === uiLanguage && channel.kind !== "sign");
  return spoken ? spoken.key : FLOOR;
}

/** A percentage from storage or the slider, kept between 0 and 100; the default when unreadable. */
export function duckingLevel(value) {
  const number = Number.parseInt(value, 10);
  if (!Number.isFinite(number)) return DEFAULT_DUCKING;
  return Math.min(100, Math.max(0, number));
}

/**
 * What the page does to play `channel` over a floor that is a <video> (`floorIsMedia`) or an embedded
 * player page: {floorVolume (0–1, or null when the page cannot set it), player ("audio" | "video" |
 * "frame" | null), ducking (whether the slider applies), captions (the language the captions follow,
 * or null to leave them)}. Spoken channels lower the floor; a signer leaves its sound as it is.
 */
export function playPlan(channel, { floorIsMedia, ducking, floorLanguage }) {
  if (!channel || channel.key === FLOOR) {
    return { floorVolume: floorIsMedia ? 1 : null, player: null, ducking: false, captions: floorLanguage || null };
  }
  const spoken = channel.kind !== "sign";
  const media = isMediaUrl(channel.url);
  let player = "frame";
  if (media) player = channel.kind === "audio" ? "audio" : "video";
  return {
    floorVolume: floorIsMedia ? (spoken ? duckingLevel(ducking) / 100 : 1) : null,
    player,
    ducking: spoken && floorIsMedia,
    captions: channel.language,
  };
}

/** A channel as the live layer names it ({key: "fr:audio", url}) with its language and kind spelled out. */
export function channelOf({ key, url }) {
  const [language, kind] = key.split(":");
  return { key, language, kind, url };
}

/**
 * The interpretation state a snapshot's `interpretation` part gives: {channels: [{key, url}], onAir: [keys],
 * interpreting: [keys]} (the floor is the page's own and never in `channels`).
 */
export function onAirFromSnapshot(part) {
  return {
    channels: ((part && part.channels) || []).map(({ key, url }) => ({ key, url })),
    onAir: [...((part && part.on_air) || [])],
    interpreting: [...((part && part.interpreting) || [])],
  };
}

function sameChannels(a, b) {
  return a.length === b.length && a.every((channel, index) => channel.key === b[index].key && channel.url === b[index].url);
}

/**
 * The state after one event; the same object when nothing changes. {"interpretation": {"channel", "on_air"}}:
 * a channel went on or off air. {"interpretation": {"channels": [...]}}: the session offers these channels
 * now (the whole list); a channel no longer offered is off air, and no longer this viewer's to switch.
 */
export function applyOnAirEvent(state, event) {
  const change = event && event.interpretation;
  if (!change || !state) return state;
  if (Array.isArray(change.channels)) {
    const channels = change.channels.map(({ key, url }) => ({ key, url }));
    if (sameChannels(channels, state.channels)) return state;
    const keys = new Set(channels.map((channel) => channel.key));
    return {
      channels,
      onAir: state.onAir.filter((key) => keys.has(key)),
      interpreting: state.interpreting.filter((key) => keys.has(key)),
    };
  }
  if (typeof change.channel !== "string") return state;
  const isOn = state.onAir.includes(change.channel);
  if (change.on_air === isOn) return state;
  const onAir = change.on_air ? [...state.onAir, change.channel] : state.onAir.filter((key) => key !== change.channel);
  return { ...state, onAir };
}

/** The channel to go on listening to after the channels changed: the same one while offered, else the floor. */
export function stillListening(listening, channels) {
  if (listening === FLOOR) return FLOOR;
  return channels.some((channel) => channel.key === listening) ? listening : FLOOR;
}

export const TEAM_LINES = 50; // the snapshot's length (interpretation/team.py RECENT_LINES)

/** The interpreters' chat (`interpreters:<session>` topic): {messages}. */
export function teamFromSnapshot(part) {
  return { messages: [...((part && part.messages) || [])] };
}

/** The interpreters' chat after one event ({"interpreters": {"added": line}}); the same object when nothing changes. */
export function applyTeamEvent(state, event) {
  const added = event && event.interpreters && event.interpreters.added;
  if (!added || !state || state.messages.some((line) => line.id === added.id)) return state;
  return { messages: [...state.messages, added].slice(-TEAM_LINES) };
}
