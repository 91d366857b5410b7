// Real browser-style error reports from the minified bundles of ../bundlers:
// each bundle is "deployed" as https://shop.example/static/js/app.min.js,
// run in a node vm, and every scenario's thrown error is turned into a
// Bugsnag notify payload from its V8 stack (minified method names, 1-based
// lines and columns as V8 prints them). Two builds of the same app:
//   release 1.0.0 = esbuild.min.js (map found through its sourceMappingURL)
//   release 1.1.0 = terser.min.js  (comment removed: map found as app.min.js.map)
// Writes bugsnag-browser.ndjson (one payload per line, esbuild first) and the
// symbol directory symbols/sourcemaps/<release>/static/js/.
//
//   node testdata/sourcemap/payloads/make.mjs
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, "../bundlers/out");
const url = "https://shop.example/static/js/app.min.js";
const scenarios = [
  "noOwner", "badQuantity", "badJson", "negativePrice", "badPrice", "badSlug",
  "noTags", "badPath", "badQuery", "offline", "emptyCheckout", "retry",
];
const builds = [
  { release: "1.0.0", bundle: "esbuild", keepComment: true },
  { release: "1.1.0", bundle: "terser", keepComment: false },
];

const lines = [];
for (const { release, bundle, keepComment } of builds) {
  let code = fs.readFileSync(path.join(out, `${bundle}.min.js`), "utf8");
  const map = fs.readFileSync(path.join(out, `${bundle}.min.js.map`));
  const dir = path.join(here, "symbols/sourcemaps", release, "static/js");
  fs.mkdirSync(dir, { recursive: true });
  if (keepComment) {
    fs.writeFileSync(path.join(dir, "app.min.js"), code);
    fs.writeFileSync(path.join(dir, `${bundle}.min.js.map`), map);
  } else {
    code = code.replace(/\n\/\/# sourceMappingURL=.*\n?$/, "\n");
    fs.writeFileSync(path.join(dir, "app.min.js"), code);
    fs.writeFileSync(path.join(dir, "app.min.js.map"), map);
  }
  const sandbox = {};
  vm.createContext(sandbox);
  vm.runInContext(code, sandbox, { filename: url });
  vm.runInContext("Error.stackTraceLimit = 100", sandbox);
  for (const scenario of scenarios) {
    let error = null;
    try {
      sandbox.App.main(scenario);
    } catch (e) {
      error = e;
    }
    if (!error) throw new Error(`${bundle}: ${scenario} did not throw`);
    const stacktrace = error.stack
      .split("\n")
      .map((l) => l.match(/^\s+at (?:(.*) \()?([^()\s]+):(\d+):(\d+)\)?$/))
      .filter((m) => m && m[2] === url)
      .map((m) => ({
        file: m[2],
        lineNumber: Number(m[3]),
        columnNumber: Number(m[4]),
        method: m[1] ?? "",
      }));
    lines.push(JSON.stringify({
      apiKey: "0123456789abcdef0123456789abcdef",
      payloadVersion: "5",
      notifier: { name: "crashprint fixture (node vm)", version: "1", url: "https://example.invalid" },
      events: [{
        exceptions: [{ errorClass: error.name, message: error.message, stacktrace, type: "browserjs" }],
        unhandled: true,
        severity: "error",
        severityReason: { type: "unhandledException" },
        app: { version: release, releaseStage: "production" },
        metaData: { fixture: { bundle, scenario } },
      }],
    }));
  }
}
fs.writeFileSync(path.join(here, "bugsnag-browser.ndjson"), lines.join("\n") + "\n");
console.log(`${lines.length} payloads`);
