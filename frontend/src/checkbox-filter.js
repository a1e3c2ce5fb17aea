// A filter box above a long list of checkboxes (an organiser's "Organising bodies" has one per
// organisation): typing hides the entries whose label does not contain the text; ticked entries
// always stay in view. Without JavaScript the whole list shows, as before.

/** Text as compared: case and accents left out ("Việt" matches "viet"). */
export function normalise(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLocaleLowerCase();
}

/** Which entries stay in view for a query: those whose label contains it, and those ticked. */
export function shownEntries(entries, query) {
  const wanted = normalise(query.trim());
  return entries.map((entry) => entry.checked || wanted === "" || normalise(entry.label).includes(wanted));
}

/** Add the filter to every list marked data-filter-label (organising/_field.html, long lists only). */
export function enhanceCheckboxLists(root) {
  root.querySelectorAll("ul[data-filter-label]").forEach((list) => {
    const items = [...list.querySelectorAll("li")];
    const input = document.createElement("input");
    input.type = "search";
    input.id = `${list.id}-filter`;
    input.setAttribute("aria-controls", list.id);
    const label = document.createElement("label");
    label.htmlFor = input.id;
    label.textContent = list.dataset.filterLabel;
    const count = document.createElement("p");
    count.className = "help";
    count.setAttribute("role", "status");
    const box = document.createElement("div");
    box.className = "checkbox-filter";
    box.append(label, input, count);
    list.before(box);
    const update = () => {
      const entries = items.map((item) => ({ label: item.textContent, checked: item.querySelector("input").checked }));
      const shown = shownEntries(entries, input.value);
      items.forEach((item, index) => {
        item.hidden = !shown[index];
      });
      const visible = shown.filter(Boolean).length;
      count.textContent = input.value.trim() ? list.dataset.filterCount.replace("{shown}", visible).replace("{total}", items.length) : "";
    };
    input.addEventListener("input", update);
    // Enter in the filter must not submit the organiser's form.
    input.addEventListener("keydown", (key) => {
      if (key.key === "Enter") key.preventDefault();
    });
  });
}

/**
 * A "tick all" box from its rows' boxes: ticked when every row is, half-ticked (indeterminate) when
 * some are. {checked, indeterminate}.
 */
export function pickAllState(ticked) {
  const count = ticked.filter(Boolean).length;
  return { checked: ticked.length > 0 && count === ticked.length, indeterminate: count > 0 && count < ticked.length };
}

/**
 * Each input.pick-all (accreditation/review.html) ticks or unticks the rows' boxes of its form
 * (`name` = its data-pick) and follows them. Without JavaScript it still works: the server takes a
 * ticked "all" as every registration the page shows.
 */
export function enhancePickAll(root) {
  root.querySelectorAll("input.pick-all").forEach((all) => {
    const form = all.getAttribute("form");
    const rows = [...root.querySelectorAll(`input[type=checkbox][name="${all.dataset.pick}"][form="${form}"]`)];
    const follow = () => Object.assign(all, pickAllState(rows.map((row) => row.checked)));
    all.addEventListener("change", () => {
      rows.forEach((row) => {
        row.checked = all.checked;
      });
      all.indeterminate = false;
    });
    rows.forEach((row) => row.addEventListener("change", follow));
    follow();
  });
}
