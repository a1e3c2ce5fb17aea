// The session page's documents panel (programmes/session_documents_panel.html) and drafting panel
// (programmes/session_outcome_panel.html): when the live client announces a new or changed document,
// or an amendment, a recommendation, a decision or a change of state of an outcome text, the panel
// reads its content again from the server, which applies the access rules. Without this script the
// panels are as they were when the page loaded.
//
// Both panels include this script, so it may run twice on one page: a panel is started once.

import { subscribe } from "./live-page.js";

function follow(panel, content, wanted) {
  if (panel.dataset.liveStarted) return;
  panel.dataset.liveStarted = "1";
  let reading = null;
  let snapshots = 0;

  function reread() {
    if (reading) return;
    reading = fetch(panel.dataset.refreshUrl, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then((response) => (response.ok ? response.text() : null))
      .then((html) => {
        if (html !== null) content.innerHTML = html;
      })
      .catch(() => {})
      .finally(() => {
        reading = null;
      });
  }

  subscribe(panel.dataset.topic, {
    onSnapshot: () => {
      // A later snapshot follows a reconnection after too long a gap: what was missed is read again.
      if (snapshots > 0) reread();
      snapshots += 1;
      panel.dataset.live = "on";
    },
    onEvent: (event) => {
      if (event && event[wanted]) reread();
    },
  });
}

document.querySelectorAll(".session-documents[data-topic]").forEach((panel) => {
  follow(panel, panel.querySelector(".session-documents-list"), "documents");
});
document.querySelectorAll(".session-outcomes[data-topic]").forEach((panel) => {
  follow(panel, panel.querySelector(".session-outcomes-content"), "outcome");
});
