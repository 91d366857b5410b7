// Builds one minified release of a Node program: bundles SRC/main.js
// (CommonJS, the SDKs left external as a server app's dependencies are)
// with esbuild, minified by esbuild or by terser, writing
// OUT/dist/PROGRAM.min.js and its source map (named by a
// //# sourceMappingURL comment).
//
//   node build.mjs TOOLS_DIR SRC_DIR OUT_DIR PROGRAM esbuild|terser
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const [tools, src, out, program, minifier] = process.argv.slice(2);
if (!minifier) throw new Error("usage: node build.mjs TOOLS_DIR SRC_DIR OUT_DIR PROGRAM esbuild|terser");
const require = createRequire(path.join(path.resolve(tools), "package.json"));
const esbuild = require("esbuild");
const dist = path.join(out, "dist");
fs.mkdirSync(dist, { recursive: true });
const outfile = path.join(dist, `${program}.min.js`);

const common = {
  entryPoints: [path.join(src, "main.js")],
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  external: ["@bugsnag/js", "@backtrace/node"],
  sourcemap: "external",
  sourcesContent: true,
  logLevel: "warning",
  // Module keys and map sources relative to the release directory
  // (`src/rooms.js`), not to wherever the build ran.
  absWorkingDir: path.resolve(src, ".."),
};

if (minifier === "esbuild") {
  await esbuild.build({ ...common, outfile, minify: true, sourcemap: "linked" });
} else if (minifier === "terser") {
  // Unminified esbuild bundle first, then terser with its input map, as a
  // rollup/webpack + terser pipeline would.
  const bundled = path.join(out, "bundle.js");
  await esbuild.build({ ...common, outfile: bundled });
  const { minify } = require("terser");
  const result = await minify(
    { [`${program}.js`]: fs.readFileSync(bundled, "utf8") },
    {
      toplevel: true,
      compress: { passes: 2 },
      mangle: { toplevel: true },
      sourceMap: {
        content: fs.readFileSync(bundled + ".map", "utf8"),
        url: `${program}.min.js.map`,
        includeSources: true,
      },
    },
  );
  fs.writeFileSync(outfile, result.code);
  fs.writeFileSync(outfile + ".map", result.map);
  fs.rmSync(bundled);
  fs.rmSync(bundled + ".map");
} else {
  throw new Error(`unknown minifier ${minifier}`);
}
console.error(`${program} ${minifier} -> ${fs.statSync(outfile).size} bytes`);
