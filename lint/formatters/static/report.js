// healthlint report: tooltips on hover and focus, filters, sortable tables and evidence
// links that move the focus to the claim.
// Everything here only adds to a page that is complete without it (printing, no-JS mail
// viewers). It reads the page's own elements and never builds HTML from strings, so article
// text cannot become markup through it.
(function () {
  "use strict";
  var tip = document.getElementById("tip");
  var current = null;

  // The finding details come from the findings lists: cloned nodes, not HTML strings.
  function fillTip(mark) {
    while (tip.firstChild) tip.removeChild(tip.firstChild);
    var ids = (mark.getAttribute("data-f") || "").split(" ");
    ids.forEach(function (id) {
      var item = document.getElementById(id);
      if (!item || item.classList.contains("hidden")) return;
      var entry = document.createElement("div");
      entry.className = "entry";
      Array.prototype.forEach.call(item.childNodes, function (node) {
        if (!(node.classList && node.classList.contains("loc"))) {
          entry.appendChild(node.cloneNode(true));
        }
      });
      tip.appendChild(entry);
    });
    return tip.childNodes.length > 0;
  }

  function show(mark) {
    if (mark.classList.contains("off") || !fillTip(mark)) return hide();
    if (current) current.classList.remove("active");
    current = mark;
    mark.classList.add("active");
    tip.hidden = false;
    var box = mark.getBoundingClientRect();
    var width = tip.offsetWidth;
    var left = Math.max(8, Math.min(box.left + window.scrollX,
      window.scrollX + document.documentElement.clientWidth - width - 8));
    tip.style.left = left + "px";
    tip.style.top = (box.bottom + window.scrollY + 6) + "px";
  }

  function hide() {
    tip.hidden = true;
    if (current) current.classList.remove("active");
    current = null;
  }

  var marks = Array.prototype.slice.call(document.querySelectorAll("mark.hl"));
  marks.forEach(function (mark) {
    // The native title is the no-script fallback; with the script it would double up.
    mark.removeAttribute("title");
    mark.addEventListener("mouseenter", function () { show(mark); });
    mark.addEventListener("mouseleave", function () {
      if (document.activeElement !== mark) hide();
    });
    mark.addEventListener("focus", function () { show(mark); });
    mark.addEventListener("blur", hide);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hide();
  });

  // Filters: a finding shows when its category and its severity are both ticked. A stretch of
  // text covered by several findings takes the colour of the most specific one still shown.
  var form = document.querySelector("form.filters");
  function applyFilters() {
    var on = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (box) {
      on[box.name + ":" + box.value] = box.checked;
    });
    function visible(item) {
      return on["category:" + item.getAttribute("data-category")] !== false &&
        on["severity:" + item.getAttribute("data-severity")] !== false;
    }
    Array.prototype.forEach.call(document.querySelectorAll("li.finding"), function (item) {
      item.classList.toggle("hidden", !visible(item));
    });
    marks.forEach(function (mark) {
      var shown = mark.getAttribute("data-f").split(" ").map(function (id) {
        return document.getElementById(id);
      }).filter(function (item) { return item && visible(item); });
      mark.className = mark.className.replace(/\b[cs]-\S+/g, "").replace(/\s+/g, " ").trim();
      mark.classList.toggle("off", shown.length === 0);
      if (shown.length) {
        // Items are listed most specific first in data-f.
        mark.classList.add("c-" + shown[0].getAttribute("data-category"));
        mark.classList.add("s-" + shown[0].getAttribute("data-severity"));
      }
      if (mark.hasAttribute("data-tab")) mark.tabIndex = shown.length ? 0 : -1;
    });
    hide();
  }
  if (form) {
    form.hidden = false;
    form.addEventListener("change", applyFilters);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
  }

  // Sortable overview: header buttons sort by each cell's data-value (numbers) or its text.
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var headers = table.querySelectorAll("thead th");
    Array.prototype.forEach.call(headers, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) {
          other.removeAttribute("aria-sort");
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column], y = b.cells[column];
          var nx = parseFloat(x.getAttribute("data-value"));
          var ny = parseFloat(y.getAttribute("data-value"));
          var order;
          if (!isNaN(nx) || !isNaN(ny)) {
            // Blanks (no grade) sort last either way.
            if (isNaN(nx)) return 1;
            if (isNaN(ny)) return -1;
            order = nx - ny;
          } else {
            order = x.textContent.localeCompare(y.textContent);
          }
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });

  // Evidence links: the claim they lead to takes the focus (it has tabindex=-1), so keyboard
  // and screen-reader users continue reading from there. The link's own navigation still sets
  // :target, which highlights the claim without script too.
  Array.prototype.forEach.call(document.querySelectorAll("a.to-claim"), function (link) {
    link.addEventListener("click", function () {
      var claim = document.getElementById(link.getAttribute("href").slice(1));
      if (!claim) return;
      hide();
      window.setTimeout(function () { claim.focus(); }, 0);
    });
  });

  // Printing shows every findings list, since a tooltip cannot be printed.
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details.list"), function (d) {
      d.setAttribute("data-was-open", d.open ? "1" : "");
      d.open = true;
    });
  });
  window.addEventListener("afterprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details.list"), function (d) {
      d.open = d.getAttribute("data-was-open") === "1";
    });
  });
  document.documentElement.classList.add("js");
})();
