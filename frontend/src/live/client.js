// The live client shared by every live feature (docs/live-protocol.md): one WebSocket per page,
// snapshot then ordered events per topic, resume after a reconnect, commands answered by ack or
// error. Pages work without it; features use it to update in place.
//
// createClient takes what it needs from the browser as arguments (the WebSocket class, timers,
// randomness), so the tests in frontend/test drive it with a socket of their own.

import { closeDecision } from "./reconnect.js";

const COMMAND_TIMEOUT = 10000;
// Events kept after a topic's snapshot, so a feature that starts listening late can catch up.
const KEPT_EVENTS = 1000;
const OPEN = 1; // WebSocket.OPEN

/**
 * What to tell the person when a command failed: the server's own words for a refusal (the first
 * field's message, already in their language), else the panel's data-error-offline,
 * data-error-rate-limited or data-error-generic text.
 */
export function failureText(failure, texts) {
  if (failure.code === "offline") return texts.errorOffline;
  if (failure.code === "rate_limited") return texts.errorRateLimited;
  if (failure.code === "invalid" || failure.code === "forbidden" || failure.code === "sign_in") {
    return Object.values(failure.fields || {})[0] || failure.message;
  }
  return texts.errorGeneric;
}

/** Enter submits the textarea's form, Shift+Enter starts a new line; never while an input method is composing. */
export function submitOnEnter(textarea) {
  if (!textarea || !textarea.form || !textarea.form.requestSubmit) return;
  textarea.addEventListener("keydown", (key) => {
    if (key.key === "Enter" && !key.shiftKey && !key.isComposing) {
      key.preventDefault();
      textarea.form.requestSubmit();
    }
  });
}

/**
 * A client. `url()`: the /live address; `WebSocket`: the class to connect with; `setTimeout` and
 * `clearTimeout`; `random()` in [0, 1); `console` for warnings; `texts`: the page's words for the
 * notices ({busy, signedOut, signIn, signInUrl, refused, revoked}, from build/live.js's script element).
 */
