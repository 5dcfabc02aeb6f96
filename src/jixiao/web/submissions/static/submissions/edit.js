// The edit page's behaviours that htmx attributes cannot express.
//
// 1. "添加一行" asks the server for row number N, then N+1 next time. Rows removed leave
//    gaps, which the server closes when it saves (rows are kept in index order).
// 2. Nothing typed is lost. The form knows whether it differs from what was loaded
//    (a "●" on the tab and in the save bar); a click on another tab saves first and then
//    goes there (the server follows `_next`); Ctrl+S saves; leaving the page otherwise
//    asks first. Every change is also kept in the browser (localStorage) until the
//    server has it: a save that never arrived (login expired, network down, browser
//    closed) is offered back the next time the tab opens, on top of the version it was
//    typed against, so a save in the meantime by someone else becomes a conflict copy
//    instead of being overwritten.
// 3. A list tab shows one page of rows (the pager). A click on another page, or the
//    pager's 转到 / 筛选, saves a changed page first and then goes there (the server
//    follows `_goto` and `_q`), exactly as a tab click does; the draft kept in the
//    browser is per page (its key names the page's rows).
// 4. The live panel's check also brings what the form offers beside each input (a sum
//    of parts, a computed score) as one hidden block, placed here in one pass. As
//    htmx out-of-band swaps, one per input with its own events, layout and a run of
//    the draft check above, a 50-project page held the browser for ~9 s per check,
//    and a page move behind it for as long.
(function () {
  "use strict";
  document.addEventListener("htmx:configRequest", function (event) {
    var button = event.detail.elt;
    if (!button || !button.hasAttribute || !button.hasAttribute("data-next-index")) return;
    var next = parseInt(button.getAttribute("data-next-index"), 10) || 0;
    event.detail.parameters.index = String(next);
    button.setAttribute("data-next-index", String(next + 1));
  });

  // "采用": a value the server worked out (a sum of parts, the computed score) goes into
  // its input, as if typed, so the page marks it unsaved and the panel checks it again.
  document.addEventListener("click", function (event) {
    var take = event.target.closest("[data-fill]");
    if (!take) return;
    event.preventDefault();
    var input = document.getElementById(take.getAttribute("data-fill"));
    if (!input) return;
    input.value = take.getAttribute("data-value");
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
    input.focus();
  });

  // A 支出经济分类 code picked or typed fills the line's empty 科目名称 from the code list
  // (the server does the same on save, so this is only what the clerk sees at once).
  document.addEventListener("change", function (event) {
    var code = event.target.closest && event.target.closest("input[data-class-code]");
    if (!code) return;
    var row = code.closest("[data-row]");
    var wanted = code.value.trim();
    var option = null;
    document.querySelectorAll("#economic-codes option").forEach(function (o) {
      if (o.value === wanted) option = o;
    });
    if (!row || !option) return;
    var name = row.querySelector('input[name$=".name"]');
    if (name && !name.value.trim()) {
      name.value = option.getAttribute("label");
      name.dispatchEvent(new Event("input", { bubbles: true }));
    }
  });

  var SKIP = { csrfmiddlewaretoken: 1, base_version: 1, _next: 1, _rows: 1, _page: 1, _q: 1, _goto: 1 };

  function values(form) {
    var out = [];
    new FormData(form).forEach(function (value, name) {
      if (!SKIP[name] && typeof value === "string") out.push([name, value]);
    });
    return out;
  }

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function setup(form) {
    var key = "jixiao-draft:" + form.getAttribute("data-draft");
    var version = form.getAttribute("data-version");
    var initial = JSON.stringify(values(form));
    var dirty = false;
    var leaving = false;
    var store = storage();

    function read() {
      if (!store) return null;
      try { return JSON.parse(store.getItem(key) || "null"); } catch (e) { return null; }
    }
    function write(submitted) {
      if (!store) return;
      var base = form.querySelector("input[name=base_version]").value;
      var record = { version: base, values: values(form), submitted: !!submitted };
      try { store.setItem(key, JSON.stringify(record)); } catch (e) { /* full: keep typing */ }
    }
    function clear() { if (store) store.removeItem(key); }

    function mark(state) {
      dirty = state;
      form.classList.toggle("is-dirty", state);
      document.querySelectorAll(".dirty-mark, .unsaved").forEach(function (el) {
        el.hidden = !state;
      });
    }
    function check() {
      var now = JSON.stringify(values(form));
      mark(form.hasAttribute("data-unsaved") || now !== initial);
      if (dirty) write(false); else clear();
    }

    function restore(record) {
      var byName = {};
      record.values.forEach(function (pair) {
        (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]);
      });
      // One pass over the inputs (a page holds ~6,000), not one per kept name.
      form.querySelectorAll("[name]").forEach(function (el) {
        var list = byName[el.name];
        if (!list) return;
        if (el.type === "checkbox") el.checked = list.indexOf(el.value) >= 0;
        else if (list.length) el.value = list.shift();
      });
      form.querySelectorAll("input[type=checkbox][name]").forEach(function (el) {
        if (!byName[el.name]) el.checked = false;
      });
      if (record.version && record.version !== version) {
        form.querySelector("input[name=base_version]").value = record.version;
      }
      var banner = form.querySelector(".draft-restored");
      if (banner) banner.hidden = false;
      form.dispatchEvent(new Event("change", { bubbles: true }));  // refresh the panel
    }

    // On load: the server's page first; a kept draft that the server never got wins.
    var kept = read();
    if (form.hasAttribute("data-unsaved")) {
      check();
    } else if (kept && Array.isArray(kept.values)) {
      var saved = kept.submitted && parseInt(kept.version, 10) < parseInt(version, 10);
      if (saved || JSON.stringify(kept.values) === initial) clear();
      else { restore(kept); check(); }
    }

    form.addEventListener("input", check);
    form.addEventListener("change", check);
    // A swap into the form (a row added) changes what it holds; one into the panel does
    // not, and brings the offers beside the inputs (4. above), placed in one pass.
    document.addEventListener("htmx:afterSwap", function (event) {
      var target = event.detail && event.detail.target;
      if (target && target.id === "panel") placeOffers(target);
      else if (target && form.contains(target)) check();
    });
    form.addEventListener("click", function (event) {
      if (!event.target.closest("[data-remove-row]")) return;
      window.setTimeout(check, 0);
    });

    form.addEventListener("submit", function () {
      leaving = true;
      write(true);
    });
    // The blur of a page or tab click schedules a panel check the page never shows:
    // not sent, so the server does not check the whole unit beside the save.
    document.addEventListener("htmx:beforeRequest", function (event) {
      if (leaving && event.detail && event.detail.target && event.detail.target.id === "panel") {
        event.preventDefault();
      }
    });

    document.addEventListener("click", function (event) {
      var discard = event.target.closest("[data-discard-draft]");
      if (discard) {
        event.preventDefault();
        clear();
        leaving = true;
        window.location.reload();
        return;
      }
      var pageLink = event.target.closest("a[data-goto]");
      if (pageLink && dirty && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
        event.preventDefault();
        if (pageLink.hasAttribute("data-clear-filter")) setValue("_q", "");
        goTo(pageLink.getAttribute("data-goto"));
        return;
      }
      var tab = event.target.closest("a.tab[data-section]");
      if (!tab || !dirty || event.ctrlKey || event.metaKey || event.shiftKey) return;
      if (tab.classList.contains("active")) { event.preventDefault(); return; }
      event.preventDefault();
      form.querySelector("input[name=_next]").value = tab.getAttribute("data-section");
      form.requestSubmit();
    });

    function placeOffers(panel) {
      var block = panel.querySelector("[data-offers]");
      if (!block) return;
      var fresh = {};
      Array.prototype.slice.call(block.children).forEach(function (el) { fresh[el.id] = el; });
      form.querySelectorAll("small.calc").forEach(function (old) {
        var now = fresh[old.id];
        delete fresh[old.id];
        if (now) old.replaceWith(now);
        else old.replaceChildren();  // nothing to offer any more: no stale figure
      });
      Object.keys(fresh).forEach(function (id) {  // an input that had no offer when drawn
        var input = document.getElementById(id.slice("calc-".length));
        if (!input || !form.contains(input)) return;
        var after = input.nextElementSibling;
        (after && after.matches("small.help") ? after : input).after(fresh[id]);
      });
      block.remove();
    }

    function setValue(name, value) {
      var input = form.querySelector("input[name=" + name + "]");
      if (input) input.value = value;
    }
    function goTo(number) {
      setValue("_goto", number || "1");
      form.requestSubmit();
    }

    // The pager's 转到 (page number and filter) is a GET form of its own; with unsaved
    // values it becomes a save that lands on the asked page.
    var filter = document.getElementById("page-filter");
    if (filter) {
      filter.addEventListener("submit", function (event) {
        var q = document.getElementById("pager-q");
        var number = document.getElementById("pager-page");
        var newQ = q ? q.value : "";
        var oldQ = (form.querySelector("input[name=_q]") || {}).value || "";
        if (newQ !== oldQ && number) number.value = "1";  // a new filter starts at its first page
        if (!dirty) return;
        event.preventDefault();
        setValue("_q", newQ);
        goTo(newQ !== oldQ ? "1" : (number ? number.value : "1"));
      });
    }

    document.addEventListener("keydown", function (event) {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && (event.key === "s" || event.key === "S")) {
        event.preventDefault();
        form.requestSubmit();
      }
    });

    window.addEventListener("beforeunload", function (event) {
      if (!dirty || leaving) return;
      event.preventDefault();
      event.returnValue = "";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-editor]");
    if (form) setup(form);
  });
})();
