// Mozilla Readability (Firefox's Reader View) on every page given, in one process:
// stdin [[path, url], ...] -> stdout {"versions": {...}, "pages": {path: article or null}}.
// jsdom parses each page as a browser would, at its URL, without running its scripts.
"use strict";
// The installed version of a package (its package.json under NODE_PATH, which the tests set).
const version = (name) =>
  JSON.parse(require("fs").readFileSync(require("path").join(process.env.NODE_PATH, name, "package.json"))).version;
const fs = require("fs");
const { JSDOM, VirtualConsole } = require("jsdom");
const { Readability } = require("@mozilla/readability");

const pages = {};
// Readability removes <style> elements before it reads a page and looks at inline styles only,
// but jsdom would parse each page's inlined stylesheet (about 40 kB) first: left out, for time.
const withoutStyleSheets = (html) => html.replace(/(<style\b[^>]*>)[\s\S]*?(<\/style>)/gi, "$1$2");
for (const [path, url] of JSON.parse(fs.readFileSync(0, "utf8"))) {
  const html = withoutStyleSheets(fs.readFileSync(path, "utf8"));
  const dom = new JSDOM(html, { url, virtualConsole: new VirtualConsole() });
  const article = new Readability(dom.window.document).parse();
  pages[path] = article && {
    title: article.title,
    byline: article.byline,
    siteName: article.siteName,
    publishedTime: article.publishedTime,
    lang: article.lang,
    excerpt: article.excerpt,
    textContent: article.textContent,
    content: article.content,
  };
  dom.window.close();
}
const versions = Object.fromEntries(
  ["@mozilla/readability", "jsdom"].map((name) => [name, version(name)]),
);
process.stdout.write(JSON.stringify({ versions, pages }));
