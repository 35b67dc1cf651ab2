// The delegates' app's service worker (issue 19, "Poor Wi-Fi"): the pages a delegate opened
// stay readable when the venue Wi-Fi is poor or gone, and an agenda change made without a
// connection is kept on the phone and sent once the connection is back.
//
// - Pages (`/`, `/sessions/{id}`, `/agenda`, `/glossary`): the network first, for
//   NETWORK_WAIT_MS at most; each 200 answer is kept with the time it was fetched. Without an
//   answer in time, the kept copy is shown, with `<meta name="sanad-offline-copy"
//   content="{when}">` added to its head: the page's script reads it and says "You are
//   offline. This copy is from 10:42." (it works however the copy was served, and after this
//   worker has been stopped). Without a copy either, a small page says so, in the language
//   of the last page kept, with links to the pages that are kept.
// - `/app/assets/…` (their names carry a hash of their content): kept on first use, then
//   served from the copy. `/manifest.webmanifest`: the copy, refreshed in the background.
// - `POST /sessions/{id}/agenda` that fails for want of a network: kept in IndexedDB, in
//   order, and answered with a 303 to the page with `?done=queued` (the script says "Saved on
//   this phone…"). Sent again, once each, in order, when the network is back: the page's
//   `online` event, this worker's activation, any page fetched from the network, or
//   Background Sync where the browser has it. An edit that got any HTTP answer is dropped
//   (never sent twice); one whose network failed again stays.
// - Notifications (issue 19, item 5): a push message from the server (JSON, ≤ 2 KB: `{ kind,
//   title, body, lang, dir, link, sessionId?, announcementId?, itemId?, requestId? }`) is
//   shown with its title and body in its language and direction, the app's icon, and a tag
//   so that a newer message about the same thing replaces the older one. Opening it goes to
//   the app's page for it (a request item, an announcement at its place on
//   `/announcements`, a session; else the programme): a window already there comes to the
//   front, an app window showing a page with nothing typed into it is
//   taken there, otherwise a new window opens. A message that is not one of ours shows
//   nothing (and is logged).
// - Nothing else is touched: signing in and out, the desk, the API, calendar files, any other
//   POST go to the network as if this worker did not exist. Signing out answers with
//   `Clear-Site-Data: "cache", "storage"`, which removes these copies, the queue and this
//   worker.
"use strict";

// A new version of the kept data's format: change it, and activation deletes the old caches.
const VERSION = "1";
const PAGES = `sanad-pages-v${VERSION}`;
const ASSETS = `sanad-assets-v${VERSION}`;
const OURS = [PAGES, ASSETS];
const NETWORK_WAIT_MS = 4000; // then the copy: poor Wi-Fi must not leave a page blank
const GIVE_UP_MS = 20000; // without a copy: then the offline page
const MAX_PAGES = 150;
const MAX_ASSETS = 30;
const SAVED_AT = "x-sanad-saved-at";
const TITLE = "x-sanad-title"; // the kept page's h1, percent-encoded (headers are Latin-1)
const LANG = "x-sanad-lang";
const DB = "sanad-offline";
const EDITS = "edits";
const SYNC_TAG = "sanad-agenda";
const AGENDA_EDIT = /^\/sessions\/[^/]+\/agenda$/;
const LANGS = ["en", "fr", "ar", "es"];

const WORDS = {
  en: {
    title: "You are offline",
    body: "This page is not saved on this phone, and the conference's server cannot be reached. The pages you opened before can still be read.",
    back: "Back to the programme",
    saved: "Pages saved on this phone",
  },
  fr: {
    title: "Vous êtes hors ligne",
    body: "Cette page n’est pas enregistrée sur ce téléphone et le serveur de la conférence est injoignable. Les pages que vous avez déjà ouvertes restent lisibles.",
    back: "Retour au programme",
    saved: "Pages enregistrées sur ce téléphone",
  },
  ar: {
    title: "أنتم غير متصلين بالشبكة",
    body: "هذه الصفحة غير محفوظة على هذا الهاتف، ولا يمكن الوصول إلى خادم المؤتمر. ما زال بإمكانكم قراءة الصفحات التي فتحتموها من قبل.",
    back: "العودة إلى البرنامج",
    saved: "الصفحات المحفوظة على هذا الهاتف",
  },
  es: {
    title: "Está sin conexión",
    body: "Esta página no está guardada en este teléfono y no se puede llegar al servidor de la conferencia. Las páginas que ya abrió se pueden seguir leyendo.",
    back: "Volver al programa",
    saved: "Páginas guardadas en este teléfono",
  },
};

