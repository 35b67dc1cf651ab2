// The desk in a real browser (Debian's chromium): every page checked with axe-core (WCAG 2.x
// A and AA) in English and Arabic, a coordinator's day done with the keyboard alone, with
// JavaScript on and off, 320 px reflow, and screenshots for a person to look at.
//
// Run by `tests/browser/run`, which starts a server and passes, in the environment:
// SANAD_URL, COORDINATOR_CODE, ORGANISER_CODE, DELEGATE_CODES (comma separated, unused),
// SCREENSHOTS (a directory).

import assert from "node:assert/strict";
import { BASE, axe, codesFrom, enter, failWith, gql, launch, reflows, report, shot, step, tabTo, text, typeInto } from "./lib.mjs";

const delegateCodes = codesFrom("DELEGATE_CODES");

async function submitRequests(code, lang, items) {
  const call = (query, variables, token) => gql(query, token, variables, lang);
  const { signIn } = await call("mutation($c: String!) { signIn(code: $c) { token } }", { c: code });
  await call("mutation($l: String!) { giveAccommodationConsent(version: 1, lang: $l) { version } }", { l: lang }, signIn.token);
  const sessions = await call("{ conference { sessions(first: 5) { edges { node { id } } } } }", {});
  const ids = sessions.conference.sessions.edges.map((e) => e.node.id);
  const withSessions = items.map((item, i) => ({ sessionIds: item.days ? [] : [ids[i % ids.length]], ...item }));
  await call(
    "mutation($k: String!, $i: [RequestItemInput!]!) { submitAccommodationRequest(idempotencyKey: $k, items: $i) { id } }",
    { k: code, i: withSessions },
    signIn.token,
  );
  return signIn.token;
}

