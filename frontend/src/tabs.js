// Tabs for the panels beside a session's stage (chat, questions, polls, the floor), following the
// WAI-ARIA tabs pattern: a tablist of buttons, arrow keys (and Home/End) move between them, and only
// the chosen panel shows. Without this file every panel is shown, one under another.
//
// The container is `[data-tabs]`; each visible child `section[id]` becomes a tab named by its first
// heading. A link or a redirect to `#chat`, `#poll-12` … opens the tab that holds it.

export function tabsFor(container) {
  const panels = [...container.children].filter((child) => child.matches("section[id]") && !child.hidden);
  if (panels.length < 2) return null;
  const rtl = getComputedStyle(container).direction === "rtl";
  const list = document.createElement("div");
  list.setAttribute("role", "tablist");
  if (container.dataset.label) list.setAttribute("aria-label", container.dataset.label);
  const tabs = panels.map((panel) => {
    const heading = panel.querySelector("h2, h3");
    const tab = document.createElement("button");
    tab.type = "button";
    tab.id = `${panel.id}-tab`;
    tab.setAttribute("role", "tab");
    tab.setAttribute("aria-controls", panel.id);
    tab.textContent = heading ? heading.textContent.trim() : panel.id;
    panel.setAttribute("role", "tabpanel");
    panel.setAttribute("aria-labelledby", tab.id);
    panel.tabIndex = 0;
    list.append(tab);
    return tab;
  });

  function select(index, focus) {
    tabs.forEach((tab, i) => {
      const chosen = i === index;
      tab.setAttribute("aria-selected", String(chosen));
      tab.tabIndex = chosen ? 0 : -1;
      panels[i].hidden = !chosen;
    });
    if (focus) tabs[index].focus();
  }

  list.addEventListener("click", (event) => {
    const index = tabs.indexOf(event.target.closest("[role=tab]"));
    if (index >= 0) select(index, true);
  });
  list.addEventListener("keydown", (event) => {
    const current = tabs.indexOf(document.activeElement);
    if (current < 0) return;
    const step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[event.key];
    let next = null;
    if (step) next = (current + step + tabs.length) % tabs.length;
    if (event.key === "Home") next = 0;
    if (event.key === "End") next = tabs.length - 1;
    if (next === null) return;
    event.preventDefault();
    select(next, true);
  });

  // The tab holding the address's fragment (after a form posted back to "#questions", a link to a poll).
  function showFragment() {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    const index = target ? panels.findIndex((panel) => panel.contains(target)) : -1;
    if (index >= 0) select(index, false);
    return index >= 0;
  }

  container.prepend(list);
  container.classList.add("is-tabbed");
  if (!showFragment()) select(0, false);
  window.addEventListener("hashchange", showFragment);
  return { select, tabs, panels };
}

document.querySelectorAll("[data-tabs]").forEach(tabsFor);
