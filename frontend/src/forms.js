// The small forms live panels add (Delete, Mute, Vote, Give the floor …): the same markup as the
// server's, posting with the page's CSRF token, so they work as plain forms when the live connection
// is down and send commands when it is up (data-command and the other data-* say which).

/**
 * The address of one object's action from a pattern with 0 in the id's place, as the templates give
 * them: ("/en/e/s/chat/0/delete/", 12) → "/en/e/s/chat/12/delete/"; ("/en/e/b/contacts/0/", 5) → "/en/e/b/contacts/5/".
 */
export function idUrl(template, id) {
  return template.replace(/\/0\/((?:[\w-]+\/)?)$/, `/${id}/$1`);
}

/** The hidden fields a form posts: the CSRF token first, then `fields` ({name: value}) in order. */
export function hiddenFields(token, fields = {}) {
  return [["csrfmiddlewaretoken", token || ""], ...Object.entries(fields).map(([name, value]) => [name, String(value)])];
}

/** The CSRF token the server put in the panel (in any of its forms), or "" when it has none. */
export function csrfToken(root) {
  const input = root.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

/**
 * A POST form to `action` with the token and `fields` hidden, `data` as data-* attributes and, when
 * `label` is given, a submit button described by the element `describedBy` names.
 */
export function postForm({ action, token, fields, data = {}, label, describedBy, className }) {
  const form = document.createElement("form");
  form.method = "post";
  form.action = action;
  if (className) form.className = className;
  Object.entries(data).forEach(([key, value]) => {
    form.dataset[key] = value;
  });
  hiddenFields(token, fields).forEach(([name, value]) => {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.append(input);
  });
  if (label !== undefined) {
    const button = document.createElement("button");
    button.type = "submit";
    button.textContent = label;
    if (describedBy) button.setAttribute("aria-describedby", describedBy);
    form.append(button);
  }
  return form;
}