export function createClient({ url, WebSocket, setTimeout, clearTimeout, random = Math.random, console, texts = {} }) {
  // topic → {listeners: [{onSnapshot, onEvent, onPresence?, onTally?, onRefused?, onRevoked?}],
  // seq (null until the first snapshot), snapshot, events, viewers (the latest presence count)}
  // Several features (chat, questions, polls) share one subscription to the session's topic.
  const topics = new Map();
  const subscribing = new Map(); // a subscribe's ref → its topic, until the snapshot or a refusal
  const pending = new Map(); // a command's ref → {resolve, reject, timer}
  const statusListeners = new Set();
  let socket = null;
  let state = "connecting"; // "connecting" | "online" | "offline" | "busy" | "signed_out"
  let attempts = 0; // reconnections since a connection last carried a frame
  let authFailures = 0; // 4401 closes in a row
  let nextRef = 1;
  let retryTimer = null;

  function setState(next) {
    if (next === state) return;
    state = next;
    statusListeners.forEach((listener) => guarded(listener, state));
  }

  // One listener's exception must not stop the others, nor the client.
  function guarded(callback, ...values) {
    try {
      callback(...values);
    } catch (error) {
      console.error("A live listener failed:", error);
    }
  }

  function notify(entry, name, ...values) {
    entry.listeners.forEach((listener) => {
      if (listener[name]) guarded(listener[name], ...values);
    });
  }

  function send(frame) {
    socket.send(JSON.stringify(frame));
  }

  function sendSubscribe(topic, entry) {
    const ref = `s${nextRef++}`;
    subscribing.set(ref, topic);
    const frame = { type: "subscribe", topic, ref };
    if (entry.seq !== null) frame.since = entry.seq;
    send(frame);
  }

  function failPending(code) {
    pending.forEach(({ reject, timer }) => {
      clearTimeout(timer);
      reject({ code });
    });
    pending.clear();
  }

  function connect() {
    retryTimer = null;
    let opened;
    try {
      opened = new WebSocket(url());
    } catch {
      closed({ code: 1006, reason: "" });
      return;
    }
    socket = opened;
    opened.addEventListener("open", () => {
      setState("online");
      subscribing.clear();
      topics.forEach((entry, topic) => sendSubscribe(topic, entry));
    });
    opened.addEventListener("message", (message) => {
      attempts = 0; // this server serves us: a later drop starts the backoff afresh
      authFailures = 0;
      receive(message.data);
    });
    opened.addEventListener("close", (event) => {
      if (socket === opened) socket = null;
      closed(event);
    });
  }

  function closed({ code, reason }) {
    failPending("offline");
    const decision = closeDecision({ code, reason, attempts, authFailures, random: random() });
    if (code === 4401) authFailures += 1;
    setState(decision.notice);
    if (!decision.retry || retryTimer !== null) return;
    attempts += 1;
    retryTimer = setTimeout(connect, decision.delay);
  }

  function parse(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      console.warn("Ignored a live frame that is not JSON:", String(text).slice(0, 200));
      return null;
    }
    if (!frame || typeof frame !== "object" || typeof frame.type !== "string") {
      console.warn("Ignored a live frame without a type:", String(text).slice(0, 200));
      return null;
    }
    return frame;
  }

  function receive(text) {
    const frame = parse(text);
    if (frame === null) return;
    const entry = topics.get(frame.topic);
    if ((frame.type === "snapshot" || frame.type === "resumed") && frame.ref !== undefined) subscribing.delete(frame.ref);
    if (frame.type === "snapshot" && entry) {
      entry.seq = frame.seq;
      entry.snapshot = frame.data;
      entry.events = [];
      notify(entry, "onSnapshot", frame.data);
    } else if (frame.type === "event" && entry) {
      if (entry.seq !== null && frame.seq <= entry.seq) return; // already applied
      entry.seq = frame.seq;
      entry.events.push(frame.event);
      if (entry.events.length > KEPT_EVENTS) entry.events.shift();
      notify(entry, "onEvent", frame.event);
    } else if (frame.type === "presence" && entry) {
      entry.viewers = frame.viewers;
      notify(entry, "onPresence", frame.viewers);
    } else if (frame.type === "tally" && entry) {
      notify(entry, "onTally", frame.name, frame.counts);
    } else if (frame.type === "revoked" && entry) {
      // Access changed on the server (a session made accredited-only, a booth unpublished …): the
      // topic is forgotten, so a reconnect does not ask for it again.
      topics.delete(frame.topic);
      notify(entry, "onRevoked", frame);
    } else if (frame.type === "error" && subscribing.has(frame.ref)) {
      refused(subscribing.get(frame.ref), frame);
    } else if ((frame.type === "ack" || frame.type === "error") && pending.has(frame.ref)) {
      const { resolve, reject, timer } = pending.get(frame.ref);
      pending.delete(frame.ref);
      clearTimeout(timer);
      if (frame.type === "ack") resolve(frame.data);
      else reject(frame);
    }
  }

  // The server refused a subscription (not_found, too_many_topics …): the panels say so, and the
  // topic is forgotten so that reconnecting does not ask again. A subscription the server already
  // holds (already_subscribed, after a resubscribe crossed an answer) is not a refusal.
  function refused(topic, error) {
    for (const [ref, waiting] of subscribing) if (waiting === topic) subscribing.delete(ref);
    if (error.code === "already_subscribed") return;
    const entry = topics.get(topic);
    if (!entry) return;
    if (error.code === "unavailable") {
      // The server could not answer for a moment (its database or broker): ask again in 2–4 s.
      const opened = socket;
      setTimeout(() => {
        if (socket === opened && socket !== null && topics.get(topic) === entry) sendSubscribe(topic, entry);
      }, 2000 + random() * 2000);
      return;
    }
    topics.delete(topic);
    notify(entry, "onRefused", error);
  }

  /**
   * Follow a topic: onSnapshot(data) replaces the state, onEvent(event) applies one change. Every
   * feature gets the whole snapshot and every event and picks its own part; a feature that joins a
   * topic already followed gets the latest snapshot and the events since, then the live ones.
   * Optional: onPresence(viewers) with each new count, onTally(name, counts) with each tally,
   * onRefused(error) when the server refuses the subscription (the error frame), onRevoked(frame)
   * when the server ends it because access changed. After either, the topic is no longer followed.
   */
  function subscribe(topic, { onSnapshot, onEvent, onPresence, onTally, onRefused, onRevoked }) {
    const listener = { onSnapshot, onEvent, onPresence, onTally, onRefused, onRevoked };
    const existing = topics.get(topic);
    if (existing) {
      existing.listeners.push(listener);
      if (existing.snapshot !== undefined) {
        guarded(onSnapshot, existing.snapshot);
        existing.events.forEach((event) => guarded(onEvent, event));
      }
      if (existing.viewers !== undefined && onPresence) guarded(onPresence, existing.viewers);
      return;
    }
    const entry = { listeners: [listener], seq: null, snapshot: undefined, events: [], viewers: undefined };
    topics.set(topic, entry);
    if (state === "signed_out") return;
    if (socket === null && retryTimer === null) connect();
    else if (socket && socket.readyState === OPEN) sendSubscribe(topic, entry);
  }

  /**
   * Ask again for a followed topic's snapshot (its listeners' onSnapshot run with it): for state that
   * came with this topic's snapshot but changes through events on another topic, when that other
   * topic's events were missed (its fresh snapshot says so, docs/live-protocol.md).
   */
  function refresh(topic) {
    const entry = topics.get(topic);
    if (!entry || entry.seq === null) return; // a snapshot is on its way already
    entry.seq = null; // the next subscribe asks for a snapshot, not for the events since
    if (socket && socket.readyState === OPEN) {
      send({ type: "unsubscribe", topic });
      sendSubscribe(topic, entry);
    }
  }

  /**
   * Follow the person's own user:<id> topic, where the events of private state travel (a booth's
   * conversations, questions awaiting approval, draft polls): onEvent(event) for each. onReady()
   * after its first snapshot. Another snapshot later means events missed while the connection was
   * down were no longer kept: then onMissed(), e.g. () => refresh(topic) to read again the topic
   * whose snapshot holds that state.
   */
  function subscribeOwn(userId, { onEvent, onReady = () => {}, onMissed }) {
    let snapshots = 0;
    subscribe(`user:${userId}`, {
      onSnapshot: () => {
        snapshots += 1;
        if (snapshots === 1) onReady();
        else onMissed();
      },
      onEvent,
    });
  }

  /**
   * Send a command; resolves with the ack's data, rejects with the error frame, with {code: "not_connected"}
   * when it could not be sent, or with {code: "offline"} when the connection was lost before the answer.
   */
  function command(topic, name, data) {
    return new Promise((resolve, reject) => {
      if (!socket || socket.readyState !== OPEN || topics.get(topic)?.seq == null) {
        reject({ code: "not_connected" }); // nothing was sent: the caller may use another way
        return;
      }
      const ref = nextRef++;
      const timer = setTimeout(() => {
        pending.delete(ref);
        reject({ code: "offline" });
      }, COMMAND_TIMEOUT);
      pending.set(ref, { resolve, reject, timer });
      send({ type: "command", topic, name, data, ref });
    });
  }

  function isOnline() {
    return state === "online";
  }

  function onStatus(listener) {
    statusListeners.add(listener);
    guarded(listener, state);
  }

  /**
   * Keep a role="status" element up to date: while the connection is down it shows its data-offline
   * text ("reconnecting"), the busy notice when the server asked us to wait, or that the person was
   * signed out with a link to sign in again. Returns notice(text): a panel's own lasting notice (a
   * refused or ended subscription), shown instead from then on.
   */
  function showStatus(element) {
    let own = "";
    function paint(current) {
      const doc = element.ownerDocument;
      // Emptied rather than hidden: a live region must stay in the page to be announced when it changes.
      if (own) element.textContent = own;
      else if (current === "offline") element.textContent = element.dataset.offline || "";
      else if (current === "busy") element.textContent = texts.busy || element.dataset.offline || "";
      else if (current === "signed_out") {
        element.textContent = texts.signedOut ? `${texts.signedOut} ` : "";
        if (texts.signInUrl) {
          const link = doc.createElement("a");
          const here = doc.location ? doc.location.pathname + doc.location.search : "";
          link.href = `${texts.signInUrl}?next=${encodeURIComponent(here)}`;
          link.textContent = texts.signIn || texts.signInUrl;
          element.append(link);
        }
      } else element.textContent = "";
    }
    onStatus(paint);
    return {
      notice(text) {
        own = text;
        paint(state);
      },
    };
  }

  /**
   * The standard reaction of a panel to a refused or ended subscription: its status area says so;
   * when access ended, its input (the element `input` selects, e.g. the chat's form) is replaced by
   * the page's words for it and the panel's other forms that write (POST) are removed.
   */
  function panelNotices(panel, input) {
    const status = panel.querySelector(".live-status");
    const notices = status ? showStatus(status) : { notice() {} };
    return {
      onRefused: () => notices.notice(texts.refused || ""),
      onRevoked: () => {
        const place = input ? panel.querySelector(input) : null;
        panel.querySelectorAll("form[method=post]").forEach((form) => form !== place && form.remove());
        if (!place) {
          notices.notice(texts.revoked || "");
          return;
        }
        const note = panel.ownerDocument.createElement("p");
        note.className = "live-closed";
        note.setAttribute("role", "status");
        note.textContent = texts.revoked || "";
        place.replaceWith(note);
      },
    };
  }

  /**
   * Send a form's command over the connection instead of posting the form: its button waits for
   * the answer; when nothing could be sent the form posts after all. report(text) shows the person
   * the refusal (from failureText), or "" once it worked. Resolves with true when it worked.
   */
  function sendForm(form, topic, name, data, formTexts, report) {
    const button = form.querySelector("button[type=submit]") || form.querySelector("button");
    button.disabled = true;
    return command(topic, name, data)
      .then(
        () => {
          report("");
          return true;
        },
        (failure) => {
          if (failure.code === "not_connected") form.submit();
          else report(failureText(failure, formTexts));
          return false;
        },
      )
      .finally(() => {
        button.disabled = false;
      });
  }

  return {
    subscribe,
    subscribeOwn,
    refresh,
    command,
    isOnline,
    onStatus,
    showStatus,
    panelNotices,
    sendForm,
    describeFailure: failureText,
    sendOnEnter: submitOnEnter,
  };
}
