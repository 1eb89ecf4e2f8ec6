// Format CSL-JSON items with citeproc-js, the CSL processor Zotero uses.
//
// Called by explainer/csl.py with one JSON document on stdin:
//   {"styles": {"apa": {"style": "<path to .csl>", "lang": "en-US"}, ...},
//    "locales": {"en-US": "<path to locales-en-US.xml>", ...},
//    "jobs": [{"style": "apa", "items": [<CSL-JSON item>, ...],
//              "bibliography": true,
//              "citations": [{"id": "item-id", "locator": "4", "label": "paragraph",
//                             "note": true}, ...]}, ...]}
// and answers with {"results": [{"bibliography": {"item-id": "<html>"},
//                                "citations": ["<html>", ...]}, ...]} on stdout.
// Each job is formatted on its own: items of one job never disambiguate against another's.
// Item ids must be unique across jobs (the engine keeps what it has seen by id).
"use strict";

const fs = require("fs");
const CSL = require("citeproc");

function readStdin() {
  return fs.readFileSync(0, "utf8");
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
    if (!engines[job.style]) {
      const xml = fs.readFileSync(spec.style, "utf8");
      engines[job.style] = new CSL.Engine(sys, xml, spec.lang, true);
      engines[job.style].setOutputFormat("html");
    }
    const engine = engines[job.style];
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
    for (const cite of job.citations || []) {
      const citationItem = { id: cite.id };
      if (cite.locator) {
        citationItem.locator = cite.locator;
        citationItem.label = cite.label || "paragraph";
      }
      const citation = {
        citationItems: [citationItem],
        properties: { noteIndex: cite.note ? 1 : 0 },
      };
      result.citations.push(engine.previewCitationCluster(citation, [], [], "html"));
    }
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
