// Loaded by app.js on a first visit only: the server rendered each time in the event's zone (the
// browser had not told its zone yet). Add the viewer's time beside each one, labelled, instead of
// waiting for the next page, which the server renders with the cookie app.js has just set.
function showViewerTimes(zone) {
  const root = document.documentElement;
  if (!zone || root.dataset.viewerZone !== "") return;
  const language = root.lang || "en";
  const clock = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone });
  const day = new Intl.DateTimeFormat(language, { month: "short", day: "numeric", timeZone: zone });
  const offset = new Intl.DateTimeFormat("en", { timeZoneName: "longOffset", timeZone: zone });
  const city = zone.split("/").pop().replace(/_/g, " ");
  const label = (moment) => {
    const gmt = offset.formatToParts(moment).find((part) => part.type === "timeZoneName").value;
    const match = /GMT([+-])(\d\d):(\d\d)/.exec(gmt);
    const utc = match ? `UTC${match[1]}${Number(match[2])}${match[3] === "00" ? "" : ":" + match[3]}` : "UTC";
    return zone === "UTC" || zone === "Etc/UTC" ? "UTC" : `${city}, ${utc}`;
  };
  for (const time of document.querySelectorAll("time.event-time[data-zone]")) {
    const moment = new Date(time.getAttribute("datetime"));
    if (Number.isNaN(moment.getTime())) continue;
    const inEvent = new Intl.DateTimeFormat("en-GB", { dateStyle: "short", timeStyle: "short", timeZone: time.dataset.zone });
    const inViewer = new Intl.DateTimeFormat("en-GB", { dateStyle: "short", timeStyle: "short", timeZone: zone });
    if (inEvent.format(moment) === inViewer.format(moment)) continue; // same wall time: one time is enough
    const sameDay = inEvent.format(moment).slice(0, 10) === inViewer.format(moment).slice(0, 10);
    const span = document.createElement("span");
    span.className = "viewer-time";
    const tz = document.createElement("span");
    tz.className = "tz";
    tz.textContent = `(${label(moment)})`;
    span.append(`· ${sameDay ? "" : day.format(moment) + " "}${clock.format(moment)} `, tz);
    time.after(" ", span);
  }
  for (const note of document.querySelectorAll(".viewer-zone-note[hidden]")) {
    const name = note.querySelector(".viewer-zone-name");
    if (name) name.textContent = label(new Date());
    note.hidden = false;
  }
}

try {
  showViewerTimes(Intl.DateTimeFormat().resolvedOptions().timeZone);
} catch {
  // Older browsers without Intl time zones keep the event's times, which are always labelled.
}
