// Decision pages: a block needs a reason, said before the form is even sent.
(function () {
  "use strict";

  function syncReason(form) {
    var block = form.querySelector('input[name="position"][value="block"]');
    var reason = form.querySelector('textarea[name="reason"]');
    if (!block || !reason) return;
    reason.required = block.checked;
    if (block.checked) reason.setAttribute("aria-required", "true");
    else reason.removeAttribute("aria-required");
  }

  document.querySelectorAll("form[data-position-form]").forEach(function (form) {
    syncReason(form);
    form.addEventListener("change", function () { syncReason(form); });
  });
})();
