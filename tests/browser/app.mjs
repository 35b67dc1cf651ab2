// The delegates' app in a real browser (Debian's chromium): every page checked with axe-core
// (WCAG 2.x A and AA) in English, French, Arabic and Spanish, a delegate's day done with the
// keyboard alone (filter the programme, add two sessions that overlap, see the clash on the
// agenda, remove one), the same with JavaScript off, my requests to the accessibility desk
// (agree to the consent, ask for sign-language interpretation for a session with the keyboard
// alone, read the desk's reply and answer it; a request without JavaScript), Arabic right to
// left with other languages marked, 320 px reflow, the headers and the manifest, and
// screenshots for a person to look at.
//
// Run by `tests/browser/run` after the desk's test, which starts a server and passes, in the
// environment: SANAD_URL, DELEGATE_CODES (comma separated, at least four, none shared with
// the desk's test: a code works once), COORDINATOR_CODE (a coordinator's code, used here
// only, to answer a request through the API as the desk does), SCREENSHOTS (a directory).

import assert from "node:assert/strict";
import {
  BASE,
  apiSignIn,
  axe,
  codesFrom,
  count,
  enter,
  failWith,
  gql,
  inLang,
  launch,
  ltrInsideRtl,
  open,
  originWatch,
  reflows,
  report,
  shot,
  step,
  tabTo,
  text,
  typeInto,
} from "./lib.mjs";

const delegateCodes = codesFrom("DELEGATE_CODES");
assert.ok(
  delegateCodes.length >= 4,
  `DELEGATE_CODES has ${delegateCodes.length} code(s) and needs four, each unused (a code works once): ` +
    "the day's keyboard journey, the same without JavaScript, a request to the desk with the keyboard, " +
    "and a request without JavaScript",
);
const coordinatorCode = (process.env.COORDINATOR_CODE || "").trim();
assert.ok(coordinatorCode, "COORDINATOR_CODE is needed (an unused coordinator's code): the desk answers a request through the API");

const LANGS = ["en", "fr", "ar", "es"];
// The interface's own words the test looks for (api/src/app/i18n/en.rs).
const EN = {
  signLanguage: "Sign language",
  filterSign: "With sign-language interpretation",
  add: "Add to my agenda",
  remove: "Remove from my agenda",
  added: "Added to your agenda.",
  removed: "Removed from your agenda.",
  askForSession: "Ask for an accommodation for this session",
  agree: "I agree",
  consented: "Thank you. You can now send requests.",
  dueBy: "Ask by",
  lateHint: "The cut-off has passed: the desk will still do its best.",
  requestSent: "Your request was sent. The desk will answer here.",
  submitted: "Sent, not read yet",
  inReview: "Being reviewed",
  needsInfo: "The desk needs more information from you",
  withdrawn: "Withdrawn by you",
  answered: "I have given the information",
  withdraw: "Withdraw this request",
  messageSent: "Your message was sent.",
  updated: "Your request was updated.",
};

// Every request any page makes, to prove none leaves this origin (a venue LAN without internet).
const seen = originWatch();

/**
 * Tabs into the radio group `name`, moves through it with the arrow keys to the radio
 * labelled `label` and presses Space (the keyboard alone, as a screen-reader user does).
 */
async function chooseRadio(page, name, label) {
  const radios = `input[type=radio][name="${name}"]`;
  await tabTo(page, radios);
  const total = await count(page, radios);
  for (let i = 0; i < total; i += 1) {
    const focused = await page.evaluate(() => [...document.activeElement.labels].map((l) => l.textContent.trim()).join(" "));
    if (focused === label) {
      await page.keyboard.press("Space");
      assert.equal(await page.evaluate(() => document.activeElement.checked), true, `Space chooses "${label}"`);
      return;
    }
    await page.keyboard.press("ArrowDown");
  }
  throw new Error(`the arrow keys never reached the radio "${label}" (${radios})`);
}

/** The sessions a programme page lists, by id, in order. */
async function listedIds(page) {
  return page.$$eval("ul.sessions > li.session h3.session-title a", (links) =>
    links.map((a) => decodeURIComponent(new URL(a.href).pathname.split("/").pop())),
  );
}

/** A page that records where each of its requests goes. */
async function watchedPage(context) {
  const page = await context.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  return seen.watch(page);
}

/**
 * Words in Latin letters on a right-to-left page must sit in an element that says their
 * language: a screen reader reading them with an Arabic voice says nonsense. Returns the
 * texts of two or more Latin words whose nearest `lang` is Arabic (in Arabic script).
 */
async function latinMarkedArabic(page) {
  return page.evaluate(() => {
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const value = node.nodeValue.trim();
      if (!/[A-Za-z\u00C0-\u024F]{2,}\s+[A-Za-z\u00C0-\u024F]{2,}/.test(value)) continue;
      if (/[\u0600-\u06FF]/.test(value)) continue;
      const parent = node.parentElement;
      if (!parent || parent.closest("code, script, style, [hidden]")) continue;
      const owner = parent.closest("[lang]");
      // "ar-Latn" (an Arabic name in Latin letters) says its script: that is marked.
      const tag = owner ? owner.lang.toLowerCase() : "";
      if ((tag === "ar" || tag.startsWith("ar-")) && !/-latn(-|$)/.test(tag)) found.push(`<${parent.tagName.toLowerCase()}> ${value}`);
    }
    return found;
  });
}

