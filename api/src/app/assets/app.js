// The app works without this script. With it, the error summary takes the focus when a form
// comes back with problems, so a screen reader reads them first (as GOV.UK's pages do), and
// each of its links focuses its field. Live updates, the service worker and push come later
// and will stay enhancements: every task is a plain link or form.
"use strict";

function focusErrorSummary() {
  var summary = document.querySelector("[data-focus]");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) return;
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    event.preventDefault();
    var control = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
    (control || target).focus();
    target.scrollIntoView({ block: "center" });
  });
}

document.addEventListener("DOMContentLoaded", focusErrorSummary);
