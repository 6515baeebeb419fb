// Attachment upload with a progress bar. Without this script the form posts as usual.
(function () {
  "use strict";
  const form = document.querySelector("[data-attachment-upload]");
  if (!form || !window.FormData) return;
  const bar = form.querySelector("progress");
  const status = form.querySelector("[data-upload-status]");
  const button = form.querySelector("button[type=submit]");

  form.addEventListener("submit", function (event) {
    const input = form.querySelector("input[type=file]");
    if (!input.files.length) return;
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    request.upload.addEventListener("progress", function (progress) {
      if (!progress.lengthComputable) return;
      const percent = Math.round((progress.loaded / progress.total) * 100);
      bar.value = percent;
      status.textContent = form.dataset.uploading.replace("{percent}", percent);
    });
    function failed() {
      status.textContent = form.dataset.failed;
      button.disabled = false;
      bar.hidden = true;
    }
    request.addEventListener("load", function () {
      // The server says where to go: the item page, with its messages (success or refusal).
      let location = null;
      try {
        location = JSON.parse(request.responseText).location;
      } catch (error) {
        location = null;
      }
      if (request.status !== 200 || !location) return failed();
      const target = new URL(location, window.location.href);
      if (target.pathname === window.location.pathname && target.search === window.location.search) {
        window.location.hash = target.hash; // the same page: reload it, at its attachments
        window.location.reload();
      } else {
        window.location.assign(target.href);
      }
    });
    request.addEventListener("error", failed);
    bar.hidden = false;
    bar.value = 0;
    button.disabled = true;
    request.send(new FormData(form));
  });
})();
