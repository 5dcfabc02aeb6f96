// Small behaviours shared by every page. No inline script is allowed by the CSP, so pages
// declare what they need with data- attributes and this file wires them up.
(function () {
  "use strict";

  // A problem link (data-jump="input-id") scrolls to the field, focuses and flashes it.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-jump]");
    if (!link) return;
    var field = document.getElementById(link.getAttribute("data-jump"));
    if (!field) return;  // the field is on another tab: follow the link's href instead
    event.preventDefault();
    field.scrollIntoView({ behavior: "smooth", block: "center" });
    field.focus({ preventScroll: true });
    field.classList.add("flash");
    window.setTimeout(function () { field.classList.remove("flash"); }, 1600);
  });

  // Buttons with data-confirm ask before submitting their form.
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var text = (button && button.getAttribute("data-confirm")) ||
      event.target.getAttribute("data-confirm");
    if (text && !window.confirm(text)) event.preventDefault();
  });

  // A row's "remove" button (data-remove-row) deletes its row element from a list editor.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-remove-row]");
    if (!button) return;
    event.preventDefault();
    var row = button.closest("[data-row]");
    if (row) {
      var form = row.closest("form");
      row.remove();
      if (form) form.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });

  // After a page or fragment loads, focus the element named by the URL hash (#f-…).
  function focusHash() {
    if (!window.location.hash) return;
    var field = document.getElementById(window.location.hash.slice(1));
    if (field) {
      field.scrollIntoView({ block: "center" });
      field.focus({ preventScroll: true });
      field.classList.add("flash");
    }
  }
  document.addEventListener("DOMContentLoaded", focusHash);
})();
