// The app works without this script. With it, the error summary takes the focus when a form
// comes back with problems, so a screen reader reads them first (as GOV.UK's pages do), and
// each of its links focuses its field. It also registers the service worker (/sw.js) that
// keeps the pages a delegate opened readable when the venue Wi-Fi is gone, and says so: "You
// are offline. This copy is from 10:42." on a kept copy, "Saved on this phone…" for an agenda
// change kept until the network is back, and "Your changes were sent." once it has gone. On
// the settings page it turns on notifications for this phone: a push subscription made with
// the server's key, registered with `POST /settings/push`. Every task stays a plain link or
// form; only notifications need the script (a browser without it cannot receive them).
"use strict";

// The words this script adds, in the interface's languages (the page's <html lang>).
var WORDS = {
  en: {
    offline: "You are offline. This copy is from {time}.",
    offlineDay: "You are offline. This copy is from {date}, {time}.",
    queued: "Saved on this phone. It will be sent when you are back online.",
    sent: "Your changes were sent.",
    failed: "Some changes could not be made. Check your agenda.",
  },
  fr: {
    offline: "Vous êtes hors ligne. Cette copie a été enregistrée à {time}.",
    offlineDay: "Vous êtes hors ligne. Cette copie a été enregistrée le {date} à {time}.",
    queued: "Enregistré sur ce téléphone. Ce sera envoyé dès que vous serez de nouveau en ligne.",
    sent: "Vos modifications ont été envoyées.",
    failed: "Certaines modifications n’ont pas pu être faites. Vérifiez votre agenda.",
  },
  ar: {
    offline: "أنتم غير متصلين بالشبكة. حُفظت هذه النسخة الساعة {time}.",
    offlineDay: "أنتم غير متصلين بالشبكة. حُفظت هذه النسخة يوم {date}، الساعة {time}.",
    queued: "حُفظ التغيير على هذا الهاتف، وسيُرسَل عند عودة الاتصال بالشبكة.",
    sent: "أُرسلت تغييراتكم.",
    failed: "تعذّر إجراء بعض التغييرات. يُرجى مراجعة جدولكم.",
  },
  es: {
    offline: "Está sin conexión. Esta copia se guardó a las {time}.",
    offlineDay: "Está sin conexión. Esta copia se guardó el {date}, a las {time}.",
    queued: "Guardado en este teléfono. Se enviará cuando vuelva a tener conexión.",
    sent: "Sus cambios se enviaron.",
    failed: "Algunos cambios no se pudieron hacer. Revise su agenda.",
  },
};
var REPLAYED_KEY = "sanad-replayed";
var SEEN_KEY = "sanad-replay-seen";
var leaving = false;

function language() {
  var tag = (document.documentElement.lang || "en").slice(0, 2).toLowerCase();
  return WORDS[tag] ? tag : "en";
}

function words() {
  return WORDS[language()];
}

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

// ---- Notices ----

var live = null;

/** The polite live region for what changes after the page has loaded. */
function liveRegion() {
  live = document.getElementById("live");
  if (live || !document.body) return;
  live = document.createElement("div");
  live.id = "live";
  live.className = "visually-hidden";
  live.setAttribute("aria-live", "polite");
  document.body.appendChild(live);
}

/** A notice at the top of `main`; `status` for one there as the page loads. */
function notice(text, status, extra) {
  var main = document.getElementById("main");
  if (!main) return;
  var box = document.createElement("div");
  box.className = extra ? "notice " + extra : "notice";
  if (status) box.setAttribute("role", "status");
  var p = document.createElement("p");
  p.textContent = text;
  box.appendChild(p);
  // In the order they are added, above what the server put there.
  var last = main.querySelectorAll(":scope > [data-script-notice]");
  box.setAttribute("data-script-notice", "");
  main.insertBefore(box, last.length > 0 ? last[last.length - 1].nextSibling : main.firstChild);
}

/** Says `text` politely now (the page has been read already): shown, and read once. */
function say(text, extra) {
  notice(text, false, extra);
  if (!live) return;
  live.textContent = "";
  setTimeout(function () {
    live.textContent = text;
  }, 100);
}

/** "10:42" (or "7 December, 10:42" for another day) in the page's language. */
function savedWhen(iso) {
  var date = new Date(iso);
  if (isNaN(date.getTime())) return null;
  var tag = language();
  var locale = tag === "ar" ? "ar-u-nu-latn" : tag;
  var time = new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit", hourCycle: "h23" }).format(date);
  var text;
  if (date.toDateString() === new Date().toDateString()) {
    text = words().offline.replace("{time}", time);
  } else {
    var day = new Intl.DateTimeFormat(locale, { day: "numeric", month: "long" }).format(date);
    text = words().offlineDay.replace("{date}", day).replace("{time}", time);
  }
  // Spanish says "a la 1:05", "a las 2:05".
  if (tag === "es" && date.getHours() === 1) text = text.replace("a las ", "a la ");
  return text;
}

