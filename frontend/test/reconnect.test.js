// live/reconnect.js: what the client does after each close code (docs/live-protocol.md, "Closing codes").
import assert from "node:assert/strict";
import { test } from "node:test";

import { backoff, closeDecision, retryAfter } from "../src/live/reconnect.js";

test("a dropped connection (1006), a restart (1001) or an unknown code: the backoff, half of it random, up to 30 s", () => {
  for (const code of [1006, 1001, 1011, 4404]) {
    assert.deepEqual(closeDecision({ code, reason: "", attempts: 0, random: 0 }), { retry: true, delay: 500, notice: "offline" });
  }
  assert.equal(closeDecision({ code: 1006, reason: "", attempts: 0, random: 0.999 }).delay, 999.5);
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 10].map((attempts) => backoff(attempts, 1)), [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  assert.equal(backoff(3, 0), 4000);
});

test("4008 slow consumer: reconnect with the normal backoff (and resume with since)", () => {
  assert.deepEqual(closeDecision({ code: 4008, reason: "slow consumer", attempts: 0, random: 0.5 }), { retry: true, delay: 750, notice: "offline" });
  assert.deepEqual(closeDecision({ code: 4008, reason: "", attempts: 2, random: 0 }), { retry: true, delay: 2000, notice: "offline" });
});

test("4429 overloaded: wait the retry-after seconds plus 0-50 % more, never sooner, and say the session is busy", () => {
  assert.deepEqual(closeDecision({ code: 4429, reason: "retry-after=12", attempts: 0, random: 0 }), { retry: true, delay: 12000, notice: "busy" });
  assert.deepEqual(closeDecision({ code: 4429, reason: "retry-after=12", attempts: 5, random: 0.999999 }).delay, 12000 * (1 + 0.999999 / 2));
  assert.equal(closeDecision({ code: 4429, reason: "retry-after=1", attempts: 0, random: 0.5 }).delay, 1250);
});

test("4429 without a usable retry-after: at least the backoff's fourth step, still busy", () => {
  for (const reason of ["", "retry-after=", "retry-after=soon", "retry-after=-3", "retry-after=1.5"]) {
    assert.deepEqual(closeDecision({ code: 4429, reason, attempts: 0, random: 0 }), { retry: true, delay: 4000, notice: "busy" }, reason);
  }
  assert.deepEqual([retryAfter("retry-after=30"), retryAfter(" retry-after=0 "), retryAfter(undefined)], [30, 0, null]);
});

test("4401 bad or expired ticket: one more try after a short delay, then signed out without a loop", () => {
  assert.deepEqual(closeDecision({ code: 4401, reason: "", attempts: 0, authFailures: 0, random: 0 }), { retry: true, delay: 2000, notice: "offline" });
  assert.equal(closeDecision({ code: 4401, reason: "", attempts: 3, authFailures: 0, random: 1 }).delay, 3000);
  assert.deepEqual(closeDecision({ code: 4401, reason: "", attempts: 1, authFailures: 1, random: 0 }), { retry: false, delay: null, notice: "signed_out" });
});

test("4403 the sign-in ended (logout, password change, account deleted): signed out at once", () => {
  assert.deepEqual(closeDecision({ code: 4403, reason: "", attempts: 0, random: 0.3 }), { retry: false, delay: null, notice: "signed_out" });
});
