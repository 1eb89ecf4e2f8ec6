// Format CSL-JSON items with citeproc-js, the CSL processor Zotero uses.
//
// Called by explainer/csl.py with one JSON document on stdin:
//   {"styles": {"apa": {"style": "<path to .csl>", "lang": "en-US"}, ...},
//    "locales": {"en-US": "<path to locales-en-US.xml>", ...},
//    "jobs": [{"style": "apa", "items": [<CSL-JSON item>, ...],
//              "bibliography": true,
//              "citations": [{"id": "item-id", "locator": "4", "label": "paragraph",
//                             "note": true, "position": "first"}, ...]}, ...]}
// and answers with {"results": [{"bibliography": {"item-id": "<html>"},
//                                "citations": ["<html>", ...]}, ...]} on stdout.
// Each job is formatted on its own: items of one job never disambiguate against another's.
// Item ids must be unique across jobs (the engine keeps what it has seen by id).
// A job with "solo": true formats each item as if it were alone in its document: the
// style's only rules that relate items to each other (disambiguation, and the dash that
// replaces a repeated author in a bibliography) are switched off, so many unrelated items
// can share one fast run instead of one run each.
// A citation with "position": "subsequent" is formatted as a later citation of its item
// (Chicago's short note): neither the first citation nor an "ibid." one.
"use strict";

const fs = require("fs");
const CSL = require("citeproc");

function readStdin() {
  return fs.readFileSync(0, "utf8");
}

// The CSL attributes through which one item's output depends on the other items.
const CROSS_ITEM_ATTRIBUTES = [
  "disambiguate-add-year-suffix",
  "disambiguate-add-names",
  "disambiguate-add-givenname",
  "givenname-disambiguation-rule",
  "subsequent-author-substitute",
  "subsequent-author-substitute-rule",
  "collapse",
];

function soloStyle(xml) {
  let out = xml;
  for (const name of CROSS_ITEM_ATTRIBUTES) {
    out = out.replace(new RegExp("\\s" + name + '="[^"]*"', "g"), "");
  }
  // `<if disambiguate="true">` (MLA adds the title when two works share an author) is
  // true only when other items make a citation ambiguous: for an item on its own it is
  // false, so test a variable the explainer never sets instead.
  out = out.replace(/disambiguate="true"/g, 'variable="dimensions"');
  // Order does not matter when entries are looked up by id; sorting is most of the cost.
  return out.replace(/<sort>[\s\S]*?<\/sort>/g, "");
}

function citationItem(cite) {
  const item = { id: cite.id };
  if (cite.locator) {
    item.locator = cite.locator;
    item.label = cite.label || "paragraph";
  }
  if (cite.position === "subsequent") {
    // A later citation (Chicago's short note): neither the first nor an "ibid." one. The
    // position given to makeCitationCluster yields what citing the item, another item and
    // the item again through the citation registry yields, some thirty times faster.
    item.position = CSL.POSITION_SUBSEQUENT;
  }
  return item;
}

function main() {
  const request = JSON.parse(readStdin());
  const engines = {};
  let currentItems = {};
  const sys = {
    retrieveLocale: (lang) =>
      request.locales[lang] ? fs.readFileSync(request.locales[lang], "utf8") : false,
    retrieveItem: (id) => currentItems[id],
  };
  const results = [];
  for (const job of request.jobs) {
    const spec = request.styles[job.style];
    if (!spec) throw new Error("unknown style " + job.style);
    const engineKey = job.style + (job.solo ? ":solo" : "");
    if (!engines[engineKey]) {
      const xml = fs.readFileSync(spec.style, "utf8");
      engines[engineKey] = new CSL.Engine(sys, job.solo ? soloStyle(xml) : xml, spec.lang, true);
      engines[engineKey].setOutputFormat("html");
    }
    const engine = engines[engineKey];
    currentItems = {};
    for (const item of job.items) currentItems[item.id] = item;
    const ids = job.items.map((item) => item.id);
    engine.updateItems(ids);
    const result = { bibliography: {}, citations: [] };
    if (job.bibliography && ids.length) {
      const [meta, entries] = engine.makeBibliography();
      meta.entry_ids.forEach((entryIds, index) => {
        result.bibliography[entryIds[0]] = (entries[index] || "").trim();
      });
    }
    (job.citations || []).forEach((cite, index) => {
      // makeCitationCluster formats a citation without touching the citation registry
      // (previewCitationCluster gives the same text but is ~100 times slower).
      result.citations[index] = engine.makeCitationCluster([citationItem(cite)]);
    });
    results.push(result);
  }
  process.stdout.write(JSON.stringify({ results }));
}

try {
  main();
} catch (error) {
  process.stderr.write(String(error && error.stack ? error.stack : error) + "\n");
  process.exit(1);
}
