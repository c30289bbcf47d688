// huntbook report: sortable and filterable tables, a light/dark switch,
// and open details when printing. Text is only read and compared, never
// turned into markup.
(function () {
  "use strict";
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  var number = /^-?\d+(\.\d+)?(e-?\d+)?$/;
  var missing = { "None": true, "NaN": true, "": true };

  function cellText(tr, col) {
    var c = tr.children[col];
    return c ? c.textContent : "";
  }

  function sortable(table) {
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var body = table.tBodies[0];
    var original = Array.prototype.slice.call(body.rows);
    heads.forEach(function (th, col) {
      var button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", function () {
        var dir = th.getAttribute("aria-sort") === "ascending" ? "descending"
          : th.getAttribute("aria-sort") === "descending" ? "none" : "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        var rows = original.slice();
        if (dir !== "none") {
          th.setAttribute("aria-sort", dir);
          var sign = dir === "ascending" ? 1 : -1;
          rows.sort(function (a, b) {
            var x = cellText(a, col), y = cellText(b, col);
            // Missing values last, whichever the direction.
            if (missing[x] !== missing[y]) return missing[x] ? 1 : -1;
            // Numbers as numbers (0.25 before 0.5), the rest as text
            // with digit runs compared by value.
            if (number.test(x) && number.test(y)) return sign * (parseFloat(x) - parseFloat(y));
            return sign * collator.compare(x, y);
          });
        }
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }

  function filterable(block) {
    var input = block.querySelector("input.filter");
    var table = block.querySelector("table");
    var count = block.querySelector(".count");
    if (!input || !table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (r, i) {
        var ok = words.every(function (w) { return texts[i].indexOf(w) >= 0; });
        r.hidden = !ok;
        if (ok) shown++;
      });
      if (count) count.textContent = words.length ? shown + " of " + rows.length + " rows" : rows.length + " rows";
    });
  }

  function theme() {
    var button = document.getElementById("theme");
    if (!button) return;
    var root = document.documentElement;
    var order = ["auto", "light", "dark"];
    function set(t) {
      root.setAttribute("data-theme", t);
      button.textContent = "Theme: " + t;
    }
    try {
      var saved = window.localStorage.getItem("huntbook-theme");
      if (order.indexOf(saved) >= 0) set(saved);
    } catch (e) { /* storage may be off for local files */ }
    button.addEventListener("click", function () {
      var next = order[(order.indexOf(root.getAttribute("data-theme")) + 1) % order.length];
      set(next);
      try { window.localStorage.setItem("huntbook-theme", next); } catch (e) { /* ignore */ }
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), sortable);
    Array.prototype.forEach.call(document.querySelectorAll(".table-block"), filterable);
    theme();
    window.addEventListener("beforeprint", function () {
      Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