const browser = await launch();
try {
  step("the manifest: JSON with a name, opening on the programme, with an icon that loads");
  {
    const response = await fetch(`${BASE}/manifest.webmanifest`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") || "", /^application\/(manifest\+)?json/);
    const manifest = JSON.parse(await response.text());
    assert.ok(typeof manifest.name === "string" && manifest.name.trim().length > 0, "the manifest has a name");
    assert.equal(manifest.start_url, "/");
    assert.ok(Array.isArray(manifest.icons) && manifest.icons.length > 0, "the manifest has icons");
    for (const icon of manifest.icons) {
      const src = new URL(icon.src, `${BASE}/manifest.webmanifest`);
      assert.equal(src.origin, new URL(BASE).origin, `the icon ${src} is served from this origin`);
      const answer = await fetch(src);
      assert.equal(answer.status, 200, `the icon ${src} answers 200`);
      assert.match(answer.headers.get("content-type") || "", /^image\//, `the icon ${src} is an image`);
      await answer.arrayBuffer();
    }
  }

  step("the programme through the API: days, and which sessions overlap");
  const everything = await gql("query { conference { days { date } sessions(first: 200) { nodes { id time { start end } } } } }");
  const days = everything.conference.days.map((d) => d.date);
  const intervals = everything.conference.sessions.nodes.map((n) => ({
    id: n.id,
    start: Date.parse(n.time.start),
    end: Date.parse(n.time.end),
  }));
  assert.ok(days.length > 1, "the conference has more than one day");
  const overlapping = (id) => {
    const one = intervals.find((s) => s.id === id);
    return intervals.filter((s) => s.id !== id && s.start < one.end && one.start < s.end).map((s) => s.id);
  };

  const anonymous = await browser.createBrowserContext();
  const page = await watchedPage(anonymous);

  step("the programme's headers: a Content-Security-Policy without 'unsafe-inline'");
  {
    const response = await open(page, "/?lang=en");
    const csp = response.headers()["content-security-policy"];
    assert.ok(csp, "the programme has a Content-Security-Policy");
    assert.ok(!csp.includes("unsafe-inline"), `the policy allows inline code: ${csp}`);
    assert.match(csp, /(script-src|default-src) [^;]*'(self|none)'/, `the policy limits scripts: ${csp}`);
  }

  let sessionPath = null;
  for (const lang of LANGS) {
    step(`every page signed out, in ${lang}`);
    await open(page, inLang("/", lang));
    assert.equal(await page.$eval("html", (e) => e.lang), lang);
    assert.equal(await page.$eval("html", (e) => e.dir), lang === "ar" ? "rtl" : "ltr");
    assert.ok((await count(page, "nav.days a")) > days.length, "a link per day and one to all days");
    assert.equal(await count(page, "nav.days a[aria-current=page]"), 1, "the day shown is marked");
    assert.ok((await count(page, "ul.sessions > li.session")) > 0, "the default day lists sessions");
    await axe(page, `programme ${lang}`);
    if (lang === "en" || lang === "ar") await shot(page, `programme-${lang}`);

    await open(page, inLang("/?day=all", lang));
    assert.equal(await count(page, "ul.sessions > li.session"), intervals.length, "all days list every session");
    await axe(page, `programme all days ${lang}`);

    if (!sessionPath) sessionPath = await page.$eval("h3.session-title a", (a) => new URL(a.href).pathname);
    await open(page, inLang(sessionPath, lang));
    assert.ok((await text(page, "h1")).length > 0);
    assert.ok((await count(page, `.agenda-box a[href^="/sign-in"]`)) === 1, "signed out, the page offers to sign in");
    assert.ok((await count(page, `.agenda-box a[href$=".ics"]`)) === 1, "the session's calendar file");
    await axe(page, `session ${lang}`);
    if (lang === "en" || lang === "ar") await shot(page, `session-${lang}`);

    await open(page, inLang("/glossary", lang));
    assert.ok((await count(page, "dl.glossary dt")) > 0, "the glossary has terms");
    await axe(page, `glossary ${lang}`);

    await open(page, inLang("/announcements", lang));
    assert.ok((await count(page, "article.announcement")) > 0, "the demo's announcements are listed");
    assert.ok((await count(page, "article.announcement .severity strong")) > 0, "each says how urgent it is");
    await axe(page, `announcements ${lang}`);
    if (lang === "ar") await ltrInsideRtl(page, "announcements ar");

    await open(page, inLang("/sign-in", lang));
    await axe(page, `sign-in ${lang}`);
    if (lang === "en" || lang === "ar") await shot(page, `sign-in-${lang}`);
    await tabTo(page, "form[action='/sign-in'] button[type=submit]");
    const refused = await enter(page);
    assert.equal(refused.status(), 422, "an empty code is refused");
    assert.equal(await count(page, ".error-summary a[href='#code']"), 1, "the error summary links to the field");
    assert.equal(await page.$eval("#code", (e) => e.getAttribute("aria-invalid")), "true");
    assert.equal(await page.evaluate(() => document.activeElement.className), "error-summary", "the script focuses the summary");
    await axe(page, `sign-in with an error ${lang}`);
    if (lang === "en" || lang === "ar") await shot(page, `sign-in-error-${lang}`);

    await open(page, inLang("/sessions/nope", lang), 404);
    await axe(page, `not found ${lang}`);
  }

  step("Arabic: right to left, other languages marked, and remembered without ?lang");
  {
    await open(page, "/?day=all&lang=ar");
    assert.deepEqual(await page.$eval("html", (e) => [e.lang, e.dir]), ["ar", "rtl"]);
    // Each title says its own language, as the API gives it for an Arabic reader.
    const titles = await gql("query { conference { sessions(first: 200) { nodes { id title { value lang } } } } }", null, {}, "ar");
    const shown = await page.$$eval("h3.session-title a", (links) =>
      links.map((a) => ({ id: decodeURIComponent(new URL(a.href).pathname.split("/").pop()), lang: a.lang, dir: a.dir, value: a.textContent.trim() })),
    );
    for (const node of titles.conference.sessions.nodes) {
      const link = shown.find((s) => s.id === node.id);
      assert.ok(link, `session ${node.id} is listed`);
      assert.equal(link.value, node.title.value);
      assert.equal(link.lang, node.title.lang, `"${node.title.value}" is marked lang="${node.title.lang}"`);
      assert.equal(link.dir, node.title.lang === "ar" ? "rtl" : "ltr");
    }
    const english = titles.conference.sessions.nodes.filter((n) => n.title.lang === "en");
    console.log(`sessions titled in English on the Arabic programme: ${english.length}`);
    const unmarked = [...(await latinMarkedArabic(page))];
    await ltrInsideRtl(page, "programme all days ar");
    await open(page, `${sessionPath}?lang=ar`);
    unmarked.push(...(await latinMarkedArabic(page)));
    await ltrInsideRtl(page, "session ar");
    // A session with a speaker whose name is written in English: the name carries lang="en".
    const speakers = await gql(
      "query { conference { sessions(first: 200) { nodes { id speakers { speaker { name { value lang } } } } } } }",
      null,
      {},
      "ar",
    );
    const withEnglishName = speakers.conference.sessions.nodes.find((n) => n.speakers.some((s) => s.speaker.name.lang === "en"));
    if (withEnglishName) {
      const name = withEnglishName.speakers.find((s) => s.speaker.name.lang === "en").speaker.name.value;
      await open(page, `/sessions/${encodeURIComponent(withEnglishName.id)}?lang=ar`);
      const marked = await page.$$eval(".people span[lang]", (spans, n) => spans.find((s) => s.textContent === n)?.lang, name);
      assert.equal(marked, "en", `the English name "${name}" is marked lang="en" on the Arabic page`);
      unmarked.push(...(await latinMarkedArabic(page)));
      if (`/sessions/${encodeURIComponent(withEnglishName.id)}` !== sessionPath) await ltrInsideRtl(page, "another session ar");
    }
    await open(page, "/glossary?lang=ar");
    unmarked.push(...(await latinMarkedArabic(page)));
    await ltrInsideRtl(page, "glossary ar");
    assert.deepEqual(unmarked, [], "Latin-script words marked as Arabic");

    // The language chosen is remembered: the next pages, without ?lang, are still Arabic.
    await open(page, "/");
    assert.deepEqual(await page.$eval("html", (e) => [e.lang, e.dir]), ["ar", "rtl"], "the programme remembers Arabic");
    await open(page, sessionPath);
    assert.deepEqual(await page.$eval("html", (e) => [e.lang, e.dir]), ["ar", "rtl"], "a session page remembers Arabic");
  }

  step("Spanish: a title not yet translated is shown in English, marked as English");
  {
    const titles = await gql("query { conference { sessions(first: 200) { nodes { id title { value lang } } } } }", null, {}, "es");
    const english = titles.conference.sessions.nodes.filter((n) => n.title.lang === "en");
    console.log(`sessions titled in English on the Spanish programme: ${english.length}`);
    await open(page, "/?day=all&lang=es");
    for (const node of english) {
      const marked = await page.$eval(`h3.session-title a[href="/sessions/${node.id}"]`, (a) => [a.lang, a.dir]);
      assert.deepEqual(marked, ["en", "ltr"], `"${node.title.value}" is marked English on the Spanish page`);
    }
    await open(page, "/?lang=en");
  }

  step("the keyboard alone: sign in with a code");
  await open(page, "/sign-in?back=%2F&lang=en");
  await typeInto(page, "#code", delegateCodes[0]);
  await enter(page);
  assert.equal(new URL(page.url()).pathname, "/", "signing in goes back where the delegate was");
  assert.equal(await count(page, ".notice[role=status]"), 1, "signing in is said");
  assert.equal(await count(page, "footer.footer form[action='/sign-out'] button[type=submit]"), 1, "a sign-out button");

  step("the keyboard alone: only sessions with sign-language interpretation");
  assert.equal(await text(page, "label[for=sign]"), EN.filterSign);
  const unfiltered = await listedIds(page);
  await tabTo(page, "#sign");
  await page.keyboard.press("Space");
  assert.equal(await page.$eval("#sign", (e) => e.checked), true, "Space ticks the box");
  await tabTo(page, "form.filters button[type=submit]");
  await enter(page);
  assert.equal(new URL(page.url()).searchParams.get("sign"), "on");
  assert.equal(await page.$eval("#sign", (e) => e.checked), true, "the box stays ticked");
  const filtered = await listedIds(page);
  assert.ok(filtered.length > 0, "some sessions have sign-language interpretation");
  assert.ok(filtered.length < unfiltered.length, "the filter leaves out sessions without sign language");
  assert.ok(filtered.every((id) => unfiltered.includes(id)), "the filter keeps the day shown");
  assert.equal(await text(page, "#count strong"), String(filtered.length), "the count says how many are listed");
  // The API is the stronger check: each listed session does have sign-language interpretation.
  const sign = await gql("query { conference { sessions(first: 200) { nodes { id languages { sign { tag } } } } } }");
  for (const id of filtered) {
    const node = sign.conference.sessions.nodes.find((n) => n.id === id);
    assert.ok(node, `${id} is listed but the API does not know it`);
    assert.ok(node.languages.sign.length > 0, `${id} is listed but has no sign-language interpretation`);
  }
  const withSign = sign.conference.sessions.nodes.filter((n) => n.languages.sign.length > 0).length;
  assert.ok(withSign < intervals.length, "some sessions have no sign-language interpretation, so the filter is tested");
  const facts = await page.$$eval(
    "ul.sessions > li.session",
    (items, label) => items.map((li) => [...li.querySelectorAll("dl.facts dt")].some((dt) => dt.textContent.trim() === label)),
    EN.signLanguage,
  );
  assert.ok(facts.every(Boolean), "every listed session says which sign language");
  await axe(page, "programme filtered, signed in");

  step("the keyboard alone: open a session that another overlaps, add it to my agenda");
  const first = filtered.find((id) => overlapping(id).length > 0);
  assert.ok(first, "a listed session overlaps another (the demo programme has some)");
  const second = overlapping(first)[0];
  await tabTo(page, `h3.session-title a[href="/sessions/${first}"]`);
  await enter(page);
  assert.equal(new URL(page.url()).pathname, `/sessions/${first}`);
  await tabTo(page, ".agenda-box form button[type=submit]");
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), EN.add);
  await enter(page);
  assert.equal(new URL(page.url()).pathname, `/sessions/${first}`, "adding comes back to the session");
  assert.equal(await text(page, ".notice[role=status]"), EN.added);
  assert.equal(await text(page, ".agenda-box form button[type=submit]"), EN.remove, "the button now removes");
  await axe(page, "session in my agenda en");

  step("the keyboard alone: add a second session at the same time");
  await open(page, `/sessions/${second}`);
  await tabTo(page, ".agenda-box form button[type=submit]");
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), EN.add);
  await enter(page);
  assert.equal(await text(page, ".notice[role=status]"), EN.added);
  assert.equal(await text(page, ".agenda-box form button[type=submit]"), EN.remove);

  step("my agenda says the two overlap, in every language");
  for (const lang of LANGS) {
    await open(page, `/agenda?lang=${lang}`);
    assert.ok((await count(page, ".clashes ul.warnings li")) >= 1, `the agenda in ${lang} warns of the overlap`);
    assert.ok((await text(page, ".clashes ul.warnings li")).length > 0, "the warning is a sentence");
    assert.equal(await count(page, "ul.sessions > li.session"), 2);
    await axe(page, `agenda with a clash ${lang}`);
    if (lang === "ar") await ltrInsideRtl(page, "agenda ar");
    if (lang === "en" || lang === "ar") await shot(page, `agenda-${lang}`);

    await open(page, `/settings?lang=${lang}`);
    assert.equal(await count(page, "form[action='/settings'] button[type=submit]"), 1, "the settings form");
    await axe(page, `settings ${lang}`);
    if (lang === "ar") await ltrInsideRtl(page, "settings ar");
  }

  step("320 px wide: the programme, a session and the agenda do not scroll sideways");
  await page.setViewport({ width: 320, height: 800 });
  for (const lang of ["en", "ar"]) {
    await open(page, `/?lang=${lang}`);
    await reflows(page, `programme ${lang} at 320px`);
    await open(page, `/?day=all&lang=${lang}`);
    await reflows(page, `programme all days ${lang} at 320px`);
    await open(page, `/sessions/${first}?lang=${lang}`);
    await reflows(page, `session ${lang} at 320px`);
    await open(page, `/agenda?lang=${lang}`);
    await reflows(page, `agenda ${lang} at 320px`);
    await shot(page, `agenda-${lang}-320`);
  }
  await page.setViewport({ width: 1280, height: 900 });

  step("the keyboard alone: remove one from the agenda, the warning goes");
  await open(page, "/agenda?lang=en");
  await tabTo(page, `form[action="/sessions/${first}/agenda"] button[type=submit]`);
  assert.match(await page.evaluate(() => document.activeElement.textContent.trim()), new RegExp(`^${EN.remove}`));
  await enter(page);
  assert.equal(new URL(page.url()).pathname, "/agenda", "removing stays on the agenda");
  assert.equal(await text(page, ".notice[role=status]"), EN.removed);
  assert.equal(await count(page, ".clashes ul.warnings li"), 0, "no warning is left");
  assert.deepEqual(await listedIds(page), [second]);
  await axe(page, "agenda without a clash en");

  step("the keyboard alone: sign out");
  await tabTo(page, "footer.footer button[type=submit]");
  await enter(page);
  assert.equal(new URL(page.url()).pathname, "/");
  assert.equal(await count(page, "footer.footer"), 0, "signed out");
  await anonymous.close();

  step("with JavaScript off: sign in, find a session, add it, see it, remove it");
  const plain = await browser.createBrowserContext();
  const noScript = await watchedPage(plain);
  await noScript.setJavaScriptEnabled(false);
  await open(noScript, "/sign-in?lang=en");
  await tabTo(noScript, "form[action='/sign-in'] button[type=submit]");
  await enter(noScript);
  assert.equal(await count(noScript, ".error-summary"), 1, "the empty code is refused without the script");
  assert.notEqual(await noScript.evaluate(() => document.activeElement.className), "error-summary", "no script ran");
  await typeInto(noScript, "#code", delegateCodes[1]);
  await enter(noScript);
  assert.equal(new URL(noScript.url()).pathname, "/agenda", "signing in from the menu leads to my agenda");
  assert.equal(await count(noScript, ".notice[role=status]"), 1);
  await open(noScript, "/?lang=en");
  await tabTo(noScript, "#captions");
  await noScript.keyboard.press("Space");
  await tabTo(noScript, "form.filters button[type=submit]");
  await enter(noScript);
  assert.equal(new URL(noScript.url()).searchParams.get("captions"), "on", "the filters work without the script");
  const captioned = await listedIds(noScript);
  assert.ok(captioned.length > 0, "some sessions are captioned");
  await tabTo(noScript, `h3.session-title a[href="/sessions/${captioned[0]}"]`);
  await enter(noScript);
  await tabTo(noScript, ".agenda-box form button[type=submit]");
  await enter(noScript);
  assert.equal(await text(noScript, ".notice[role=status]"), EN.added);
  assert.equal(await text(noScript, ".agenda-box form button[type=submit]"), EN.remove);
  await open(noScript, "/agenda");
  assert.deepEqual(await listedIds(noScript), [captioned[0]], "the session is in my agenda");
  await tabTo(noScript, `form[action="/sessions/${captioned[0]}/agenda"] button[type=submit]`);
  await enter(noScript);
  assert.equal(await text(noScript, ".notice[role=status]"), EN.removed);
  assert.deepEqual(await listedIds(noScript), [], "my agenda is empty again");
  await tabTo(noScript, "footer.footer button[type=submit]");
  await enter(noScript);
  assert.equal(await count(noScript, "footer.footer"), 0, "signed out without the script");
  await plain.close();

  step("my requests: a session with International Sign, and the service that asks for it (API)");
  const offer = await gql(
    "query { conference { accommodationServices { serviceType name { value } } sessions(first: 200) { nodes { id languages { sign { tag } } } } } }",
  );
  const services = offer.conference.accommodationServices;
  const byType = (type) => {
    const found = services.find((s) => s.serviceType === type);
    assert.ok(found, `the desk offers ${type}`);
    return found.name.value;
  };
  const interpretation = byType("SIGN_LANGUAGE_INTERPRETATION");
  const captioning = byType("LIVE_CAPTIONING");
  const other = byType("OTHER");
  const withIS = offer.conference.sessions.nodes.find((n) => n.languages.sign.some((l) => l.tag === "ils"));
  assert.ok(withIS, "a session has International Sign (ils) interpretation (the demo programme has some)");
  const askFrom = `/sessions/${withIS.id}`;
  const askForm = `/requests/new?session=${withIS.id}`;
  const askLink = `a[href="${askForm}"]`;

  step("the keyboard alone: sign in, and from the session ask for an accommodation; the consent comes first");
  const asking = await browser.createBrowserContext();
  const asker = await watchedPage(asking);
  await open(asker, `/sign-in?back=${encodeURIComponent(askFrom)}&lang=en`);
  await typeInto(asker, "#code", delegateCodes[2]);
  await enter(asker);
  assert.equal(new URL(asker.url()).pathname, askFrom, "signing in goes back to the session");
  await tabTo(asker, askLink);
  assert.equal(await asker.evaluate(() => document.activeElement.textContent.trim()), EN.askForSession);
  await enter(asker);
  assert.equal(new URL(asker.url()).pathname, "/requests", "before the consent, the form leads to my requests");
  assert.equal(await count(asker, "section.consent"), 1, "a fresh delegate is shown the consent");
  assert.ok((await text(asker, "section.consent .consent-text")).length > 0, "the consent has a text");
  assert.equal(await count(asker, 'a[href="/requests/new"]'), 0, "no request before the consent");

  for (const lang of LANGS) {
    step(`my requests before the consent, in ${lang}`);
    await open(asker, inLang("/requests", lang));
    assert.equal(await asker.$eval("html", (e) => e.lang), lang);
    assert.equal(await count(asker, "section.consent form[action='/requests/consent'] button[type=submit]"), 1);
    await axe(asker, `my requests before the consent ${lang}`);
    if (lang === "ar") await ltrInsideRtl(asker, "my requests before the consent ar");
  }

  step("the keyboard alone: agree, then back to the session and its link");
  await open(asker, "/requests?lang=en");
  await tabTo(asker, "section.consent button[type=submit]");
  assert.equal(await asker.evaluate(() => document.activeElement.textContent.trim()), EN.agree);
  await enter(asker);
  assert.equal(new URL(asker.url()).pathname, "/requests");
  assert.equal(await text(asker, ".notice[role=status]"), EN.consented);
  assert.equal(await count(asker, "section.consent"), 0, "the consent is not asked again");
  assert.equal(await count(asker, 'a.button[href="/requests/new"]'), 1, "a link to ask for an accommodation");
  await open(asker, askFrom);
  await tabTo(asker, askLink);
  await enter(asker);
  assert.equal(new URL(asker.url()).pathname, "/requests/new", "after the consent, the link opens the form");
  assert.equal(
    await asker.$eval(`input[name=session][value="${withIS.id}"]`, (e) => e.checked),
    true,
    "the session the delegate came from is ticked",
  );
  assert.equal(await count(asker, "input[type=radio][name=service]"), services.length, "a radio per service");
  const hints = await asker.$$eval("input[type=radio][name=service]", (radios) =>
    radios.map((r) => {
      const hint = document.getElementById(r.getAttribute("aria-describedby") || "");
      return hint ? hint.textContent.replace(/\s+/g, " ").trim() : "";
    }),
  );
  for (const hint of hints) {
    assert.ok(hint.includes(EN.dueBy) || hint.includes(EN.lateHint), `each service's hint says its cut-off: "${hint}"`);
  }
  assert.equal(await count(asker, "#details"), 1);
  assert.equal(await count(asker, "select#details-lang"), 1);
  assert.ok((await count(asker, "input[type=checkbox][name=day]")) === days.length, "a box per conference day");

  step("the keyboard alone: choose sign-language interpretation with the arrow keys, say more, send");
  const details = "International Sign for this session, please. I sit near the front.";
  await chooseRadio(asker, "service", interpretation);
  await typeInto(asker, "#details", details);
  await tabTo(asker, "form[action='/requests/new'] button[type=submit]");
  const sent = await enter(asker);
  assert.equal(sent.status(), 200);
  assert.equal(new URL(asker.url()).pathname, "/requests", "sending leads to my requests");
  assert.equal(await text(asker, ".notice[role=status]"), EN.requestSent);
  assert.equal(await count(asker, "ul.items > li.item"), 1, "my request is listed");
  assert.equal(await text(asker, "ul.items > li.item h2 a"), interpretation);
  assert.equal(await text(asker, "ul.items > li.item .status strong"), EN.submitted, "its status in words");
  assert.equal(await count(asker, `ul.items > li.item a[href="${askFrom}"]`), 1, "with the session it is for");
  const itemPath = await asker.$eval("ul.items > li.item h2 a", (a) => a.getAttribute("href"));
  assert.match(itemPath, /^\/requests\/items\/[^/?#]+$/);
  const itemId = decodeURIComponent(itemPath.split("/").pop());

  step("the desk answers through the API: in review, a question with a reason, a message and an internal note");
  const reply = "Which sign language do you use: International Sign or Jordanian Sign Language?";
  const why = "We need to know which interpreters to book.";
  const note = "Internal: two ILS interpreters are free that afternoon.";
  {
    const desk = await apiSignIn(coordinatorCode);
    const ITEM = "query ($id: ID!) { node(id: $id) { ... on RequestItem { status version } } }";
    const MOVE = `mutation ($id: ID!, $to: ItemStatus!, $version: Int!, $reason: String) {
      moveRequestItem(itemId: $id, to: $to, expectedVersion: $version, reason: $reason, reasonLang: "en") { status version } }`;
    const SEND = `mutation ($id: ID!, $body: String!, $internal: Boolean!) {
      sendRequestMessage(itemId: $id, body: $body, lang: "en", internal: $internal) { status version } }`;
    let item = (await gql(ITEM, desk, { id: itemId })).node;
    assert.equal(item.status, "SUBMITTED", "the desk reads the item just sent");
    item = (await gql(MOVE, desk, { id: itemId, to: "IN_REVIEW", version: item.version })).moveRequestItem;
    assert.equal(item.status, "IN_REVIEW");
    item = (await gql(MOVE, desk, { id: itemId, to: "NEEDS_INFO", version: item.version, reason: why })).moveRequestItem;
    assert.equal(item.status, "NEEDS_INFO");
    await gql(SEND, desk, { id: itemId, body: reply, internal: false });
    await gql(SEND, desk, { id: itemId, body: note, internal: true });
    const THREAD = "query ($id: ID!) { node(id: $id) { ... on RequestItem { messages { internal body { value } } } } }";
    const thread = (await gql(THREAD, desk, { id: itemId })).node.messages;
    assert.ok(thread.some((m) => m.internal && m.body && m.body.value === note), "the desk sees its internal note");
  }

  step("the keyboard alone: open my request, read the desk's question, answer it");
  await open(asker, "/requests?lang=en");
  assert.equal(await text(asker, "ul.items > li.item .status strong"), EN.needsInfo, "the list says the desk needs something");
  await tabTo(asker, `ul.items > li.item h2 a[href="${itemPath}"]`);
  await enter(asker);
  assert.equal(new URL(asker.url()).pathname, itemPath);
  assert.equal(await text(asker, ".summary-list dd strong"), EN.needsInfo, "the status in words");
  assert.equal(await count(asker, "ol.messages > li.message.message-desk"), 1, "the desk's message");
  assert.ok((await text(asker, "ol.messages > li.message.message-desk")).includes(reply), "the desk's message is shown");
  assert.ok((await text(asker, "ol.timeline")).includes(why), "the history says why the desk asks");
  assert.ok(!(await asker.content()).includes(note), "the desk's internal note is never on the delegate's page");
  const moves = await asker.$$eval("form.move button[type=submit]", (buttons) => buttons.map((b) => b.textContent.trim()));
  assert.ok(moves.includes(EN.answered) && moves.includes(EN.withdraw), `the moves offered: ${moves.join(", ")}`);
  const answer = "International Sign, please. Thank you.";
  await typeInto(asker, "#message", answer);
  await tabTo(asker, `form[action="${itemPath}/message"] button[type=submit]`);
  await enter(asker);
  assert.equal(new URL(asker.url()).pathname, itemPath, "sending a message stays on the request");
  assert.equal(await text(asker, ".notice[role=status]"), EN.messageSent);
  assert.equal(await text(asker, ".summary-list dd strong"), EN.inReview, "answering sends the request back to review");
  assert.ok((await text(asker, "ol.messages > li.message.message-mine")).includes(answer), "my answer is in the thread");
  const steps = await asker.$$eval("ol.timeline > li strong", (all) => all.map((s) => s.textContent.trim()));
  assert.ok(steps.length >= 2, `the history has steps: ${steps.join(", ")}`);
  assert.equal(steps[steps.length - 1], EN.inReview, "the last step is back in review");
  assert.ok(!(await asker.content()).includes(note), "the internal note is still not shown");

  for (const lang of LANGS) {
    step(`my requests with one item, the form (and with an error) and the item, in ${lang}`);
    await open(asker, inLang("/requests", lang));
    assert.equal(await count(asker, "ul.items > li.item"), 1);
    assert.equal(await count(asker, 'a.button[href="/requests/new"]'), 1);
    await axe(asker, `my requests with one item ${lang}`);
    if (lang === "ar") await ltrInsideRtl(asker, "my requests ar");

    // With ?session=, so that the sessions' boxes are checked too.
    await open(asker, inLang(askForm, lang));
    assert.equal(await asker.$eval("html", (e) => e.lang), lang);
    assert.equal(await count(asker, `input[name=session][value="${withIS.id}"]:checked`), 1);
    await axe(asker, `request form ${lang}`);
    if (lang === "ar") await ltrInsideRtl(asker, "request form ar");
    if (lang === "en" || lang === "ar") await shot(asker, `request-form-${lang}`);
    await tabTo(asker, "form[action='/requests/new'] button[type=submit]");
    const refused = await enter(asker);
    assert.equal(refused.status(), 422, "a request without a service is refused");
    assert.equal(await count(asker, ".error-summary a[href='#service']"), 1, "the error summary links to the services");
    assert.equal(await count(asker, "#service .error-message"), 1, "the error is said at the services too");
    assert.equal(await asker.evaluate(() => document.activeElement.className), "error-summary", "the script focuses the summary");
    await axe(asker, `request form with an error ${lang}`);

    await open(asker, inLang(itemPath, lang));
    assert.equal(await count(asker, "ol.messages > li.message.message-desk"), 1);
    assert.ok((await count(asker, "ol.timeline > li")) >= 2);
    await axe(asker, `request item ${lang}`);
    if (lang === "ar") await ltrInsideRtl(asker, "request item ar");
    if (lang === "en" || lang === "ar") await shot(asker, `request-item-${lang}`);
  }
  await open(asker, "/requests?lang=en");

  step("320 px wide: my requests, the request form and a request do not scroll sideways");
  await asker.setViewport({ width: 320, height: 800 });
  for (const lang of ["en", "ar"]) {
    await open(asker, `/requests?lang=${lang}`);
    await reflows(asker, `my requests ${lang} at 320px`);
    await open(asker, inLang(askForm, lang));
    await reflows(asker, `request form ${lang} at 320px`);
    await open(asker, `${itemPath}?lang=${lang}`);
    await reflows(asker, `request item ${lang} at 320px`);
  }
  await open(asker, "/requests?lang=en");
  await asking.close();

  step("with JavaScript off: agree, ask for live captioning (after two refusals), see it listed, withdraw it");
  const plainAsking = await browser.createBrowserContext();
  const plainAsker = await watchedPage(plainAsking);
  await plainAsker.setJavaScriptEnabled(false);
  await open(plainAsker, "/sign-in?back=%2Frequests&lang=en");
  await typeInto(plainAsker, "#code", delegateCodes[3]);
  await enter(plainAsker);
  assert.equal(new URL(plainAsker.url()).pathname, "/requests");
  await tabTo(plainAsker, "section.consent button[type=submit]");
  await enter(plainAsker);
  assert.equal(await text(plainAsker, ".notice[role=status]"), EN.consented, "agreeing works without the script");
  await tabTo(plainAsker, 'a.button[href="/requests/new"]');
  await enter(plainAsker);
  assert.equal(new URL(plainAsker.url()).pathname, "/requests/new");
  await tabTo(plainAsker, "form[action='/requests/new'] button[type=submit]");
  const plainRefused = await enter(plainAsker);
  assert.equal(plainRefused.status(), 422);
  assert.equal(await count(plainAsker, ".error-summary a[href='#service']"), 1, "the missing service is said without the script");
  assert.notEqual(await plainAsker.evaluate(() => document.activeElement.className), "error-summary", "no script ran");
  // "Other support" says nothing without details: the API refuses, the form says where.
  await chooseRadio(plainAsker, "service", other);
  await tabTo(plainAsker, "form[action='/requests/new'] button[type=submit]");
  const noDetails = await enter(plainAsker);
  assert.equal(noDetails.status(), 422, "other support without details is refused");
  assert.equal(await count(plainAsker, ".error-summary a[href='#details']"), 1, "the error summary links to the details");
  assert.equal(await plainAsker.$eval("#details", (e) => e.getAttribute("aria-invalid")), "true");
  assert.equal(await count(plainAsker, "input[name=service]:checked"), 1, "the service chosen is kept");
  await chooseRadio(plainAsker, "service", captioning);
  await typeInto(plainAsker, "#details", "Captions in English for every plenary, please.");
  await tabTo(plainAsker, "form[action='/requests/new'] button[type=submit]");
  await enter(plainAsker);
  assert.equal(new URL(plainAsker.url()).pathname, "/requests");
  assert.equal(await text(plainAsker, ".notice[role=status]"), EN.requestSent, "the request is sent without the script");
  assert.equal(await count(plainAsker, "ul.items > li.item"), 1);
  assert.equal(await text(plainAsker, "ul.items > li.item h2 a"), captioning);
  assert.equal(await text(plainAsker, "ul.items > li.item .status strong"), EN.submitted);
  const plainItem = await plainAsker.$eval("ul.items > li.item h2 a", (a) => a.getAttribute("href"));
  await tabTo(plainAsker, `ul.items > li.item h2 a[href="${plainItem}"]`);
  await enter(plainAsker);
  assert.equal(new URL(plainAsker.url()).pathname, plainItem);
  await tabTo(plainAsker, "form.move button[type=submit].warning");
  assert.equal(await plainAsker.evaluate(() => document.activeElement.textContent.trim()), EN.withdraw);
  await enter(plainAsker);
  assert.equal(new URL(plainAsker.url()).pathname, plainItem, "withdrawing stays on the request");
  assert.equal(await text(plainAsker, ".notice[role=status]"), EN.updated);
  assert.equal(await text(plainAsker, ".summary-list dd strong"), EN.withdrawn, "withdrawn, said in words");
  await tabTo(plainAsker, "footer.footer button[type=submit]");
  await enter(plainAsker);
  assert.equal(await count(plainAsker, "footer.footer"), 0, "signed out without the script");
  await plainAsking.close();

  step("no page asked another origin for anything");
  assert.ok(seen.requests.length > 0, "requests were watched");
  assert.deepEqual(seen.foreign, [], "requests to another origin");
  console.log(`requests watched: ${seen.requests.length}, all to ${BASE}`);
} catch (error) {
  failWith(error);
} finally {
  await browser.close();
}

report({ axeFigure: "browser_pages_checked_with_axe", passed: "app browser journeys passed" });