/** A copy the service worker kept, shown without a network: say so, and from when. */
function offlineCopy() {
  var meta = document.querySelector("meta[name='sanad-offline-copy']");
  if (!meta) return;
  document.documentElement.setAttribute("data-offline-copy", "");
  var text = savedWhen(meta.getAttribute("content"));
  if (text) notice(text, true, "offline");
}

/** After an agenda change kept on the phone (`?done=queued`, the worker's answer). */
function queuedChange() {
  var url = new URL(location.href);
  if (url.searchParams.get("done") !== "queued") return;
  notice(words().queued, true, "offline");
  // A reload later does not say it again.
  url.searchParams.delete("done");
  history.replaceState(history.state, "", url.pathname + url.search + url.hash);
}

function replayedText(result) {
  var parts = [];
  if (result.sent > 0) parts.push(words().sent);
  if (result.failed > 0) parts.push(words().failed);
  return parts.join(" ");
}

/** The changes were sent and this page was reloaded to show them: say so as it loads. */
function afterReplayReload() {
  var kept;
  try {
    kept = sessionStorage.getItem(REPLAYED_KEY);
    sessionStorage.removeItem(REPLAYED_KEY);
  } catch (e) {
    return;
  }
  if (!kept) return;
  try {
    var text = replayedText(JSON.parse(kept));
    if (text) notice(text, true);
  } catch (e) {
    // nothing to say
  }
}

// ---- The service worker ----

function onWorkerMessage(event) {
  var data = event.data || {};
  if (data.type !== "sanad-replayed") return;
  // Each report once per tab (the worker may send it again to a page that has just loaded);
  // none while this page is already going (a form was sent).
  try {
    if (sessionStorage.getItem(SEEN_KEY) === String(data.id)) return;
    sessionStorage.setItem(SEEN_KEY, String(data.id));
  } catch (e) {
    // no storage: said perhaps twice
  }
  if (leaving) return;
  var here = location.pathname;
  var paths = Array.isArray(data.paths) ? data.paths : [];
  // A page that shows the agenda (or a changed session's button) shows it as it now is.
  if (here === "/agenda" || paths.indexOf(here) >= 0) {
    try {
      sessionStorage.setItem(REPLAYED_KEY, JSON.stringify({ sent: data.sent, failed: data.failed }));
      location.reload();
      return;
    } catch (e) {
      // no storage: say it here instead
    }
  }
  var text = replayedText(data);
  if (text) say(text);
}

function tellWorker(message) {
  navigator.serviceWorker.ready.then(function (registration) {
    if (registration.active) registration.active.postMessage(message);
  });
}

function startWorker() {
  if (!("serviceWorker" in navigator)) return;
  // Signing out removed everything kept on this phone; nothing is kept again on its answer.
  if (new URL(location.href).searchParams.get("done") === "signed-out") return;
  var container = navigator.serviceWorker;
  var controlled = !!container.controller;
  container.addEventListener("message", onWorkerMessage);
  if (container.startMessages) container.startMessages();
  container.register("/sw.js").catch(function () {
    // an old or locked-down browser: the pages work as they are
  });
  container.ready.then(function (registration) {
    if (!registration.active) return;
    if (!controlled) {
      // This first page came before the worker: it and its assets are kept now.
      var assets = [];
      document.querySelectorAll("link[rel=stylesheet][href], script[src], link[rel=icon][href]").forEach(function (e) {
        assets.push(e.getAttribute("href") || e.getAttribute("src"));
      });
      registration.active.postMessage({ type: "sanad-keep", page: location.href, assets: assets });
    }
    if (navigator.onLine) registration.active.postMessage({ type: "sanad-online" });
  });
  window.addEventListener("beforeunload", function () {
    leaving = true;
  });
  window.addEventListener("pageshow", function () {
    leaving = false;
  });
  window.addEventListener("online", function () {
    tellWorker({ type: "sanad-online" });
  });
}

// ---- Notifications on this phone (the settings page) ----

