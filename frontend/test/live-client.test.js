// live/client.js driven over a stand-in for the browser's WebSocket and timers: guarded frames,
// isolated listeners, refused and revoked subscriptions, and reconnecting after each close code.
import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";

import { createClient, failureText } from "../src/live/client.js";

/** The browser's WebSocket as far as the client uses it; each instance is kept for the test to drive. */
class Socket {
  static opened = [];

  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    this.handlers = { open: [], message: [], close: [] };
    Socket.opened.push(this);
  }

  addEventListener(type, handler) {
    this.handlers[type].push(handler);
  }

  send(text) {
    this.sent.push(JSON.parse(text));
  }

  open() {
    this.readyState = 1;
    this.handlers.open.forEach((handler) => handler({}));
  }

  receive(frame) {
    const data = typeof frame === "string" ? frame : JSON.stringify(frame);
    this.handlers.message.forEach((handler) => handler({ data }));
  }

  close(code, reason = "") {
    this.readyState = 3;
    this.handlers.close.forEach((handler) => handler({ code, reason }));
  }
}

/** Timers that run only when the test moves the clock. */
function clock() {
  let now = 0;
  let nextId = 1;
  const timers = new Map();
  return {
    setTimeout(callback, delay) {
      const id = nextId++;
      timers.set(id, { at: now + delay, callback });
      return id;
    },
    clearTimeout(id) {
      timers.delete(id);
    },
    advance(milliseconds) {
      const until = now + milliseconds;
      for (;;) {
        const due = [...timers.entries()].filter(([, timer]) => timer.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = until;
    },
  };
}

function setUp({ random = 0 } = {}) {
  const time = clock();
  const logged = { warn: [], error: [] };
  const client = createClient({
    url: () => "ws://pavilion.test/live",
    WebSocket: Socket,
    setTimeout: time.setTimeout,
    clearTimeout: time.clearTimeout,
    random: () => random,
    console: { warn: (...args) => logged.warn.push(args), error: (...args) => logged.error.push(args) },
  });
  const states = [];
  client.onStatus((state) => states.push(state));
  return { client, time, logged, states, socket: () => Socket.opened[Socket.opened.length - 1] };
}

function recorder() {
  const seen = [];
  return {
    seen,
    listener: {
      onSnapshot: (data) => seen.push(["snapshot", data]),
      onEvent: (event) => seen.push(["event", event]),
      onRefused: (error) => seen.push(["refused", error.code]),
      onRevoked: (frame) => seen.push(["revoked", frame.reason]),
    },
  };
}

/** Open the newest socket and answer each of its subscribes with a snapshot at `seq`. */
function serve(socket, seq = 5) {
  socket.open();
  socket.sent.filter((frame) => frame.type === "subscribe").forEach((frame) => socket.receive({ type: "snapshot", topic: frame.topic, seq, data: { topic: frame.topic }, ref: frame.ref }));
}

beforeEach(() => {
  Socket.opened = [];
});

test("a subscription gets its snapshot, then events in order, each once", () => {
  const { client, socket, states } = setUp();
  const { seen, listener } = recorder();
  client.subscribe("session:12", listener);
  assert.equal(socket().url, "ws://pavilion.test/live");
  socket().open();
  assert.deepEqual(socket().sent, [{ type: "subscribe", topic: "session:12", ref: "s1" }]);
  socket().receive({ type: "snapshot", topic: "session:12", seq: 41, data: { chat: 1 }, ref: "s1" });
  socket().receive({ type: "event", topic: "session:12", seq: 42, event: { a: 1 } });
  socket().receive({ type: "event", topic: "session:12", seq: 42, event: { a: 1 } });
  socket().receive({ type: "event", topic: "session:12", seq: 43, event: { b: 2 } });
  assert.deepEqual(seen, [["snapshot", { chat: 1 }], ["event", { a: 1 }], ["event", { b: 2 }]]);
  assert.deepEqual(states, ["connecting", "online"]);
});

test("a frame that is not JSON, or has no type, is ignored with a warning; the next ones still arrive", () => {
  const { client, socket, logged } = setUp();
  const { seen, listener } = recorder();
  client.subscribe("session:12", listener);
  serve(socket(), 1);
  assert.doesNotThrow(() => socket().receive("{not json"));
  assert.doesNotThrow(() => socket().receive("[1, 2]"));
  assert.doesNotThrow(() => socket().receive("null"));
  socket().receive({ type: "event", topic: "session:12", seq: 2, event: { after: true } });
  assert.equal(logged.warn.length, 3);
  assert.match(logged.warn[0][0], /not JSON/);
  assert.deepEqual(seen.at(-1), ["event", { after: true }]);
});

test("one listener's exception does not stop delivery to the others", () => {
  const { client, socket, logged } = setUp();
  const { seen, listener } = recorder();
  client.subscribe("session:12", {
    onSnapshot: () => {
      throw new Error("chat broke");
    },
    onEvent: () => {
      throw new Error("chat broke again");
    },
  });
  client.subscribe("session:12", listener);
  serve(socket(), 1);
  socket().receive({ type: "event", topic: "session:12", seq: 2, event: { x: 1 } });
  assert.deepEqual(seen, [["snapshot", { topic: "session:12" }], ["event", { x: 1 }]]);
  assert.deepEqual(logged.error.map((args) => args[1].message), ["chat broke", "chat broke again"]);
});

test("a refused subscription is reported to every listener of the topic and not asked for again", () => {
  const { client, socket, time } = setUp();
  const closed = recorder();
  const also = recorder();
  const open = recorder();
  client.subscribe("session:99", closed.listener);
  client.subscribe("session:99", also.listener);
  client.subscribe("session:12", open.listener);
  socket().open();
  const [refusedRef, openRef] = socket().sent.map((frame) => frame.ref);
  socket().receive({ type: "error", code: "not_found", message: "There is no topic session:99 for you.", ref: refusedRef });
  socket().receive({ type: "snapshot", topic: "session:12", seq: 3, data: {}, ref: openRef });
  assert.deepEqual(closed.seen, [["refused", "not_found"]]);
  assert.deepEqual(also.seen, [["refused", "not_found"]]);
  socket().close(1006);
  time.advance(1000);
  assert.equal(Socket.opened.length, 2);
  serve(socket());
  assert.deepEqual(socket().sent, [{ type: "subscribe", topic: "session:12", ref: "s3", since: 3 }]);
});

test("unavailable is no refusal: the subscription is asked for again 2-4 s later, on the same socket only", () => {
  const { client, socket, time } = setUp();
  const { seen, listener } = recorder();
  client.subscribe("session:12", listener);
  socket().open();
  socket().receive({ type: "error", code: "unavailable", message: "Live updates are unavailable for a moment; try again.", ref: "s1" });
  assert.deepEqual(seen, []);
  time.advance(1999);
  assert.equal(socket().sent.length, 1);
  time.advance(2001);
  assert.deepEqual(socket().sent.at(-1), { type: "subscribe", topic: "session:12", ref: "s2" });
  socket().receive({ type: "error", code: "unavailable", message: "", ref: "s2" });
  socket().close(1006); // the retry would belong to a socket that is gone: the reconnect asks instead
  time.advance(4000);
  assert.equal(Socket.opened.length, 2);
  assert.deepEqual(Socket.opened[0].sent.length, 2);
});

test("too_many_topics is a refusal too; a command's error with another ref is not", () => {
  const { client, socket } = setUp();
  const { seen, listener } = recorder();
  client.subscribe("booth:7", listener);
  socket().open();
  socket().receive({ type: "error", code: "too_many_topics", message: "At most 50 topics per connection.", ref: "s1" });
  socket().receive({ type: "error", code: "invalid", message: "", ref: "s77" });
  assert.deepEqual(seen, [["refused", "too_many_topics"]]);
});

test("a revoked subscription is forgotten: its listeners hear onRevoked, and a reconnect does not ask for it again", () => {
  const { client, socket, time } = setUp();
  const session = recorder();
  const own = recorder();
  client.subscribe("session:12", session.listener);
  client.subscribe("user:8", own.listener);
  serve(socket(), 5);
  socket().receive({ type: "revoked", topic: "session:12", reason: "access" });
  socket().receive({ type: "event", topic: "session:12", seq: 6, event: { late: true } });
  assert.deepEqual(session.seen.slice(1), [["revoked", "access"]]);
  assert.deepEqual(own.seen.length, 1);
  socket().close(1006);
  time.advance(1000);
  assert.equal(Socket.opened.length, 2);
  serve(socket());
  assert.deepEqual(socket().sent, [{ type: "subscribe", topic: "user:8", ref: "s3", since: 5 }]);
});

test("4429 overloaded: the busy notice, no reconnect before retry-after, then every topic resumes with since", () => {
  const { client, socket, time, states } = setUp({ random: 0.5 });
  client.subscribe("session:12", recorder().listener);
  client.subscribe("user:8", recorder().listener);
  serve(socket(), 9);
  socket().close(4429, "retry-after=20");
  assert.equal(states.at(-1), "busy");
  time.advance(24999);
  assert.equal(Socket.opened.length, 1);
  time.advance(1);
  assert.equal(Socket.opened.length, 2);
  socket().open();
  assert.deepEqual(socket().sent, [
    { type: "subscribe", topic: "session:12", ref: "s3", since: 9 },
    { type: "subscribe", topic: "user:8", ref: "s4", since: 9 },
  ]);
  assert.equal(states.at(-1), "online");
});

test("4008 slow consumer: reconnect with the backoff and resume with since", () => {
  const { client, socket, time, states } = setUp({ random: 0 });
  client.subscribe("session:12", recorder().listener);
  serve(socket(), 40);
  socket().close(4008, "slow consumer");
  assert.equal(states.at(-1), "offline");
  time.advance(499);
  assert.equal(Socket.opened.length, 1);
  time.advance(1);
  socket().open();
  assert.deepEqual(socket().sent, [{ type: "subscribe", topic: "session:12", ref: "s2", since: 40 }]);
});

test("the backoff grows while reconnecting fails and starts afresh once a connection carries frames", () => {
  const { client, socket, time } = setUp({ random: 1 });
  client.subscribe("session:12", recorder().listener);
  socket().close(1006);
  time.advance(1000);
  socket().close(1006);
  time.advance(1999);
  assert.equal(Socket.opened.length, 2);
  time.advance(1);
  serve(socket());
  socket().close(1006);
  time.advance(1000);
  assert.equal(Socket.opened.length, 4);
});

test("4401: retried once after a short delay, then signed out, with no reconnect loop", () => {
  const { client, socket, time, states } = setUp({ random: 0 });
  client.subscribe("session:12", recorder().listener);
  socket().open();
  socket().close(4401, "bad token");
  assert.equal(states.at(-1), "offline");
  time.advance(2000);
  assert.equal(Socket.opened.length, 2);
  socket().open();
  socket().close(4401, "bad token");
  assert.equal(states.at(-1), "signed_out");
  time.advance(600000);
  assert.equal(Socket.opened.length, 2);
  client.subscribe("session:13", recorder().listener);
  assert.equal(Socket.opened.length, 2);
});

test("a 4401 after a connection that worked is retried once again (the cookie may have been renewed)", () => {
  const { client, socket, time, states } = setUp({ random: 0 });
  client.subscribe("session:12", recorder().listener);
  socket().open();
  socket().close(4401);
  time.advance(2000);
  serve(socket());
  socket().close(4401);
  assert.equal(states.at(-1), "offline");
  time.advance(2000);
  assert.equal(Socket.opened.length, 3);
});

test("4403 your sign-in ended: signed out at once, pending commands fail, no reconnect", async () => {
  const { client, socket, time, states } = setUp();
  client.subscribe("session:12", recorder().listener);
  serve(socket(), 1);
  const answer = client.command("session:12", "chat.send", { text: "hi" });
  socket().close(4403, "signed out");
  await assert.rejects(answer, { code: "offline" });
  assert.equal(states.at(-1), "signed_out");
  assert.equal(client.isOnline(), false);
  time.advance(600000);
  assert.equal(Socket.opened.length, 1);
});

test("commands: the ack's data resolves, an error frame rejects, and nothing is sent before the snapshot", async () => {
  const { client, socket } = setUp();
  client.subscribe("session:12", recorder().listener);
  socket().open();
  await assert.rejects(client.command("session:12", "chat.send", {}), { code: "not_connected" });
  socket().receive({ type: "snapshot", topic: "session:12", seq: 1, data: {}, ref: "s1" });
  const sent = client.command("session:12", "chat.send", { text: "hello" });
  const refused = client.command("session:12", "chat.delete", { id: 1 });
  const [first, second] = socket().sent.slice(1).map((frame) => frame.ref);
  socket().receive({ type: "ack", ref: first, data: { id: 7 } });
  socket().receive({ type: "error", ref: second, code: "forbidden", message: "No." });
  assert.deepEqual(await sent, { id: 7 });
  await assert.rejects(refused, { code: "forbidden" });
});

test("what a refused command tells the person: the server's words for a refusal, the page's otherwise", () => {
  const texts = { errorOffline: "Connection lost.", errorRateLimited: "Too quick.", errorGeneric: "Did not work." };
  assert.equal(failureText({ code: "invalid", fields: { text: "Write a message first." }, message: "Invalid." }, texts), "Write a message first.");
  assert.equal(failureText({ code: "forbidden", message: "Only moderators may do this." }, texts), "Only moderators may do this.");
  assert.equal(failureText({ code: "offline" }, texts), "Connection lost.");
  assert.equal(failureText({ code: "rate_limited", message: "slow down" }, texts), "Too quick.");
  assert.equal(failureText({ code: "unknown_command", message: "No such command." }, texts), "Did not work.");
});
