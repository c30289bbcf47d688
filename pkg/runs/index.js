(function () {
  var table = document.getElementById("runs");
  if (!table) return;
  var heads = table.tHead.rows[0].cells;
  for (var i = 0; i < heads.length; i++) {
    (function (col, th) {
      th.tabIndex = 0;
      th.setAttribute("aria-sort", "none");
      var sort = function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        for (var j = 0; j < heads.length; j++) heads[j].setAttribute("aria-sort", "none");
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var num = th.getAttribute("data-type") === "number";
        rows.sort(function (a, b) {
          var x = a.cells[col].getAttribute("data-sort") || a.cells[col].textContent;
          var y = b.cells[col].getAttribute("data-sort") || b.cells[col].textContent;
          var c = num ? (parseFloat(x) - parseFloat(y)) : (x < y ? -1 : x > y ? 1 : 0);
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
    })(i, heads[i]);
  }
  document.body.setAttribute("data-ready", "1");
})();
