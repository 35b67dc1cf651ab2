// Notifications on a delegate's phone (issue 19, item 5), in a real browser (Debian's
// chromium): the settings page offers "Turn on notifications on this phone" only with
// JavaScript (and says nothing of it without); pressing it with the keyboard asks for
// permission, subscribes with the server's VAPID key (`userVisibleOnly`) and registers the
// subscription with `POST /settings/push`, then the page says so and lists the device, which
// the GraphQL API has too. A subscription on a host the server refuses says the failure text
// in the status and registers nothing; notifications blocked for the site say the blocked
// text. A push message made as the server makes it (Arabic, right to left, about a session)
// is shown by the service worker with its title, body, language, direction and the app's
// page for the session; a newer one about the same session replaces it; one that is not
// JSON shows nothing and breaks nothing. Opening the notification takes an app window on
// a read-only page to the session, and leaves a window on a form alone. The settings page
// passes axe-core in English and Arabic with the block shown; screenshots of both.
//
// What cannot be real here:
// - The push service: chromium cannot reach a browser vendor's push service, so
//   `PushManager.prototype.subscribe` is replaced in the page before its script runs
//   (`evaluateOnNewDocument`) by one that answers what a real subscription's `toJSON()`
//   gives: an https endpoint on a host the server accepts by default (fcm.googleapis.com,
//   schema/src/service/push/subscriptions.rs), a real P-256 public key made here (65 bytes,
//   uncompressed) and a 16-byte auth secret. The server checks the keys by encrypting a trial
//   message; it sends nothing when a device registers. The device is removed at the end
//   (with the page's own "Remove" button), so the shared server never tries to reach it.
// - The push message: delivered to the page's service worker by the DevTools protocol
//   (`ServiceWorker.deliverPushMessage`), as DevTools' "Push" button does.
// - The click on a notification: a system notification cannot be clicked in headless
//   chromium. A `notificationclick` event is dispatched in the worker (over its DevTools
//   target) with the notification the worker showed: it runs the worker's own listener, but
//   is not trusted, so it cannot focus a window or open a new one (browsers allow that only
//   on a real click). Taking an existing app window to the session's page is checked; the
//   new window a real click opens when no app window is there is not.
//
// Run by hand (or by tests/browser/run) with a server up and, in the environment:
// SANAD_URL, DELEGATE_CODES (one unused delegate's code: a code works once), SCREENSHOTS
// (a directory). CHROMIUM overrides /usr/bin/chromium.

import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import assert from "node:assert/strict";
import {
  BASE,
  ORIGIN,
  axe,
  codesFrom,
  enter,
  failWith,
  formSignIn,
  gql,
  launch,
  open,
  press,
  report,
  shot,
  sleep,
  step,
  tabTo,
  text,
  until,
} from "./lib.mjs";

const [code] = codesFrom("DELEGATE_CODES");
assert.ok(code, "DELEGATE_CODES needs one unused delegate's code (a code works once)");

// The interface's words looked for (api/src/app/i18n/en.rs).
const EN = {
  turnOn: "Turn on notifications on this phone",
  pushOn: "Notifications are on for this phone.",
  blocked: "Notifications are blocked for this site. Allow them in your browser's settings, then try again.",
  failed: "Notifications could not be turned on. Try again later.",
  thisPhone: "This phone",
  noDevices: "No device gets notifications yet.",
};

// A subscription as a push service would make it: a P-256 public key (uncompressed point)
// and a 16-byte auth secret, both base64url.
const { publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
const jwk = publicKey.export({ format: "jwk" });
const P256DH = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x, "base64url"), Buffer.from(jwk.y, "base64url")]).toString("base64url");
const AUTH = randomBytes(16).toString("base64url");
const GOOD_ENDPOINT = `https://fcm.googleapis.com/fcm/send/sanad-test-${randomUUID()}`;
const REFUSED_ENDPOINT = "https://evil.example/push";
assert.equal(Buffer.from(P256DH, "base64url").length, 65);

