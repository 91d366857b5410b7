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
// Needle and stack rows also carry `expected_function`: the original
// enclosing function's name, HAND-LABELLED below from the app source (not
// tool output), in the naming scheme of README.md.

import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const here = path.dirname(fileURLToPath(import.meta.url));
const sourceMapDir = process.env.SOURCE_MAP_DIR;
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
// Hand-labelled ground truth (from reading app/, not from any tool).

// A throw or call inside each function: [file, unique snippet, function].
const NEEDLES = [
  ["app/src/format.js", 'throw new TypeError("formatPrice', "formatPrice"],
  ["app/src/format.js", 'throw new TypeError("slugify', "slugify"],
  ["app/src/format.js", "item.tags[0].toUpperCase()", "firstTag"],
  ["app/src/format.js", "formatPrice(item.cents, item.currency)", "formatLine"],
  ["app/src/cart.js", 'throw new Error("Cart: an owner', "new Cart"],
  ["app/src/cart.js", 'throw new RangeError("Cart.addItem', "Cart.addItem"],
  ["app/src/cart.js", "slugify(name)", "Cart.addItem"],
  ["app/src/cart.js", "this.items.reduce(", "get Cart.total"],
  ["app/src/cart.js", 'throw new RangeError("negative price', "sumLine"],
  ["app/src/cart.js", "this.items.map(formatLine)", "Cart.describe"],
  ["app/src/cart.js", "formatPrice(this.total)", "Cart.describe"],
  ["app/src/cart.js", "JSON.parse(json)", "Cart.fromJSON"],
  ["app/src/cart.js", "data.items.forEach(", "Cart.fromJSON"],
  ["app/src/cart.js", "cart.addItem(item.name", "<anonymous>"],
  ["app/src/api.js", 'throw new Error("api.buildUrl', "api.buildUrl"],
  ["app/src/api.js", "parseQuery(query)", "api.buildUrl"],
  ["app/src/api.js", 'this.buildUrl("/carts/"', "api.fetchCart"],
  ["app/src/api.js", 'throw new Error("api.fetchCart', "api.fetchCart"],
  ["app/src/api.js", 'throw new Error("checkout', "handlers.checkout"],
  ["app/src/api.js", 'api.buildUrl("/checkout"', "handlers.checkout"],
  ["app/src/api.js", "attempt(1)", "withRetry"],
  ["app/src/api.js", "task(n)", "attempt"],
  ["app/src/api.js", 'throw new Error("withRetry', "attempt"],
  ["app/src/api.js", "attempt(n + 1)", "attempt"],
  ["app/node_modules/fake-lib/index.js", 'throw new TypeError("fake-lib', "module.exports.parseQuery"],
  ["app/node_modules/fake-lib/index.js", "Object.keys(query)", "module.exports.parseQuery"],
  ["app/node_modules/fake-lib/index.js", "encodeURIComponent(key)", "encodePair"],
  ["app/src/main.js", 'new Cart("")', "scenarios.noOwner"],
  ["app/src/main.js", "Cart.fromJSON(", "scenarios.badJson"],
  ["app/src/main.js", "firstTag({ tags: [] })", "scenarios.noTags"],
  ["app/src/main.js", "handlers.checkout(", "scenarios.emptyCheckout"],
  ["app/src/main.js", "withRetry((n)", "scenarios.retry"],
  ["app/src/main.js", 'formatPrice("n" + n)', "<anonymous>"],
  ["app/src/main.js", 'throw new Error("main: unknown', "main"],
  ["app/src/main.js", "scenario()", "main"],
];

// The frames inside the bundle, innermost first, of the error each
// scenario in app/src/main.js throws (engine frames such as
// Array.prototype.forEach are left out: they are not in the bundle).
const STACKS = {
  noOwner: ["new Cart", "scenarios.noOwner", "main"],
  badQuantity: ["Cart.addItem", "scenarios.badQuantity", "main"],
  badJson: ["Cart.addItem", "<anonymous>", "Cart.fromJSON", "scenarios.badJson", "main"],
  negativePrice: ["sumLine", "get Cart.total", "scenarios.negativePrice", "main"],
  badPrice: ["formatPrice", "formatLine", "Cart.describe", "scenarios.badPrice", "main"],
  badSlug: ["slugify", "Cart.addItem", "scenarios.badSlug", "main"],
  noTags: ["firstTag", "scenarios.noTags", "main"],
  badPath: ["api.buildUrl", "scenarios.badPath", "main"],
  badQuery: ["module.exports.parseQuery", "api.buildUrl", "scenarios.badQuery", "main"],
  offline: ["api.fetchCart", "scenarios.offline", "main"],
  emptyCheckout: ["handlers.checkout", "scenarios.emptyCheckout", "main"],
  retry: ["attempt", "attempt", "withRetry", "scenarios.retry", "main"],
};

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

// Runs every scenario of the bundle and returns the frames inside it.
function stackFrames(bundle, code) {
  const filename = `${bundle}.min.js`;
  const sandbox = { console };
  vm.createContext(sandbox);
  vm.runInContext(code, sandbox, { filename });
  vm.runInContext("Error.stackTraceLimit = 100", sandbox);
  const frames = [];
  for (const scenario of Object.keys(STACKS)) {
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
      .map((l) => l.match(/^\s+at (?:(.*) \()?([^()\s]+):(\d+):(\d+)\)?$/))
      .filter((m) => m && m[2] === filename);
    const expected = STACKS[scenario];
    if (inBundle.length !== expected.length) {
      throw new Error(
        `${bundle}: scenario ${scenario}: ${inBundle.length} frames in the bundle, ` +
          `labelled ${expected.length}:\n${error.stack}`,
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
        expected_function: expected[i],
      });
    });
  }
  return frames;
}

async function reference(bundle) {
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
    for (const [file, snippet, fn] of NEEDLES) {
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
          expected_function: fn,
        });
      }
    }

    // (2) real stack traces of the minified bundle.
    for (const f of stackFrames(bundle, code)) {
      const { line, column, expected_function, ...rest } = f;
      rows.push({
        kind: "stack",
        line,
        column,
        ...original(consumer, line, column),
        ...rest,
        expected_function,
      });
    }
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
for (const bundle of bundles) {
  await reference(bundle);
}
