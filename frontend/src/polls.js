// The session's polls, made live: the panel's forms keep working without this file (or without the
// socket); with it, polls appear, open, close and count votes in place, and the forms send commands
// instead of reloading. The state and its events are state/polls.js; this file renders the state.
// User text is only ever set with textContent.

import { csrfToken, idUrl, postForm } from "./forms.js";
import { isOnline, panelNotices, refresh, sendForm, subscribe, subscribeOwn } from "./live-page.js";
import {
  applyPollsEvent,
  markVoted,
  mayVote,
  moderatorCommand,
  newlyOpened,
  pollsFromSnapshot,
  resultsShown,
  resultTopics,
  shownPolls,
} from "./state/polls.js";

const fill = (template, values) => template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? values[key] : whole));

function start(panel) {
  const d = panel.dataset;
  const signedIn = Boolean(d.userId);
  const sessionId = Number(d.topic.split(":")[1]);
  const list = panel.querySelector(".polls-list");
  const empty = panel.querySelector(".polls-empty");
  const announce = panel.querySelector(".polls-announce");
  const createForm = panel.querySelector(".poll-create");
  const token = csrfToken(panel);
  const settingTemplate = panel.querySelector("template.poll-show-results-template");
  let state = null;
  const followed = new Set(); // the poll:<id> topics subscribed to (counts kept back from the session's topic)

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function commandForm(action, name, id, label) {
    return postForm({ action, token, data: { command: name, id }, label: label || undefined, describedBy: `poll-${id}-question` });
  }

  // The same markup as polls/_poll.html.
  function article(poll) {
    const node = element("article", "poll");
    node.id = `poll-${poll.id}`;
    node.dataset.id = poll.id;
    node.setAttribute("aria-labelledby", `poll-${poll.id}-question`);
    const question = element("h4", "poll-question", poll.question);
    question.id = `poll-${poll.id}-question`;
    const meta = element("p", "poll-meta");
    meta.append(element("span", "poll-kind", d[`kind${poll.kind === "multiple" ? "Multiple" : "Single"}`]), " · ");
    meta.append(element("span", "poll-status"));
    const voted = element("p", "poll-voted", d.labelVoted);
    voted.hidden = true;
    voted.tabIndex = -1; // where focus goes once the ballot is in (the form it was in is gone)
    const note = element("p", "poll-results-note");
    note.hidden = true;
    const results = element("ul", "poll-results");
    results.setAttribute("aria-label", d.labelResults);
    const error = element("p", "errors poll-error");
    error.id = `poll-${poll.id}-error`;
    error.setAttribute("role", "alert");
    node.append(question, meta, voted, note, results, element("p", "poll-ballots"), element("div", "poll-controls"), error);
    return node;
  }

  function voteForm(poll) {
    const form = commandForm(idUrl(d.voteUrl, poll.id), "polls.vote", poll.id, null);
    form.className = "poll-vote";
    const fieldset = element("fieldset");
    fieldset.append(element("legend", null, d.labelChoice));
    poll.options.forEach((option) => {
      const row = element("div");
      const input = element("input");
      input.type = poll.kind === "multiple" ? "checkbox" : "radio";
      input.name = "options";
      input.value = option.id;
      input.id = `poll-${poll.id}-option-${option.id}`;
      if (poll.kind !== "multiple") input.required = true;
      const label = element("label", null, option.text);
      label.htmlFor = input.id;
      row.append(input, " ", label);
      fieldset.append(row);
    });
    const button = element("button", null, d.labelVote);
    button.type = "submit";
    form.append(fieldset, button);
    return form;
  }

  function results(poll) {
    return poll.options.map((option) => {
      const percent = poll.ballots ? Math.round((option.votes * 100) / poll.ballots) : 0;
      const li = element("li");
      const bar = element("progress");
      bar.max = 100;
      bar.value = percent;
      bar.setAttribute("aria-hidden", "true");
      li.append(
        element("span", "poll-option-text", option.text),
        " ",
        element("span", "poll-count", fill(d.formatVotes, { votes: option.votes, percent })),
        " ",
        bar,
      );
      return li;
    });
  }

  // Bring one poll's article up to date, keeping what the person is doing (a half-filled ballot) in place.
  function update(node, poll) {
    node.dataset.status = poll.status;
    node.querySelector(".poll-status").textContent = d[`status${poll.status[0].toUpperCase()}${poll.status.slice(1)}`];
    const canVote = mayVote(state, poll, signedIn);
    let form = node.querySelector(".poll-vote");
    if (canVote && !form) {
      form = voteForm(poll);
      node.querySelector(".poll-voted").before(form);
    } else if (!canVote && form) {
      form.remove();
    }
    node.querySelector(".poll-voted").hidden = !state.voted.includes(poll.id);
    const shown = resultsShown(poll);
    const note = node.querySelector(".poll-results-note");
    note.hidden = shown;
    note.textContent = shown ? "" : poll.show_results === "voted" ? d.noteVoted : d.noteClosed;
    const list = node.querySelector(".poll-results");
    list.hidden = !shown;
    list.replaceChildren(...(shown ? results(poll) : []));
    node.querySelector(".poll-ballots").textContent = fill(d.formatBallots, { ballots: poll.ballots });
    // A moderator's choice of when results show: follows changes, gone once closed; a poll created
    // live gets a copy of the panel's template form (poll_id 0) with its own id.
    let setting = node.querySelector(".poll-show-results");
    if (!setting && settingTemplate && poll.status !== "closed") {
      setting = settingTemplate.content.firstElementChild.cloneNode(true);
      setting.action = idUrl(setting.getAttribute("action"), poll.id);
      setting.dataset.id = poll.id;
      const select = setting.querySelector("select");
      select.id = `poll-${poll.id}-show-results`;
      setting.querySelector("label").htmlFor = select.id;
      setting.querySelector("button").setAttribute("aria-describedby", `poll-${poll.id}-question`);
      node.querySelector(".poll-controls").after(setting);
    }
    if (setting) {
      setting.hidden = poll.status === "closed";
      const select = setting.querySelector("select");
      if (select !== document.activeElement) select.value = poll.show_results;
    }
    const controls = node.querySelector(".poll-controls");
    const wanted = moderatorCommand(state, poll);
    const current = controls.querySelector("form");
    if ((current ? current.dataset.command : null) !== wanted) {
      controls.replaceChildren();
      if (wanted === "polls.open") controls.append(commandForm(idUrl(d.openUrl, poll.id), wanted, poll.id, d.labelOpen));
      if (wanted === "polls.close") controls.append(commandForm(idUrl(d.closeUrl, poll.id), wanted, poll.id, d.labelClose));
    }
  }

  // Newest first, as the page shows them; drafts only for moderators.
  function render() {
    const shown = shownPolls(state);
    const wanted = new Set(shown.map((poll) => String(poll.id)));
    [...list.children].forEach((node) => wanted.has(node.dataset.id) || node.remove());
    let previous = null;
    shown.forEach((poll) => {
      const node = document.getElementById(`poll-${poll.id}`) || article(poll);
      const expected = previous ? previous.nextElementSibling : list.firstElementChild;
      if (node !== expected) list.insertBefore(node, expected);
      update(node, poll);
      previous = node;
    });
    empty.hidden = shown.length > 0;
    followResults();
  }

  // Counts the session's topic keeps back come on poll:<id> to those who may see them.
  function followResults() {
    resultTopics(state).forEach((topic) => {
      if (followed.has(topic)) return;
      followed.add(topic);
      subscribe(topic, { onSnapshot: (data) => onEvent({ polls: { session: sessionId, poll: data.poll } }), onEvent });
    });
  }

  function onSnapshot(data) {
    state = pollsFromSnapshot(data.polls);
    render();
    panel.dataset.live = "on";
  }

  function onEvent(event) {
    const next = applyPollsEvent(state, event, { session: sessionId });
    if (next === state) return;
    const opened = newlyOpened(state, next);
    state = next;
    if (opened.length) announce.textContent = fill(d.formatOpened, { question: opened[opened.length - 1].question });
    render();
  }

  function pollData(form) {
    const name = form.dataset.command;
    const id = Number(form.dataset.id);
    if (name === "polls.show_results") return { id, show_results: form.querySelector("select[name=show_results]").value };
    if (name === "polls.vote") {
      const options = [...form.querySelectorAll("input[name=options]:checked")].map((input) => Number(input.value));
      return { id, options };
    }
    return { id };
  }

  function createData(form) {
    const options = [...form.querySelectorAll(".poll-option-inputs input")].map((input) => input.value).filter((text) => text.trim());
    const kind = form.querySelector("input[name=kind]:checked");
    const show = form.querySelector("input[name=show_results]:checked");
    return {
      question: form.querySelector("input[name=question]").value,
      kind: kind ? kind.value : "single",
      show_results: show ? show.value : "voted",
      options,
    };
  }

  panel.addEventListener("submit", (submit) => {
    const form = submit.target;
    const name = form === createForm ? "polls.create" : form.dataset.command;
    if (!name || !isOnline()) return; // the ordinary POST
    submit.preventDefault();
    const data = name === "polls.create" ? createData(form) : pollData(form);
    const error = name === "polls.create" ? form.querySelector("#poll-new-error") : document.getElementById(`poll-${data.id}-error`);
    const report = (text) => {
      if (error) error.textContent = text;
    };
    sendForm(form, d.topic, name, data, d, report).then((sent) => {
      if (!sent) return;
      if (name === "polls.create") form.reset();
      if (name === "polls.vote" && state) {
        state = markVoted(state, data.id);
        render();
        // The ballot's form is gone: focus what happened, not the top of the page.
        const voted = document.querySelector(`#poll-${data.id} .poll-voted`);
        if (voted) voted.focus();
      }
    });
  });

  // Ended access removes every vote and moderation form; the note takes the place of the first ballot, else of "New poll".
  subscribe(d.topic, { onSnapshot, onEvent, ...panelNotices(panel, ".poll-vote, .poll-create") });
  if (signedIn) subscribeOwn(d.userId, { onEvent, onMissed: () => refresh(d.topic) }); // draft polls
}

const panel = document.querySelector("section.polls[data-topic]");
if (panel && "WebSocket" in window) start(panel);
