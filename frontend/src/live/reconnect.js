// What the live client does when its socket closes (docs/live-protocol.md, "Closing codes"): a pure
// function of the close code, its reason and the attempts so far, so every code is covered by tests.

export const MIN_DELAY = 1000;
export const MAX_DELAY = 30000;
export const AUTH_RETRY_DELAY = 2000;

export const SLOW_CONSUMER = 4008;
export const BAD_TOKEN = 4401;
export const SIGNED_OUT = 4403;
export const OVERLOADED = 4429;

/** The seconds in an "overloaded" close's reason, `retry-after=<seconds>`; null when it has none. */
export function retryAfter(reason) {
  const match = /^retry-after=(\d{1,6})$/.exec((reason || "").trim());
  return match ? Number(match[1]) : null;
}

/** Exponential backoff (1 s, 2 s, 4 s … 30 s), half of it random, so a restarted server is not hit by every client at once. */
export function backoff(attempts, random) {
  const ceiling = Math.min(MAX_DELAY, MIN_DELAY * 2 ** attempts);
  return ceiling / 2 + (random * ceiling) / 2;
}

/**
 * The decision after a close: {retry, delay (ms, when retrying), notice} where notice is what the
 * panels' status areas say meanwhile: "offline" (reconnecting), "busy" (the server asked us to wait)
 * or "signed_out" (no reconnecting: the person must sign in again).
 *
 * - `attempts`: reconnections tried since a connection last worked; `authFailures`: 4401 closes in a
 *   row; `random`: a number in [0, 1) (Math.random() in the browser).
 * - 4429 overloaded: wait the retry-after seconds plus 0–50 % more, never less.
 * - 4401 bad or expired ticket/token: once more after a short delay (the session cookie may have
 *   been renewed meanwhile), then give up. 4403: the sign-in ended; give up at once.
 * - Anything else (4008 slow consumer, a dropped network, a restarting server): the backoff.
 */
export function closeDecision({ code, reason, attempts, authFailures = 0, random }) {
  if (code === SIGNED_OUT) return { retry: false, delay: null, notice: "signed_out" };
  if (code === BAD_TOKEN) {
    if (authFailures > 0) return { retry: false, delay: null, notice: "signed_out" };
    return { retry: true, delay: AUTH_RETRY_DELAY * (1 + random / 2), notice: "offline" };
  }
  if (code === OVERLOADED) {
    const seconds = retryAfter(reason);
    const delay = seconds === null ? backoff(Math.max(attempts, 3), random) : seconds * 1000 * (1 + random / 2);
    return { retry: true, delay, notice: "busy" };
  }
  return { retry: true, delay: backoff(attempts, random), notice: "offline" };
}
