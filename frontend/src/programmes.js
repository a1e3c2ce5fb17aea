// The session page's documents panel (programmes/session_documents_panel.html): when the live client
// announces a new or changed document on the session's topic, the panel reads its list again from the
// server, which applies the access rules. Without this script the list is as it was when the page loaded.

import { subscribe } from "./live-page.js";

function start(panel) {
  const list = panel.querySelector(".session-documents-list");
  let reading = null;

  async function reread() {
    if (reading) return;
    reading = fetch(panel.dataset.refreshUrl, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then((response) => (response.ok ? response.text() : null))
      .then((html) => {
        if (html !== null) list.innerHTML = html;
      })
      .catch(() => {})
      .finally(() => {
        reading = null;
      });
  }

  subscribe(panel.dataset.topic, {
    onSnapshot: () => {},
    onEvent: (event) => {
      if (event && event.documents) reread();
    },
  });
}

document.querySelectorAll(".session-documents[data-topic]").forEach(start);

// The drafting panel (programmes/session_outcome_panel.html) reads its content again the same way
// when an amendment, a recommendation, a decision or a change of state is announced.
document.querySelectorAll(".session-outcomes[data-topic]").forEach((panel) => {
  const content = panel.querySelector(".session-outcomes-content");
  subscribe(panel.dataset.topic, {
    onSnapshot: () => {},
    onEvent: (event) => {
      if (!event || !event.outcome) return;
      fetch(panel.dataset.refreshUrl, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then((response) => (response.ok ? response.text() : null))
        .then((html) => {
          if (html !== null) content.innerHTML = html;
        })
        .catch(() => {});
    },
  });
});
