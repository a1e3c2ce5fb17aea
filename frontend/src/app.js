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
  if (current === `${TIMEZONE_COOKIE}=${encodeURIComponent(zone)}`) return;
  document.cookie = `${TIMEZONE_COOKIE}=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
}

rememberViewerTimezone();
