// Live news on an open page of the delegates' app (issue 19, item 5: "an announcement or a
// change to my agenda appears on an open page in a polite live region (assertive only for
// emergencies)"), in a real browser (Debian's chromium). The app's script follows the feeds
// the layout names in `#live-feeds` over one WebSocket (`graphql-transport-ws`, signed in by
// the page's cookie). Checked, each able to fail:
// - an open programme page, signed out, shows an INFO announcement published while it is
//   open at the top of `main` (severity word, title, what changed, what to do, each text with
//   its own language, a link to it on `/announcements`) and says it in the polite `#live`,
//   once, without moving the focus;
// - an EMERGENCY is said in the assertive `#live-alert` (role alert), not in `#live`;
// - a signed-in delegate's open `/agenda` says "A session in your agenda changed: {title}.
//   {the newest change}" when an organiser moves a session of their agenda, and reads the
//   agenda again in place (the focus stays on the same link); a session moved in another
//   delegate's agenda (not in theirs) is not said;
// - axe-core finds no WCAG A/AA violation with live news shown, in English and in Arabic
//   (right to left, the severity in Arabic);
// - after the network drops (DevTools' offline mode on the page and its service worker) and
//   comes back, the socket is open again and still delivers.
// The organiser publishes and moves with the GraphQL API over HTTP, as the desk does.
//
// Run by hand (or by tests/browser/run) with a server up and, in the environment:
// SANAD_URL, DELEGATE_CODES (two unused delegates' codes, comma-separated: a code works once),
// ORGANISER_CODE (an unused organiser's code), SCREENSHOTS (a directory). CHROMIUM overrides
// /usr/bin/chromium. It moves two sessions of the programme by a few minutes (force: true)
// and publishes three announcements: run it on a test server.

import assert from "node:assert/strict";
import {
  apiSignIn,
  axe,
  codesFrom,
  failWith,
  formSignIn,
  gql,
  launch,
  networkSwitch,
  open,
  report,
  shot,
  sleep,
  step,
  until,
} from "./lib.mjs";

const [codeA, codeB] = codesFrom("DELEGATE_CODES");
assert.ok(codeA && codeB, "DELEGATE_CODES needs two unused delegates' codes (a code works once)");
const ORGANISER = (process.env.ORGANISER_CODE || "").trim();
assert.ok(ORGANISER, "ORGANISER_CODE needs an unused organiser's code");

// The script's words looked for (api/src/app/assets/app.js, WORDS).
const EN = { INFO: "Information", EMERGENCY: "Emergency", whatToDo: "What to do:", changed: "A session in your agenda changed:" };
const AR = { CHANGE: "تغيير في البرنامج" };
const RUN = Date.now().toString(36);

/** The page's socket is open and its subscriptions sent (then a moment for the server to start them). */
async function following(page) {
  await until(page, "the live feeds to be followed", () => document.documentElement.getAttribute("data-live") === "on");
  await sleep(700);
}

/** `iso` (RFC 3339 with an offset) `minutes` later, with the same offset. */
function later(iso, minutes) {
  const offset = /([+-])(\d\d):(\d\d)$/.exec(iso);
  const shift = offset ? (offset[1] === "-" ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) : 0;
  const local = new Date(Date.parse(iso) + (minutes + shift) * 60000).toISOString().slice(0, 19);
  return `${local}${offset ? offset[0] : "Z"}`;
}

/** The live notice that has `words` in it (other announcements may come from elsewhere). */
async function newsWith(page, words, read) {
  return page.evaluate(
    (words, read) => {
      const box = [...document.querySelectorAll("#main > .live-news")].find((n) => n.textContent.includes(words));
      // eslint-disable-next-line no-new-func
      return box ? new Function("box", `return (${read})(box)`)(box) : null;
    },
    words,
    read.toString(),
  );
}

/**
 * Keeps the page's WebSockets in `window.__sockets`, so the test can drop one; while
 * `window.__refuse` is set, a new one asks for an address that is not a socket (refused, as
 * a captive portal or a server on its way down would).
 */
function keepSockets() {
  const Native = window.WebSocket;
  window.__sockets = [];
  const Kept = function (url, protocols) {
    const socket = new Native(window.__refuse ? String(url).replace("/graphql", "/no-such-socket") : url, protocols);
    window.__sockets.push(socket);
    return socket;
  };
  Kept.prototype = Native.prototype;
  for (const name of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) Kept[name] = Native[name];
  window.WebSocket = Kept;
}

