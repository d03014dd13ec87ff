(function () {
  "use strict";
  /* Sorting and filtering only; the page reads the same without this script. */
  function cellKey(row, col, numeric) {
    var cell = row.cells[col];
    if (!cell) { return numeric ? -Infinity : ""; }
    var v = cell.getAttribute("data-v");
    var text = v !== null ? v : cell.textContent.trim();
    if (!numeric) { return text.toLowerCase(); }
    var n = parseFloat(text);
    return isNaN(n) ? -Infinity : n;
  }

  function sortBy(table, th, col) {
    var numeric = th.getAttribute("data-type") === "num";
    var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    var heads = table.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) { heads[i].setAttribute("aria-sort", "none"); }
    th.setAttribute("aria-sort", dir);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var keyed = rows.map(function (r, i) { return { r: r, k: cellKey(r, col, numeric), i: i }; });
    keyed.sort(function (a, b) {
      var c = a.k < b.k ? -1 : a.k > b.k ? 1 : 0;
      if (dir === "descending") { c = -c; }
      return c !== 0 ? c : a.i - b.i;
    });
    var frag = document.createDocumentFragment();
    keyed.forEach(function (x) { frag.appendChild(x.r); });
    body.appendChild(frag);
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    if (!table.tHead || !table.tBodies[0]) { return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      th.setAttribute("tabindex", "0");
      th.setAttribute("aria-sort", "none");
      th.addEventListener("click", function () { sortBy(table, th, col); });
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(table, th, col); }
      });
    });
  });

  var form = document.getElementById("qd-filter");
  var table = document.getElementById("findings-table");
  function applyFilter() {
    if (!form || !table) { return 0; }
    var sev = document.getElementById("qd-f-severity").value;
    var cat = document.getElementById("qd-f-category").value;
    var path = document.getElementById("qd-f-path").value.toLowerCase();
    var shown = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
      var ok = (!sev || r.getAttribute("data-severity") === sev) &&
        (!cat || r.getAttribute("data-category") === cat) &&
        (!path || (r.getAttribute("data-path") || "").toLowerCase().indexOf(path) >= 0);
      r.hidden = !ok;
      if (ok) { shown++; }
    });
    document.getElementById("qd-f-count").textContent = shown + " shown";
    return shown;
  }
  if (form && table) {
    form.hidden = false;
    form.addEventListener("input", applyFilter);
    form.addEventListener("change", applyFilter);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    applyFilter();
  }

  function openTarget(hash) {
    if (!hash || hash.length < 2) { return; }
    var el = document.getElementById(hash.slice(1));
    if (el && el.tagName === "DETAILS") { el.open = true; }
  }
  document.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("a.rule-link") : null;
    if (a) { openTarget(a.getAttribute("href")); }
  });
  openTarget(window.location.hash);
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  });
})();
