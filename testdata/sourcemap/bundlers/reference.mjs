// Reference lookups for the bundler fixtures, made by Mozilla's
// `source-map` (0.7.4) `SourceMapConsumer.originalPositionFor` with its
// default bias (GREATEST_LOWER_BOUND). Run by build.sh:
//
//   SOURCE_MAP_DIR=<node_modules/source-map> node reference.mjs esbuild terser
//
// For each bundle `out/<bundle>.min.js` (+ `.map`) writes
// `out/<bundle>.expected.json`, a list of rows
//   {kind, line (1-based), column (0-based), source, originalLine (1-based),
//    originalColumn (0-based), name, ...}
// where `source`..`name` are source-map's answer (null when unmapped):
//   kind "segment": every mapping segment's generated position;
//   kind "random":  200 positions from a fixed-seed LCG;
//   kind "needle":  a throw/call statement inside each function of the app,
//                   found in the original file by a unique text snippet and
//                   carried to the minified file with allGeneratedPositionsFor;
//   kind "stack":   every frame inside the bundle of the stack traces that
//                   V8 (node) prints when the bundle runs each scenario.
// Needle and stack rows also carry `expected_function`: the name Sentry's
// js-source-scopes (0.7.3, built from scopes/ by build.sh; SCOPE_NAMES_BIN)
// gives the innermost function scope of the ORIGINAL (unminified) source at
// the row's original position; stack rows also carry `v8_unminified_function`,
// what V8 prints for the same frame when node runs the unminified app/src
// (which also fixes how many frames each scenario has in the bundle).

import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const here = path.dirname(fileURLToPath(import.meta.url));
const sourceMapDir = process.env.SOURCE_MAP_DIR;
const scopeNamesBin = process.env.SCOPE_NAMES_BIN;
if (!scopeNamesBin) {
  throw new Error("set SCOPE_NAMES_BIN to the built scopes/ tool (build.sh does)");
}
if (!sourceMapDir) {
  throw new Error("set SOURCE_MAP_DIR to an installed source-map@0.7.4");
}
const require = createRequire(path.join(here, "reference.mjs"));
const sourceMap = require(path.resolve(sourceMapDir));
const { SourceMapConsumer } = sourceMap;
const sourceMapVersion = JSON.parse(
  readFileSync(path.join(sourceMapDir, "package.json"), "utf8"),
).version;
if (sourceMapVersion !== "0.7.4") {
  throw new Error("expected source-map 0.7.4, got " + sourceMapVersion);
}

// ---------------------------------------------------------------------------
// Positions to look at (input, not expectations): a throw or call inside
// each function, [file, unique snippet].
const NEEDLES = [
  ["app/src/format.js", 'throw new TypeError("formatPrice'],
  ["app/src/format.js", 'throw new TypeError("slugify'],
  ["app/src/format.js", "item.tags[0].toUpperCase()"],
  ["app/src/format.js", "formatPrice(item.cents, item.currency)"],
  ["app/src/cart.js", 'throw new Error("Cart: an owner'],
  ["app/src/cart.js", 'throw new RangeError("Cart.addItem'],
  ["app/src/cart.js", "slugify(name)"],
  ["app/src/cart.js", "this.items.reduce("],
  ["app/src/cart.js", 'throw new RangeError("negative price'],
  ["app/src/cart.js", "this.items.map(formatLine)"],
  ["app/src/cart.js", "formatPrice(this.total)"],
  ["app/src/cart.js", "JSON.parse(json)"],
  ["app/src/cart.js", "data.items.forEach("],
  ["app/src/cart.js", "cart.addItem(item.name"],
  ["app/src/api.js", 'throw new Error("api.buildUrl'],
  ["app/src/api.js", "parseQuery(query)"],
  ["app/src/api.js", 'this.buildUrl("/carts/"'],
  ["app/src/api.js", 'throw new Error("api.fetchCart'],
  ["app/src/api.js", 'throw new Error("checkout'],
  ["app/src/api.js", 'api.buildUrl("/checkout"'],
  ["app/src/api.js", "attempt(1)"],
  ["app/src/api.js", "task(n)"],
  ["app/src/api.js", 'throw new Error("withRetry'],
  ["app/src/api.js", "attempt(n + 1)"],
  ["app/node_modules/fake-lib/index.js", 'throw new TypeError("fake-lib'],
  ["app/node_modules/fake-lib/index.js", "Object.keys(query)"],
  ["app/node_modules/fake-lib/index.js", "encodeURIComponent(key)"],
  ["app/src/main.js", 'new Cart("")'],
  ["app/src/main.js", "Cart.fromJSON("],
  ["app/src/main.js", "firstTag({ tags: [] })"],
  ["app/src/main.js", "handlers.checkout("],
  ["app/src/main.js", "withRetry((n)"],
  ["app/src/main.js", 'formatPrice("n" + n)'],
  ["app/src/main.js", 'throw new Error("main: unknown'],
  ["app/src/main.js", "scenario()"],
];

