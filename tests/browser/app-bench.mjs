// The delegates' app on poor Wi-Fi (issue 19, "Measure"): a benchmark, not a test. It prints
// figures and asserts nothing about time.
//
// In Debian's chromium (headless), ROUNDS times (default 5), each in a fresh browser context
// (cold HTTP cache, no service worker, no cookie):
// - first visit of the public programme `/` over a simulated slow 3G connection: CDP
//   `Network.emulateNetworkConditions` with 400 ms latency and 400 kbit/s (50,000 B/s) both
//   ways, on the page and on the context's service worker from its start; Accept-Encoding is
//   left as chromium sends it. Measured: first contentful paint, "usable" (the first
//   `h3.session-title a` is in the DOM, rendered and painted), DOMContentLoaded, load, and
//   every request with its bytes on the wire (`Network.loadingFinished.encodedDataLength`:
//   headers and compressed body) and decoded (`Network.dataReceived.dataLength`), up to the
//   moment the service worker has kept the page: the page's own requests (HTML, CSS, JS,
//   icon, manifest) and the worker's (sw.js and what app.js's "sanad-keep" makes it fetch).
//   Two special cases: headless chromium fetches the web app manifest only when asked, so
//   `Page.getAppManifest` asks (a phone's browser fetches it to offer "Install"); chromium
//   fetches a worker's main script itself, before the worker's devtools target exists, and
//   reports only its headers' bytes, so sw.js's bytes are those of a plain GET of it (and
//   its fetch is not throttled);
// - the repeat visit offline: once the worker controls the page and `caches.match('/')` has
//   the copy, the network is cut for the page and the worker (as app-offline.mjs does: the
//   page's own offline mode does not reach the worker's fetches) and `/` is reloaded.
//   Measured: navigation start to the first session title shown, and load.
//
// Prints `name: value` lines (the medians of the rounds), each round's figures and the first
// visit's requests as `# ` comments, and the issue's targets as comments.
//
// Run: SANAD_URL=http://127.0.0.1:8080 node tests/browser/app-bench.mjs (no sign-in: the
// programme is public). ROUNDS and CHROMIUM (default /usr/bin/chromium) are optional.

import { BASE, launch, networkConditions, sleep } from "./lib.mjs";

if (!BASE) {
  console.error("SANAD_URL is needed (e.g. http://127.0.0.1:8080)");
  process.exit(2);
}
const ROUNDS = Math.max(1, Number.parseInt(process.env.ROUNDS || "5", 10) || 5);
const TITLE = "h3.session-title a";

// Slow 3G as issue 19 gives it: 400 kb/s both ways, 400 ms latency. Throughputs in bytes/s.
const SLOW = { offline: false, latency: 400, downloadThroughput: 50000, uploadThroughput: 50000 };
const OFFLINE = networkConditions(true);

// Runs in every document before its own scripts (CDP-injected: the page's CSP does not apply).
// "Usable" is the first animation frame in which the first session title is in the DOM and
// rendered (a box, not hidden), and not before the first contentful paint: a title that
// has not been painted cannot be read.
function probe(selector) {
  const t = { fcp: null, lcp: null, shown: null, inViewport: null };
  Object.defineProperty(window, "__sanadBench", { value: t });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === "first-contentful-paint") t.fcp = e.startTime;
    }).observe({ type: "paint", buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) t.lcp = e.startTime;
    }).observe({ type: "largest-contentful-paint", buffered: true });
  } catch {
    // no observer: the figures stay null
  }
  const frame = () => {
    const e = document.querySelector(selector);
    if (e) {
      const r = e.getBoundingClientRect();
      const rendered = r.width > 0 && r.height > 0 && (!e.checkVisibility || e.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }));
      if (rendered) {
        t.shown = performance.now();
        t.inViewport = r.top < window.innerHeight && r.bottom > 0;
        return;
      }
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

function median(values) {
  const v = values.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

const ms = (x) => (Number.isFinite(x) ? Math.round(x) : "n/a");

/** Checks `predicate(arg)` in the page until it is truthy (a reload in between is fine), or null. */
async function until(page, predicate, { timeout = 30000, arg } = {}) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    try {
      const value = await page.evaluate(predicate, arg);
      if (value) return value;
    } catch {
      // the page was navigating
    }
    await sleep(50);
  }
  return null;
}

