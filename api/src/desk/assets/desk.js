// The desk works without this script. With it:
// - the error summary takes the focus when a form comes back with problems, so a screen
//   reader reads them first (as GOV.UK's pages do), and each of its links focuses its field;
// - a limited field counts its characters as they are typed (GOV.UK's character count): the
//   count is shown at once and said politely once typing pauses;
// - the queue page follows the queue live: it subscribes over the WebSocket (signed in by the
//   session cookie, same origin only), reads itself again when an item arrives or changes, and
//   says so politely in the live region. The focus stays where it was.
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

function characterCounts() {
  Array.prototype.forEach.call(document.querySelectorAll("[data-count]"), function (field) {
    var max = parseInt(field.getAttribute("data-count"), 10);
    var shown = document.getElementById(field.id + "-count");
    if (!shown || !(max > 0)) return;
    var spoken = document.createElement("p");
    spoken.className = "visually-hidden";
    spoken.setAttribute("aria-live", "polite");
    shown.parentNode.insertBefore(spoken, shown.nextSibling);
    var timer = null;
    function text() {
      // Characters as the server counts them (code points), not UTF-16 units.
      var left = max - Array.from(field.value).length;
      shown.classList.toggle("error-message", left < 0);
      return left >= 0 ? shown.getAttribute("data-left") + " " + left : shown.getAttribute("data-over") + " " + -left;
    }
    shown.textContent = text();
    field.addEventListener("input", function () {
      shown.textContent = text();
      clearTimeout(timer);
      timer = setTimeout(function () { spoken.textContent = shown.textContent; }, 1000);
    });
  });
}

function followQueue() {
  var region = document.querySelector("[data-live-queue]");
  if (!region || !("WebSocket" in window) || !window.fetch || !window.DOMParser) return;
  var query = region.getAttribute("data-subscription");
  var live = document.getElementById("live");
  var reading = false;
  var again = false;

  function announce(text) {
    live.textContent = "";
    // A pause, so the same words twice are read twice.
    setTimeout(function () { live.textContent = text; }, 150);
  }

  function read() {
    if (reading) { again = true; return; }
    reading = true;
    fetch(window.location.href, { credentials: "same-origin", headers: { accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-live-queue]");
        if (!fresh) return;
        var focused = document.activeElement;
        var href = focused && region.contains(focused) ? focused.getAttribute("href") : null;
        region.replaceWith(fresh);
        region = fresh;
        if (href) {
          var same = region.querySelector('a[href="' + CSS.escape(href) + '"]');
          if (same) same.focus();
        }
        var count = region.querySelector("#count");
        announce(region.getAttribute("data-announce") + " " + (count ? count.textContent.trim() : ""));
      })
      .catch(function () { /* the next event or a reload shows it */ })
      .then(function () {
        reading = false;
        if (again) { again = false; read(); }
      });
  }

  function connect(delay) {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + "/graphql", "graphql-transport-ws");
    var acknowledged = false;
    socket.onopen = function () {
      socket.send(JSON.stringify({ type: "connection_init", payload: {} }));
    };
    socket.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (message.type === "connection_ack") {
        acknowledged = true;
        socket.send(JSON.stringify({ id: "queue", type: "subscribe", payload: { query: query } }));
        document.documentElement.setAttribute("data-live", "on");
      } else if (message.type === "ping") {
        socket.send(JSON.stringify({ type: "pong" }));
      } else if (message.type === "next") {
        read();
      }
    };
    socket.onclose = function (event) {
      document.documentElement.removeAttribute("data-live");
      // Signed out or refused: stop. Otherwise the venue's Wi-Fi dropped: try again, slower each time.
      if (event.code === 4401 || event.code === 4403) return;
      var next = acknowledged ? 1000 : Math.min(delay * 2, 60000);
      setTimeout(function () { connect(next); }, next);
    };
  }

  connect(1000);
}

document.addEventListener("DOMContentLoaded", function () {
  focusErrorSummary();
  characterCounts();
  followQueue();
});