// The scenarios of app/src/main.js; each throws.
const SCENARIOS = [
  "noOwner", "badQuantity", "badJson", "negativePrice", "badPrice", "badSlug",
  "noTags", "badPath", "badQuery", "offline", "emptyCheckout", "retry",
];

const STACK_LINE = /^\s+at (?:(.*) \()?([^()\s]+):(\d+):(\d+)\)?$/;

// The frames inside app/ of each scenario, run by node on the unminified
// sources: {scenario: [{name, file (relative to here), line, column}]}.
async function unminifiedStacks() {
  const { main } = await import(path.join(here, "app/src/main.js"));
  const stacks = {};
  for (const scenario of SCENARIOS) {
    let error = null;
    try {
      main(scenario);
    } catch (e) {
      error = e;
    }
    if (!error) {
      throw new Error(`unminified: scenario ${scenario} did not throw`);
    }
    stacks[scenario] = error.stack
      .split("\n")
      .map((l) => l.match(STACK_LINE))
      .filter((m) => m && m[2].includes("/app/"))
      .map((m) => ({
        name: m[1] ?? "<anonymous>",
        file: path.relative(here, m[2].replace(/^file:\/\//, "")),
        line: Number(m[3]),
        column: Number(m[4]),
      }));
  }
  return stacks;
}

// js-source-scopes' name of the innermost function at each original
// position [file (relative to here), 1-based line, 0-based column].
function scopeNames(positions) {
  const input = positions.map((p) => p.join("\t")).join("\n") + "\n";
  const out = execFileSync(scopeNamesBin, { cwd: here, input, encoding: "utf8" });
  const names = out.trimEnd().split("\n").map((l) => l.split("\t")[3]);
  if (names.length !== positions.length) {
    throw new Error(`scope names: ${names.length} answers for ${positions.length} positions`);
  }
  return names;
}

// ---------------------------------------------------------------------------

function original(consumer, line, column) {
  const p = consumer.originalPositionFor({ line, column });
  return {
    source: p.source,
    originalLine: p.line,
    originalColumn: p.column,
    name: p.name,
  };
}

// Where `snippet` starts in `file`: 1-based line, 0-based column.
function locate(file, snippet) {
  const text = readFileSync(path.join(here, file), "utf8");
  const at = text.indexOf(snippet);
  if (at < 0 || text.indexOf(snippet, at + 1) >= 0) {
    throw new Error(`${file}: ${JSON.stringify(snippet)} must occur exactly once`);
  }
  const before = text.slice(0, at).split("\n");
  return { line: before.length, column: before[before.length - 1].length };
}

function sourceFor(consumer, file) {
  const found = consumer.sources.filter((s) => s === file || s.endsWith("/" + file));
  if (found.length !== 1) {
    throw new Error(`no single source for ${file} in ${consumer.sources}`);
  }
  return found[0];
}

// Runs every scenario of the bundle and returns the frames inside it,
// matched one to one with the frames of the unminified run.
function stackFrames(bundle, code, unminified) {
  const filename = `${bundle}.min.js`;
  const sandbox = { console };
  vm.createContext(sandbox);
  vm.runInContext(code, sandbox, { filename });
  vm.runInContext("Error.stackTraceLimit = 100", sandbox);
  const frames = [];
  for (const scenario of SCENARIOS) {
    let error = null;
    try {
      sandbox.App.main(scenario);
    } catch (e) {
      error = e;
    }
    if (!error) {
      throw new Error(`${bundle}: scenario ${scenario} did not throw`);
    }
    const inBundle = error.stack
      .split("\n")
      .map((l) => l.match(STACK_LINE))
      .filter((m) => m && m[2] === filename);
    const expected = unminified[scenario];
    if (inBundle.length !== expected.length) {
      throw new Error(
        `${bundle}: scenario ${scenario}: ${inBundle.length} frames in the bundle, ` +
          `${expected.length} in the unminified run:\n${error.stack}`,
      );
    }
    inBundle.forEach((m, i) => {
      frames.push({
        scenario,
        frame: i,
        message: `${error.name}: ${error.message}`,
        v8_function: m[1] ?? null,
        line: Number(m[3]),
        // V8 prints 1-based columns.
        column: Number(m[4]) - 1,
        unminified: expected[i],
      });
    });
  }
  return frames;
}

async function reference(bundle, unminified) {
  const out = path.join(here, "out");
  const code = readFileSync(path.join(out, `${bundle}.min.js`), "utf8");
  const rawMap = JSON.parse(readFileSync(path.join(out, `${bundle}.min.js.map`), "utf8"));
  const lines = code.split("\n");
  const rows = [];
  await SourceMapConsumer.with(rawMap, null, (consumer) => {
    // (1) every mapping segment, then 200 pseudo-random positions.
    const segments = [];
    consumer.eachMapping(
      (m) => segments.push([m.generatedLine, m.generatedColumn]),
      null,
      SourceMapConsumer.GENERATED_ORDER,
    );
    for (const [line, column] of segments) {
      rows.push({ kind: "segment", line, column, ...original(consumer, line, column) });
    }
    let seed = 20260101;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 8;
    };
    for (let i = 0; i < 200; i++) {
      const line = 1 + (next() % lines.length);
      const column = next() % (lines[line - 1].length + 8);
      rows.push({ kind: "random", line, column, ...original(consumer, line, column) });
    }

    // (2) a statement inside each function, by snippet.
    for (const [file, snippet] of NEEDLES) {
      const at = locate(file, snippet);
      const source = sourceFor(consumer, file);
      const generated = consumer.allGeneratedPositionsFor({
        source,
        line: at.line,
        column: at.column,
      });
      if (generated.length === 0) {
        throw new Error(`${bundle}: ${file}:${at.line}:${at.column} is not mapped`);
      }
      for (const g of generated) {
        rows.push({
          kind: "needle",
          line: g.line,
          column: g.column,
          ...original(consumer, g.line, g.column),
          snippet: `${file}:${at.line}:${at.column + 1} ${snippet}`,
          scope_at: [file, at.line, at.column],
        });
      }
    }

    // (2) real stack traces of the minified bundle.
    for (const f of stackFrames(bundle, code, unminified)) {
      const { line, column, unminified: u, ...rest } = f;
      const at = original(consumer, line, column);
      // The same frame: source-map takes the minified one to the line
      // where the unminified run stopped.
      if (!at.source || !at.source.endsWith(u.file) || at.originalLine !== u.line) {
        throw new Error(
          `${bundle}: ${f.scenario}#${f.frame} maps to ${at.source}:${at.originalLine}, ` +
            `the unminified run was at ${u.file}:${u.line}`,
        );
      }
      rows.push({
        kind: "stack",
        line,
        column,
        ...at,
        ...rest,
        v8_unminified_function: u.name,
        scope_at: [u.file, u.line, u.column - 1],
      });
    }
  });
  // The reference names, from js-source-scopes on the original sources.
  const named = rows.filter((r) => r.scope_at);
  const names = scopeNames(named.map((r) => r.scope_at));
  named.forEach((r, i) => {
    delete r.scope_at;
    r.expected_function = names[i];
  });
  const json = "[\n" + rows.map((r) => JSON.stringify(r)).join(",\n") + "\n]\n";
  writeFileSync(path.join(out, `${bundle}.expected.json`), json);
  const counts = {};
  for (const r of rows) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
  console.log(`out/${bundle}.expected.json: ${JSON.stringify(counts)}`);
}

const bundles = process.argv.slice(2);
if (bundles.length === 0) {
  throw new Error("usage: node reference.mjs BUNDLE...");
}
const unminified = await unminifiedStacks();
for (const bundle of bundles) {
  await reference(bundle, unminified);
}