async function devices(token) {
  return (await gql("query { me { pushSubscriptions { label pushService } } }", token)).me.pushSubscriptions;
}

/** Whether the element is on screen (not hidden, not display: none). */
async function shown(page, selector) {
  return page.$eval(selector, (e) => !e.closest("[hidden]") && e.getClientRects().length > 0);
}

/** The notifications the page's service worker shows, as plain objects. */
async function notifications(page) {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return (await registration.getNotifications()).map((n) => ({
      title: n.title,
      body: n.body,
      lang: n.lang,
      dir: n.dir,
      tag: n.tag,
      icon: n.icon,
      renotify: n.renotify,
      data: n.data,
    }));
  });
}

/**
 * Before the page's own script: `pushManager.subscribe` answers a stand-in subscription (the
 * endpoint the test sets in `window.__pushEndpoint`), and each call's options are kept.
 */
function stubSubscribe(endpoint, p256dh, auth) {
  if (!("PushManager" in self)) return;
  window.__pushCalls = [];
  window.__pushEndpoint = endpoint;
  const base64url = (buffer) =>
    btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  PushManager.prototype.subscribe = function (options) {
    const key = options && options.applicationServerKey;
    window.__pushCalls.push({
      userVisibleOnly: options && options.userVisibleOnly,
      key: key == null ? null : typeof key === "string" ? key : base64url(key.buffer ? key.buffer.slice(key.byteOffset, key.byteOffset + key.byteLength) : key),
    });
    const made = window.__pushEndpoint;
    return Promise.resolve({
      endpoint: made,
      expirationTime: null,
      options: { userVisibleOnly: true, applicationServerKey: key },
      toJSON: () => ({ endpoint: made, expirationTime: null, keys: { p256dh, auth } }),
      unsubscribe: () => Promise.resolve(true),
      getKey: () => null,
    });
  };
}

const browser = await launch();

