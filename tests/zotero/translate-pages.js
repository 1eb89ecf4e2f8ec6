'use strict';
/*
 * Test harness for tests/test_zotero.py (the explainer project's own code, not Zotero's).
 *
 * It saves web pages with Zotero's translation framework the way zotero/translation-server's
 * `/web` endpoint does (src/webSession.js: handleURL, translate, saveWebpage), with the
 * document made as that server's src/http.js makes it of a `text/html; charset=utf-8`
 * response, except that the HTML is read from a file instead of fetched: nothing goes on the
 * network. Everything under translation-server/ is Zotero's code, unchanged (README.md).
 *
 *     node translate-pages.js URL FILE [URL FILE ...]
 *
 * prints one JSON object to stdout, by URL:
 *
 *     {"translators": labels of the translators that detected the page, best first,
 *      "translator": label of the one whose items were saved (null: no translator, or all
 *                    failed, and the server's fallback webpage item was saved),
 *      "errors": ["label: error"] of translators that failed,
 *      "items": the saved items as Zotero API JSON, as translation-server answers}
 *
 * Zotero's debug log goes to stderr (DEBUG_LEVEL=1 turns it on).
 */
const fs = require('fs');
const path = require('path');

const SERVER = path.join(__dirname, 'translation-server');
process.env.NODE_CONFIG_DIR = path.join(SERVER, 'config');

const writeStdout = process.stdout.write.bind(process.stdout);
console.log = (...args) => process.stderr.write(args.join(' ') + '\n');

require(path.join(SERVER, 'src', 'zotero'));
const Translate = require(path.join(SERVER, 'src', 'translation', 'translate'));
// Read after translate.js has wrapped the JSDOM class (its innerText shim).
const { JSDOM } = require('jsdom');
const wgxpath = require('wicked-good-xpath');

Zotero.Debug.init(Boolean(process.env.DEBUG_LEVEL));

/** The document that translation-server's Zotero.HTTP.request makes of an HTML response. */
function loadDocument(url, file) {
	const dom = new JSDOM(fs.readFileSync(file, 'utf-8'), {
		url,
		contentType: 'text/html; charset=utf-8',
	});
	wgxpath.install(dom.window, true);
	return dom.window.document;
}

/** WebSession.prototype.saveWebpage: the server's item when no translator saves one. */
function savedWebpage(translate) {
	const head = translate.document.documentElement.querySelector('head');
	if (!head) throw new Error('No translators available');
	let description = head.querySelector('meta[name=description]');
	if (description) description = description.getAttribute('content');
	return Zotero.Utilities.Item.itemToAPIJSON({
		itemType: 'webpage',
		url: translate.document.location.href,
		title: translate.document.title,
		abstractNote: description,
		accessDate: Zotero.Date.dateToISO(new Date()),
	});
}

/** WebSession.prototype.handleURL and .translate, for one page. */
function translatePage(url, file) {
	return new Promise((resolve, reject) => {
		const translate = new Translate.Web();
		translate.setHandler('translators', async (translate, translators) => {
			const result = {
				translators: translators.map(t => t.label),
				translator: null,
				errors: [],
				items: [],
			};
			try {
				let items = null;
				for (const translator of translators) {
					translate.setTranslator(translator);
					try {
						items = await translate.translate({ libraryID: false });
						result.translator = translator.label;
						break;
					}
					catch (e) {
						result.errors.push(`${translator.label}: ${e}`);
					}
				}
				if (items === null) {
					result.items = savedWebpage(translate);
				}
				else {
					for (const item of items) {
						result.items.push(...Zotero.Utilities.Item.itemToAPIJSON(item));
					}
				}
				resolve(result);
			}
			catch (e) {
				reject(e);
			}
		});
		translate.setHandler('select', (translate, items, callback) => {
			callback([]);
			reject(new Error(`${url}: the translator offers ${Object.keys(items).length} items to choose from`));
		});
		translate.setDocument(loadDocument(url, file));
		translate.getTranslators(true);
	});
}

async function main(args) {
	if (!args.length || args.length % 2) {
		throw new Error('usage: node translate-pages.js URL FILE [URL FILE ...]');
	}
	await Zotero.Translators.init();
	const results = {};
	for (let i = 0; i < args.length; i += 2) {
		results[args[i]] = await translatePage(args[i], args[i + 1]);
	}
	writeStdout(JSON.stringify(results, null, 2) + '\n');
}

main(process.argv.slice(2)).catch(e => {
	process.stderr.write(`${(e && e.stack) || e}\n`);
	process.exit(1);
});
