// What the browser tests share (desk.mjs, app.mjs, app-offline.mjs, app-push.mjs, app-live.mjs,
// client-tooling.mjs, and app-bench.mjs for the browser and the network's conditions): Debian's
// chromium, the server's address, axe-core and the other page checks, the keyboard, the
// GraphQL API, signing in, the network cut for a page and its service workers.
//
// Each test runs in its own node process, so the checks' tally (`checked`, `failures`) is this
// module's state: a test's checks add to it, `report` prints it at the end and fails the run.

import { readFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import assert from "node:assert/strict";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);

/** The server under test (SANAD_URL without a trailing slash; "" when unset, for a test to say). */
export const BASE = (process.env.SANAD_URL || "").replace(/\/+$/, "");
/** The server's origin, which every request of a page must stay on. */
export const ORIGIN = BASE ? new URL(BASE).origin : "";

/** The comma-separated codes in the environment variable `name`, trimmed, empty ones left out. */
export function codesFrom(name) {
  return (process.env[name] || "").split(",").map((c) => c.trim()).filter(Boolean);
}

/** Debian's chromium (CHROMIUM overrides /usr/bin/chromium), never a downloaded build, headless. */
export function launch() {
  return puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--lang=en-GB"],
  });
}

/** Says which part of the journey runs now, so a failure's place is plain in the output. */
export function step(name) {
  console.log(`-- ${name}`);
}

/** Waits `ms` milliseconds (for what a test cannot wait for by a condition). */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---- The checks' tally: each test prints its own figure and fails at the end with the list ----

let checked = 0;
/** Every failure found, listed at the end by `report` (a check adds and the journey goes on). */
export const failures = [];

/** Records an error that stopped the journey (its stack), to be listed with the other failures. */
export function failWith(error) {
  failures.push(String(error && error.stack ? error.stack : error));
}

/** Prints `{axeFigure}: {pages checked}` (if named), then the failures and exit 1, or `passed`. */
export function report({ axeFigure, passed }) {
  if (axeFigure) console.log(`${axeFigure}: ${checked}`);
  if (failures.length > 0) {
    console.error(`\n${failures.length} failure(s):\n${failures.join("\n")}`);
    process.exit(1);
  }
  console.log(passed);
}

