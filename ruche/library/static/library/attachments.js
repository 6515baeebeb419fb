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
    request.addEventListener("load", function () {
      // The server answered with the item page (messages included): show it.
      window.location.assign(request.responseURL || window.location.href);
    });
    request.addEventListener("error", function () {
      status.textContent = form.dataset.failed;
      button.disabled = false;
      bar.hidden = true;
    });
    bar.hidden = false;
    bar.value = 0;
    button.disabled = true;
    request.send(new FormData(form));
  });
})();
