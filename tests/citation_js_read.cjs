#!/usr/bin/env node
// Reads one reference file the way citation-js imports it and prints the CSL-JSON it gets.
//
//   node tests/citation_js_read.cjs FILE
//
// FILE is a .bib (read as biblatex, citation-js's default for BibTeX text), .ris or .json
// (CSL-JSON). The output is a JSON array of CSL items on stdout. Used by
// tests/test_citation_js.py to check that the site's three downloads import as the same item.
//
// Exit codes: 0 read; 2 usage or unreadable file; 3 citation-js is not installed (`npm ci`);
// 4 citation-js could not read the file.
'use strict'

const fs = require('fs')
const path = require('path')

const FORMATS = {
  '.bib': '@biblatex/text',
  '.ris': '@ris/file',
  '.json': '@csl/list+object'
}

function fail (code, message) {
  process.stderr.write(`citation_js_read: ${message}\n`)
  process.exit(code)
}

let core
try {
  core = require('@citation-js/core')
  require('@citation-js/plugin-bibtex')
  require('@citation-js/plugin-ris')
  require('@citation-js/plugin-csl')
} catch (error) {
  fail(3, `citation-js is not installed (\`npm ci\`): ${error.message.split('\n')[0]}`)
}

const [file] = process.argv.slice(2)
if (!file || process.argv.length > 3) {
  fail(2, 'usage: node citation_js_read.cjs FILE.bib|FILE.ris|FILE.json')
}
const forceType = FORMATS[path.extname(file).toLowerCase()]
if (!forceType) {
  fail(2, `${file}: not a .bib, .ris or .json file`)
}
let text
try {
  text = fs.readFileSync(file, 'utf8')
} catch (error) {
  fail(2, `${file}: ${error.message}`)
}

let items
try {
  const data = forceType === '@csl/list+object' ? JSON.parse(text) : text
  items = core.plugins.input.chain(data, { forceType, generateGraph: false })
} catch (error) {
  fail(4, `${file}: citation-js could not read it: ${error.message}`)
}
process.stdout.write(JSON.stringify(items, null, 2) + '\n')