const CSP =
  "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; connect-src 'self'; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

// ---- Life cycle ----

self.addEventListener("install", () => {
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("sanad-") && !OURS.includes(name)) await caches.delete(name);
      }
      await self.clients.claim();
      await replay();
    })(),
  );
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "sanad-online") {
    // A page that has just loaded may have missed the last report: it gets it too (it
    // ignores one it has seen, by its id).
    const source = event.source;
    event.waitUntil(
      replay().then(() => {
        if (source && lastReport && Date.now() - lastReport.at < 60000) source.postMessage(lastReport.message);
      }),
    );
  } else if (data.type === "sanad-keep") {
    event.waitUntil(keepFirstPage(data));
  }
});

self.addEventListener("sync", (event) => {
  if (event.tag !== SYNC_TAG) return;
  // A rejected promise asks the browser to try again later.
  event.waitUntil(
    replay().then((left) => {
      if (left > 0) throw new Error(`${left} agenda change(s) still waiting for the network`);
    }),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && AGENDA_EDIT.test(url.pathname)) {
    event.respondWith(agendaEdit(event, url));
  } else if (request.method !== "GET") {
    return;
  } else if (request.mode === "navigate" && isAppPage(url)) {
    event.respondWith(page(event, url));
  } else if (url.pathname.startsWith("/app/assets/")) {
    event.respondWith(asset(event, url));
  } else if (url.pathname === "/manifest.webmanifest") {
    event.respondWith(manifest(event, url));
  }
});

/** The app's pages that are kept: not the sign-in form, the desk, the API or calendar files. */
function isAppPage(url) {
  const path = url.pathname;
  return path === "/" || path === "/agenda" || path === "/glossary" || (/^\/sessions\/[^/]+$/.test(path) && !path.endsWith(".ics"));
}

function sleep(ms, value) {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms));
}

const LATE = Symbol("late");

// ---- Pages ----

async function page(event, url) {
  const fromNetwork = fetch(event.request).then((response) => {
    const kept = storable(response) ? keepPage(url, response.clone()) : Promise.resolve();
    return { response, kept };
  });
  // Whatever is shown meanwhile, a late answer still refreshes the copy; an answer at all
  // means the network is back, so queued agenda changes go.
  event.waitUntil(
    fromNetwork.then(
      ({ kept }) => kept.catch(() => undefined).then(() => replay()),
      () => undefined,
    ),
  );
  const network = fromNetwork.then(({ response }) => response);
  network.catch(() => undefined);
  // After a form the server took (`?done=added`), the delegate waits for its result, not for
  // an older copy; after one kept on the phone (`?done=queued`), the copy will do.
  const done = url.searchParams.get("done");
  const wait = done && done !== "queued" ? GIVE_UP_MS : NETWORK_WAIT_MS;
  try {
    const first = await Promise.race([network, sleep(wait, LATE)]);
    if (first !== LATE) return first;
  } catch {
    // no network: the copy
  }
  const copy = await savedCopy(url);
  if (copy) return copy;
  try {
    const late = await Promise.race([network, sleep(Math.max(0, GIVE_UP_MS - wait), LATE)]);
    if (late !== LATE) return late;
  } catch {
    // no network and no copy
  }
  return offlinePage();
}

/** A whole page of this origin, 200, not a redirect. */
function storable(response) {
  return (
    response.status === 200 &&
    response.type === "basic" &&
    !response.redirected &&
    (response.headers.get("content-type") || "").startsWith("text/html")
  );
}

