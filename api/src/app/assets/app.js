// The app works without this script. With it, the error summary takes the focus when a form
// comes back with problems, so a screen reader reads them first (as GOV.UK's pages do), and
// each of its links focuses its field. It also registers the service worker (/sw.js) that
// keeps the pages a delegate opened readable when the venue Wi-Fi is gone, and says so: "You
// are offline. This copy is from 10:42." on a kept copy, "Saved on this phone…" for an agenda
// change kept until the network is back, and "Your changes were sent." once it has gone. On
// the settings page it turns on notifications for this phone: a push subscription made with
// the server's key, registered with `POST /settings/push`. Every task stays a plain link or
// form; only notifications need the script (a browser without it cannot receive them).
// On every page it follows the live feeds the layout names in `#live-feeds` (one WebSocket,
// `graphql-transport-ws`, signed in by the page's cookie): an announcement as it is published,
// and, signed in, a change to a session of my agenda. Each is shown at the top of `main` and
// said once: politely, or in the assertive `#live-alert` for an emergency only. The focus
// never moves; on `/agenda` the agenda is read again in place.
"use strict";

// The words this script adds, in the interface's languages (the page's <html lang>).
var WORDS = {
  en: {
    offline: "You are offline. This copy is from {time}.",
    offlineDay: "You are offline. This copy is from {date}, {time}.",
    queued: "Saved on this phone. It will be sent when you are back online.",
    sent: "Your changes were sent.",
    failed: "Some changes could not be made. Check your agenda.",
    INFO: "Information",
    CHANGE: "Programme change",
    URGENT: "Urgent",
    EMERGENCY: "Emergency",
    whatToDo: "What to do:",
    openAnnouncement: "Open this announcement",
    agendaChanged: "A session in your agenda changed: {title}.",
    agendaRemoved: "A session in your agenda was removed from the programme.",
    openSession: "Open the session",
    openAgenda: "Open your agenda",
  },
  fr: {
    offline: "Vous êtes hors ligne. Cette copie a été enregistrée à {time}.",
    offlineDay: "Vous êtes hors ligne. Cette copie a été enregistrée le {date} à {time}.",
    queued: "Enregistré sur ce téléphone. Ce sera envoyé dès que vous serez de nouveau en ligne.",
    sent: "Vos modifications ont été envoyées.",
    failed: "Certaines modifications n’ont pas pu être faites. Vérifiez votre agenda.",
    INFO: "Pour information",
    CHANGE: "Changement de programme",
    URGENT: "Urgent",
    EMERGENCY: "Urgence",
    whatToDo: "Que faire\u00a0:",
    openAnnouncement: "Ouvrir cette annonce",
    agendaChanged: "Une séance de votre agenda a changé\u00a0: {title}.",
    agendaRemoved: "Une séance de votre agenda a été retirée du programme.",
    openSession: "Ouvrir la séance",
    openAgenda: "Ouvrir votre agenda",
  },
  ar: {
    offline: "أنتم غير متصلين بالشبكة. حُفظت هذه النسخة الساعة {time}.",
    offlineDay: "أنتم غير متصلين بالشبكة. حُفظت هذه النسخة يوم {date}، الساعة {time}.",
    queued: "حُفظ التغيير على هذا الهاتف، وسيُرسَل عند عودة الاتصال بالشبكة.",
    sent: "أُرسلت تغييراتكم.",
    failed: "تعذّر إجراء بعض التغييرات. يُرجى مراجعة جدولكم.",
    INFO: "للعلم",
    CHANGE: "تغيير في البرنامج",
    URGENT: "عاجل",
    EMERGENCY: "حالة طوارئ",
    whatToDo: "ما العمل:",
    openAnnouncement: "فتح هذا الإعلان",
    agendaChanged: "تغيّرت جلسة في جدولكم: {title}.",
    agendaRemoved: "حُذفت جلسة في جدولكم من البرنامج.",
    openSession: "فتح الجلسة",
    openAgenda: "فتح جدولكم",
  },
  es: {
    offline: "Está sin conexión. Esta copia se guardó a las {time}.",
    offlineDay: "Está sin conexión. Esta copia se guardó el {date}, a las {time}.",
    queued: "Guardado en este teléfono. Se enviará cuando vuelva a tener conexión.",
    sent: "Sus cambios se enviaron.",
    failed: "Algunos cambios no se pudieron hacer. Revise su agenda.",
    INFO: "Información",
    CHANGE: "Cambio en el programa",
    URGENT: "Urgente",
    EMERGENCY: "Emergencia",
    whatToDo: "Qué hacer:",
    openAnnouncement: "Abrir este anuncio",
    agendaChanged: "Cambió una sesión de su agenda: {title}.",
    agendaRemoved: "Una sesión de su agenda se retiró del programa.",
    openSession: "Abrir la sesión",
    openAgenda: "Abrir su agenda",
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

/** A visually hidden region that screen readers speak: the page's own, or one made now. */
function spokenRegion(id, attribute, value) {
  var region = document.getElementById(id);
  if (region || !document.body) return region;
  region = document.createElement("div");
  region.id = id;
  region.className = "visually-hidden";
  region.setAttribute(attribute, value);
  document.body.appendChild(region);
  return region;
}

/** The polite live region for what changes after the page has loaded. */
function liveRegion() {
  live = spokenRegion("live", "aria-live", "polite");
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

// ---- Live news: announcements and changes to my agenda, as they happen ----

var alertRegion = null;
var heard = {};
var HEARD_KEY = "sanad-live-heard";
var MAX_NEWS = 5;
var CONNECT_WAIT_MS = 15000;

/** The assertive region, for an emergency only. */
function alertRegionMade() {
  alertRegion = spokenRegion("live-alert", "role", "alert");
}

/** Whether this event was said already in this tab (on this page or an earlier one); notes it. */
function heardBefore(key) {
  var kept = [];
  try {
    kept = JSON.parse(sessionStorage.getItem(HEARD_KEY) || "[]");
  } catch (e) {
    kept = [];
  }
  if (heard[key] || kept.indexOf(key) >= 0) return true;
  heard[key] = true;
  kept.push(key);
  try {
    sessionStorage.setItem(HEARD_KEY, JSON.stringify(kept.slice(-50)));
  } catch (e) {
    // no storage: this page's memory will do
  }
  return false;
}

/** A Text of the API (`{ value, lang, dir }`) or null. */
function textOf(text) {
  return text && typeof text.value === "string" && text.value.trim() ? text : null;
}

/** An element with a Text in it, in the text's own language and direction. */
function tagged(name, text) {
  var element = document.createElement(name);
  element.textContent = text.value;
  if (text.lang) element.setAttribute("lang", text.lang);
  if (text.dir === "RTL" || text.dir === "LTR") element.setAttribute("dir", text.dir.toLowerCase());
  return element;
}

function paragraph() {
  var p = document.createElement("p");
  for (var i = 0; i < arguments.length; i += 1) {
    var part = arguments[i];
    if (part == null) continue;
    p.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
  }
  return p;
}

function link(href, label) {
  var a = document.createElement("a");
  a.href = href;
  a.textContent = label;
  return a;
}

/**
 * Shows `parts` (paragraphs) as a notice at the top of `main`, and says the words of all but
 * the last (a link) in the region: the polite `#live`, or `#live-alert`. Each language's words
 * keep their `lang` in the region too. The focus stays where it is.
 */
function news(parts, region, extra) {
  var main = document.getElementById("main");
  if (!main) return;
  var box = document.createElement("div");
  box.className = "notice live-news" + (extra ? " " + extra : "");
  box.setAttribute("data-script-notice", "");
  parts.forEach(function (part) {
    box.appendChild(part);
  });
  // The newest first, below any notice the page loaded with; a few at most.
  var first = main.querySelector(":scope > .live-news");
  var last = main.querySelectorAll(":scope > [data-script-notice]:not(.live-news)");
  var before = first || (last.length > 0 ? last[last.length - 1].nextSibling : main.firstChild);
  main.insertBefore(box, before);
  var all = main.querySelectorAll(":scope > .live-news");
  for (var i = MAX_NEWS; i < all.length; i += 1) {
    if (!all[i].contains(document.activeElement)) all[i].remove();
  }
  if (!region) return;
  var spoken = document.createElement("div");
  parts.slice(0, -1).forEach(function (part) {
    var copy = part.cloneNode(true);
    copy.removeAttribute("id");
    spoken.appendChild(copy);
  });
  region.textContent = "";
  // A pause, so that the same words twice are read twice.
  setTimeout(function () {
    region.appendChild(spoken);
  }, 150);
}

function onAnnouncement(item) {
  if (!item || !item.id || heardBefore("announcement:" + item.id)) return;
  var w = words();
  var title = textOf(item.title);
  var changed = textOf(item.whatChanged);
  var todo = textOf(item.whatToDo);
  var severity = w[item.severity] || w.INFO;
  var strong = document.createElement("strong");
  strong.textContent = severity;
  var parts = [paragraph(strong, title ? ": " : "", title ? tagged("span", title) : null)];
  if (changed) parts.push(tagged("p", changed));
  if (todo) parts.push(paragraph(w.whatToDo + " ", tagged("span", todo)));
  parts.push(paragraph(link("/announcements#announcement-" + encodeURIComponent(item.id), w.openAnnouncement)));
  var emergency = item.severity === "EMERGENCY";
  var look = emergency ? "announcement-emergency" : item.severity === "URGENT" ? "announcement-urgent" : "";
  news(parts, emergency ? alertRegion : live, look);
}

function onAgendaChange(change, reread) {
  if (!change || !change.sessionId) return;
  var session = change.session;
  var changes = session && Array.isArray(session.changes) ? session.changes : [];
  // The session's changes are oldest first: the newest is the last.
  var newest = changes.length > 0 ? textOf(changes[changes.length - 1].description) : null;
  var key = ["agenda", change.sessionId, change.action, changes.length, newest ? newest.value : ""].join(":");
  if (heardBefore(key)) return;
  var w = words();
  var title = session ? textOf(session.title) : null;
  var parts = [];
  if (title) {
    var sentence = w.agendaChanged.split("{title}");
    parts.push(paragraph(sentence[0], tagged("span", title), sentence[1]));
    if (newest) parts.push(tagged("p", newest));
    parts.push(paragraph(link("/sessions/" + encodeURIComponent(change.sessionId), w.openSession)));
  } else {
    parts.push(paragraph(w.agendaRemoved));
    parts.push(paragraph(link("/agenda", w.openAgenda)));
  }
  news(parts, live, "");
  reread();
}

/**
 * `/agenda`, read again in place after a change: its content below the notices is replaced by
 * the server's, and the focus, if it was in it, goes back to the same control (the same link,
 * or the button of the same form), else to `main` itself, never to the top of the page.
 */
function agendaReader() {
  if (location.pathname !== "/agenda" || !window.fetch || !window.DOMParser) return function () {};
  var reading = false;
  var again = false;
  /** The control in `nodes` (the server's new content) that stands for the one focused. */
  function same(nodes, focused) {
    var selector = null;
    var form = focused.form || focused.closest("form");
    if (focused.id) selector = "#" + CSS.escape(focused.id);
    else if (focused.matches("a[href]")) selector = 'a[href="' + CSS.escape(focused.getAttribute("href")) + '"]';
    else if (form && form.getAttribute("action")) selector = 'form[action="' + CSS.escape(form.getAttribute("action")) + '"] button';
    for (var i = 0; selector && i < nodes.length; i += 1) {
      if (nodes[i].nodeType !== 1) continue;
      if (nodes[i].matches(selector)) return nodes[i];
      var found = nodes[i].querySelector(selector);
      if (found) return found;
    }
    return null;
  }
  function read() {
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    fetch(location.href, { credentials: "same-origin", cache: "no-store", headers: { accept: "text/html" } })
      .then(function (response) {
        return response.ok && !response.redirected ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("main");
        var main = document.getElementById("main");
        if (!fresh || !main || leaving) return;
        var focused = document.activeElement;
        var inside = focused && focused !== main && main.contains(focused) && !focused.closest("[data-script-notice]");
        // What the server put there goes; the notices this script added stay.
        Array.prototype.slice.call(main.childNodes).forEach(function (node) {
          if (!(node.nodeType === 1 && node.hasAttribute("data-script-notice"))) node.remove();
        });
        var added = [];
        Array.prototype.slice.call(fresh.childNodes).forEach(function (node) {
          // A notice the server added as the page loaded ("Removed from your agenda.") is old news.
          if (node.nodeType === 1 && node.matches(".notice[role=status]")) return;
          added.push(main.appendChild(document.adoptNode(node)));
        });
        if (inside) {
          var target = same(added, focused);
          (target || main).focus({ preventScroll: true });
        }
      })
      .catch(function () {
        // the next change, or a reload, shows it
      })
      .then(function () {
        reading = false;
        if (again) {
          again = false;
          read();
        }
      });
  }
  return read;
}

/** The page's language, then the browser's: the order the texts of the feeds are wanted in. */
function acceptLanguage() {
  var tags = [document.documentElement.lang || ""].concat(navigator.languages || [navigator.language || ""]);
  var seen = {};
  return tags
    .filter(function (tag) {
      var fine = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(tag) && !seen[tag.toLowerCase()];
      seen[tag.toLowerCase()] = true;
      return fine;
    })
    .slice(0, 6)
    .join(", ");
}

/** Follows the feeds `#live-feeds` names, over one WebSocket, for as long as the page is open. */
function followLiveFeeds() {
  var feeds = document.getElementById("live-feeds");
  if (!feeds || !("WebSocket" in window)) return;
  var subscriptions = [];
  if (feeds.getAttribute("data-announcements")) subscriptions.push({ id: "announcements", query: feeds.getAttribute("data-announcements") });
  if (feeds.getAttribute("data-agenda")) subscriptions.push({ id: "agenda", query: feeds.getAttribute("data-agenda") });
  if (subscriptions.length === 0) return;
  alertRegionMade();
  var reread = agendaReader();
  var socket = null;
  var timer = null;
  var delay = 1000;
  var stopped = false;

  function later() {
    if (stopped || timer) return;
    timer = setTimeout(function () {
      timer = null;
      connect();
    }, delay);
    delay = Math.min(delay * 2, 60000);
  }

  function connect() {
    if (stopped || socket) return;
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var opened;
    try {
      opened = new WebSocket(scheme + location.host + "/graphql", "graphql-transport-ws");
    } catch (e) {
      later();
      return;
    }
    socket = opened;
    // A network that swallows the connection (a captive portal, a Wi-Fi without a way out)
    // never answers: given up after a while, and tried again.
    var waiting = setTimeout(function () {
      opened.close();
    }, CONNECT_WAIT_MS);
    opened.onopen = function () {
      // Signed in by the page's cookie (no `authorization`); the texts in the page's language
      // first (the socket's own Accept-Language is the browser's, not the one chosen here).
      opened.send(JSON.stringify({ type: "connection_init", payload: { acceptLanguage: acceptLanguage() } }));
    };
    opened.onmessage = function (event) {
      var message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (message.type === "connection_ack") {
        clearTimeout(waiting);
        delay = 1000;
        subscriptions.forEach(function (s) {
          opened.send(JSON.stringify({ id: s.id, type: "subscribe", payload: { query: s.query } }));
        });
        document.documentElement.setAttribute("data-live", "on");
      } else if (message.type === "ping") {
        opened.send(JSON.stringify({ type: "pong" }));
      } else if (message.type === "next" && message.payload && message.payload.data) {
        if (message.id === "announcements") onAnnouncement(message.payload.data.announcementPublished);
        else if (message.id === "agenda") onAgendaChange(message.payload.data.myAgendaChanged, reread);
      }
    };
    opened.onclose = function (event) {
      clearTimeout(waiting);
      if (socket === opened) socket = null;
      document.documentElement.removeAttribute("data-live");
      // Signed out or refused: stop. Otherwise the venue's Wi-Fi dropped: again, slower each time.
      if (event.code === 4401 || event.code === 4403) {
        stopped = true;
        return;
      }
      later();
    };
  }

  // Without a network the socket cannot work: it goes, and comes back with the network.
  window.addEventListener("offline", function () {
    if (socket) socket.close();
  });
  window.addEventListener("online", function () {
    if (timer) clearTimeout(timer);
    timer = null;
    delay = 1000;
    connect();
  });
  window.addEventListener("pagehide", function () {
    stopped = true;
    if (socket) socket.close();
  });
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    stopped = false;
    connect();
  });
  connect();
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
  followLiveFeeds();
});
