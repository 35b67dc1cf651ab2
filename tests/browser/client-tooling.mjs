// What client developers' tools do against the live server: graphql-js's standard introspection
// (as GraphiQL, graphql-codegen and Apollo iOS/Kotlin send it) rebuilt into a schema and compared
// with the checked-in SDL, descriptions and `@specifiedBy` on every custom scalar, the
// GraphQL-over-HTTP media type, and GraphiQL in Debian's chromium with no other origin reachable.
//
// Run by `tests/browser/run`, which starts a server and passes, in the environment:
// SANAD_URL (the server's base URL), SDL_FILE (schema/schema.graphql), SCREENSHOTS (a
// directory, optional).

import { readFileSync } from "node:fs";
import assert from "node:assert/strict";
import {
  buildClientSchema,
  buildSchema,
  findBreakingChanges,
  findDangerousChanges,
  getIntrospectionQuery,
  isScalarType,
  isSpecifiedScalarType,
  lexicographicSortSchema,
  printSchema,
  version as graphqlVersion,
} from "graphql";
import { BASE, ORIGIN, failWith, failures, launch, originWatch, report, shot, step } from "./lib.mjs";

const SDL_FILE = process.env.SDL_FILE;
const SHOTS = process.env.SCREENSHOTS;
if (!BASE || !SDL_FILE) {
  console.error("client-tooling.mjs needs SANAD_URL (the server's base URL) and SDL_FILE (schema/schema.graphql)");
  process.exit(2);
}
const GRAPHQL = `${BASE}/graphql`;

function figure(name, value) {
  console.log(`${name}: ${value}`);
}

/** Runs one group of checks; a failure is recorded and the next group still runs. */
async function check(name, body) {
  step(name);
  try {
    await body();
  } catch (error) {
    const said = error instanceof assert.AssertionError ? error.message : error && error.stack ? error.stack : error;
    failures.push(`${name}: ${said}`);
  }
}

/** The media type of a Content-Type header, without parameters. */
function mediaType(response) {
  return (response.headers.get("content-type") || "").split(";")[0].trim().toLowerCase();
}

/** POSTs a GraphQL request as JSON; returns the status, the media type and the parsed body. */
async function post(body, headers = {}) {
  const response = await fetch(GRAPHQL, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`POST ${GRAPHQL} answered ${response.status} ${mediaType(response)} that is not JSON: ${text.slice(0, 300)}`);
  }
  return { status: response.status, type: mediaType(response), json, bytes: text.length };
}

/** Sends an introspection query as a tool does; fails on any `errors`; returns the rebuilt schema. */
async function introspect(label, query) {
  const { status, json, bytes } = await post({ query, operationName: "IntrospectionQuery" });
  assert.ok(!json.errors, `${label}: the server answered errors: ${JSON.stringify(json.errors)}`);
  assert.equal(status, 200, `${label}: status ${status}`);
  assert.ok(json.data && json.data.__schema, `${label}: no data.__schema in the answer`);
  const schema = buildClientSchema(json.data);
  figure(`${label}_bytes`, bytes);
  figure(`${label}_types`, json.data.__schema.types.length);
  return schema;
}

/**
 * A short line diff (longest common subsequence) of two texts: up to `maxHunks` hunks with up to
 * three lines of context, `-` for the first text (the SDL file) and `+` for the second (the server).
 */
