// The delegates' app without a network (issue 19, "Poor Wi-Fi"), in a real browser (Debian's
// chromium): a delegate signs in and opens the programme, two sessions and their agenda while
// online; the service worker (api/src/app/assets/sw.js) keeps them. Then the network goes:
// the same pages load from the copies and say "You are offline. This copy is from 10:42."; a
// page never opened gives the offline page; both pass axe-core. Agenda changes made offline
// (add A, add B, then remove A) are kept on the phone, in order, and sent once each when the
// network is back: the API then has B and not A. Signing out leaves no copy behind
// (Clear-Site-Data). Prints `offline_repeat_visit_ms: …` (the issue asks for ≤ 1 s; printed,
// not asserted) and saves screenshots of the offline programme in English and Arabic.
//
// How the network is cut: `page.setOfflineMode(true)` alone does not reach the service
// worker's own fetches in Chromium (checked with chromium 156: the worker still fetched from
// the server). So `Network.emulateNetworkConditions` with `offline: true` is sent to the
// page (which makes `navigator.onLine` false and fires `online` on the way back) and to a CDP
// session on every service-worker target of the browser, including one that starts while
// offline. The server, shared with the other tests, keeps running.
//
// Run by `tests/browser/run` after app.mjs, with, in the environment: SANAD_URL,
// DELEGATE_CODES (one code of its own: a code works once), SCREENSHOTS (a directory).

import assert from "node:assert/strict";
import {
  axe,
  codesFrom,
  count,
  failWith,
  formSignIn,
  gql,
  launch,
  networkSwitch,
  open,
  press,
  report,
  shot,
  sleep,
  step,
  text,
  until,
} from "./lib.mjs";

const [code] = codesFrom("DELEGATE_CODES");
assert.ok(code, "DELEGATE_CODES needs one code");

// The words looked for (api/src/app/i18n/en.rs, and app.js's table for the script's own).
const EN = {
  add: "Add to my agenda",
  agenda: "My agenda",
  offline: /^You are offline\. This copy is from \d{1,2}:\d{2}\.$/,
  queued: "Saved on this phone. It will be sent when you are back online.",
  sent: "Your changes were sent.",
};
const AR_OFFLINE = /^أنتم غير متصلين بالشبكة\. حُفظت هذه النسخة الساعة \d{1,2}:\d{2}\.$/;

async function myAgenda(token) {
  const data = await gql("query { me { agenda { id } } }", token);
  return data.me.agenda.map((s) => s.id);
}

/** The kept copies' addresses (path and query), per cache. */
async function kept(page) {
  return page.evaluate(async () => {
    const out = {};
    for (const name of await caches.keys()) {
      out[name] = (await (await caches.open(name)).keys()).map((r) => {
        const u = new URL(r.url);
        return u.pathname + u.search;
      });
    }
    return out;
  });
}

