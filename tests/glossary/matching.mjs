// Runs the glossary matcher of frontend/src/glossary.js in Node (bundled by esbuild, CSS
// left out) on the cases given as JSON on argv[2]; prints the matches as JSON.
import { build } from "esbuild";

const result = await build({
  entryPoints: ["frontend/src/glossary.js"],
  bundle: true,
  write: false,
  format: "esm",
  platform: "node",
  loader: { ".css": "empty" },
  logLevel: "silent",
});
const source = result.outputFiles[0].text;
const { buildMatcher, findTerms } = await import(
  `data:text/javascript;base64,${Buffer.from(source).toString("base64")}`
);
const { terms, texts } = JSON.parse(process.argv[2]);
const matcher = buildMatcher(terms);
const found = texts.map((text) =>
  findTerms(text, matcher).map(({ from, to, item }) => [text.slice(from, to), item.id]),
);
process.stdout.write(JSON.stringify(found));
