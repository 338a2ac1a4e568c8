// citation-js (as Zotero's and many sites' citation exports read BibTeX) and bibtex-tidy on every
// BibTeX file given, in one process: stdin [path, ...] -> stdout {"versions", "files": {path: ...}}.
// What either prints to the console while reading a file is kept with it: a warning is a finding.
"use strict";
// The installed version of a package (its package.json under NODE_PATH, which the tests set).
const version = (name) =>
  JSON.parse(require("fs").readFileSync(require("path").join(process.env.NODE_PATH, name, "package.json"))).version;
const fs = require("fs");
const { Cite } = require("@citation-js/core");
require("@citation-js/plugin-bibtex");
require("@citation-js/plugin-csl");
const tidy = require("bibtex-tidy");

const said = [];
for (const level of ["log", "info", "warn", "error"]) {
  console[level] = (...args) => said.push(`${level}: ${args.join(" ")}`);
}
const files = {};
for (const path of JSON.parse(fs.readFileSync(0, "utf8"))) {
  said.length = 0;
  const text = fs.readFileSync(path, "utf8");
  const result = {};
  try {
    const cite = new Cite(text, { forceType: "@biblatex/text" });
    result.csl = cite.data.map(({ _graph, ...entry }) => entry);
    result.bibliography = cite.format("bibliography", { format: "text", template: "apa", lang: "en-US" });
  } catch (error) {
    result.citationJsError = String(error);
  }
  try {
    const tidied = tidy.tidy(text, {});
    result.tidy = { warnings: tidied.warnings, count: tidied.count };
  } catch (error) {
    result.tidyError = String(error);
  }
  result.console = [...said];
  files[path] = result;
}
const versions = Object.fromEntries(
  ["@citation-js/core", "@citation-js/plugin-bibtex", "@citation-js/plugin-csl", "bibtex-tidy"].map((name) => [
    name,
    version(name),
  ]),
);
process.stdout.write(JSON.stringify({ versions, files }));