/**
 * Records one CDP session's requests: url, type, status, content-encoding, the request's
 * accept-encoding, bytes on the wire and decoded, whether it came from the service worker.
 */
function recorder(session, who) {
  const requests = new Map();
  const get = (id) => {
    if (!requests.has(id)) {
      requests.set(id, { who, id, url: "", type: "", status: 0, encoding: "", accept: "", wire: 0, decoded: 0, done: false, failed: "", fromWorker: false, fromCache: false, sent: NaN, answered: NaN, finished: NaN, note: "" });
    }
    return requests.get(id);
  };
  session.on("Network.requestWillBeSent", (e) => {
    const r = get(e.requestId);
    r.url = e.request.url;
    r.type = e.type || r.type;
    r.sent = e.timestamp * 1000;
    r.accept = r.accept || e.request.headers["Accept-Encoding"] || e.request.headers["accept-encoding"] || "";
  });
  session.on("Network.requestWillBeSentExtraInfo", (e) => {
    const h = e.headers || {};
    const accept = h["accept-encoding"] || h["Accept-Encoding"];
    if (accept) get(e.requestId).accept = accept;
  });
  session.on("Network.responseReceived", (e) => {
    const r = get(e.requestId);
    r.url = r.url || e.response.url;
    r.type = e.type || r.type;
    r.status = e.response.status;
    r.answered = e.timestamp * 1000;
    const h = e.response.headers || {};
    r.encoding = h["content-encoding"] || h["Content-Encoding"] || r.encoding || "";
    r.fromWorker = !!e.response.fromServiceWorker;
    r.fromCache = !!(e.response.fromDiskCache || e.response.fromPrefetchCache);
  });
  session.on("Network.responseReceivedExtraInfo", (e) => {
    const h = e.headers || {};
    const enc = h["content-encoding"] || h["Content-Encoding"];
    if (enc) get(e.requestId).encoding = enc;
  });
  session.on("Network.dataReceived", (e) => {
    get(e.requestId).decoded += e.dataLength;
  });
  session.on("Network.loadingFinished", (e) => {
    const r = get(e.requestId);
    r.wire = e.encodedDataLength;
    r.finished = e.timestamp * 1000;
    r.done = true;
  });
  session.on("Network.loadingFailed", (e) => {
    const r = get(e.requestId);
    r.failed = [e.errorText, e.canceled ? "canceled" : "", e.blockedReason, e.corsErrorStatus && e.corsErrorStatus.corsError].filter(Boolean).join(", ") || "failed";
    r.finished = e.timestamp * 1000;
    r.done = true;
  });
  return requests;
}

/**
 * The bytes of a plain GET of `path` as they come over the socket (status line, headers and
 * body as sent, chunked or not), asking for `acceptEncoding`. For sw.js: chromium fetches a
 * service worker's main script itself, before the worker's devtools target exists, and
 * reports only its headers' bytes for it (its `encodedDataLength` is about 450 B).
 */
async function rawBytes(path, acceptEncoding) {
  const url = new URL(path, `${BASE}/`);
  const { connect } = url.protocol === "https:" ? await import("node:tls") : await import("node:net");
  const port = Number(url.port) || (url.protocol === "https:" ? 443 : 80);
  return new Promise((resolve, reject) => {
    let bytes = 0;
    let head = "";
    const socket = connect({ host: url.hostname, port, servername: url.hostname }, () => {
      socket.write(
        `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nAccept: */*\r\nAccept-Encoding: ${acceptEncoding}\r\n` +
          "Service-Worker: script\r\nConnection: close\r\n\r\n",
      );
    });
    socket.on("data", (chunk) => {
      bytes += chunk.length;
      if (!head.includes("\r\n\r\n")) head += chunk.toString("latin1");
    });
    socket.on("end", () => {
      const encoding = /^content-encoding:\s*(.+?)\s*$/im.exec(head.split("\r\n\r\n")[0]);
      resolve({ bytes, encoding: encoding ? encoding[1] : "identity" });
    });
    socket.on("error", reject);
    socket.setTimeout(20000, () => socket.destroy(new Error(`${path}: no answer`)));
  });
}

