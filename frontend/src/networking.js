// "My meetings", live: a request, an answer or a cancel by the other side reaches this page without a
// reload. The event on the person's own user:<id> topic names the meeting and its status only
// (networking/meetings.py tell_parties); the list is then read again as a reload would show it, through
// the page's own permission checks, and put in place of the one shown.

import { subscribeOwn } from "./live-page.js";

function start(root) {
  const d = root.dataset;
  const status = root.querySelector(".live-status");

  function readAgain() {
    fetch(location.href, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.text() : Promise.reject(new Error(String(response.status)))))
      .then((html) => {
        const page = new DOMParser().parseFromString(html, "text/html");
        const fresh = page.querySelector("#meetings-live .meetings-now");
        const shown = root.querySelector(".meetings-now");
        if (!fresh || fresh.innerHTML === shown.innerHTML) return;
        shown.replaceWith(fresh);
        // The "to answer" count in the networking menu follows the list.
        const menu = page.querySelector("#networking-nav");
        const current = document.querySelector("#networking-nav");
        if (menu && current) current.replaceWith(menu);
        status.textContent = d.changed || status.dataset.changed;
      })
      .catch(() => {}); // the list shown stays; a reload shows the rest
  }

  function onEvent(event) {
    const change = event.networking;
    if (change && String(change.event) === d.eventId) readAgain();
  }

  subscribeOwn(d.userId, { onEvent, onReady: () => root.setAttribute("data-live", "on"), onMissed: readAgain });
}

const root = document.querySelector("#meetings-live[data-user-id]");
if (root && root.dataset.userId && "WebSocket" in window) start(root);
