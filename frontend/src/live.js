// The live client shared by every live feature (docs/live-protocol.md): one WebSocket per page,
// snapshot then ordered events per topic, resume after a reconnect, commands answered by ack or error.
// Pages work without it; features use it to update in place.
//
// Built alone as build/live.js, which pages with live panels load first: it puts the client on
// window.pavilionLive, and the panels' bundles use it through live-page.js, so the client's code
// travels once per page. A bundle that imports this module itself still shares the one client.

const MIN_DELAY = 1000;
const MAX_DELAY = 30000;
const COMMAND_TIMEOUT = 10000;
// Events kept after a topic's snapshot, so a feature that starts listening late can catch up.
const KEPT_EVENTS = 1000;

/**
 * What to tell the person when a command failed: the server's own words for a refusal (the first
 * field's message, already in their language), else the panel's data-error-offline,
 * data-error-rate-limited or data-error-generic text.
 */
function failureText(failure, texts) {
  if (failure.code === "offline") return texts.errorOffline;
  if (failure.code === "rate_limited") return texts.errorRateLimited;
  if (failure.code === "invalid" || failure.code === "forbidden" || failure.code === "sign_in") {
    return Object.values(failure.fields || {})[0] || failure.message;
  }
  return texts.errorGeneric;
}

/** Enter submits the textarea's form, Shift+Enter starts a new line; never while an input method is composing. */
function submitOnEnter(textarea) {
  if (!textarea || !textarea.form || !textarea.form.requestSubmit) return;
  textarea.addEventListener("keydown", (key) => {
    if (key.key === "Enter" && !key.shiftKey && !key.isComposing) {
      key.preventDefault();
      textarea.form.requestSubmit();
    }
  });
}

function createClient() {
  // topic → {listeners: [{onSnapshot, onEvent, onPresence?, onTally?}], seq (null until the first
  // snapshot), snapshot, events, viewers (the latest presence count)}
  // Several features (chat, questions, polls) share one subscription to the session's topic.
  const topics = new Map();
  const pending = new Map(); // ref → {resolve, reject, timer}
  const statusListeners = new Set();
  let socket = null;
  let state = "connecting"; // "connecting" | "online" | "offline"
  let attempts = 0;
  let nextRef = 1;
  let retryTimer = null;

  function setState(next) {
    if (next === state) return;
    state = next;
    statusListeners.forEach((listener) => listener(state));
  }

  function send(frame) {
    socket.send(JSON.stringify(frame));
  }

  function sendSubscribe(topic, entry) {
    const frame = { type: "subscribe", topic, ref: `s${nextRef++}` };
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
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    try {
      socket = new WebSocket(`${scheme}://${location.host}/live`);
    } catch {
      scheduleReconnect();
      return;
    }
    socket.addEventListener("open", () => {
      attempts = 0;
      setState("online");
      topics.forEach((entry, topic) => sendSubscribe(topic, entry));
    });
    socket.addEventListener("message", (message) => receive(JSON.parse(message.data)));
    socket.addEventListener("close", () => {
      socket = null;
      failPending("offline");
      setState("offline");
      scheduleReconnect();
    });
  }

  // Exponential backoff (1 s, 2 s, 4 s … 30 s) with jitter, so a restarted server is not hit by every
  // client at the same instant.
  function scheduleReconnect() {
    if (retryTimer !== null) return;
    const ceiling = Math.min(MAX_DELAY, MIN_DELAY * 2 ** attempts);
    attempts += 1;
    retryTimer = setTimeout(connect, ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  function receive(frame) {
    const entry = topics.get(frame.topic);
    if (frame.type === "snapshot" && entry) {
      entry.seq = frame.seq;
      entry.snapshot = frame.data;
      entry.events = [];
      entry.listeners.forEach((listener) => listener.onSnapshot(frame.data));
    } else if (frame.type === "event" && entry) {
      if (entry.seq !== null && frame.seq <= entry.seq) return; // already applied
      entry.seq = frame.seq;
      entry.events.push(frame.event);
      if (entry.events.length > KEPT_EVENTS) entry.events.shift();
      entry.listeners.forEach((listener) => listener.onEvent(frame.event));
    } else if (frame.type === "presence" && entry) {
      entry.viewers = frame.viewers;
      entry.listeners.forEach((listener) => listener.onPresence && listener.onPresence(frame.viewers));
    } else if (frame.type === "tally" && entry) {
      entry.listeners.forEach((listener) => listener.onTally && listener.onTally(frame.name, frame.counts));
    } else if ((frame.type === "ack" || frame.type === "error") && pending.has(frame.ref)) {
      const { resolve, reject, timer } = pending.get(frame.ref);
      pending.delete(frame.ref);
      clearTimeout(timer);
      if (frame.type === "ack") resolve(frame.data);
      else reject(frame);
    }
  }

  /**
   * Follow a topic: onSnapshot(data) replaces the state, onEvent(event) applies one change. Every
   * feature gets the whole snapshot and every event and picks its own part; a feature that joins a
   * topic already followed gets the latest snapshot and the events since, then the live ones.
   * Optional: onPresence(viewers) with each new count, onTally(name, counts) with each tally.
   */
  function subscribe(topic, { onSnapshot, onEvent, onPresence, onTally }) {
    const listener = { onSnapshot, onEvent, onPresence, onTally };
    const existing = topics.get(topic);
    if (existing) {
      existing.listeners.push(listener);
      if (existing.snapshot !== undefined) {
        onSnapshot(existing.snapshot);
        existing.events.forEach((event) => onEvent(event));
      }
      if (existing.viewers !== undefined && onPresence) onPresence(existing.viewers);
      return;
    }
    const entry = { listeners: [listener], seq: null, snapshot: undefined, events: [], viewers: undefined };
    topics.set(topic, entry);
    if (socket === null && retryTimer === null) connect();
    else if (socket && socket.readyState === WebSocket.OPEN) sendSubscribe(topic, entry);
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
    if (socket && socket.readyState === WebSocket.OPEN) {
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
      if (!socket || socket.readyState !== WebSocket.OPEN || topics.get(topic)?.seq == null) {
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
    listener(state);
  }

  /** Keep a role="status" element up to date: it shows its data-offline text while the connection is down. */
  function showStatus(element) {
    onStatus((current) => {
      // Emptied rather than hidden: a live region must stay in the page to be announced when it changes.
      element.textContent = current === "offline" ? element.dataset.offline || "" : "";
    });
  }

  /**
   * Send a form's command over the connection instead of posting the form: its button waits for
   * the answer; when nothing could be sent the form posts after all. report(text) shows the person
   * the refusal (from failureText), or "" once it worked. Resolves with true when it worked.
   */
  function sendForm(form, topic, name, data, texts, report) {
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
          else report(failureText(failure, texts));
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
    sendForm,
    describeFailure: failureText,
    sendOnEnter: submitOnEnter,
  };
}

const client = window.pavilionLive || (window.pavilionLive = createClient());
export const { subscribe, subscribeOwn, refresh, command, isOnline, onStatus, showStatus, sendForm, describeFailure, sendOnEnter } = client;
