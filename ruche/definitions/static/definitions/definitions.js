// The process page tells its reader when the process moved on (a definition written, the
// reveal, a new step, an amendment...), without reloading by itself: a form being typed in
// must not be lost. Polls the API document's `state` token.
(function () {
  "use strict";
  const root = document.querySelector("[data-definition-id]");
  const notice = document.querySelector("[data-definition-changed]");
  if (!root || !notice) return;
  const url = "/api/v1/definitions/" + root.dataset.definitionId;
  const initial = root.dataset.definitionState;
  const every = 5000;

  async function changed() {
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) return false; // a passing failure: ask again later
    const current = await response.json();
    return Boolean(current.state) && current.state !== initial;
  }

  async function check() {
    try {
      // A hidden tab asks nothing: many open pages must not load the server for nobody.
      if (!document.hidden && (await changed())) {
        notice.hidden = false;
        return; // shown once; the reader reloads when ready
      }
    } catch (error) {
      // offline for a moment: try again later
    }
    window.setTimeout(check, every);
  }

  notice.querySelector("button")?.addEventListener("click", () => window.location.reload());
  window.setTimeout(check, every);
})();