let axeSource = null;
/** axe-core on the page as it is: each violation of WCAG 2.0/2.1/2.2 A and AA is a failure. */
export async function axe(page, label) {
  axeSource ??= readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } }),
  );
  checked += 1;
  for (const v of result.violations) {
    failures.push(`${label}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }
  console.log(`axe ${label}: ${result.violations.length} violations, ${result.passes.length} rules passed`);
}

/** The page never scrolls sideways at 320 px (WCAG 1.4.10, tables scroll in their own region); else a failure naming what sticks out. */
export async function reflows(page, label) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (wide <= 0) {
    console.log(`reflow ${label}: fits`);
    return;
  }
  const culprits = await page.evaluate(() => {
    const out = (e) => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && (r.right > window.innerWidth + 1 || r.left < -1);
    };
    return [...document.body.querySelectorAll("*")]
      .filter((e) => out(e) && !e.closest(".visually-hidden") && ![...e.children].some(out))
      .slice(0, 5)
      .map((e) => {
        const classes = typeof e.className === "string" && e.className.trim() ? `.${e.className.trim().split(/\s+/).join(".")}` : "";
        return `<${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}${classes}> ${Math.round(e.getBoundingClientRect().width)}px wide`;
      });
  });
  failures.push(`${label}: the page is ${wide}px wider than a 320px screen (sticking out: ${culprits.join(", ")})`);
  console.log(`reflow ${label}: ${wide}px too wide`);
}

/** On a right-to-left page, LTR text with marks (a Latin name, IPA, an address) needs dir="ltr", or "/ˈʕumar/" shows as "/ʕumarˈ/"; else a failure. */
export async function ltrInsideRtl(page, label) {
  const wrong = await page.evaluate(() => {
    const rtl = /^(ar|fa|he|iw|ur|ps|yi|ckb|dv|sd|ug)(-|$)/i;
    const neutral = /[^\p{L}\p{M}\p{N}\s]|\p{Lm}/u;
    return [...document.body.querySelectorAll("[lang], code")]
      .filter((e) => !e.closest(".visually-hidden") && getComputedStyle(e).direction === "rtl")
      .filter((e) => {
        const tag = e.getAttribute("lang");
        const leftToRight = tag === null
          ? !/[\u0590-\u08FF]/.test(e.textContent) // a code element: an address, a reference
          : !rtl.test(tag) || /-(latn|cyrl|grek)(-|$)/i.test(tag) || /fonipa/i.test(tag);
        // Brackets round a name, and hyphens inside one, come out right either way.
        const inner = e.textContent.trim().replace(/^\((.*)\)$/su, "$1").replace(/(\p{L})-(?=\p{L})/gu, "$1");
        return leftToRight && neutral.test(inner);
      })
      .map((e) => e.outerHTML.replace(/\s+/g, " ").slice(0, 120));
  });
  if (wrong.length > 0) {
    const some = wrong.slice(0, 3).join(", ") + (wrong.length > 3 ? `, and ${wrong.length - 3} more` : "");
    failures.push(`${label}: ${wrong.length} left-to-right text(s) laid out right to left (need dir="ltr"): ${some}`);
  }
  console.log(`bidi ${label}: ${wrong.length} left-to-right text(s) without dir="ltr"`);
}

// ---- Pages: loading, reading, the keyboard ----

/** Loads `path` on the server and checks it answered, with the status expected; returns the response. */
export async function open(page, path, status = 200) {
  const response = await page.goto(`${BASE}${path}`, { waitUntil: "load" });
  assert.ok(response, `${path} gave no response`);
  assert.equal(response.status(), status, `${path} answered ${response.status()}, not ${status}`);
  return response;
}

/** `path` with `lang=…` added, to ask for a page in that language. */
export function inLang(path, lang) {
  return `${path}${path.includes("?") ? "&" : "?"}lang=${lang}`;
}

/** The trimmed text of the first element matching `selector` (fails if there is none). */
export async function text(page, selector) {
  return page.$eval(selector, (e) => e.textContent.trim());
}

/** How many elements match `selector`. */
export async function count(page, selector) {
  return page.$$eval(selector, (all) => all.length);
}

/** A full-page screenshot in SCREENSHOTS as `{name}.png`, for a person to look at. */
export async function shot(page, name) {
  const dir = process.env.SCREENSHOTS;
  assert.ok(dir, "SCREENSHOTS (a directory) is needed for the screenshots");
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

/** Presses Tab (at most `limit` times) until `selector` has the focus: the keyboard alone; `blurFirst` starts from no focus. */
export async function tabTo(page, selector, { limit = 200, blurFirst = false } = {}) {
  if (blurFirst) await page.evaluate(() => document.activeElement && document.activeElement.blur());
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press("Tab");
    const hit = await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector);
    if (hit) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Presses Enter on the focused control and waits for the page it loads; returns its response. */
export async function enter(page) {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
  return response;
}

/** Tabs to the field `selector` and types `words` into it (the keyboard alone). */
export async function typeInto(page, selector, words) {
  await tabTo(page, selector);
  await page.keyboard.type(words);
}

/** Clicks the submit button `selector` and waits for the page it loads; returns its response. */
export async function press(page, selector) {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click(selector)]);
  return response;
}

/** Checks `predicate(arg)` in the page until it holds (a reload in between is fine), or fails naming `what`. */
export async function until(page, what, predicate, { ms = 15000, arg } = {}) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      last = await page.evaluate(predicate, arg);
      if (last) return last;
    } catch {
      // the page was loading
    }
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

/** Records the requests of the pages watched ("GET url") and those to another origin (a venue LAN has no internet; data:/blob: stay in the browser). */
export function originWatch() {
  const requests = [];
  const foreign = [];
  return {
    requests,
    foreign,
    /** Watches `page`; with `block`, a request to another origin is also refused (request interception). */
    async watch(page, { block = false } = {}) {
      if (block) await page.setRequestInterception(true);
      page.on("request", (request) => {
        const url = request.url();
        const local = url.startsWith("data:") || url.startsWith("blob:");
        let here = local;
        if (!local) {
          requests.push(`${request.method()} ${url}`);
          try {
            here = new URL(url).origin === ORIGIN;
          } catch {
            here = false;
          }
          if (!here) foreign.push(`${page.url()} asked for ${url}`);
        }
        if (!block) return;
        if (here) request.continue();
        else request.abort("blockedbyclient");
      });
      return page;
    },
  };
}

// ---- The server's GraphQL API, and signing in ----

/** Our own GraphQL API as any client calls it (with a bearer `token`: as that person); fails on `errors`. */
export async function gql(query, token = null, variables = {}, lang = "en") {
  const headers = { "content-type": "application/json", "accept-language": lang };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${BASE}/graphql`, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  const body = await response.json();
  assert.ok(!body.errors, JSON.stringify(body.errors));
  return body.data;
}

/** Signs in with `code` through the API (as the desk or a phone's app does); returns the token. */
export async function apiSignIn(code) {
  return (await gql("mutation ($code: String!) { signIn(code: $code) { token } }", null, { code })).signIn.token;
}

/** Signs in through the app's own form (as a delegate does), checks it went back to `back`, returns the cookie's token for the API. */
export async function formSignIn(page, code, back, why = `signing in goes back to ${back}`) {
  await open(page, `/sign-in?back=${encodeURIComponent(back)}&lang=en`);
  await page.type("#code", code);
  await press(page, "form[action='/sign-in'] button[type=submit]");
  assert.equal(new URL(page.url()).pathname, back, why);
  const token = ((await page.cookies()).find((c) => c.name === "sanad_session") || {}).value;
  assert.ok(token, "the session cookie holds a token");
  return token;
}

// ---- The network, on and off, for a page and every service worker ----

/** CDP's Network.emulateNetworkConditions with no network at all (`offline`) or with no limit. */
export function networkConditions(offline) {
  return { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 };
}

/** Returns `network(page, on)`, cutting or restoring the network for the page and every service worker (setOfflineMode alone misses a worker's fetches). */
export function networkSwitch(browser, { onWorker } = {}) {
  let offline = false;
  const workers = new Map(); // target -> CDP session
  // Each worker, including one that starts while offline; `onWorker(session)` may listen to its requests.
  async function watchWorker(target) {
    if (target.type() !== "service_worker" || workers.has(target)) return;
    const session = await target.createCDPSession();
    workers.set(target, session);
    if (onWorker) onWorker(session);
    await session.send("Network.enable");
    await session.send("Network.emulateNetworkConditions", networkConditions(offline));
  }
  browser.on("targetcreated", (target) => {
    watchWorker(target).catch((e) => console.log(`(a worker target could not be watched: ${e.message})`));
  });
  return async function network(page, on) {
    offline = !on;
    await page.setOfflineMode(offline);
    for (const target of browser.targets()) await watchWorker(target);
    for (const session of workers.values()) {
      await session.send("Network.emulateNetworkConditions", networkConditions(offline)).catch(() => undefined);
    }
  };
}
