// Built alone as build/live.js, which pages with live panels load first (live/_client.html): it puts
// the one client (live/client.js) on window.pavilionLive, and the panels' bundles use it through
// live-page.js, so the client's code travels once per page. A bundle that imports this module itself
// still shares the one client. The page's words for the client's notices come with the script
// element (data-busy, data-signed-out, data-sign-in, data-sign-in-url, data-refused, data-revoked).

import { createClient } from "./live/client.js";

function pageTexts() {
  const script = document.currentScript || document.querySelector("script[data-live-client]");
  return script ? { ...script.dataset } : {};
}

function browserClient() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  return createClient({
    url: () => `${scheme}://${location.host}/live`,
    WebSocket: window.WebSocket,
    setTimeout: window.setTimeout.bind(window),
    clearTimeout: window.clearTimeout.bind(window),
    random: Math.random,
    console: window.console,
    texts: pageTexts(),
  });
}

const client = window.pavilionLive || (window.pavilionLive = browserClient());
export const {
  subscribe,
  subscribeOwn,
  refresh,
  command,
  isOnline,
  onStatus,
  showStatus,
  panelNotices,
  sendForm,
  describeFailure,
  sendOnEnter,
} = client;
