// Progressive enhancement only: every page works without this file.
import { enhanceCheckboxLists, enhancePickAll } from "./checkbox-filter.js";

const TIMEZONE_COOKIE = "pavilion_tz";

// Tell the server the browser's time zone so times can be shown in the viewer's zone too.
function rememberViewerTimezone() {
  let zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return "";
  }
  if (!zone) return "";
  const current = document.cookie.split("; ").find((part) => part.startsWith(TIMEZONE_COOKIE + "="));
  // IANA names (Europe/Zurich, America/Port-au-Prince) are safe in a cookie as they are.
  if (!/^[A-Za-z0-9_+/-]+$/.test(zone)) return "";
  if (current !== `${TIMEZONE_COOKIE}=${zone}`) {
    document.cookie = `${TIMEZONE_COOKIE}=${zone}; path=/; max-age=31536000; samesite=lax`;
  }
  return zone;
}

// A first visit: the server did not know the zone yet (<html data-viewer-zone="">), so it showed each
// time in the event's zone only. viewer-times.js (loaded only then) adds the viewer's times at once.
const zone = rememberViewerTimezone();
const root = document.documentElement;
if (zone && root.dataset.viewerZone === "" && root.dataset.viewerTimes && document.querySelector("time.event-time")) {
  const script = document.createElement("script");
  script.src = root.dataset.viewerTimes;
  script.defer = true;
  document.head.append(script);
}

enhanceCheckboxLists(document);
enhancePickAll(document);

// Filters under <details data-open-wide open> (the 2D exhibition's) come open from the server, so
// that without JavaScript they show on a wide screen; on a phone they fold here under "More filters",
// unless one of them is in use (data-in-use).
if (window.matchMedia && !window.matchMedia("(min-width: 48rem)").matches) {
  document.querySelectorAll("details[data-open-wide]:not([data-in-use])").forEach((details) => {
    details.open = false;
  });
}
