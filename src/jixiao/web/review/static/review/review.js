// The dashboard's bulk decision: a "select all" box ticks every row of the page, and the
// bar says how many are ticked. The form posts the ticked ids; nothing happens here that
// the server does not check again for each submission.
(function () {
  "use strict";
  function update() {
    var label = document.querySelector("[data-picked-count]");
    if (!label) return;
    var n = document.querySelectorAll("input[name=ids]:checked").length;
    label.textContent = n ? "已勾选" + n + "份" : "未勾选";
  }
  document.addEventListener("change", function (event) {
    var all = event.target.closest("[data-check-all]");
    if (all) {
      document.querySelectorAll("input[name=" + all.getAttribute("data-check-all") + "]")
        .forEach(function (box) { box.checked = all.checked; });
    }
    if (all || event.target.name === "ids") update();
  });
}());