/** The agenda changes waiting in the worker's queue (IndexedDB), oldest first. */
async function queued(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("sanad-offline");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains("edits")) {
            db.close();
            resolve([]);
            return;
          }
          const all = db.transaction("edits").objectStore("edits").getAll();
          all.onsuccess = () => {
            db.close();
            resolve(all.result.map((e) => `${e.action} ${e.path}`));
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

const browser = await launch();

// ---- The network, on and off, for the page and every service worker ----
const workerPosts = []; // the POSTs the service worker sent: "{action} {path}"
const network = networkSwitch(browser, {
  onWorker(session) {
    session.on("Network.requestWillBeSent", (event) => {
      if (event.request.method !== "POST") return;
      const path = new URL(event.request.url).pathname;
      const action = new URLSearchParams(event.request.postData || "").get("action");
      workerPosts.push(`${action} ${path}`);
    });
  },
});

try {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 1280, height: 900 });

  step("online: sign in with the code; the service worker takes the page");
  const token = await formSignIn(page, code, "/", "signing in goes back to the programme");
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await until(page, "the worker to control the page", () => !!navigator.serviceWorker.controller);
  assert.deepEqual(await myAgenda(token), [], "a new delegate's agenda is empty");

  step("online: the programme (Arabic, then English), two sessions and my agenda");
  await open(page, "/?lang=ar");
  await open(page, "/?lang=en");
  const listed = await page.$$eval("h3.session-title a", (links) =>
    links.map((a) => ({ path: new URL(a.href).pathname, title: a.textContent.trim() })),
  );
  assert.ok(listed.length >= 3, "the programme lists three sessions or more");
  const [a, b, never] = listed;
  await open(page, a.path);
  assert.equal(await text(page, "h1"), a.title);
  assert.equal(await text(page, ".agenda-box form button[type=submit]"), EN.add);
  await open(page, b.path);
  await open(page, "/agenda");
  assert.equal(await text(page, "h1"), EN.agenda);
  const wanted = ["/", "/?lang=ar", "/?lang=en", a.path, b.path, "/agenda"];
  await until(
    page,
    "the pages to be kept",
    async (paths) => {
      const keys = [];
      for (const name of await caches.keys()) {
        for (const r of await (await caches.open(name)).keys()) keys.push(new URL(r.url).pathname + new URL(r.url).search);
      }
      return paths.every((p) => keys.includes(p));
    },
    { ms: 10000, arg: wanted },
  ).catch(async (e) => {
    throw new Error(`${e.message}; kept: ${JSON.stringify(await kept(page))}`);
  });
  const copies = await kept(page);
  console.log(`kept: ${JSON.stringify(copies)}`);
  for (const [name, paths] of Object.entries(copies)) {
    for (const path of paths) {
      assert.ok(!/^\/(sign-in|sign-out|desk|graphql|calendar\/)/.test(path) && !path.endsWith(".ics"), `${name} keeps ${path}`);
    }
  }

  step("offline: the programme loads from the copy and says from when");
  await network(page, false);
  assert.equal(await page.evaluate(() => navigator.onLine), false, "the page knows it is offline");
  const started = Date.now();
  const copy = await open(page, "/");
  console.log(`offline_repeat_visit_ms: ${Date.now() - started}`);
  assert.equal(copy.headers()["x-sanad-offline"], "copy", "the programme came from the worker's copy");
  const shownTitles = await page.$$eval("h3.session-title a", (links) => links.map((l) => l.textContent.trim()));
  assert.ok(shownTitles.includes(a.title), `the copy lists "${a.title}"`);
  assert.equal(await count(page, "main > .notice.offline[role=status]"), 1, "one offline notice, a status");
  assert.match(await text(page, "main > .notice.offline[role=status]"), EN.offline);
  assert.equal(await page.$eval("main", (m) => m.firstElementChild.matches(".notice.offline")), true, "the notice is at the top of main");
  await axe(page, "offline programme en");
  await shot(page, "offline-programme-en");

  await open(page, "/?lang=ar");
  assert.deepEqual(await page.$eval("html", (e) => [e.lang, e.dir]), ["ar", "rtl"]);
  assert.match(await text(page, "main > .notice.offline[role=status]"), AR_OFFLINE);
  await axe(page, "offline programme ar");
  await shot(page, "offline-programme-ar");

  step("offline: a session and my agenda load from their copies");
  await open(page, a.path);
  assert.equal(await text(page, "h1"), a.title);
  assert.match(await text(page, "main > .notice.offline[role=status]"), EN.offline);
  await open(page, "/agenda");
  assert.equal(await text(page, "h1"), EN.agenda);
  assert.match(await text(page, "main > .notice.offline[role=status]"), EN.offline);

  step("offline: a page never opened gives the offline page");
  const none = await open(page, never.path, 503);
  assert.equal(none.headers()["x-sanad-offline"], "page");
  assert.equal(await page.$eval("html", (e) => e.lang), "en", "in the language of the last page kept");
  assert.ok((await text(page, "h1")).length > 0, "the offline page has a heading");
  assert.equal(await count(page, "main > p a[href='/']"), 1, "the offline page links to the programme");
  assert.ok((await count(page, `main li a[href='${a.path}']`)) === 1, "the offline page lists the pages kept");
  await axe(page, "offline page en");
  await shot(page, "offline-page-en");

  step("offline: add A, add B, remove A; each is kept on the phone, in order");
  await open(page, a.path);
  await press(page, ".agenda-box form button[type=submit]");
  assert.equal(new URL(page.url()).pathname, a.path, "back on the session's page");
  assert.equal(new URL(page.url()).searchParams.get("done"), null, "the script took ?done=queued out of the address");
  assert.ok(
    (await page.$$eval("main > .notice[role=status]", (all) => all.map((n) => n.textContent.trim()))).includes(EN.queued),
    "the page says the change is saved on this phone",
  );
  await axe(page, "offline session with a change saved on the phone");
  await open(page, b.path);
  await press(page, ".agenda-box form button[type=submit]");
  assert.ok((await page.$$eval("main > .notice", (all) => all.map((n) => n.textContent.trim()))).includes(EN.queued));
  // The copy of A still offers to add (it predates the change); a page the server rendered
  // after the change would offer to remove: the same form with action=remove.
  await open(page, a.path);
  await page.$eval(".agenda-box form input[name=action]", (input) => {
    input.value = "remove";
  });
  await press(page, ".agenda-box form button[type=submit]");
  assert.deepEqual(await queued(page), [`add ${a.path}/agenda`, `add ${b.path}/agenda`, `remove ${a.path}/agenda`]);
  assert.deepEqual(await myAgenda(token), [], "nothing reached the server while offline");

  step("back online: the changes are sent once each, in order, and the page says so");
  workerPosts.length = 0;
  await network(page, true);
  await until(
    page,
    `"${EN.sent}"`,
    (sent) => [...document.querySelectorAll("main > .notice")].some((n) => n.textContent.trim() === sent),
    { ms: 20000, arg: EN.sent },
  );
  assert.equal(await count(page, "main > .notice.offline"), 0, "the page was reloaded from the network");
  assert.deepEqual(await queued(page), [], "the queue is empty");
  await sleep(2000); // time for a second replay, if there were one
  assert.deepEqual(workerPosts, [`add ${a.path}/agenda`, `add ${b.path}/agenda`, `remove ${a.path}/agenda`], "each change sent once, in order");
  const agenda = await myAgenda(token);
  const bId = decodeURIComponent(b.path.split("/").pop());
  const aId = decodeURIComponent(a.path.split("/").pop());
  assert.ok(agenda.includes(bId), "B is in my agenda");
  assert.ok(!agenda.includes(aId), "A was added then removed: not in my agenda");
  console.log(`queued_edits_replayed: ${workerPosts.length}`);
  await open(page, "/agenda");
  assert.equal(await count(page, `ul.sessions a[href='${b.path}']`), 1, "my agenda page shows B");

  step("sign out: nothing is kept (Clear-Site-Data)");
  await press(page, "footer.footer button[type=submit]");
  assert.equal(new URL(page.url()).pathname, "/");
  assert.equal(await count(page, "footer.footer"), 0, "signed out");
  const left = await page.evaluate(() => caches.keys());
  assert.deepEqual(left, [], "no cache is left after signing out");
  assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0, "no worker is left");

  await context.close();
} catch (error) {
  failWith(error);
} finally {
  await browser.close();
}

report({ axeFigure: "offline_pages_checked_with_axe", passed: "app offline journeys passed" });
