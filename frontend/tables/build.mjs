// Builds the table grid into ruche/static/ruche/dist/ (committed: running Ruche needs no Node).
// `node frontend/tables/build.mjs`
import { build } from "esbuild";

await build({
  entryPoints: { "table-grid": "frontend/tables/table-grid.js" },
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  outdir: "ruche/static/ruche/dist",
  banner: { js: "/*! Ruche table grid (AGPL-3.0-or-later). Bundles Yjs, y-websocket, lib0 (MIT). */" },
  legalComments: "none",
  logLevel: "info",
});
