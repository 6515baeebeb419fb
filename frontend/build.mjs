// Builds the pad editor into ruche/static/ruche/dist/ (committed: running Ruche needs no Node).
import { build } from "esbuild";
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url)));
const banner = `/*! Ruche pad editor ${pkg.version} (${pkg.license}). Bundles TipTap, ProseMirror (MIT), Yjs, y-websocket, y-indexeddb, lib0 (MIT). */`;

await build({
  entryPoints: { "pad-editor": "frontend/src/pad-editor.js" },
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  outdir: "ruche/static/ruche/dist",
  banner: { js: banner, css: banner },
  legalComments: "none",
  logLevel: "info",
});
