// The one-tap interest widget and its follow-up questions post inline with htmx: the answer is the
// widget itself, swapped in place (thank-you and follow-ups) without reloading the page. Without this
// file they are plain forms that post and come back to the page. Loaded only where a widget is.
import htmx from "htmx.org";

htmx.config.responseHandling = [
  { code: "204", swap: false },
  { code: "[23]..", swap: true },
  // A refused answer comes back as the widget with the reasons next to the questions.
  { code: "400", swap: true, error: false },
  // Too many answers from this address: the widget says so.
  { code: "429", swap: true, error: false },
  { code: "[45]..", swap: false, error: true },
];
// Nothing the server sends back needs to run: keep swapped content inert.
htmx.config.allowScriptTags = false;
htmx.config.allowEval = false;
// No <style> element of htmx's own: the Content-Security-Policy allows style sheets from files only.
htmx.config.includeIndicatorStyles = false;

// After a tap or a follow-up, focus goes to what the answer says (the thanks, or the reasons), so the next
// Tab reaches the follow-up questions and the consent box after it, not the top of the page. An
// outerHTML swap replaces the target: its successor is found again by id (the old one is detached).
document.body.addEventListener("htmx:afterSwap", (event) => {
  const target = event.detail.target;
  const widget = (target && target.id && document.getElementById(target.id)) || target;
  const status = widget && widget.querySelector ? widget.querySelector("[role=alert], .interest-thanks") : null;
  if (status) {
    status.setAttribute("tabindex", "-1");
    status.focus({ preventScroll: false });
  }
});

window.htmx = htmx;