const browser = await launch();
const version = await browser.version();

// ---- Service workers, watched from their start ----
// puppeteer attaches to a new worker and lets it run at once (it detaches from workers), so
// a session made on `targetcreated` misses the worker's first fetches and their throttling.
// This browser-level session attaches to every service worker paused, gives it the network
// of its context's round, then lets it run.
const workerSessions = new Map(); // browserContextId -> { conditions, sessions: [], requests: [] }
const browserSession = await browser.target().createCDPSession();
const connection = browserSession.connection();
browserSession.on("Target.attachedToTarget", (event) => {
  const session = connection.session(event.sessionId);
  if (!session) return;
  const round = workerSessions.get(event.targetInfo.browserContextId);
  (async () => {
    if (round && event.targetInfo.type === "service_worker") {
      round.sessions.push(session);
      round.requests.push(recorder(session, "worker"));
      await session.send("Network.enable");
      await session.send("Network.emulateNetworkConditions", round.conditions);
    }
    if (event.waitingForDebugger) await session.send("Runtime.runIfWaitingForDebugger");
  })().catch((e) => console.log(`# (a service worker could not be watched: ${e.message})`));
});
await browserSession.send("Target.setAutoAttach", {
  autoAttach: true,
  waitForDebuggerOnStart: true,
  flatten: true,
  filter: [{ type: "service_worker", exclude: false }, { exclude: true }],
});

const rounds = [];
let lastRequests = [];
let acceptEncoding = "";
let sw = null;

