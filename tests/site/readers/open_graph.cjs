// open-graph-scraper, the link unfurler, on every page given, in one process, from the
// page's HTML (no network): stdin [[path, url], ...] -> stdout {"versions", "pages": {path: result}}.
"use strict";
// The installed version of a package (its package.json under NODE_PATH, which the tests set).
const version = (name) =>
  JSON.parse(require("fs").readFileSync(require("path").join(process.env.NODE_PATH, name, "package.json"))).version;
const fs = require("fs");
const ogs = require("open-graph-scraper");

(async () => {
  const pages = {};
  for (const [path, url] of JSON.parse(fs.readFileSync(0, "utf8"))) {
    const { error, result } = await ogs({ html: fs.readFileSync(path, "utf8") });
    pages[path] = error ? { error: String(result && result.error) } : { ...result, requestUrl: url };
  }
  const versions = { "open-graph-scraper": version("open-graph-scraper") };
  process.stdout.write(JSON.stringify({ versions, pages }));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
