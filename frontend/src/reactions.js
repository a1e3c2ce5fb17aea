// Presence and reactions on the session page (reactions/session_panel.html). Nothing here is stored:
// the panel only appears once the live client has the session's snapshot, shows how many people
// follow the session now, and sums the reactions of the last seconds as the server's tallies arrive
// (at most four a second, however large the audience).

import { command, isOnline, onStatus, subscribe } from "./live-page.js";

const WINDOW = 10000; // a reaction counts on its button for this long

function start(panel) {
  const d = panel.dataset;
  const presence = panel.querySelector(".reactions-presence");
  const buttons = new Map([...panel.querySelectorAll("button[data-reaction]")].map((button) => [button.dataset.reaction, button]));
  let recent = []; // [{at, key, count}]

  function show() {
    const now = Date.now();
    recent = recent.filter((entry) => now - entry.at < WINDOW);
    buttons.forEach((button, key) => {
      const count = recent.filter((entry) => entry.key === key).reduce((sum, entry) => sum + entry.count, 0);
      button.querySelector(".reactions-count").textContent = count ? String(count) : "";
    });
  }

  function burst(button) {
    button.classList.remove("burst");
    void button.offsetWidth; // restart the animation
    button.classList.add("burst");
  }

  subscribe(d.topic, {
    onSnapshot: () => {
      panel.hidden = false;
    },
    // Nothing to react to any more: the panel goes as it came (the other panels say why).
    onRevoked: () => {
      panel.hidden = true;
    },
    onEvent: () => {},
    onPresence: (viewers) => {
      presence.textContent = d.formatViewers.replace("{viewers}", new Intl.NumberFormat(document.documentElement.lang || undefined).format(viewers));
    },
    onTally: (name, counts) => {
      if (name !== "reactions") return;
      const at = Date.now();
      Object.entries(counts).forEach(([key, count]) => {
        if (!buttons.has(key)) return;
        recent.push({ at, key, count });
        burst(buttons.get(key));
      });
      show();
    },
  });

  panel.addEventListener("click", (click) => {
    const button = click.target.closest("button[data-reaction]");
    if (!button || !isOnline()) return;
    command(d.topic, "reactions.send", { reaction: button.dataset.reaction }).catch(() => {
      // A lost or refused reaction is not worth an error message: it is only a gesture.
    });
  });
  onStatus((state) => {
    buttons.forEach((button) => {
      button.disabled = state !== "online";
    });
  });
  setInterval(show, 1000);
}

const panel = document.querySelector("section.reactions[data-topic]");
if (panel && "WebSocket" in window) start(panel);
