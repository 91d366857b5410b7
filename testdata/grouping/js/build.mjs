// Builds one release of the shop app: bundles SRC/main.js with esbuild and
// minifies it with esbuild or terser, writing OUT/dist/app.min.mjs and its
// source map (named by a //# sourceMappingURL comment). NAME (default app)
// names the output for the corpus's other JavaScript programs
// (OUT/dist/NAME.min.mjs).
//
//   node build.mjs TOOLS_DIR SRC_DIR OUT_DIR RELEASE esbuild|terser [NAME]
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const [tools, src, out, release, minifier, name = "app"] = process.argv.slice(2);
if (!minifier) throw new Error("usage: node build.mjs TOOLS_DIR SRC_DIR OUT_DIR RELEASE esbuild|terser");
const require = createRequire(path.join(path.resolve(tools), "package.json"));
const esbuild = require("esbuild");
const dist = path.join(out, "dist");
fs.mkdirSync(dist, { recursive: true });
const outfile = path.join(dist, `${name}.min.mjs`);

const common = {
  entryPoints: [path.join(src, "main.js")],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: "external",
  sourcesContent: true,
  define: { __RELEASE__: JSON.stringify(release) },
  logLevel: "warning",
};

if (minifier === "esbuild") {
  await esbuild.build({ ...common, outfile, minify: true, sourcemap: "linked" });
} else if (minifier === "terser") {
  // Unminified esbuild bundle first, then terser with its input map, as a
  // rollup/webpack + terser pipeline would.
  const bundled = path.join(out, "bundle.mjs");
  await esbuild.build({ ...common, outfile: bundled });
  const { minify } = require("terser");
  const result = await minify(
    { "app.mjs": fs.readFileSync(bundled, "utf8") },
    {
      module: true,
      compress: { passes: 2 },
      mangle: { toplevel: true },
      sourceMap: {
        content: fs.readFileSync(bundled + ".map", "utf8"),
        url: `${name}.min.mjs.map`,
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
console.error(`js ${release}: ${minifier} -> ${fs.statSync(outfile).size} bytes`);
