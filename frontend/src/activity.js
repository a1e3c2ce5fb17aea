// Video plays on the booth page (exhibition/booth_detail.html). Each video link points at Pavilion's
// redirect (…/videos/<id>/), which counts the play and sends the browser on: that works without this
// file. With it, a plain click counts the play with a beacon (navigator.sendBeacon, which never
// delays the page) and goes straight to the video, saving the detour through the redirect.

document.addEventListener("click", (click) => {
  if (click.defaultPrevented || click.button !== 0) return;
  const link = click.target.closest("a[data-beacon][data-href]");
  if (!link || !navigator.sendBeacon) return;
  if (navigator.sendBeacon(link.dataset.beacon)) link.href = link.dataset.href;
});