const browser = await launch();
try {
  step("delegates ask for support through the API");
  await submitRequests(delegateCodes[0], "ar", [
    { serviceType: "SIGN_LANGUAGE_INTERPRETATION", details: "أحتاج إلى ترجمة بلغة الإشارة الدولية في الجلسة الافتتاحية." },
    { serviceType: "ACCESSIBLE_SEATING", details: "كرسي متحرك، مكان قريب من الباب." },
    { serviceType: "ACCESSIBLE_TRANSPORT", details: "", days: ["2019-09-10"] },
  ]);
  await submitRequests(delegateCodes[1], "fr", [
    { serviceType: "LIVE_CAPTIONING", details: "Sous-titrage en français pour les plénières, s'il vous plaît." },
    { serviceType: "DIETARY", details: "Repas sans gluten.", days: ["2019-09-11", "2019-09-12"] },
  ]);

  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });

  step("sign-in page, en and ar");
  await page.goto(`${BASE}/desk`, { waitUntil: "load" });
  assert.equal(new URL(page.url()).pathname, "/desk/sign-in", "the desk asks to sign in first");
  await axe(page, "sign-in en");
  await shot(page, "sign-in-en");
  await page.goto(`${BASE}/desk/sign-in?lang=ar`, { waitUntil: "load" });
  assert.equal(await page.$eval("html", (e) => e.dir), "rtl");
  await axe(page, "sign-in ar");
  await shot(page, "sign-in-ar");
  await page.goto(`${BASE}/desk/sign-in?lang=en`, { waitUntil: "load" });

  step("a wrong code: the error summary takes the focus and links to the field");
  await typeInto(page, "#code", "AAAA-BBBB-CCCC");
  await enter(page);
  assert.equal(await page.evaluate(() => document.activeElement.className), "error-summary");
  assert.match(await page.title(), /^There is a problem/);
  await axe(page, "sign-in with an error");
  await shot(page, "sign-in-error-en");

  step("the coordinator signs in with the keyboard");
  await typeInto(page, "#code", process.env.COORDINATOR_CODE);
  await enter(page);
  assert.equal(new URL(page.url()).pathname, "/desk");
  assert.equal(await text(page, "h1"), "Requests");
  assert.equal(await page.$$eval("#queue tbody tr", (rows) => rows.length), 5);
  await axe(page, "queue en");
  await shot(page, "queue-en");

  step("a new request appears on the open queue without a reload, said politely");
  await page.waitForSelector("html[data-live=on]");
  await page.focus("#queue tbody a");
  const focusedBefore = await page.evaluate(() => document.activeElement.getAttribute("href"));
  await submitRequests(delegateCodes[3], "es", [
    { serviceType: "QUIET_SPACE", details: "Un lugar tranquilo entre sesiones, por favor.", days: ["2019-09-11"] },
  ]);
  await page.waitForFunction(() => document.querySelectorAll("#queue tbody tr").length === 6, { timeout: 10000 });
  await page.waitForFunction(() => document.getElementById("live").textContent.includes("Items matching: 6"));
  assert.equal(await page.$eval("#live", (e) => e.getAttribute("aria-live")), "polite");
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("href")), focusedBefore, "the focus stays");
  await axe(page, "queue after a live update");

  step("filters: late items of one service");
  await page.goto(`${BASE}/desk?service=LIVE_CAPTIONING`, { waitUntil: "load" });
  assert.equal(await page.$$eval("#queue tbody tr", (rows) => rows.length), 1);

  step("the queue in Arabic, right to left");
  await page.goto(`${BASE}/desk?lang=ar`, { waitUntil: "load" });
  assert.equal(await page.$eval("html", (e) => e.lang), "ar");
  await axe(page, "queue ar");
  await shot(page, "queue-ar");

  step("320 px wide");
  await page.setViewport({ width: 320, height: 800 });
  await reflows(page, "queue ar at 320px");
  await page.goto(`${BASE}/desk?lang=en`, { waitUntil: "load" });
  await reflows(page, "queue en at 320px");
  await shot(page, "queue-en-320");
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(`${BASE}/desk`, { waitUntil: "load" });

  step("open the interpretation item with the keyboard");
  const interpretation = await page.$$eval("#queue tbody a", (links) =>
    links.find((a) => a.textContent.includes("interpretation")).getAttribute("href"),
  );
  await tabTo(page, `a[href="${interpretation}"]`);
  await enter(page);
  await axe(page, "item en");
  await shot(page, "item-en");
  assert.match(await text(page, ".need"), /ترجمة/);
  assert.equal(await page.$eval(".need", (e) => e.lang), "ar");

  /** One workflow move with the keyboard: choose the radio, fill what it needs, send. */
  async function move(label, fields = {}) {
    const radio = await page.$$eval(".radio label", (labels, wanted) => {
      const found = labels.find((l) => l.textContent.trim() === wanted);
      return found ? `#${found.htmlFor}` : null;
    }, label);
    assert.ok(radio, `no move "${label}" offered`);
    // Tab reaches the group once; the arrow keys move within it, as in any radio group.
    await tabTo(page, "input[name=to]");
    for (let i = 0; i < 20; i += 1) {
      if (await page.evaluate((r) => document.activeElement.matches(r), radio)) break;
      await page.keyboard.press("ArrowDown");
    }
    await page.keyboard.press("Space");
    for (const [selector, value] of Object.entries(fields)) {
      await typeInto(page, selector, value);
    }
    await tabTo(page, "form[action$='/move'] button[type=submit]");
    await enter(page);
  }

  step("start the review, ask for information");
  await move("Start the review");
  assert.equal(await text(page, ".notice p"), "The item was moved.");
  assert.equal(await text(page, "#status"), "In review");
  await move("Ask the delegate for information");
  await typeInto(page, "#message", "Which session exactly, please? The opening plenary or the side event?");
  await tabTo(page, "form[action$='/message'] button[type=submit]");
  await enter(page);
  assert.equal(await text(page, ".notice p"), "The message was sent.");
  assert.equal(await text(page, "#status"), "Waiting for the delegate");

  step("the character count follows the typing");
  await typeInto(page, "#message", "Thank you");
  assert.equal(await text(page, "#message-count"), "Characters left: 3991");
  await page.$eval("#message", (e) => { e.value = ""; });

  step("back in review, approve, arrange, confirm without then with a booking reference");
  await move("Start the review");
  await move("Approve");
  await move("Start arranging");
  await move("Confirm the booking");
  assert.equal(await page.evaluate(() => document.activeElement.className), "error-summary");
  assert.match(await text(page, ".error-summary"), /booking reference/);
  await axe(page, "item with an error");
  await shot(page, "item-error-en");
  await move("Confirm the booking", { "#booking": "IS team, Amman Interpreters, ref AI-2019-114" });
  assert.equal(await text(page, "#status"), "Confirmed");

  step("the item in Arabic");
  await page.goto(`${page.url().split("?")[0]}?lang=ar`, { waitUntil: "load" });
  await axe(page, "item ar");
  await shot(page, "item-ar");
  await page.goto(`${page.url().split("?")[0]}?lang=en`, { waitUntil: "load" });

  step("with JavaScript off: decline the dietary item with a reason");
  // The page's only script is refused, as a browser with JavaScript off would not run it.
  // (Chromium's own switch would also stop the test from reading the page.)
  // Nothing from the cache either: a cached script would run without a request to refuse.
  await page.setCacheEnabled(false);
  await page.setRequestInterception(true);
  const noScript = (request) => (request.resourceType() === "script" ? request.abort() : request.continue());
  page.on("request", noScript);
  await page.goto(`${BASE}/desk?service=DIETARY`, { waitUntil: "load" });
  await tabTo(page, "#queue tbody a");
  await enter(page);
  await move("Start the review");
  await move("Decline");
  assert.match(await text(page, ".error-summary"), /reason/i);
  await axe(page, "item error, no script");
  const reason = "Nous ne pouvons pas garantir un repas sans gluten le 12 ; le traiteur en propose le 11.";
  await move("Decline", { "#reason": reason, "#reason-lang": "Fr" });
  assert.equal(await text(page, "#status"), "Declined");
  const written = await page.$$eval("td span[lang]", (spans, r) => spans.find((s) => s.textContent === r)?.lang, reason);
  assert.equal(written, "fr", "the reason is stored in the language chosen for it");
  assert.equal(await text(page, "#message-count"), "Characters allowed: 4000", "no script ran");

  step("with JavaScript off: the captioning item from review to a confirmed booking");
  await page.goto(`${BASE}/desk?service=LIVE_CAPTIONING`, { waitUntil: "load" });
  await tabTo(page, "#queue tbody a");
  await enter(page);
  await move("Start the review");
  await move("Approve");
  await move("Start arranging");
  await move("Confirm the booking");
  assert.match(await text(page, ".error-summary"), /booking reference/);
  await move("Confirm the booking", { "#booking": "CART by Amman Captioning, ref AC-77" });
  assert.equal(await text(page, "#status"), "Confirmed");
  assert.equal(await text(page, "#message-count"), "Characters allowed: 4000", "without the script the limit is said");
  page.off("request", noScript);
  await page.setRequestInterception(false);
  await page.setCacheEnabled(true);

  step("a stale version: CONFLICT shows the item as it is now and keeps the typing");
  await page.goto(`${BASE}/desk?service=ACCESSIBLE_SEATING`, { waitUntil: "load" });
  await tabTo(page, "#queue tbody a");
  await enter(page);
  const itemUrl = page.url();
  const other = await browser.createBrowserContext();
  const otherPage = await other.newPage();
  for (const cookie of await page.cookies()) await otherPage.setCookie(cookie);
  await otherPage.goto(itemUrl, { waitUntil: "load" });
  await otherPage.$$eval(".radio label", (labels) => labels.find((l) => l.textContent.trim() === "Start the review").click());
  await Promise.all([otherPage.waitForNavigation(), otherPage.click("form[action$='/move'] button[type=submit]")]);
  await other.close();
  await move("Cancel the item", { "#reason": "Duplicate of another request" });
  assert.match(await text(page, ".error-summary"), /changed this item/);
  assert.equal(await page.$eval("#reason", (e) => e.value), "Duplicate of another request");
  assert.equal(await text(page, "#status"), "In review");

  step("sign out");
  await tabTo(page, ".sign-out button");
  await enter(page);
  assert.equal(new URL(page.url()).pathname, "/desk/sign-in");

  step("the organiser's planning view, en and ar");
  await typeInto(page, "#code", process.env.ORGANISER_CODE);
  await enter(page);
  assert.equal(await text(page, "h1"), "Access needs");
  await axe(page, "planning en");
  await shot(page, "planning-en");
  await page.goto(`${BASE}/desk?lang=ar`, { waitUntil: "load" });
  await axe(page, "planning ar");
  await shot(page, "planning-ar");
  await page.goto(`${BASE}/desk?lang=en`, { waitUntil: "load" });

  step("the organiser publishes an announcement with the keyboard");
  await tabTo(page, "a[href='/desk/announcements']");
  await enter(page);
  await axe(page, "announcement form en");
  await tabTo(page, "form[action='/desk/announcements'] button[type=submit]");
  await enter(page);
  assert.equal(await page.evaluate(() => document.activeElement.className), "error-summary");
  assert.match(await text(page, ".error-summary"), /Choose how urgent it is/);
  await axe(page, "announcement form with errors");
  await shot(page, "announcement-error-en");
  await tabTo(page, "input[name=severity]");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.evaluate(() => document.activeElement.value), "URGENT");
  const words = {
    en: ["Hall B is closed", "Water leak in Hall B.", "Go to Hall C, same floor, to the left of the lifts."],
    fr: ["La salle B est fermée", "Fuite d’eau dans la salle B.", "Allez salle C, même étage, à gauche des ascenseurs."],
    ar: ["القاعة ب مغلقة", "تسرّب مياه في القاعة ب.", "توجّهوا إلى القاعة ج في الطابق نفسه، يسار المصاعد."],
  };
  for (const [tag, [title, changed, todo]] of Object.entries(words)) {
    await typeInto(page, `#title-${tag}`, title);
    await typeInto(page, `#changed-${tag}`, changed);
    await typeInto(page, `#todo-${tag}`, todo);
  }
  await tabTo(page, "form[action='/desk/announcements'] button[type=submit]");
  await enter(page);
  assert.equal(await text(page, ".notice p"), "The announcement was published.");
  const served = await gql("{ conference { announcements { title { value lang } } } }", null, {}, "ar");
  assert.ok(served.conference.announcements.some((a) => a.title.value === words.ar[0] && a.title.lang === "ar"));
  await page.goto(`${BASE}/desk/announcements?lang=ar`, { waitUntil: "load" });
  await axe(page, "announcement form ar");
  await shot(page, "announcement-ar");
  await page.goto(`${BASE}/desk?lang=en`, { waitUntil: "load" });
  await tabTo(page, ".sign-out button");
  await enter(page);

  step("a delegate is told the desk is not for them");
  await typeInto(page, "#code", delegateCodes[2]);
  await enter(page);
  assert.equal(await text(page, "h1"), "This desk is for coordinators and organisers");
  await axe(page, "not for delegates");
  await page.goto(`${BASE}/desk?lang=ar`, { waitUntil: "load" });
  assert.equal(await page.$eval("html", (e) => e.dir), "rtl");
  await axe(page, "not for delegates ar");
  await page.goto(`${BASE}/desk/items/nothing?lang=en`, { waitUntil: "load" });
  await axe(page, "a refusal page");
} catch (error) {
  failWith(error);
} finally {
  await browser.close();
}

report({ axeFigure: "browser_pages_checked_with_axe", passed: "desk browser journeys passed" });
