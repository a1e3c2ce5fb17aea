// The 3D hall page's own small script: decide whether to start the 3D hall, and only then load
// three.js (build/hall3d.js, about 150 KB compressed). Not started automatically — the 2D exhibition
// is offered instead, with the reason — where:
//   - WebGL 2 is missing (three.js needs it): no way to load it anyway;
//   - the visitor asks for reduced motion (prefers-reduced-motion: reduce);
//   - data saver is on (navigator.connection.saveData);
//   - the device is low-end: navigator.deviceMemory <= 2 (GB); where the browser does not say how
//     much memory it has (Firefox, Safari), navigator.hardwareConcurrency <= 2 cores.
// In the last three cases a button loads the 3D hall anyway.

(function () {
  const root = document.getElementById("hall3d");
  if (!root) return;
  const notice = root.querySelector(".hall3d-notice");
  const load = root.querySelector(".hall3d-load");

  function hasWebGL2() {
    try {
      const gl = document.createElement("canvas").getContext("webgl2");
      if (!gl) return false;
      const loser = gl.getExtension("WEBGL_lose_context");
      if (loser) loser.loseContext(); // give the test context back at once
      return true;
    } catch {
      return false;
    }
  }

  function reasonNotToStart() {
    if (!window.WebGL2RenderingContext || !hasWebGL2()) return "webgl";
    if (window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches) return "reduced-motion";
    if (navigator.connection && navigator.connection.saveData) return "save-data";
    const memory = navigator.deviceMemory;
    if (typeof memory === "number" ? memory <= 2 : (navigator.hardwareConcurrency || 4) <= 2) return "low-end";
    return null;
  }

  function start(requested) {
    notice.hidden = true;
    root.dataset.state = "loading";
    root.dataset.requested = requested;
    const script = document.createElement("script");
    script.src = root.dataset.script;
    script.onerror = function () {
      root.dataset.state = "error";
      for (const reason of notice.querySelectorAll("[data-reason]")) reason.hidden = reason.dataset.reason !== "error";
      load.hidden = true;
      notice.hidden = false;
    };
    document.head.appendChild(script);
  }

  const reason = reasonNotToStart();
  if (!reason) {
    start("auto");
    return;
  }
  root.dataset.state = "fallback";
  root.dataset.reason = reason;
  for (const element of notice.querySelectorAll("[data-reason]")) element.hidden = element.dataset.reason !== reason;
  load.hidden = reason === "webgl";
  load.addEventListener("click", function () {
    start("user");
  });
  notice.hidden = false;
})();