/** The key of a page's copy: its address without `done` (and the other names left out). */
function pageKey(url, leaveOut = []) {
  const key = new URL(url.pathname, url.origin);
  for (const [name, value] of url.searchParams) {
    if (name !== "done" && !leaveOut.includes(name)) key.searchParams.append(name, value);
  }
  return key.href;
}

/** Where a page's copy is looked for: its address, then without `lang`, then without query. */
function copyKeys(url) {
  return [...new Set([pageKey(url), pageKey(url, ["lang"]), new URL(url.pathname, url.origin).href])];
}

function attribute(tag, name) {
  const found = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return found ? found[1] : "";
}

async function keepPage(url, response) {
  let html = await response.text();
  // The notice a redirect asked for ("Added to your agenda.") is not part of the page.
  if (url.searchParams.has("done")) html = html.replace(/<div class="notice" role="status">[\s\S]*?<\/div>\n?/, "");
  const headers = new Headers(response.headers);
  // The body kept is decoded text of another length.
  for (const name of ["vary", "content-encoding", "content-length", "etag", "last-modified"]) headers.delete(name);
  headers.set(SAVED_AT, new Date().toISOString());
  const root = /<html\b[^>]*>/i.exec(html);
  const lang = root ? attribute(root[0], "lang") : "";
  if (lang) headers.set(LANG, lang);
  const heading = /<h1\b([^>]*)>([\s\S]*?)<\/h1>/i.exec(html);
  if (heading) {
    const title = { text: decodeEntities(heading[2].replace(/<[^>]*>/g, "")).trim(), lang: attribute(heading[1], "lang") || lang, dir: attribute(heading[1], "dir") };
    headers.set(TITLE, encodeURIComponent(JSON.stringify(title)));
  }
  const cache = await caches.open(PAGES);
  // After `?lang=ar` the same address without it is Arabic too (the choice is a cookie).
  const keys = url.searchParams.has("lang") ? [pageKey(url), pageKey(url, ["lang"])] : [pageKey(url)];
  for (const key of keys) {
    await cache.delete(key); // put again at the end: the oldest copies go first
    await cache.put(key, new Response(html, { status: 200, statusText: "OK", headers }));
  }
  await trim(cache, MAX_PAGES);
}

async function trim(cache, most) {
  const keys = await cache.keys();
  for (const key of keys.slice(0, Math.max(0, keys.length - most))) await cache.delete(key);
}

/** The kept copy of a page, marked as such, or null. */
async function savedCopy(url) {
  const cache = await caches.open(PAGES);
  for (const key of copyKeys(url)) {
    const hit = await cache.match(key, { ignoreVary: true });
    if (!hit) continue;
    const savedAt = hit.headers.get(SAVED_AT) || "";
    const html = (await hit.text()).replace(/<head>/i, `<head>\n<meta name="sanad-offline-copy" content="${escapeHtml(savedAt)}">`);
    const headers = new Headers(hit.headers);
    headers.delete("content-length");
    headers.set("x-sanad-offline", "copy");
    headers.set("cache-control", "no-store");
    return new Response(html, { status: 200, statusText: "OK", headers });
  }
  return null;
}

