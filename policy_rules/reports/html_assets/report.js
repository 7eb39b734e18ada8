"use strict";
// Filters by outcome and regime, and every fragment of a followed span lit at once. The page reads
// the same without this script: it only enables the buttons and adds classes.
(function () {
  function sync(doc) {
    var hidden = { outcome: {}, regime: {} };
    doc.querySelectorAll(".bar button.chip").forEach(function (b) {
      var kind = b.dataset.outcome !== undefined ? "outcome" : "regime";
      var key = kind === "outcome" ? b.dataset.outcome : b.dataset.regime;
      if (b.getAttribute("aria-pressed") === "false") hidden[kind][key] = true;
    });
    doc.querySelectorAll(".finding").forEach(function (f) {
      f.hidden = !!(hidden.outcome[f.dataset.outcome] || hidden.regime[f.dataset.regime]);
    });
    doc.querySelectorAll(".group, .regime").forEach(function (g) {
      g.hidden = !g.querySelector(".finding:not([hidden])");
    });
    ["fail", "pass", "not_applicable"].forEach(function (o) {
      doc.classList.toggle("hide-" + o, !!hidden.outcome[o]);
    });
  }
  document.querySelectorAll(".doc").forEach(function (doc) {
    doc.querySelectorAll(".bar button.chip").forEach(function (b) {
      b.disabled = false;
      b.title = "Show or hide these findings";
      b.addEventListener("click", function () {
        b.setAttribute("aria-pressed", b.getAttribute("aria-pressed") === "false" ? "true" : "false");
        sync(doc);
      });
    });
  });
  function follow() {
    document.querySelectorAll("mark.hit").forEach(function (m) { m.classList.remove("hit"); });
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    for (var p = target.parentElement; p; p = p.parentElement) {
      if (p.tagName === "DETAILS") p.open = true;
      if (p.hidden) p.hidden = false;
    }
    if (target.tagName === "MARK") {
      document.querySelectorAll('mark[data-s="' + id + '"]').forEach(function (m) { m.classList.add("hit"); });
    }
    target.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", follow);
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
  var bar = document.querySelector(".bar");
  if (bar) document.documentElement.style.setProperty("--bar", bar.offsetHeight + "px");
  if (location.hash) follow();
})();