function pushSupported() {
  return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

/** The server's VAPID public key (base64url) as the bytes `subscribe` wants. */
function keyBytes(base64url) {
  var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
  while (base64.length % 4) base64 += "=";
  var raw = atob(base64);
  var bytes = new Uint8Array(raw.length);
  for (var i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

function sameBytes(a, b) {
  if (!a || !b) return false;
  var x = new Uint8Array(a);
  var y = new Uint8Array(b);
  if (x.length !== y.length) return false;
  for (var i = 0; i < x.length; i += 1) if (x[i] !== y[i]) return false;
  return true;
}

/** A failure the page words as "blocked" (the delegate or the browser said no). */
function Blocked() {}

/** Permission: granted, or a Blocked (denied) or an Error (dismissed, or no answer). */
function askPermission() {
  if (Notification.permission === "granted") return Promise.resolve();
  if (Notification.permission === "denied") return Promise.reject(new Blocked());
  return new Promise(function (resolve, reject) {
    // Older Safari answers through a callback only; newer browsers return a promise.
    var settle = function (answer) {
      if (answer === "granted") resolve();
      else if (answer === "denied") reject(new Blocked());
      else reject(new Error("no answer to the permission prompt"));
    };
    var asked = Notification.requestPermission(settle);
    if (asked && asked.then) asked.then(settle, reject);
  });
}

/** This phone's subscription with the server's key: the one it has, or a new one. */
function subscription(registration, key) {
  var manager = registration.pushManager;
  return manager.getSubscription().then(function (existing) {
    if (existing && sameBytes(existing.options && existing.options.applicationServerKey, key)) return existing;
    // One made with another key (the server's key changed) must go before a new one is made.
    var gone = existing ? existing.unsubscribe().catch(function () {}) : Promise.resolve();
    return gone.then(function () {
      return manager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
    });
  });
}

function register(box, made) {
  var json = made.toJSON();
  var keys = json.keys || {};
  var csrf = document.querySelector("input[name=csrf]");
  var form = new URLSearchParams();
  form.set("csrf", csrf ? csrf.value : "");
  form.set("endpoint", json.endpoint || "");
  form.set("p256dh", keys.p256dh || "");
  form.set("auth", keys.auth || "");
  form.set("label", box.getAttribute("data-label") || "");
  var sent = fetch("/settings/push", { method: "POST", body: form, credentials: "same-origin", cache: "no-store" });
  return sent.then(function (response) {
    if (response.ok) return;
    return response.text().then(function (code) {
      throw new Error("POST /settings/push answered " + response.status + " " + code);
    });
  });
}

/** The service worker, once active; an Error if it never comes (it could not be installed). */
function activeWorker() {
  return Promise.race([
    navigator.serviceWorker.ready,
    new Promise(function (resolve, reject) {
      setTimeout(function () {
        reject(new Error("the service worker is not active"));
      }, 20000);
    })
  ]);
}

function turnOnPush(box) {
  return askPermission()
    .then(activeWorker)
    .then(function (registration) {
      var key = keyBytes(box.getAttribute("data-key") || "");
      return subscription(registration, key).catch(function (error) {
        // The browser said no after all (a site setting, a private window).
        throw Notification.permission === "denied" ? new Blocked() : error;
      });
    })
    .then(function (made) {
      return register(box, made);
    });
}

/**
 * The settings page's "Turn on notifications on this phone": shown only where the browser
 * can receive them. The focus stays on the button; the outcome is said by #push-status (a
 * status), or by the page it goes to once the server has the device (`?done=push-on`).
 */
function setUpPush() {
  var box = document.querySelector("[data-push]");
  if (!box || !pushSupported()) return;
  var button = box.querySelector("#push");
  var status = box.querySelector("#push-status");
  if (!button || !status) return;
  box.hidden = false;
  var busy = false;
  button.addEventListener("click", function () {
    if (busy) return;
    busy = true;
    button.setAttribute("aria-disabled", "true");
    status.textContent = "";
    var done = function () {
      location.assign("/settings?done=push-on");
    };
    turnOnPush(box).then(done, function (error) {
      busy = false;
      button.removeAttribute("aria-disabled");
      var blocked = error instanceof Blocked;
      if (!blocked && window.console) console.warn("Notifications could not be turned on:", error);
      var text = box.getAttribute(blocked ? "data-blocked" : "data-failed") || "";
      // Emptied first, then said, so that the same words are read again on a second try.
      setTimeout(function () {
        status.textContent = text;
      }, 100);
    });
  });
}

document.addEventListener("DOMContentLoaded", function () {
  liveRegion();
  offlineCopy();
  queuedChange();
  afterReplayReload();
  focusErrorSummary();
  startWorker();
  setUpPush();
});
