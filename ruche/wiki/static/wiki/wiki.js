// Wiki page behaviour around the shared pad editor (ruche/dist/pad-editor.js):
// - a pause in typing asks the server to refresh the page, which turns [[Title]] into
//   links and keeps the link index and search fresh (docs/wiki.md);
// - Ctrl/⌘+click, or a click in a read-only page, follows a link (not an unavailable one).
(function () {
  "use strict";
  var root = document.getElementById("pad-editor");
  if (!root) return;
  var surface = root.querySelector(".pad-editor__surface");
  var refreshUrl = surface.getAttribute("data-wiki-refresh");
  var timer = null;
  var PAUSE_MS = 1500;

  function refresh() {
    timer = null;
    fetch(refreshUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": root.dataset.csrf },
    }).catch(function () {});
  }

  function schedule() {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(refresh, PAUSE_MS);
  }

  if (refreshUrl) {
    surface.addEventListener("keyup", function (event) {
      if (event.key === "]" || timer !== null) schedule();
    });
    surface.addEventListener("paste", schedule);
    root.addEventListener("wiki:linked", schedule); // a link from the picker: index it
  }

  surface.addEventListener("click", function (event) {
    var link = event.target.closest("a[href]");
    if (!link) return;
    if (event.target.closest(".wiki-link--unavailable")) {
      event.preventDefault(); // hidden from this reader, or gone: nowhere to go
      return;
    }
    if (event.ctrlKey || event.metaKey || root.dataset.readonly === "true") {
      event.preventDefault();
      window.location.assign(link.href);
    }
  });
})();