/** What the regions and the live notices hold now. */
async function heard(page) {
  return page.evaluate(() => ({
    polite: (document.getElementById("live") || {}).textContent || "",
    alert: (document.getElementById("live-alert") || {}).textContent || "",
    alertRole: document.getElementById("live-alert") && document.getElementById("live-alert").getAttribute("role"),
    shown: [...document.querySelectorAll("#main > .live-news")].map((n) => n.textContent.replace(/\s+/g, " ").trim()),
  }));
}

const browser = await launch();
const network = networkSwitch(browser);

try {
  const organiser = await apiSignIn(ORGANISER);
  const conference = (
    await gql(
      `query { conference { languages { language { tag } required }
        sessions(first: 30) { edges { node { id status title { value } time { start } } } } } }`,
      organiser,
    )
  ).conference;
  const required = conference.languages.filter((l) => l.required).map((l) => l.language.tag);
  const sessions = conference.sessions.edges.map((e) => e.node).filter((s) => s.status !== "CANCELLED");
  assert.ok(sessions.length >= 2, "the programme has two sessions that take place");
  const [mine, theirs] = sessions;

  /** Publishes an announcement in each required language (the English words in the others too). */
  const texts = { en: (t) => t, fr: (t) => `FR ${t}`, ar: (t) => `بالعربية ${t}`, es: (t) => `ES ${t}` };
  async function publish(severity, title, arabic = false) {
    const list = (words) => required.map((lang) => ({ lang, value: (texts[lang] || ((t) => `${lang} ${t}`))(words) }));
    const input = {
      severity,
      title: list(title),
      whatChanged: list(`What changed for ${title}.`),
      whatToDo: list(`What to do about ${title}.`),
    };
    if (arabic) {
      for (const field of ["title", "whatChanged", "whatToDo"]) {
        input[field] = input[field].map((t) => (t.lang === "ar" ? { lang: "ar", value: `${{ title: "إعلان", whatChanged: "ما تغيّر في", whatToDo: "ما العمل في" }[field]} ${title}` } : t));
      }
    }
    const made = await gql("mutation ($input: AnnouncementInput!) { publishAnnouncement(input: $input) { id } }", organiser, { input });
    return made.publishAnnouncement.id;
  }
  let shift = 5;
  /** Moves a session a few minutes later; its newest change as the API words it in English. */
  async function move(session) {
    const current = (await gql("query ($id: ID!) { node(id: $id) { ... on Session { time { start } } } }", organiser, { id: session.id })).node;
    const moved = await gql(
      "mutation ($id: ID!, $at: DateTime!) { moveSession(id: $id, startsAt: $at, force: true) { changes { description { value } } } }",
      organiser,
      { id: session.id, at: later(current.time.start, shift) },
    );
    shift += 5;
    const changes = moved.moveSession.changes;
    return changes[changes.length - 1].description.value;
  }

  step("signed out, the programme open: an INFO announcement is shown and said politely, once");
  const visitor = await browser.createBrowserContext();
  const page = await visitor.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const logs = [];
  page.on("console", (message) => logs.push(`${message.type()}: ${message.text()}`));
  await open(page, "/?lang=en");
  assert.equal(await page.$eval("#live-feeds", (e) => e.hasAttribute("data-agenda")), false, "no agenda feed signed out");
  await following(page);
  // The focus is somewhere on the page; the news must not take it.
  await page.focus("#main a[href]");
  const focusedBefore = await page.evaluate(() => document.activeElement.outerHTML);
  const infoTitle = `Lift B closed ${RUN}`;
  const infoId = await publish("INFO", infoTitle);
  await until(page, "the INFO announcement in #live", (t) => (document.getElementById("live") || {}).textContent.includes(t), { arg: infoTitle });
  let now = await heard(page);
  const infoShown = now.shown.filter((s) => s.includes(infoTitle));
  assert.equal(infoShown.length, 1, `shown once at the top of main (${JSON.stringify(now.shown)})`);
  assert.ok(infoShown[0].startsWith(`${EN.INFO}: ${infoTitle}`), `the severity word first: ${infoShown[0]}`);
  assert.ok(infoShown[0].includes(`What changed for ${infoTitle}.`), "what changed is shown");
  assert.ok(infoShown[0].includes(`${EN.whatToDo} What to do about ${infoTitle}.`), "what to do is shown");
  assert.ok(now.polite.includes(`What to do about ${infoTitle}.`), "all of it is said");
  assert.ok(!now.alert.includes(infoTitle), "not in the assertive region");
  const box = await newsWith(page, infoTitle, (e) => ({
    notice: e.classList.contains("notice"),
    first: e.parentElement.firstElementChild === e,
    href: e.querySelector("a").getAttribute("href"),
    langs: [...e.querySelectorAll("[lang]")].map((t) => t.getAttribute("lang")),
  }));
  assert.ok(box.notice, "with the notice look");
  assert.ok(box.first, "at the top of main");
  assert.equal(box.href, `/announcements#announcement-${encodeURIComponent(infoId)}`, "a link to it on /announcements");
  assert.ok(box.langs.length >= 3 && box.langs.every((l) => l === "en"), `each text with its language (${box.langs})`);
  assert.equal(await page.evaluate(() => document.activeElement.outerHTML), focusedBefore, "the focus stays where it was");
  await sleep(1500);
  now = await heard(page);
  assert.equal(now.shown.filter((s) => s.includes(infoTitle)).length, 1, "not shown twice");
  const there = await visitor.newPage();
  await open(there, `/announcements?lang=en`);
  assert.ok(await there.$(`article#announcement-${infoId.replace(/[^A-Za-z0-9_-]/g, "\\$&")}`), "the link's target exists on /announcements");
  await there.close();

  step("an EMERGENCY goes to the assertive region (role alert), not the polite one");
  const emergencyTitle = `Evacuate hall A ${RUN}`;
  await publish("EMERGENCY", emergencyTitle);
  await until(page, "the EMERGENCY in #live-alert", (t) => (document.getElementById("live-alert") || {}).textContent.includes(t), { arg: emergencyTitle });
  now = await heard(page);
  assert.equal(now.alertRole, "alert", "#live-alert has role alert");
  assert.ok(!now.polite.includes(emergencyTitle), `not (only) in the polite region: ${now.polite}`);
  const emergencyShown = now.shown.filter((s) => s.includes(emergencyTitle));
  assert.equal(emergencyShown.length, 1, "shown once");
  assert.ok(emergencyShown[0].startsWith(`${EN.EMERGENCY}: ${emergencyTitle}`), emergencyShown[0]);
  assert.equal(now.shown.filter((s) => s.includes(infoTitle)).length, 1, "the earlier one stays, not repeated");
  assert.equal(await page.evaluate(() => document.activeElement.outerHTML), focusedBefore, "the focus stays where it was");
  await axe(page, "programme en, live news shown");
  await shot(page, "live-programme-en");

  step("in Arabic: a programme change shown right to left, the severity in Arabic");
  await open(page, "/?lang=ar");
  assert.deepEqual(await page.$eval("html", (e) => [e.lang, e.dir]), ["ar", "rtl"]);
  await following(page);
  const arTitle = `Room change ${RUN}`;
  await publish("CHANGE", arTitle, true);
  await until(page, "the CHANGE in #live", (t) => (document.getElementById("live") || {}).textContent.includes(t), { arg: arTitle });
  now = await heard(page);
  const arShown = now.shown.filter((s) => s.includes(arTitle));
  assert.equal(arShown.length, 1);
  assert.ok(arShown[0].startsWith(AR.CHANGE), `the Arabic severity word first: ${arShown[0]}`);
  const arTexts = await newsWith(page, arTitle, (e) => [...e.querySelectorAll("[lang]")].map((t) => [t.getAttribute("lang"), t.getAttribute("dir"), t.textContent]));
  assert.ok(arTexts.length >= 3 && arTexts.every(([lang, dir]) => lang === "ar" && dir === "rtl"), `the texts in the page's language, right to left: ${JSON.stringify(arTexts)}`);
  assert.ok(!now.shown.some((s) => s.includes(emergencyTitle)), "an announcement heard on an earlier page is not said again");
  await axe(page, "programme ar, live news shown");
  await shot(page, "live-programme-ar");
  await visitor.close();

  step("a delegate's open agenda: a move in another delegate's agenda is not said; one in theirs is");
  const delegate = await browser.createBrowserContext();
  const agenda = await delegate.newPage();
  await agenda.setViewport({ width: 1280, height: 900 });
  await agenda.evaluateOnNewDocument(keepSockets);
  agenda.on("console", (message) => logs.push(`${message.type()}: ${message.text()}`));
  const tokenA = await formSignIn(agenda, codeA, "/agenda");
  const tokenB = await apiSignIn(codeB);
  await gql("mutation ($id: ID!) { addToMyAgenda(sessionId: $id) { id } }", tokenA, { id: mine.id });
  await gql("mutation ($id: ID!) { addToMyAgenda(sessionId: $id) { id } }", tokenB, { id: theirs.id });
  await open(agenda, "/agenda?lang=en");
  assert.equal(await agenda.$eval("#live-feeds", (e) => e.hasAttribute("data-agenda")), true, "the agenda feed is named when signed in");
  await following(agenda);
  const sessionLink = `#main a[href="/sessions/${mine.id}"]`;
  assert.ok(await agenda.$(sessionLink), "the agenda lists the delegate's session");
  await agenda.focus(`ul.sessions ${sessionLink.replace("#main ", "")}`);
  await agenda.$eval("#main h1", (h) => h.setAttribute("data-before", ""));
  await move(theirs);
  await sleep(2500);
  now = await heard(agenda);
  assert.ok(!now.polite.includes(theirs.title.value) && !now.shown.some((s) => s.includes(theirs.title.value)), `another delegate's session is not said: ${JSON.stringify(now)}`);
  assert.ok(!now.polite.includes(EN.changed), `nothing is said: ${now.polite}`);
  const newest = await move(mine);
  const sentence = `${EN.changed} ${mine.title.value}.`;
  await until(agenda, "the change said in #live", (t) => (document.getElementById("live") || {}).textContent.includes(t), { arg: sentence });
  now = await heard(agenda);
  assert.ok(now.polite.includes(newest), `the newest change is said ("${newest}"): ${now.polite}`);
  assert.ok(!now.alert.includes(sentence), "not assertive");
  const changeBox = await newsWith(agenda, sentence, (e) => e.querySelector("a").getAttribute("href"));
  assert.equal(changeBox, `/sessions/${encodeURIComponent(mine.id)}`, "a link to the session's page");
  await until(agenda, "the agenda read again", () => !document.querySelector("#main h1[data-before]") && document.querySelectorAll("#main h1").length === 1);
  assert.equal(
    await agenda.evaluate((s) => document.activeElement.matches(s) && !!document.activeElement.closest("ul.sessions"), sessionLink),
    true,
    "the focus stays on the same link, in the agenda (not the notice's link to the same page)",
  );
  assert.equal((await heard(agenda)).shown.filter((s) => s.includes(sentence)).length, 1, "the notice stays after the agenda is read again");
  await axe(agenda, "agenda en, a change said");
  await shot(agenda, "live-agenda-en");

  step("the network drops and comes back: the socket is open again and still delivers");
  await network(agenda, false);
  await until(agenda, "the socket to go with the network", () => !document.documentElement.hasAttribute("data-live"));
  await sleep(1500);
  await network(agenda, true);
  await following(agenda);
  const newer = await move(mine);
  await until(agenda, "the change after reconnecting", (t) => (document.getElementById("live") || {}).textContent.includes(t), { arg: newer });
  const backTitle = `Back online ${RUN}`;
  await publish("URGENT", backTitle);
  await until(agenda, "an announcement after reconnecting", (t) => (document.getElementById("live") || {}).textContent.includes(t), { arg: backTitle });
  now = await heard(agenda);
  assert.equal(now.shown.filter((s) => s.includes(newer)).length, 1, "the change shown once");

  step("the socket lost while the browser still thinks it is online: tried again, slower, until it opens");
  // No `offline` event this time (the Wi-Fi is there, the server is not): the socket is
  // dropped, and new ones fail for a few seconds.
  const before = await agenda.evaluate(() => window.__sockets.length);
  const dropped = await agenda.evaluate(() => {
    window.__refuse = true;
    const open = window.__sockets.filter((s) => s.readyState === 1);
    for (const s of open) s.close();
    return open.length;
  });
  assert.equal(dropped, 1, "one socket was open (both feeds on it)");
  await until(agenda, "the socket to be gone", () => !document.documentElement.hasAttribute("data-live"));
  await sleep(3500);
  const blocked = await agenda.evaluate(() => ({ tried: window.__sockets.length, live: document.documentElement.hasAttribute("data-live") }));
  assert.equal(blocked.live, false, "no socket could open while they were refused");
  // 1 s, then 2 s, 4 s… (and the browser itself delays a socket after failed ones): tried
  // again, but not in a busy loop.
  assert.ok(blocked.tried - before >= 1 && blocked.tried - before <= 4, `tried again, slower each time (${blocked.tried - before} tries in 3.5 s)`);
  await agenda.evaluate(() => {
    window.__refuse = false;
  });
  await following(agenda);
  console.log(`sockets opened while refused, then open: ${blocked.tried - before}, ${(await agenda.evaluate(() => window.__sockets.length)) - blocked.tried}`);
  const newest3 = await move(mine);
  await until(agenda, "the change after the socket came back", (t) => (document.getElementById("live") || {}).textContent.includes(t), { arg: newest3 });

  const errors = logs.filter((l) => l.startsWith("error:") && !/ERR_INTERNET_DISCONNECTED|WebSocket/.test(l));
  assert.deepEqual(errors, [], "no error in the pages' consoles");
  await delegate.close();
} catch (error) {
  failWith(error);
} finally {
  await browser.close();
}

report({ axeFigure: "live_pages_checked_with_axe", passed: "app live news journeys passed" });
