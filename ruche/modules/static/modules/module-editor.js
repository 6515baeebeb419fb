// The module editor's small behaviours: reorder activities by keyboard (arrow keys on the
// handle) and by drag and drop. Both post to the same move endpoint as the buttons, and
// the server re-renders the programme (with its totals). No inline script: CSP.
(function () {
  "use strict";

  function move(handle, values) {
    if (!window.htmx) return;
    window.htmx.ajax("POST", handle.getAttribute("data-move-url"), {
      source: handle,
      target: "#programme",
      swap: "outerHTML",
      values: values,
    });
  }

  document.addEventListener("keydown", function (event) {
    var handle = event.target.closest && event.target.closest(".activity__handle");
    if (!handle || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      event.preventDefault();
      move(handle, { direction: event.key === "ArrowUp" ? "up" : "down" });
    }
  });

  // After the programme is re-rendered, give the focus back to the moved activity's handle.
  document.addEventListener("htmx:afterSettle", function () {
    var programme = document.getElementById("programme");
    var focus = programme && programme.getAttribute("data-focus");
    var target = focus && document.getElementById(focus);
    if (target) target.focus();
  });

  var dragged = null;

  document.addEventListener("dragstart", function (event) {
    var item = event.target.closest && event.target.closest("li.activity[draggable]");
    if (!item) return;
    dragged = item;
    item.classList.add("activity--dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.getAttribute("data-activity"));
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("activity--dragging");
    dragged = null;
    document.querySelectorAll(".activity--drop-target").forEach(function (el) {
      el.classList.remove("activity--drop-target");
    });
  });

  function dropTarget(event) {
    if (!dragged || !event.target.closest) return null;
    return event.target.closest("li.activity") || event.target.closest("ol.activity-list");
  }

  document.addEventListener("dragover", function (event) {
    var target = dropTarget(event);
    if (!target) return;
    event.preventDefault();
    document.querySelectorAll(".activity--drop-target").forEach(function (el) {
      if (el !== target) el.classList.remove("activity--drop-target");
    });
    target.classList.add("activity--drop-target");
  });

  document.addEventListener("drop", function (event) {
    var target = dropTarget(event);
    if (!target || target === dragged) return;
    event.preventDefault();
    var list = target.closest("ol.activity-list");
    var position = target.matches("li.activity")
      ? target.getAttribute("data-position")
      : String(list.querySelectorAll("li.activity[data-activity]").length);
    var handle = dragged.querySelector(".activity__handle");
    move(handle, { session: list.getAttribute("data-session"), position: position });
  });
})();
