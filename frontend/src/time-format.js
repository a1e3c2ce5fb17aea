// Times in live panels, in one zone for the whole page: the zone the page states (its
// data-time-zone, the viewer's zone the server rendered the other times in), never the browser's
// own when they differ. A time on another day than today (in that zone) carries its date.

const CLOCK = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
const DAY = { year: "numeric", month: "2-digit", day: "2-digit" };

function formatter(locale, options, timeZone) {
  try {
    return new Intl.DateTimeFormat(locale || undefined, { ...options, timeZone: timeZone || undefined });
  } catch {
    // An unknown zone or language: the browser's own, rather than no time at all.
    return new Intl.DateTimeFormat(undefined, options);
  }
}

/**
 * A function from an instant (ISO text, Date or milliseconds) to its time in `timeZone`: "05:03"
 * today, "4 Dec, 23:03" on another day of this year, "4 Dec 2025, 23:03" in another year.
 * `now` says what today is (for tests); the zone decides where a day starts.
 */
export function clockFormat({ locale, timeZone, now = () => Date.now() }) {
  const clock = formatter(locale, CLOCK, timeZone);
  const withDay = formatter(locale, { ...CLOCK, day: "numeric", month: "short" }, timeZone);
  const withYear = formatter(locale, { ...CLOCK, day: "numeric", month: "short", year: "numeric" }, timeZone);
  // Numeric parts in a fixed locale, so comparing days never depends on the page's language.
  const day = formatter("en-CA", DAY, timeZone);
  const year = formatter("en-CA", { year: "numeric" }, timeZone);
  return (at) => {
    const instant = new Date(at);
    const today = new Date(now());
    if (day.format(instant) === day.format(today)) return clock.format(instant);
    return (year.format(instant) === year.format(today) ? withDay : withYear).format(instant);
  };
}

/** A function from an instant to its full date and time in `timeZone` ("4 Dec 2026, 23:03"), for lists of requests. */
export function dateTimeFormat({ locale, timeZone }) {
  const format = formatter(locale, { ...CLOCK, year: "numeric", month: "short", day: "numeric" }, timeZone);
  return (at) => format.format(new Date(at));
}
