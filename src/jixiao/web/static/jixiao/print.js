// Before printing, every closed <details> opens and every textarea grows to its text, so
// the paper shows what the screen hides behind a click or a scroll bar; after printing
// the page is put back as it was.
(function () {
  "use strict";
  var opened = [];
  var sized = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) {
      d.setAttribute("open", ""); opened.push(d);
    });
    document.querySelectorAll("textarea").forEach(function (t) {
      sized.push([t, t.style.height]);
      t.style.height = t.scrollHeight + "px";
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.removeAttribute("open"); });
    sized.forEach(function (pair) { pair[0].style.height = pair[1]; });
    opened = []; sized = [];
  });
}());
