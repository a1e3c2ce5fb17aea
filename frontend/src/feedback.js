// The session page's feedback prompt is rendered hidden until the session ends; when the page stays
// open across the end time, show it then. No timer runs on the server: the page knows ends_at.
const MAX_DELAY = 2 ** 31 - 1; // setTimeout's longest delay

const prompt = document.getElementById("feedback");
const endsAt = prompt ? Date.parse(prompt.dataset.endsAt || "") : NaN;

function showWhenEnded() {
  const left = endsAt - Date.now();
  if (left <= 0) {
    prompt.hidden = false;
    return;
  }
  setTimeout(showWhenEnded, Math.min(left, MAX_DELAY));
}

if (prompt && prompt.hidden && !Number.isNaN(endsAt)) showWhenEnded();
