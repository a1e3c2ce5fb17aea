// The exhibitor's list of contact requests (boothtalk/contact_list.html; meeting requests are networking's):
// new requests and status changes arrive live on the staff member's own user:<id> topic (never on the
// booth's shared topic: these are the exhibitor's leads). When the events missed while the connection
// was down are no longer kept, the list is read again. The list works without this file; a reload
// shows the same. User text is only ever set with textContent.

import { idUrl } from "./forms.js";
import { subscribeOwn } from "./live-page.js";
import { dateTimeFormat } from "./time-format.js";

function start(desk) {
  const d = desk.dataset;
  const boothId = Number(d.booth);
  const news = desk.querySelector(".desk-news");
  const table = desk.querySelector(".table-wrap");
  const body = desk.querySelector("tbody");
  const empty = desk.querySelector(".desk-empty");
  const filter = new URLSearchParams(location.search).get("status");
  const statusLabel = (status) => d[`status${status[0].toUpperCase()}${status.slice(1)}`] || status;
  // The date and time in the page's zone (the reader's, as the server renders the other rows).
  const when = dateTimeFormat({ locale: document.documentElement.lang, timeZone: d.timeZone });

  function cell(text, className) {
    const td = document.createElement("td");
    if (className) td.className = className;
    if (text !== undefined) td.textContent = text;
    return td;
  }

  function row(item) {
    const tr = document.createElement("tr");
    tr.dataset.id = item.id;
    const link = document.createElement("a");
    link.href = idUrl(d.detailUrl, item.id);
    link.textContent = item.name || d.labelAnonymous || "";
    const first = cell();
    first.append(link);
    const time = document.createElement("time");
    time.dateTime = item.at;
    time.textContent = when(item.at);
    const second = cell();
    second.append(time);
    tr.append(first, second, cell(statusLabel(item.status), "desk-status"));
    return tr;
  }

  function onEvent(event) {
    const change = event[d.kind];
    if (!change || change.booth !== boothId) return;
    if (change.added) {
      const item = change.added;
      news.textContent = d.formatAdded.replace("{name}", item.name || d.labelAnonymous || "");
      if (filter && filter !== item.status) return;
      if (!body.querySelector(`tr[data-id="${item.id}"]`)) body.prepend(row(item));
      table.hidden = false;
      if (empty) empty.hidden = true;
    }
    if (change.changed) {
      const existing = body.querySelector(`tr[data-id="${change.changed.id}"] .desk-status`);
      if (existing) existing.textContent = statusLabel(change.changed.status);
    }
  }

  // The list as the server shows it now (what a reload would show), in place of the one on the page.
  function readAgain() {
    fetch(location.href, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.text() : Promise.reject(new Error(String(response.status)))))
      .then((html) => {
        const fresh = new DOMParser().parseFromString(html, "text/html").querySelector(".desk[data-kind]");
        if (!fresh) return;
        body.replaceChildren(...fresh.querySelector("tbody").children);
        table.hidden = fresh.querySelector(".table-wrap").hidden;
        if (empty) empty.hidden = !fresh.querySelector(".desk-empty");
      })
      .catch(() => {}); // the rows shown stay; a reload shows the rest
  }

  subscribeOwn(d.userId, { onEvent, onReady: () => desk.setAttribute("data-live", "on"), onMissed: readAgain });
}

const desk = document.querySelector(".desk[data-user-id][data-kind]");
if (desk && "WebSocket" in window) start(desk);