function shortDiff(a, b, maxHunks = 4, maxLines = 60) {
  const x = a.split("\n");
  const y = b.split("\n");
  // Leave the common head and tail out of the table.
  let head = 0;
  while (head < x.length && head < y.length && x[head] === y[head]) head += 1;
  let tail = 0;
  while (tail < x.length - head && tail < y.length - head && x[x.length - 1 - tail] === y[y.length - 1 - tail]) tail += 1;
  const xs = x.slice(head, x.length - tail);
  const ys = y.slice(head, y.length - tail);
  const n = xs.length;
  const m = ys.length;
  // Each entry: [op, text, line number in the first text].
  const ops = [];
  for (let k = Math.max(0, head - 3); k < head; k += 1) ops.push([" ", x[k], k + 1]);
  if (n * m <= 25_000_000) {
    const width = m + 1;
    const lcs = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i -= 1) {
      for (let j = m - 1; j >= 0; j -= 1) {
        lcs[i * width + j] = xs[i] === ys[j] ? lcs[(i + 1) * width + j + 1] + 1 : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && xs[i] === ys[j]) {
        ops.push([" ", xs[i], head + i + 1]);
        i += 1;
        j += 1;
      } else if (i < n && (j === m || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1])) {
        ops.push(["-", xs[i], head + i + 1]);
        i += 1;
      } else {
        ops.push(["+", ys[j], head + i + 1]);
        j += 1;
      }
    }
  } else {
    for (let i = 0; i < n; i += 1) ops.push(["-", xs[i], head + i + 1]);
    for (const line of ys) ops.push(["+", line, head + n + 1]);
  }
  for (let k = x.length - tail; k < Math.min(x.length, x.length - tail + 3); k += 1) ops.push([" ", x[k], k + 1]);

  const out = [];
  let hunks = 0;
  let k = 0;
  while (k < ops.length && hunks < maxHunks) {
    if (ops[k][0] === " ") {
      k += 1;
      continue;
    }
    let start = k;
    while (start > 0 && k - start < 3 && ops[start - 1][0] === " ") start -= 1;
    let end = k;
    let quiet = 0;
    while (end < ops.length && quiet < 3) {
      quiet = ops[end][0] === " " ? quiet + 1 : 0;
      end += 1;
    }
    out.push(`@@ line ${ops[start][2]} of the printed SDL @@`);
    for (const [op, line] of ops.slice(start, end)) out.push(`${op} ${line}`);
    hunks += 1;
    k = end;
  }
  if (out.length > maxLines) out.splice(maxLines, out.length - maxLines, "…");
  const left = ops.slice(k).filter(([op]) => op !== " ").length;
  if (left > 0) out.push(`(${left} more changed lines)`);
  return out.join("\n");
}

