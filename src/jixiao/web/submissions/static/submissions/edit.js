// The edit page's one behaviour that htmx attributes cannot express: "添加一行" asks the
// server for row number N, then N+1 next time. Rows removed leave gaps, which the server
// closes when it saves (rows are kept in index order), so a counter is all that is needed.
(function () {
  "use strict";
  document.addEventListener("htmx:configRequest", function (event) {
    var button = event.detail.elt;
    if (!button || !button.hasAttribute || !button.hasAttribute("data-next-index")) return;
    var next = parseInt(button.getAttribute("data-next-index"), 10) || 0;
    event.detail.parameters.index = String(next);
    button.setAttribute("data-next-index", String(next + 1));
  });
})();