try {
  for (let round = 1; round <= ROUNDS; round += 1) {
    const context = await browser.createBrowserContext();
    const worker = { conditions: SLOW, sessions: [], requests: [] };
    workerSessions.set(context.id, worker);
    try {
      const page = await context.newPage();
      // A phone's screen (the delegates' app is used on phones at the venue).
      await page.setViewport({ width: 412, height: 915, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
      await page.evaluateOnNewDocument(probe, TITLE);
      const cdp = await page.createCDPSession();
      const pageRequests = recorder(cdp, "page");
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", SLOW);
      const all = () => [pageRequests, ...worker.requests].flatMap((m) => [...m.values()]).filter((r) => r.url);

      // ---- First visit, slow 3G, cold ----
      const wallStart = Date.now();
      const response = await page.goto(`${BASE}/`, { waitUntil: "load", timeout: 120000 });
      const wallLoad = Date.now() - wallStart;
      const status = response ? response.status() : 0;
      const first = await until(page, () => {
        const t = window.__sanadBench;
        const nav = performance.getEntriesByType("navigation")[0];
        if (!t || t.shown === null || t.fcp === null || !nav || nav.loadEventEnd === 0) return null;
        return {
          fcp: t.fcp,
          lcp: t.lcp,
          shown: t.shown,
          inViewport: t.inViewport,
          dcl: nav.domContentLoadedEventEnd,
          load: nav.loadEventEnd,
          titles: document.querySelectorAll("h3.session-title a").length,
        };
      });
      if (!first) throw new Error(`round ${round}: the first session title was never shown (status ${status})`);

      // A phone's browser fetches the web app manifest (to offer "Install"); headless
      // chromium only does when asked.
      cdp.send("Page.getAppManifest").catch(() => undefined);

      // The worker takes the page and keeps it (app.js asks it to, with "sanad-keep").
      const keptAt = await until(page, async () => !!navigator.serviceWorker.controller && !!(await caches.match("/")) && Date.now(), {
        timeout: 60000,
      });
      const manifestEnd = Date.now() + 10000;
      while (Date.now() < manifestEnd && !all().some((r) => r.type === "Manifest" && r.done)) await sleep(50);
      await sleep(300); // the last loadingFinished events
      const firstRequests = all().map((r) => ({ ...r }));
      const html = firstRequests.find((r) => r.who === "page" && r.type === "Document");
      if (html && html.accept) acceptEncoding = html.accept;
      for (const r of firstRequests) {
        if (r.who === "worker" && r.type === "Script" && new URL(r.url).pathname === "/sw.js") {
          if (!sw) sw = await rawBytes("/sw.js", acceptEncoding || "gzip, deflate, br, zstd");
          r.note = `devtools counts ${r.wire} B; the bytes of a plain GET; not throttled: chromium fetched it itself`;
          r.wire = sw.bytes;
          r.encoding = r.encoding || sw.encoding;
        }
      }
      const t0 = html ? html.sent : Math.min(...firstRequests.map((r) => r.sent));
      for (const r of firstRequests) {
        r.at = r.sent - t0;
        r.took = r.finished - r.sent;
      }
      const sum = (list, key) => list.reduce((s, r) => s + (Number.isFinite(r[key]) ? r[key] : 0), 0);
      const wire = sum(firstRequests, "wire");
      // Decoded: what came over the network (not the worker's answers from its copies, not the HTTP cache).
      const decoded = sum(firstRequests.filter((r) => r.wire > 0), "decoded");
      const pageWire = sum(firstRequests.filter((r) => r.who === "page"), "wire");
      lastRequests = firstRequests;

      // ---- Repeat visit, offline: the page and the worker lose the network ----
      worker.conditions = OFFLINE;
      await cdp.send("Network.emulateNetworkConditions", OFFLINE);
      for (const session of worker.sessions) await session.send("Network.emulateNetworkConditions", OFFLINE).catch(() => undefined);
      const before = new Set(all().map((r) => `${r.who} ${r.id}`));
      const offlineWallStart = Date.now();
      const again = await page.reload({ waitUntil: "load", timeout: 60000 });
      const offlineWall = Date.now() - offlineWallStart;
      const repeat = await until(page, () => {
        const t = window.__sanadBench;
        const nav = performance.getEntriesByType("navigation")[0];
        if (!t || t.shown === null || t.fcp === null || !nav || nav.loadEventEnd === 0) return null;
        return {
          usable: Math.max(t.shown, t.fcp),
          load: nav.loadEventEnd,
          notice: !!document.querySelector("main > .notice.offline"),
          online: navigator.onLine,
        };
      });
      await sleep(200);
      const offlineRequests = all().filter((r) => !before.has(`${r.who} ${r.id}`));

      const figures = {
        round,
        status,
        fcp: first.fcp,
        lcp: first.lcp,
        usable: Math.max(first.shown, first.fcp),
        inViewport: first.inViewport,
        ttfb: html ? html.answered - html.sent : NaN,
        dcl: first.dcl,
        load: first.load,
        wallLoad,
        keptMs: keptAt ? keptAt - wallStart : NaN,
        wire,
        pageWire,
        decoded,
        requests: firstRequests.filter((r) => r.wire > 0).length, // those that reached the server
        seen: firstRequests.length,
        htmlWire: html ? html.wire : NaN,
        htmlDecoded: html ? html.decoded : NaN,
        htmlEncoding: html ? html.encoding || "identity" : "?",
        titles: first.titles,
        offlineUsable: repeat ? repeat.usable : NaN,
        offlineLoad: repeat ? repeat.load : NaN,
        offlineWall,
        offlineFrom: again ? again.headers()["x-sanad-offline"] || "network" : "none",
        offlineNotice: repeat ? repeat.notice : false,
        offlineOnLine: repeat ? repeat.online : null,
        offlineRequests: offlineRequests.length,
        offlineWire: sum(offlineRequests, "wire"),
      };
      rounds.push(figures);
      console.log(
        `# round ${round} first visit: status ${status}, fcp ${ms(figures.fcp)} ms, usable ${ms(figures.usable)} ms` +
          ` (first title within the first screen: ${figures.inViewport}), lcp ${ms(figures.lcp)} ms, html answered after ${ms(figures.ttfb)} ms,` +
          ` dcl ${ms(figures.dcl)} ms, load ${ms(figures.load)} ms (wall ${wallLoad} ms), page kept by the worker at ${ms(figures.keptMs)} ms (wall);` +
          ` ${figures.requests} requests over the network (${figures.seen} seen by devtools), ${wire} B on the wire (page ${pageWire}, worker ${wire - pageWire}), ${decoded} B decoded;` +
          ` html ${figures.htmlWire} B on the wire (${figures.htmlEncoding}), ${figures.htmlDecoded} B decoded, ${figures.titles} session titles`,
      );
      console.log(
        `# round ${round} offline repeat: usable ${ms(figures.offlineUsable)} ms, load ${ms(figures.offlineLoad)} ms (wall ${offlineWall} ms),` +
          ` x-sanad-offline: ${figures.offlineFrom}, offline notice shown: ${figures.offlineNotice}, navigator.onLine: ${figures.offlineOnLine},` +
          ` ${figures.offlineRequests} requests seen, ${figures.offlineWire} B on the wire`,
      );
    } finally {
      await context.close().catch(() => undefined);
      workerSessions.delete(context.id);
    }
  }
} finally {
  await browser.close();
}

// ---- Where the bytes go (the last round's first visit) ----
const short = (url) => {
  const u = new URL(url);
  return u.origin === new URL(BASE).origin ? u.pathname + u.search : url;
};
console.log(`# first visit's requests (round ${rounds.length}): start and duration (ms from the html's request), who, type, status, content-encoding, on the wire, decoded, path`);
for (const r of [...lastRequests].sort((a, b) => a.sent - b.sent)) {
  const flags = [r.fromWorker ? "answered by the worker" : "", r.fromCache ? "from the HTTP cache" : "", r.failed ? `failed: ${r.failed}` : "", r.note].filter(Boolean).join("; ");
  console.log(
    `#   ${String(ms(r.at)).padStart(5)} +${String(ms(r.took)).padEnd(5)} ${r.who.padEnd(6)} ${(r.type || "?").padEnd(10)} ${String(r.status || "").padEnd(3)}` +
      ` ${(r.encoding || "identity").padEnd(8)} ${String(r.wire).padStart(6)} B ${String(r.decoded).padStart(6)} B  ${short(r.url)}${flags ? ` (${flags})` : ""}`,
  );
}

const blocked = lastRequests.filter((r) => r.failed);
for (const r of blocked) {
  const why = /csp/i.test(r.failed) ? " by the page's Content-Security-Policy" : "";
  console.log(`# note: ${short(r.url)} (${r.type}) was blocked${why}: ${r.failed}`);
}
const pick = (key) => median(rounds.map((r) => r[key]));
console.log(`# chromium: ${version}, headless; ${rounds.length} round(s), each in a fresh browser context (cold HTTP cache, no worker); a 412×915 phone screen`);
console.log(
  `# network: ${SLOW.latency} ms latency, ${(SLOW.downloadThroughput * 8) / 1000} kbit/s down, ${(SLOW.uploadThroughput * 8) / 1000} kbit/s up` +
    " (devtools emulation, per request, on the page and the service worker)",
);
console.log(`# accept-encoding sent: ${acceptEncoding || "?"}`);
console.log(`# server: ${BASE}`);
console.log("# times in ms from navigation start; bytes on the wire include response headers; page + service worker, until the worker has kept the page");
console.log("# requests: those that went over the network (not the worker's answers from its copies, not the HTTP cache); bytes decoded: theirs");
console.log("# usable: the first h3.session-title a is in the DOM, rendered, and painted (not before the first contentful paint)");
console.log(`# median html answered after (ms): ${ms(pick("ttfb"))}; dcl (ms): ${ms(pick("dcl"))}; lcp (ms): ${ms(pick("lcp"))}; html on the wire (B): ${pick("htmlWire")}; html decoded (B): ${pick("htmlDecoded")}`);
console.log("# target: usable ≤ 3000 ms, ≤ 100 KB on the wire, offline repeat ≤ 1000 ms");
console.log(`app_first_visit_fcp_ms: ${ms(pick("fcp"))}`);
console.log(`app_first_visit_usable_ms: ${ms(pick("usable"))}`);
console.log(`app_first_visit_load_ms: ${ms(pick("load"))}`);
console.log(`app_first_visit_bytes_on_wire: ${pick("wire")}`);
console.log(`app_first_visit_bytes_decoded: ${pick("decoded")}`);
console.log(`app_first_visit_requests: ${pick("requests")}`);
console.log(`app_offline_repeat_usable_ms: ${ms(pick("offlineUsable"))}`);
console.log(`app_offline_repeat_load_ms: ${ms(pick("offlineLoad"))}`);