let client;
let browser;
try {
  figure("graphql_js", graphqlVersion);

  await check("introspection as graphql-js with every option, compared with the checked-in SDL", async () => {
    client = await introspect(
      "introspection_full",
      getIntrospectionQuery({
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        schemaDescription: true,
        inputValueDeprecation: true,
      }),
    );
    const sdl = buildSchema(readFileSync(SDL_FILE, "utf8"));
    // Three differences that neither side's schema makes, only the two libraries:
    // - graphql-js adds its own built-in directives to a schema built from SDL, and its
    //   @deprecated also applies to DIRECTIVE_DEFINITION, async-graphql's does not;
    // - async-graphql lists every standard scalar (Float too, which nothing uses), while an
    //   SDL-built schema holds only those referenced;
    // - async-graphql answers __schema.description with a fixed sentence about GraphQL.
    const builtInDirectives = new Set(["deprecated", "include", "skip", "specifiedBy", "oneOf"]);
    const standardScalars = new Set(["Int", "Float", "String", "Boolean", "ID"]);
    const libraryOnly = (c) =>
      (c.type === "DIRECTIVE_LOCATION_REMOVED" &&
        [...builtInDirectives].some((d) => c.description.endsWith(` from ${d}.`))) ||
      (c.type === "TYPE_REMOVED" && [...standardScalars].some((t) => c.description.startsWith(`Standard scalar ${t} `)));
    const changes = [
      ...findBreakingChanges(sdl, client).filter((c) => !libraryOnly(c)).map((c) => `breaking, SDL -> server: ${c.type}: ${c.description}`),
      ...findBreakingChanges(client, sdl).filter((c) => !libraryOnly(c)).map((c) => `breaking, server -> SDL: ${c.type}: ${c.description}`),
      ...findDangerousChanges(sdl, client).map((c) => `dangerous, SDL -> server: ${c.type}: ${c.description}`),
      ...findDangerousChanges(client, sdl).map((c) => `dangerous, server -> SDL: ${c.type}: ${c.description}`),
    ];
    figure("schema_changes_against_sdl", changes.length);
    const printedSdl = printSchema(lexicographicSortSchema(sdl));
    const asyncGraphqlSentence = "A GraphQL Schema defines the capabilities of a GraphQL server.";
    const serverSchema = lexicographicSortSchema(client);
    if (!sdl.description && serverSchema.description?.startsWith(asyncGraphqlSentence)) {
      serverSchema.description = undefined;
    }
    const printedServer = printSchema(serverSchema);
    const same = printedSdl === printedServer;
    figure("printed_schema_identical", same);
    if (changes.length > 0) {
      failures.push(`the served schema is not ${SDL_FILE}:\n  ${changes.join("\n  ")}`);
    }
    if (!same) {
      failures.push(
        `printSchema(lexicographicSortSchema(...)) differs between ${SDL_FILE} (-) and the introspection of ${GRAPHQL} (+):\n` +
          shortDiff(printedSdl, printedServer),
      );
    }
  });

  await check("introspection as GraphiQL and graphql-codegen send it (the defaults)", async () => {
    await introspect("introspection_default", getIntrospectionQuery());
  });

  await check("introspection as Apollo iOS/Kotlin send it (descriptions, seven ofType levels, no newer fields)", async () => {
    await introspect("introspection_apollo", getIntrospectionQuery({ descriptions: true, typeDepth: 7 }));
  });

  await check("every custom scalar says what it is and where it is specified", async () => {
    assert.ok(client, "no client schema: the full introspection failed");
    const scalars = Object.values(client.getTypeMap()).filter((t) => isScalarType(t) && !isSpecifiedScalarType(t));
    figure("custom_scalars", scalars.length);
    let specified = 0;
    for (const scalar of scalars) {
      if (!scalar.description || !scalar.description.trim()) failures.push(`scalar ${scalar.name} has no description`);
      const url = scalar.specifiedByURL;
      if (!url) {
        failures.push(`scalar ${scalar.name} has no specifiedByURL (@specifiedBy)`);
        continue;
      }
      let parsed;
      try {
        parsed = new URL(url);
      } catch {
        failures.push(`scalar ${scalar.name}: specifiedByURL ${JSON.stringify(url)} is not a URL`);
        continue;
      }
      if (!["https:", "http:"].includes(parsed.protocol)) {
        failures.push(`scalar ${scalar.name}: specifiedByURL ${url} is not http(s)`);
        continue;
      }
      specified += 1;
      console.log(`scalar ${scalar.name} @specifiedBy(url: ${JSON.stringify(url)})`);
    }
    figure("custom_scalars_with_specified_by", specified);
  });

  await check("GraphQL over HTTP: application/graphql-response+json", async () => {
    const NEW = "application/graphql-response+json";
    const ok = await post({ query: "query { __typename }" }, { accept: NEW });
    assert.equal(ok.status, 200, `a valid query with Accept: ${NEW}: status ${ok.status}`);
    assert.equal(ok.type, NEW, `a valid query with Accept: ${NEW}: Content-Type ${ok.type}`);
    assert.ok(!ok.json.errors && ok.json.data && typeof ok.json.data.__typename === "string", JSON.stringify(ok.json));

    const broken = "query { __typename";
    const refused = await post({ query: broken }, { accept: NEW });
    assert.equal(refused.status, 400, `a broken document with Accept: ${NEW}: status ${refused.status}`);
    assert.equal(refused.type, NEW, `a broken document with Accept: ${NEW}: Content-Type ${refused.type}`);
    assert.ok(Array.isArray(refused.json.errors) && refused.json.errors.length > 0, `no errors: ${JSON.stringify(refused.json)}`);
    assert.ok(!("data" in refused.json), `a request error has no data key: ${JSON.stringify(refused.json)}`);

    const legacy = await post({ query: broken }, { accept: "application/json" });
    assert.equal(legacy.status, 200, `a broken document with Accept: application/json: status ${legacy.status}`);
    assert.equal(legacy.type, "application/json", `a broken document with Accept: application/json: Content-Type ${legacy.type}`);
    assert.ok(Array.isArray(legacy.json.errors) && legacy.json.errors.length > 0, `no errors: ${JSON.stringify(legacy.json)}`);
    figure("graphql_response_json_checks", 3);
  });

  await check("GraphiQL from the server alone", async () => {
    browser = await launch();
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    // Each request outside this origin is refused as well as recorded: the page must work without.
    const seen = originWatch();
    await seen.watch(page, { block: true });
    const failed = [];
    const consoleErrors = [];
    const pageErrors = [];
    const introspections = [];
    page.on("requestfailed", (request) => {
      failed.push(`${request.method()} ${request.url().slice(0, 120)}: ${request.failure()?.errorText}`);
    });
    page.on("console", (message) => {
      if (message.type() !== "error") return;
      const where = message.location() && message.location().url;
      // Chromium asks for /favicon.ico by itself; the server has none, and GraphiQL does not need one.
      if (where && new URL(where, BASE).pathname === "/favicon.ico") return;
      consoleErrors.push(where ? `${message.text()} (${where})` : message.text());
    });
    page.on("pageerror", (error) => pageErrors.push(String(error && error.message ? error.message : error)));
    page.on("response", (response) => {
      const request = response.request();
      if (request.method() === "POST" && new URL(response.url()).pathname === "/graphql" && (request.postData() || "").includes("__schema")) {
        introspections.push(
          response
            .json()
            .then((body) => ({ status: response.status(), body }))
            .catch((error) => ({ status: response.status(), body: null, error: String(error) })),
        );
      }
    });

    const response = await page.goto(`${BASE}/graphiql`, { waitUntil: "load" });
    assert.equal(response.status(), 200, `GET /graphiql: status ${response.status()}`);
    figure("graphiql_csp", response.headers()["content-security-policy"] || "(none)");
    await page.waitForSelector(".graphiql-container", { timeout: 15000 });
    // GraphiQL asks for the schema as it mounts; wait for that answer and let it render.
    const deadline = Date.now() + 15000;
    while (introspections.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await page.waitForNetworkIdle({ idleTime: 500, timeout: 15000 }).catch(() => {});
    if (SHOTS) await shot(page, "graphiql");
    // Anything the page loaded, as the browser itself saw it (a second look besides interception).
    const resources = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
    for (const url of resources) {
      if (!url.startsWith("data:") && !url.startsWith("blob:") && new URL(url).origin !== ORIGIN && !seen.foreign.some((f) => f.endsWith(` ${url}`))) {
        seen.foreign.push(`${page.url()} loaded ${url}`);
      }
    }
    await page.close();

    for (const line of seen.requests) console.log(`graphiql asked: ${line.length > 140 ? `${line.slice(0, 140)}…` : line}`);
    figure("graphiql_requests", seen.requests.length);
    figure("graphiql_other_origin_requests", seen.foreign.length);
    figure("graphiql_failed_requests", failed.length);
    figure("graphiql_introspection_answers", introspections.length);
    for (const line of seen.foreign) failures.push(`GraphiQL asked another origin than ${ORIGIN}: ${line}`);
    for (const line of failed) failures.push(`GraphiQL: a request failed: ${line}`);
    for (const { status, body, error } of await Promise.all(introspections)) {
      if (status !== 200 || !body || body.errors || !body.data || !body.data.__schema) {
        failures.push(`GraphiQL's introspection answered ${status}: ${error || JSON.stringify(body && body.errors)}`);
      }
    }
    if (introspections.length === 0) failures.push("GraphiQL never asked for the schema (no introspection POST to /graphql)");

    const loading = /content security policy|refused to|failed to load|net::err_|mime type|blocked|loading (chunk|module)|is not defined|cannot read/i;
    const blocking = consoleErrors.filter((text) => loading.test(text));
    const other = consoleErrors.filter((text) => !loading.test(text));
    figure("graphiql_console_errors", consoleErrors.length);
    figure("graphiql_page_errors", pageErrors.length);
    for (const text of blocking) failures.push(`GraphiQL console error (CSP or loading): ${text}`);
    for (const text of pageErrors) failures.push(`GraphiQL uncaught error: ${text}`);
    for (const text of other) console.log(`note: GraphiQL console error, not about CSP or loading: ${text}`);
  });
} catch (error) {
  failWith(error);
} finally {
  if (browser) await browser.close();
}

report({ passed: "client tooling checks passed" });
