// The delegates' app in a real browser (Debian's chromium): every page checked with axe-core
// (WCAG 2.x A and AA) in English, French, Arabic and Spanish, a delegate's day done with the
// keyboard alone (filter the programme, add two sessions that overlap, see the clash on the
// agenda, remove one), the same with JavaScript off, Arabic right to left with other
// languages marked, 320 px reflow, the headers and the manifest, and screenshots for a person
// to look at.
//
// Run by `tests/browser/run` after the desk's test, which starts a server and passes, in the
// environment: SANAD_URL, DELEGATE_CODES (comma separated, at least two, none shared with
// the desk's test: a code works once), SCREENSHOTS (a directory).

import { readFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import assert from "node:assert/strict";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const BASE = process.env.SANAD_URL.replace(/\/+$/, "");
const SHOTS = process.env.SCREENSHOTS;
const delegateCodes = process.env.DELEGATE_CODES.split(",").filter(Boolean);
assert.ok(delegateCodes.length >= 2, "DELEGATE_CODES needs two codes: the keyboard journey's and the one without JavaScript");
mkdirSync(SHOTS, { recursive: true });

const LANGS = ["en", "fr", "ar", "es"];
// The interface's own words the test looks for (api/src/app/i18n/en.rs).
const EN = {
  signLanguage: "Sign language",
  filterSign: "With sign-language interpretation",
  add: "Add to my agenda",
  remove: "Remove from my agenda",
  added: "Added to your agenda.",
  removed: "Removed from your agenda.",
};

let checked = 0;
const failures = [];
// Every request any page makes, to prove none leaves this origin (a venue LAN without internet).
const requests = [];
const foreign = [];

function step(name) {
  console.log(`-- ${name}`);
}

/** axe-core on the page as it is: no violation of WCAG 2.0/2.1/2.2 A and AA. */
async function axe(page, label) {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } }),
  );
  checked += 1;
  if (result.violations.length > 0) {
    for (const v of result.violations) {
      failures.push(`${label}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    }
  }
  console.log(`axe ${label}: ${result.violations.length} violations, ${result.passes.length} rules passed`);
}

/** Presses Tab until the focused element matches `selector` (the keyboard alone). */
async function tabTo(page, selector, limit = 300) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press("Tab");
    const hit = await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector);
    if (hit) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Presses Enter on the focused control and waits for the page it loads; returns its response. */
async function enter(page) {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
  return response;
}

async function typeInto(page, selector, text) {
  await tabTo(page, selector);
  await page.keyboard.type(text);
}

async function shot(page, name) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function text(page, selector) {
  return page.$eval(selector, (e) => e.textContent.trim());
}

async function count(page, selector) {
  return page.$$eval(selector, (all) => all.length);
}

/** Loads a page and checks it answered with the status expected. */
async function open(page, path, status = 200) {
  const response = await page.goto(`${BASE}${path}`, { waitUntil: "load" });
  assert.equal(response.status(), status, `${path} answered ${response.status()}, not ${status}`);
  return response;
}

/** `path` with `lang=…` added. */
function inLang(path, lang) {
  return `${path}${path.includes("?") ? "&" : "?"}lang=${lang}`;
}

/**
 * The document never scrolls sideways: tables scroll inside their own region. A page that
 * does is a failure listed at the end (with what sticks out), and the journey goes on.
 */
async function reflows(page, label) {
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

/** The sessions a programme page lists, by id, in order. */
async function listedIds(page) {
  return page.$$eval("ul.sessions > li.session h3.session-title a", (links) =>
    links.map((a) => decodeURIComponent(new URL(a.href).pathname.split("/").pop())),
  );
}

/** Our own GraphQL API, as any client calls it. */
async function gql(query, variables = {}, lang = "en") {
  const response = await fetch(`${BASE}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", "accept-language": lang },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  assert.ok(!body.errors, JSON.stringify(body.errors));
  return body.data;
}

/** A page that records where each of its requests goes. */
async function watchedPage(context) {
  const page = await context.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.on("request", (request) => {
    const url = request.url();
    requests.push(url);
    if (!url.startsWith(`${BASE}/`)) foreign.push(`${page.url()} asked for ${url}`);
  });
  return page;
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

/**
 * On a right-to-left page, left-to-right text with slashes, dashes or stress marks in it
 * (a name in Latin letters, IPA, an address) must be laid out left to right (`dir="ltr"`),
 * or the browser moves those marks to the wrong end: "/ˈʕumar/" shows as "/ʕumarˈ/". Each
 * such element is a failure listed at the end.
 */
async function ltrInsideRtl(page, label) {
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

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-dev-shm-usage", "--lang=en-GB"],
});
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
    const titles = await gql("query { conference { sessions(first: 200) { nodes { id title { value lang } } } } }", {}, "ar");
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
    const titles = await gql("query { conference { sessions(first: 200) { nodes { id title { value lang } } } } }", {}, "es");
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

  step("no page asked another origin for anything");
  assert.ok(requests.length > 0, "requests were watched");
  assert.deepEqual(foreign, [], "requests to another origin");
  console.log(`requests watched: ${requests.length}, all to ${BASE}`);
} catch (error) {
  failures.push(String(error && error.stack ? error.stack : error));
} finally {
  await browser.close();
}

console.log(`browser_pages_checked_with_axe: ${checked}`);
if (failures.length > 0) {
  console.error(`\n${failures.length} failure(s):\n${failures.join("\n")}`);
  process.exit(1);
}
console.log("app browser journeys passed");
