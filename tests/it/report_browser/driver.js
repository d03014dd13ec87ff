/* Test driver for tests/report_browser.rs, appended to the inline script of a COPY of the page
   (never shipped): acts as a reader would (clicks, keys, form input) and records what is shown,
   so the test checks the visible result, not the page's own sort keys. */
(function () {
  "use strict";
  if (window.location.hash !== "#qd-drive") { return; }
  var out = { errors: [] };
  window.addEventListener("error", function (e) { out.errors.push("error: " + e.message); });
  document.addEventListener("securitypolicyviolation", function (e) {
    out.errors.push("csp: " + e.violatedDirective + " " + e.blockedURI);
  });
  function shown(t) {
    return Array.prototype.filter.call(t.tBodies[0].rows, function (r) {
      return !r.hidden && r.getClientRects().length > 0;
    });
  }
  function col(t, name) {
    var cells = t.tHead.rows[0].cells;
    for (var i = 0; i < cells.length; i++) { if (cells[i].textContent.trim() === name) { return i; } }
    throw new Error("no column " + name);
  }
  function texts(t, c) { return shown(t).map(function (r) { return r.cells[c].textContent.trim(); }); }
  function fire(el, type) { el.dispatchEvent(new Event(type, { bubbles: true })); }
  try {
    var t = document.getElementById("findings-table");
    var line = col(t, "Line");
    var file = col(t, "File");
    var sev = col(t, "Severity");
    out.lines_initial = texts(t, line);
    t.tHead.rows[0].cells[line].click();
    out.lines_first_click = texts(t, line);
    out.aria_first_click = t.tHead.rows[0].cells[line].getAttribute("aria-sort");
    t.tHead.rows[0].cells[line].click();
    out.lines_second_click = texts(t, line);
    t.tHead.rows[0].cells[file].click();
    out.files_click = texts(t, file);
    var key = new KeyboardEvent("keydown", { key: "Enter", bubbles: true });
    t.tHead.rows[0].cells[sev].dispatchEvent(key);
    out.aria_after_enter = t.tHead.rows[0].cells[sev].getAttribute("aria-sort");
    out.severities_after_enter = texts(t, sev);

    var form = document.getElementById("qd-filter");
    out.form_visible = !form.hidden && form.getClientRects().length > 0;
    var select = document.getElementById("qd-f-severity");
    select.value = "critical";
    fire(select, "change");
    out.severities_critical = texts(t, sev);
    out.count_text = document.getElementById("qd-f-count").textContent;
    select.value = "";
    fire(select, "change");
    var path = document.getElementById("qd-f-path");
    path.value = "WAREHOUSE/";
    fire(path, "input");
    out.files_path_filter = texts(t, file);
    path.value = "";
    fire(path, "input");
    out.rows_all = shown(t).length;

    var link = t.tBodies[0].querySelector("a.rule-link");
    var target = document.getElementById(link.getAttribute("href").slice(1));
    out.rule_details_open_before = target.open;
    link.click();
    out.rule_details_open_after = target.open;
    out.sortable_tables = document.querySelectorAll("table.sortable").length;
  } catch (e) {
    out.errors.push("driver: " + e.message);
  }
  var pre = document.createElement("pre");
  pre.id = "qd-drive-result";
  setTimeout(function () {
    pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  }, 0);
})();
