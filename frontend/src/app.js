// Progressive enhancement only: every page works without this file.

const TIMEZONE_COOKIE = "pavilion_tz";

// Tell the server the browser's time zone so times can be shown in the viewer's zone too.
function rememberViewerTimezone() {
  let zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return;
  }
  if (!zone) return;
  const current = document.cookie.split("; ").find((part) => part.startsWith(TIMEZONE_COOKIE + "="));
  // IANA names (Europe/Zurich, America/Port-au-Prince) are safe in a cookie as they are.
  if (!/^[A-Za-z0-9_+/-]+$/.test(zone)) return;
  if (current === `${TIMEZONE_COOKIE}=${zone}`) return;
  document.cookie = `${TIMEZONE_COOKIE}=${zone}; path=/; max-age=31536000; samesite=lax`;
}

rememberViewerTimezone();