try {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.evaluateOnNewDocument(stubSubscribe, GOOD_ENDPOINT, P256DH, AUTH);
  const logs = [];
  page.on("console", (message) => logs.push(`${message.type()}: ${message.text()}`));

  step("sign in with the code; the settings page");
  const token = await formSignIn(page, code, "/settings", "signing in goes back to the settings page");
  assert.deepEqual(await devices(token), [], "a new delegate has no device");

  step("without JavaScript: no notification button (it could do nothing)");
  const still = await context.newPage();
  await still.setJavaScriptEnabled(false);
  await still.goto(`${BASE}/settings?lang=en`, { waitUntil: "load" });
  assert.equal(await still.$eval("[data-push]", (e) => e.hidden), true, "the block keeps its hidden attribute");
  assert.equal(await shown(still, "#push"), false, "the button is not shown");
  await still.close();

  step("with JavaScript: the block is shown, with the server's key");
  await open(page, "/settings?lang=en");
  await until(page, "the push block to be shown", () => !document.querySelector("[data-push]").hidden);
  assert.equal(await shown(page, "#push"), true, "the button is shown");
  assert.equal(await text(page, "#push"), EN.turnOn);
  assert.equal(await page.$eval("#push-status", (e) => e.getAttribute("role")), "status");
  assert.equal(await text(page, "#push-status"), "", "nothing said yet");
  const vapid = await page.$eval("[data-push]", (e) => e.getAttribute("data-key"));
  assert.match(vapid, /^[A-Za-z0-9_-]{80,90}$/, "data-key is a base64url P-256 key");
  assert.equal(Buffer.from(vapid, "base64url").length, 65, "data-key is 65 bytes");
  await until(page, "the service worker to control the page", () => !!navigator.serviceWorker.controller);
  await axe(page, "settings en, notifications offered");

  step("notifications blocked for the site: the blocked text, the focus kept, nothing registered");
  const cdp = await browser.target().createCDPSession();
  const contextId = context.id;
  await cdp.send("Browser.setPermission", {
    origin: ORIGIN,
    browserContextId: contextId,
    permission: { name: "notifications" },
    setting: "denied",
  });
  assert.equal(await page.evaluate(() => Notification.permission), "denied");
  await tabTo(page, "#push", { blurFirst: true });
  await page.keyboard.press("Enter");
  await until(page, "the blocked text", (words) => document.getElementById("push-status").textContent === words, { arg: EN.blocked });
  assert.equal(await page.evaluate(() => document.activeElement.id), "push", "the focus stays on the button");
  assert.equal(new URL(page.url()).pathname, "/settings", "the page stays");
  assert.deepEqual(await page.evaluate(() => window.__pushCalls), [], "no subscription was asked for");
  assert.deepEqual(await devices(token), [], "nothing registered");
  await axe(page, "settings en, notifications blocked");

  step("permission granted, a push host the server refuses: the failure text, nothing registered");
  await context.overridePermissions(ORIGIN, ["notifications"]);
  assert.equal(await page.evaluate(() => Notification.permission), "granted");
  await page.evaluate((endpoint) => {
    window.__pushEndpoint = endpoint;
  }, REFUSED_ENDPOINT);
  const refusedPost = page.waitForResponse((r) => r.url() === `${BASE}/settings/push` && r.request().method() === "POST");
  assert.equal(await page.evaluate(() => document.activeElement.id), "push", "the focus is still on the button");
  await page.keyboard.press("Enter");
  const refused = await refusedPost;
  assert.equal(refused.status(), 422, "the server refuses the endpoint");
  assert.equal(await refused.text(), "BAD_USER_INPUT");
  const sent = new URLSearchParams(refused.request().postData() || "");
  assert.equal(sent.get("endpoint"), REFUSED_ENDPOINT);
  assert.equal(sent.get("p256dh"), P256DH);
  assert.equal(sent.get("auth"), AUTH);
  assert.equal(sent.get("label"), EN.thisPhone);
  assert.equal(sent.get("csrf"), await page.$eval("input[name=csrf]", (e) => e.value), "the page's CSRF token is sent");
  await until(page, "the failure text", (words) => document.getElementById("push-status").textContent === words, { arg: EN.failed });
  assert.equal(await page.evaluate(() => document.activeElement.id), "push", "the focus stays on the button");
  assert.equal(new URL(page.url()).pathname, "/settings", "the page stays");
  const calls = await page.evaluate(() => window.__pushCalls);
  assert.equal(calls.length, 1, "one subscription asked for");
  assert.equal(calls[0].userVisibleOnly, true, "userVisibleOnly: every message is shown");
  assert.equal(calls[0].key, vapid, "subscribed with the server's VAPID key");
  assert.deepEqual(await devices(token), [], "nothing registered");
  await axe(page, "settings en, notifications failed");

  step("a push host the server accepts: registered, said, listed, and in the API");
  await page.evaluate((endpoint) => {
    window.__pushEndpoint = endpoint;
  }, GOOD_ENDPOINT);
  await tabTo(page, "#push", { blurFirst: true });
  await enter(page);
  const landed = new URL(page.url());
  assert.equal(landed.pathname + landed.search, "/settings?done=push-on");
  const said = await page.$$eval("main .notice", (all) => all.map((n) => n.textContent.trim()));
  assert.ok(said.includes(EN.pushOn), `the page says "${EN.pushOn}" (it says ${JSON.stringify(said)})`);
  const listed = await page.$$eval("ul.devices > li", (all) => all.map((li) => li.querySelector("strong").textContent.trim()));
  assert.deepEqual(listed, [EN.thisPhone], "the page lists this phone");
  assert.match(await text(page, "ul.devices > li"), /fcm\.googleapis\.com/, "with its push service");
  const registered = await devices(token);
  assert.equal(registered.length, 1, "the API has one device");
  assert.equal(registered[0].label, EN.thisPhone);
  assert.match(registered[0].pushService, /fcm\.googleapis\.com/);
  await until(page, "the push block to be shown", () => !document.querySelector("[data-push]").hidden);
  await axe(page, "settings en, notifications on");
  await shot(page, "settings-en");

  await open(page, "/settings?lang=ar");
  assert.deepEqual(await page.$eval("html", (e) => [e.lang, e.dir]), ["ar", "rtl"]);
  await until(page, "the push block to be shown", () => !document.querySelector("[data-push]").hidden);
  assert.equal(await shown(page, "#push"), true);
  await axe(page, "settings ar, notifications on");
  await shot(page, "settings-ar");

  step("a push message made as the server makes it is shown, in Arabic, right to left");
  const sessions = await gql("query { conference { sessions(first: 2) { edges { node { id } } } } }", token);
  const [sessionId, otherId] = sessions.conference.sessions.edges.map((e) => e.node.id);
  assert.ok(sessionId && otherId, "the programme has two sessions");
  const sw = await page.createCDPSession();
  let registrationId = null;
  sw.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
    for (const r of registrations) {
      if (r.scopeURL === `${ORIGIN}/` && !r.isDeleted) registrationId = r.registrationId;
    }
  });
  await sw.send("ServiceWorker.enable");
  for (let i = 0; i < 50 && !registrationId; i += 1) await sleep(100);
  assert.ok(registrationId, "DevTools reports the worker's registration");
  const deliver = (data) => sw.send("ServiceWorker.deliverPushMessage", { origin: ORIGIN, registrationId, data });
  const payload = {
    kind: "sessionChanged",
    title: "تغيير في الجلسة",
    body: "الجلسة الافتتاحية. انتقلت إلى القاعة ب.",
    lang: "ar",
    dir: "RTL",
    link: "/sessions/opening-plenary",
    sessionId,
  };
  assert.ok(Buffer.byteLength(JSON.stringify(payload)) <= 2048, "a payload within 2 KB");
  await open(page, "/settings?lang=en");
  await deliver(JSON.stringify(payload));
  const [shownFirst] = await until(page, "the notification", async () => {
    const registration = await navigator.serviceWorker.ready;
    const all = await registration.getNotifications();
    return all.length > 0 ? all.map((n) => ({ title: n.title, body: n.body, lang: n.lang, dir: n.dir, tag: n.tag, icon: n.icon, renotify: n.renotify, data: n.data })) : null;
  });
  assert.equal(shownFirst.title, payload.title);
  assert.equal(shownFirst.body, payload.body);
  assert.equal(shownFirst.lang, "ar");
  assert.equal(shownFirst.dir, "rtl");
  assert.equal(shownFirst.data && shownFirst.data.url, `/sessions/${encodeURIComponent(sessionId)}`, "it opens the app's page for the session");
  assert.ok(shownFirst.tag, "it has a tag");
  assert.equal(shownFirst.renotify, false, "a replacement does not sound again");
  assert.match(shownFirst.icon, /^https?:\/\/[^/]+\/app\/assets\/icon-[^/]+\.svg$/, "the app's icon, as the worker kept it");
  console.log(`shown: ${JSON.stringify(shownFirst)}`);

  step("a newer message about the same session replaces it; one about another session is added");
  await deliver(JSON.stringify({ ...payload, body: "الجلسة الافتتاحية. أُلغيت." }));
  await until(page, "the replacement", async (body) => {
    const all = await (await navigator.serviceWorker.ready).getNotifications();
    return all.length === 1 && all[0].body === body;
  }, { arg: "الجلسة الافتتاحية. أُلغيت." });
  await deliver(
    JSON.stringify({ kind: "sessionReminder", title: "Starts in 10 minutes", body: "Coffee break. Foyer.", lang: "en", dir: "LTR", link: "/sessions/coffee", sessionId: otherId }),
  );
  await until(page, "a second notification", async () => (await (await navigator.serviceWorker.ready).getNotifications()).length === 2);
  const both = await notifications(page);
  const reminder = both.find((n) => n.title === "Starts in 10 minutes");
  assert.ok(reminder, "the reminder is shown");
  assert.deepEqual([reminder.lang, reminder.dir], ["en", "ltr"]);
  assert.equal(reminder.data.url, `/sessions/${encodeURIComponent(otherId)}`);

  step("a message that is not ours shows nothing and breaks nothing");
  await deliver("not json at all");
  await deliver(JSON.stringify({ kind: "sessionChanged", body: "no title", sessionId }));
  await sleep(1000);
  assert.equal((await notifications(page)).length, 2, "nothing more is shown");
  await deliver(JSON.stringify({ kind: "requestUpdated", title: "Your request was updated", body: "Being reviewed", lang: "en", dir: "LTR", link: "/requests/UmVxOjE", itemId: "SXRlbTox", requestId: "UmVxOjE" }));
  await until(page, "a third notification", async () => (await (await navigator.serviceWorker.ready).getNotifications()).length === 3);
  const item = (await notifications(page)).find((n) => n.title === "Your request was updated");
  assert.equal(item.data.url, "/requests/items/SXRlbTox", "a request item's message opens the item");

  step("opening the notification: an app window on a form is left alone, one on the programme is taken to the session");
  const workerTarget = await browser.waitForTarget((t) => t.type() === "service_worker" && t.url() === `${ORIGIN}/sw.js`);
  const worker = await workerTarget.worker();
  const click = (tag) =>
    worker.evaluate(async (tag) => {
      const [notification] = await self.registration.getNotifications({ tag });
      if (!notification) return false;
      // eslint-disable-next-line no-undef
      self.dispatchEvent(new NotificationEvent("notificationclick", { notification }));
      return true;
    }, tag);
  // On /settings (a form): not navigated.
  assert.equal(await click(shownFirst.tag), true, "the worker has the notification to click");
  await sleep(1500);
  assert.equal(new URL(page.url()).pathname, "/settings", "a window on a form is not taken away from it");
  assert.equal((await notifications(page)).filter((n) => n.tag === shownFirst.tag).length, 0, "the notification is closed");
  // On the programme: taken to the session's page.
  await deliver(JSON.stringify(payload));
  await until(page, "the notification again", async (tag) => (await (await navigator.serviceWorker.ready).getNotifications({ tag })).length === 1, { arg: shownFirst.tag });
  await open(page, "/?lang=en");
  await until(page, "the programme to be controlled", () => !!navigator.serviceWorker.controller);
  assert.equal(await click(shownFirst.tag), true);
  const target = `/sessions/${encodeURIComponent(sessionId)}`;
  const end = Date.now() + 10000;
  while (Date.now() < end && new URL(page.url()).pathname !== target) await sleep(100);
  assert.equal(new URL(page.url()).pathname, target, "the programme's window went to the session's page");
  await page.waitForSelector("h1");
  assert.equal((await notifications(page)).filter((n) => n.tag === shownFirst.tag).length, 0, "the notification is closed");

  step("the device is removed with the page's button: the API has none");
  await open(page, "/settings?lang=en");
  await press(page, "ul.devices form button[type=submit]");
  assert.deepEqual(await devices(token), [], "no device left");
  // (The refused registration's 422 is logged by the browser itself: not the app's error.)
  const errors = logs.filter((l) => l.startsWith("error:") && !/status of 422/.test(l));
  assert.deepEqual(errors, [], "no error in the page's console");

  await context.close();
} catch (error) {
  failWith(error);
} finally {
  await browser.close();
}

report({ axeFigure: "push_pages_checked_with_axe", passed: "app push journeys passed" });