/** The page for an address never kept, when the network gives nothing. */
async function offlinePage() {
  const pages = await caches.open(PAGES);
  const kept = [];
  for (const key of await pages.keys()) {
    const hit = await pages.match(key, { ignoreVary: true });
    if (!hit) continue;
    let title = null;
    try {
      title = JSON.parse(decodeURIComponent(hit.headers.get(TITLE) || ""));
    } catch {
      title = null;
    }
    kept.push({ url: new URL(key.url), title, lang: hit.headers.get(LANG) || "", at: hit.headers.get(SAVED_AT) || "" });
  }
  kept.sort((a, b) => (a.at < b.at ? 1 : -1));
  const lang = (kept.find((k) => LANGS.includes(k.lang)) || {}).lang || guessLanguage();
  const dir = lang === "ar" ? "rtl" : "ltr";
  const words = WORDS[lang];
  // One link a page (by path and title), newest first.
  const seen = new Set();
  const links = [];
  for (const k of kept) {
    if (!k.title || !k.title.text) continue;
    const href = k.url.pathname + k.url.search;
    if (href === "/") continue; // linked above
    const id = `${k.url.pathname}\n${k.title.text}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const langAttribute = k.title.lang ? ` lang="${escapeHtml(k.title.lang)}"` : "";
    const dirAttribute = k.title.dir ? ` dir="${escapeHtml(k.title.dir)}"` : "";
    links.push(`<li><a href="${escapeHtml(href)}"${langAttribute}${dirAttribute}>${escapeHtml(k.title.text)}</a></li>`);
    if (links.length >= 40) break;
  }
  const style = await newestAsset(/^\/app\/assets\/app-[^/]+\.css$/);
  const html = `<!doctype html>
<html lang="${lang}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(words.title)}</title>
${style ? `<link rel="stylesheet" href="${escapeHtml(style)}">\n` : ""}</head>
<body>
<main id="main" class="width">
<h1>${escapeHtml(words.title)}</h1>
<p>${escapeHtml(words.body)}</p>
<p><a href="/">${escapeHtml(words.back)}</a></p>
${links.length > 0 ? `<h2>${escapeHtml(words.saved)}</h2>\n<ul>\n${links.join("\n")}\n</ul>\n` : ""}</main>
</body>
</html>
`;
  return new Response(html, {
    status: 503,
    statusText: "Service Unavailable",
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy": CSP,
      "x-content-type-options": "nosniff",
      "x-sanad-offline": "page",
    },
  });
}

function guessLanguage() {
  for (const tag of self.navigator.languages || [self.navigator.language || ""]) {
    const base = String(tag).slice(0, 2).toLowerCase();
    if (LANGS.includes(base)) return base;
  }
  return "en";
}

async function newestAsset(pattern) {
  const cache = await caches.open(ASSETS);
  const paths = (await cache.keys()).map((r) => new URL(r.url).pathname).filter((p) => pattern.test(p));
  return paths.length > 0 ? paths[paths.length - 1] : null;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function decodeEntities(text) {
  const named = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (all, code) => {
    if (code[0] === "#") {
      const n = code[1] === "x" || code[1] === "X" ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : all;
    }
    return named[code.toLowerCase()] ?? all;
  });
}

/**
 * The page a delegate first opened, before this worker controlled it, and its assets: the
 * page's script asks for them once, so that the very first page can be read offline too.
 */
async function keepFirstPage(data) {
  const assets = await caches.open(ASSETS);
  for (const href of Array.isArray(data.assets) ? data.assets.slice(0, 10) : []) {
    const url = new URL(href, self.location.origin);
    if (url.origin !== self.location.origin || !url.pathname.startsWith("/app/assets/")) continue;
    if (await assets.match(url.href, { ignoreVary: true })) continue;
    try {
      const response = await fetch(url.href, { credentials: "same-origin" });
      if (response.status === 200 && response.type === "basic") await assets.put(url.href, response);
    } catch {
      return;
    }
  }
  await trim(assets, MAX_ASSETS);
  if (typeof data.page !== "string") return;
  const url = new URL(data.page, self.location.origin);
  if (url.origin !== self.location.origin || !isAppPage(url)) return;
  const pages = await caches.open(PAGES);
  if (await pages.match(pageKey(url), { ignoreVary: true })) return;
  try {
    const response = await fetch(url.href, { credentials: "same-origin", redirect: "manual" });
    if (storable(response)) await keepPage(url, response);
  } catch {
    // offline already: nothing to keep
  }
}

// ---- Assets and the manifest ----

async function asset(event, url) {
  const cache = await caches.open(ASSETS);
  const hit = await cache.match(url.href, { ignoreVary: true });
  if (hit) return hit;
  const response = await fetch(event.request);
  if (response.status === 200 && response.type === "basic" && !response.redirected) {
    const copy = response.clone();
    event.waitUntil(cache.put(url.href, copy).then(() => trim(cache, MAX_ASSETS)));
  }
  return response;
}

async function manifest(event, url) {
  const cache = await caches.open(ASSETS);
  const hit = await cache.match(url.href, { ignoreVary: true });
  const fresh = fetch(event.request).then(async (response) => {
    if (response.status === 200 && response.type === "basic" && !response.redirected) {
      await cache.put(url.href, response.clone());
    }
    return response;
  });
  event.waitUntil(fresh.catch(() => undefined));
  return hit || fresh;
}

// ---- Notifications ----

self.addEventListener("push", (event) => {
  event.waitUntil(
    showPush(event).catch((error) => {
      console.error("sanad: a push message could not be shown", error);
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const opening = openFromNotification(event.notification.data).catch((error) => {
    console.error("sanad: a notification's page could not be opened", error);
  });
  // A click the browser dispatched may keep this worker alive until the page is open (and
  // only such a click may open or focus a window); a synthetic event cannot wait.
  if (event.isTrusted) event.waitUntil(opening);
});

const BCP47 = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;
const MAX_ID = 200;

async function showPush(event) {
  let payload;
  try {
    payload = event.data ? event.data.json() : null;
  } catch {
    payload = null;
  }
  if (!payload || typeof payload !== "object" || typeof payload.title !== "string" || !payload.title.trim()) {
    // Not one of ours (or from an older or newer server): nothing to show. Its words are not
    // logged (a message may name a session in a delegate's agenda).
    console.warn("sanad: a push message that is not JSON with a title was not shown");
    return;
  }
  const options = {
    body: typeof payload.body === "string" ? payload.body : "",
    dir: payload.dir === "RTL" ? "rtl" : payload.dir === "LTR" ? "ltr" : "auto",
    data: { url: pushTarget(payload), kind: text(payload.kind) },
    renotify: false,
  };
  if (typeof payload.lang === "string" && BCP47.test(payload.lang)) options.lang = payload.lang;
  const tag = pushTag(payload);
  if (tag) options.tag = tag;
  const icon = await newestAsset(/^\/app\/assets\/icon-[^/]+\.svg$/).catch(() => null);
  if (icon) options.icon = icon;
  await self.registration.showNotification(payload.title, options);
}

/** A string field of a payload, or "" (the payload comes from outside this page). */
function text(value) {
  return typeof value === "string" && value.length <= MAX_ID ? value : "";
}

/**
 * The app's page for a message. The server's `link` names API paths (`/sessions/{slug}`,
 * `/announcements/{slug}`, `/requests/{id}`), not the app's: the ids say where to go.
 */
function pushTarget(payload) {
  const item = text(payload.itemId);
  const announcement = text(payload.announcementId);
  const session = text(payload.sessionId);
  if (item) return `/requests/items/${encodeURIComponent(item)}`;
  // An announcement (about a session or not) opens on the announcements page, at itself.
  if (announcement) return `/announcements#announcement-${encodeURIComponent(announcement)}`;
  if (session) return `/sessions/${encodeURIComponent(session)}`;
  if (payload.kind === "test") return "/settings";
  return "/";
}

/** One notification per thing: a newer message about it replaces the one shown. */
function pushTag(payload) {
  const kind = text(payload.kind);
  const about = text(payload.itemId) || text(payload.announcementId) || text(payload.sessionId);
  if (kind && about) return `${kind}:${about}`;
  return kind === "test" ? "test" : "";
}

async function openFromNotification(data) {
  const path = localPath(data && typeof data.url === "string" ? data.url : "") || "/";
  const target = new URL(path, self.location.origin);
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  // Most recently focused first. A window on that page (in any language) is brought forward.
  const there = windows.find((client) => new URL(client.url).pathname === target.pathname);
  if (there) {
    const focused = (await focus(there)) || there;
    // On the announcements page already: taken to the announcement (a new copy of the page,
    // which has it), as far as this worker may.
    if (target.hash && focused.url !== target.href) {
      try {
        const moved = await focused.navigate(target.href);
        if (moved) return moved;
      } catch {
        // not this worker's window: it stays as it is
      }
    }
    return focused;
  }
  // A window on a page with nothing to type (the programme, a session, my agenda, the
  // glossary) can be taken there; one on a form (a request being written) is left alone.
  const free = windows.find((client) => client.frameType !== "nested" && isAppPage(new URL(client.url)));
  if (free) {
    const focused = (await focus(free)) || free;
    try {
      // Only a window this worker controls can be navigated; another one is left alone.
      const moved = await focused.navigate(target.href);
      if (moved) return moved;
    } catch (error) {
      console.warn("sanad: a window could not be taken to the notification's page", error);
    }
  }
  return self.clients.openWindow(target.href);
}

/** Brings a window to the front; only a click on the notification may, so a failure is fine. */
async function focus(client) {
  try {
    return await client.focus();
  } catch {
    return null;
  }
}

// ---- Agenda changes made offline ----

async function agendaEdit(event, url) {
  const request = event.request;
  const body = await request.clone().text();
  // Changes kept earlier go first: the server sees them in the order they were made.
  let waiting = 0;
  try {
    waiting = await replay();
  } catch {
    waiting = 0;
  }
  if (waiting === 0) {
    try {
      return await fetch(request);
    } catch {
      // The network is down (an HTTP answer, even an error, is returned above as it is).
    }
  }
  const form = new URLSearchParams(body);
  const action = form.get("action");
  if (action !== "add" && action !== "remove") return Response.error();
  await queue((store) => store.add({ path: url.pathname, body, action, at: new Date().toISOString() }));
  try {
    await self.registration.sync?.register(SYNC_TAG);
  } catch {
    // Background Sync is a bonus: the page's `online` event and the next fetch replay too.
  }
  const back = localPath(form.get("back")) || url.pathname.replace(/\/agenda$/, "");
  const to = new URL(back, self.location.origin);
  to.searchParams.set("done", "queued");
  return new Response(null, { status: 303, statusText: "See Other", headers: { location: to.pathname + to.search, "cache-control": "no-store" } });
}

/** A path of this site only (never `//elsewhere`), as the server checks `back`. */
function localPath(back) {
  if (!back || !back.startsWith("/") || back.startsWith("//") || back.startsWith("/\\") || back.length > 300) return null;
  return /[\u0000-\u001f\u007f]/.test(back) ? null : back;
}

function openQueue() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(EDITS, { keyPath: "id", autoIncrement: true });
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

/** Runs `work(store)` in one transaction of the queue; resolves with its request's result. */
async function queue(work, mode = "readwrite") {
  const db = await openQueue();
  try {
    return await new Promise((resolve, reject) => {
      const transaction = db.transaction(EDITS, mode);
      const request = work(transaction.objectStore(EDITS));
      let result;
      if (request) request.onsuccess = () => (result = request.result);
      transaction.oncomplete = () => resolve(result);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  } finally {
    db.close();
  }
}

/** The oldest queued change (the lowest key), or undefined. */
function firstEdit() {
  return queue((store) => store.getAll(undefined, 1), "readonly").then((all) => (all && all.length > 0 ? all[0] : undefined));
}

let replaying = null;
let lastReport = null; // { at, message }: what the last replay sent, for pages loading just after

/** Sends the queued changes (one run at a time); resolves with how many are left. */
function replay() {
  if (!replaying) {
    replaying = replayQueue().finally(() => {
      replaying = null;
    });
  }
  return replaying;
}

async function replayQueue() {
  let sent = 0;
  let failed = 0;
  const paths = [];
  let left = 0;
  for (;;) {
    const edit = await firstEdit();
    if (!edit) break;
    let response;
    try {
      response = await fetch(edit.path, {
        method: "POST",
        body: edit.body,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        credentials: "same-origin",
        redirect: "manual",
        cache: "no-store",
      });
    } catch {
      left = await queue((store) => store.count(), "readonly");
      break; // the network failed again: keep it, and the ones after it
    }
    // Any HTTP answer: done with it, whatever it said (never sent twice).
    await queue((store) => store.delete(edit.id));
    if (response.type === "opaqueredirect" || response.ok) sent += 1;
    else failed += 1;
    paths.push(edit.path.replace(/\/agenda$/, ""));
  }
  if (sent + failed > 0) {
    const message = { type: "sanad-replayed", id: `${Date.now()}-${Math.random()}`, sent, failed, paths };
    lastReport = { at: Date.now(), message };
    for (const client of await self.clients.matchAll({ type: "window" })) client.postMessage(message);
  }
  return left;
}
