/* My notes: highlights with a note, kept in this browser only.
 *
 * The quote bar of cite.js (shown under a selection in an article) gets a note field and a
 * "Highlight" button; this script must load before cite.js, which calls
 * `window.explainerNotes.addButtons(bar, getInfo)` when it builds the bar.
 *
 * Highlights are stored in localStorage under "explainer-notes-v1" (no cookie, no network,
 * works from file://) as a list of
 *   {id, page, url, local, title, first, last, quote, prefix, suffix, offset, note, role,
 *    created, citation: {style: {original, page}}, citationHtml: {style: {original, page}},
 *    entry: {style: {original, page}}, styles}
 * where `page` is the page's path from the site's root ("/articles/slug/", so a new
 * `site_url` or another copy of the site keeps them; older notes keyed by the canonical
 * address are moved to the path when their page is seen), `url` its canonical address,
 * `quote` the selected text as cite.js's selectionInfo gives it, `prefix` and `suffix` up to
 * 32 characters of the article's text before and after it (as in the W3C Web Annotation
 * TextQuoteSelector) and `offset` where it starts in paragraph `first`'s text (the same
 * text: site additions left out, white space collapsed). The citations and entries of every
 * style are saved with the note, so the "My notes" panel can show and export them on any page
 * (the original's only when the page offers it: one whose reference does not say where to
 * find it is not, and a note of such a page cites the page, whatever role it was saved with);
 * `citationHtml` holds the citations with the processor's italics (cite.js's pinpointHtml),
 * which the panel shows through cite.js's allow-list and the Markdown export writes as
 * `*…*`. An export runs a quotation in with its citation as cite.js does: the sentence's
 * period after the citation (“…change” (Lee, 2019, para. 3).).
 *
 * On load, each highlight of the page is found again by its quote in the article's text:
 * the occurrence whose prefix and suffix match best wins, then the one nearest to paragraph
 * `first` (only a hint: paragraphs may have been added above). It is wrapped in
 * <mark class="ex-highlight"> (one mark per text node, so links stay whole); when it is now
 * in other paragraphs, the note's numbers and pinpoint citations follow it. A quote no longer
 * in the text stays in the panel, marked "not found on this page".
 *
 * Everything read from storage or an imported file is checked field by field (types,
 * lengths, ranges; unknown fields dropped) and never inserted as HTML (the citations' HTML
 * only through cite.js's allow-list of citeproc-js' tags). A stored entry that
 * fails the check is shown as damaged, can be deleted, and is left out of exports.
 */
(function () {
  "use strict";

  var KEY = "explainer-notes-v1";
  /* Parts of a paragraph that are the site's, not the author's words (as in cite.js). */
  var NOT_TEXT = ".ex-pnum, .ex-argref, sup[id^='fnref'], .footnote-ref, .ex-popover, .ex-quote-bar";

  /* Bounds of what a note may hold. */
  var MAX_NOTES = 1000; /* highlights kept, damaged ones included */
  var MAX_QUOTE = 20000;
  var MAX_NOTE = 1000; /* the note field's maxLength */
  var MAX_TITLE = 500;
  var MAX_TEXT = 2000; /* addresses, page keys, citations, reference entries */
  var MAX_LABEL = 100;
  var MAX_STYLES = 20;
  var MAX_PARAGRAPH = 100000;
  var MAX_OFFSET = 10000000;
  var MAX_FILE = 16 * 1024 * 1024; /* bytes of a file to import */
  var MAX_MATCHES = 10000; /* occurrences of a quote weighed */
  var CONTEXT = 32; /* characters of prefix and suffix */
  var ID = /^[A-Za-z0-9_.:-]{1,100}$/;
  var STYLE_KEY = /^[A-Za-z0-9-]{1,40}$/;
  var STORAGE_PROBLEM = "this browser's storage is full or turned off";

  var memory = null; /* the stored list, when localStorage cannot be used */
  var unsaved = false; /* the last save failed: `memory` is newer than localStorage */
  var missing = Object.create(null); /* ids of this page's notes whose quote was not found */

  /* --- Checking notes ---------------------------------------------------------------- */

  function text(value, max) {
    return typeof value === "string" && value.length <= max ? value : "";
  }

  function clip(value, max) {
    return typeof value === "string" ? value.slice(0, max) : "";
  }

  function whole(value, min, max) {
    return typeof value === "number" && Math.floor(value) === value && value >= min && value <= max;
  }

  /* {style: {original, page}} with string values only. */
  function forms(value) {
    var out = Object.create(null);
    if (!value || typeof value !== "object" || Array.isArray(value)) return out;
    Object.keys(value).slice(0, MAX_STYLES).forEach(function (key) {
      var item = value[key];
      if (!STYLE_KEY.test(key) || !item || typeof item !== "object" || Array.isArray(item)) return;
      var kept = {};
      ["original", "page"].forEach(function (role) {
        var form = text(item[role], MAX_TEXT);
        if (form) kept[role] = form;
      });
      if (kept.original || kept.page) out[key] = kept;
    });
    return out;
  }

  /* A note with every field checked and unknown fields dropped, or null when what it needs
     (id, page, quote, paragraph numbers) is missing or out of bounds. */
  function clean(raw) {
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) return null;
    if (typeof raw.id !== "string" || !ID.test(raw.id)) return null;
    if (!text(raw.page, MAX_TEXT) || !text(raw.quote, MAX_QUOTE)) return null;
    if (!whole(raw.first, 1, MAX_PARAGRAPH) || !whole(raw.last, raw.first, MAX_PARAGRAPH)) return null;
    var note = {
      id: raw.id,
      page: raw.page,
      url: text(raw.url, MAX_TEXT),
      local: text(raw.local, MAX_TEXT),
      title: clip(raw.title, MAX_TITLE),
      first: raw.first,
      last: raw.last,
      quote: raw.quote,
      prefix: clip(raw.prefix, 2 * CONTEXT),
      suffix: clip(raw.suffix, 2 * CONTEXT),
      offset: whole(raw.offset, 0, MAX_OFFSET) ? raw.offset : 0,
      note: clip(raw.note, MAX_NOTE),
      role: raw.role === "original" ? "original" : "page",
      created: text(raw.created, 40),
      citation: forms(raw.citation),
      citationHtml: forms(raw.citationHtml),
      entry: forms(raw.entry),
      styles: Object.create(null)
    };
    var styles = raw.styles && typeof raw.styles === "object" ? raw.styles : {};
    Object.keys(note.citation).forEach(function (key) {
      var style = styles[key] && typeof styles[key] === "object" ? styles[key] : {};
      note.styles[key] = { label: text(style.label, MAX_LABEL) || key, note: style.note === true };
    });
    return note;
  }

  /* --- Storage ---------------------------------------------------------------------- */

  /* The stored list as it is. What is not a list (a hand edit, a cut-off write) is one
     entry, shown as damaged rather than overwritten unseen. */
  function stored() {
    var raw = null;
    if (!unsaved) {
      try {
        raw = window.localStorage.getItem(KEY);
      } catch (error) {
        raw = null; /* storage turned off: what this page last kept */
      }
    }
    if (raw === null) return memory ? memory.slice() : [];
    try {
      var list = JSON.parse(raw);
      return Array.isArray(list) ? list : [list];
    } catch (error) {
      return [raw];
    }
  }

  /* {notes, damaged}: the checked notes, and the stored entries that failed the check
     ({id: "damaged N", raw}), kept as they are until the reader deletes them. */
  function read() {
    var list = stored().slice(0, MAX_NOTES);
    var notes = [];
    var damaged = [];
    var ids = Object.create(null);
    list.forEach(function (raw, index) {
      var note = clean(raw);
      if (!note) { damaged.push({ id: "damaged " + index, raw: raw }); return; }
      var id = note.id;
      for (var n = 1; ids[id]; n++) id = note.id.slice(0, 80) + "-" + index + "-" + n;
      note.id = id;
      ids[id] = true;
      notes.push(note);
    });
    return { notes: notes, damaged: damaged };
  }

  function load() {
    return read().notes;
  }

  /* Store the notes and the damaged entries; false when the browser refused. */
  function write(notes, damaged) {
    var list = notes.concat((damaged || []).map(function (item) { return item.raw; }));
    memory = list;
    try {
      window.localStorage.setItem(KEY, JSON.stringify(list));
      unsaved = false;
      return true;
    } catch (error) {
      unsaved = true;
      return false;
    }
  }

  /* --- This page -------------------------------------------------------------------- */

  function citeData() {
    if (window.explainerCite) return window.explainerCite.data();
    var node = document.getElementById("ex-cite-data");
    if (!node) return null;
    try { return JSON.parse(node.textContent); } catch (error) { return null; }
  }

  function currentStyle() {
    if (window.explainerCite) return window.explainerCite.currentStyle();
    var checked = document.querySelector(".ex-style-switch > input:checked");
    return (checked && checked.getAttribute("data-ex-style")) || "apa";
  }

  function localAddress() {
    return window.location.href.split("#")[0];
  }

  function decoded(address) {
    try { return decodeURI(address); } catch (error) { return address; }
  }

  /* The site's root address, from the relative `base` Material writes into each page. */
  function siteRoot() {
    var node = document.getElementById("__config");
    if (!node) return null;
    try {
      var base = JSON.parse(node.textContent).base;
      if (typeof base !== "string") return null;
      return new URL((base || ".").replace(/\/*$/, "/"), window.location.href).href.split(/[?#]/)[0];
    } catch (error) {
      return null;
    }
  }

  /* This page's path from the site's root: "/articles/slug/", "/" for the home page. */
  function sitePath() {
    var root = siteRoot();
    var here = window.location.href.split(/[?#]/)[0];
    if (!root || here.indexOf(root) !== 0) return null;
    return "/" + decoded(here.slice(root.length)).replace(/(^|\/)index\.html?$/, "$1");
  }

  /* The key of a page before notes were keyed by path, when it had no canonical address. */
  function titleKey() {
    var parts = window.location.pathname.split("/").filter(function (part) {
      return part && !/^index\.html?$/.test(part);
    });
    return document.title + " " + (parts.length ? parts[parts.length - 1] : "");
  }

  /* The page's key: its path from the site's root, else its canonical address, else its
     title and the last named path segment. */
  function pageKey() {
    var path = sitePath();
    if (path) return path;
    var data = citeData();
    return data && data.url ? data.url : titleKey();
  }

  function pageTitle() {
    var h1 = document.querySelector(".md-content h1");
    if (!h1) return document.title;
    var copy = h1.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll(".headerlink"), function (el) { el.remove(); });
    return plain(copy.textContent) || document.title;
  }

  function plain(value) {
    return String(value).replace(/\s+/g, " ").trim();
  }

  function paragraph(number) {
    var element = document.getElementById("p-" + number);
    return element && element.matches(".md-content .ex-para") ? element : null;
  }

  function numberOf(element) {
    var match = /^p-([1-9][0-9]{0,5})$/.exec(element.id || "");
    var number = match ? parseInt(match[1], 10) : 0;
    return number <= MAX_PARAGRAPH ? number : 0;
  }

  /* The text nodes of a paragraph that are the author's words. */
  function textWalker(element) {
    return document.createTreeWalker(element, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentElement;
        return parent && parent.closest(NOT_TEXT) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
  }

  /* The paragraph's text as selectionInfo sees it, with the DOM place of each character. */
  function textMap(element) {
    var chars = [];
    var places = [];
    var space = true; /* leading white space is dropped */
    var walker = textWalker(element);
    var node;
    while ((node = walker.nextNode())) {
      var value = node.nodeValue;
      for (var i = 0; i < value.length; i++) {
        var c = value.charAt(i);
        if (/\s/.test(c)) {
          if (space) continue;
          c = " ";
          space = true;
        } else {
          space = false;
        }
        chars.push(c);
        places.push({ node: node, index: i });
      }
    }
    if (chars.length && chars[chars.length - 1] === " ") { chars.pop(); places.pop(); }
    return { text: chars.join(""), places: places };
  }

  /* The same text as textMap's, without the places. */
  function paragraphText(element) {
    var parts = [];
    var walker = textWalker(element);
    var node;
    while ((node = walker.nextNode())) parts.push(node.nodeValue);
    return parts.join("").replace(/\s+/g, " ").replace(/^ /, "").replace(/ $/, "");
  }

  /* The article's text: its numbered paragraphs joined by spaces, as selectionInfo joins
     the paragraphs of a selection, with where each paragraph starts. */
  function articleText() {
    var paras = [];
    var all = "";
    Array.prototype.forEach.call(document.querySelectorAll(".md-content .ex-para"), function (element) {
      var number = numberOf(element);
      var value = number ? paragraphText(element) : "";
      if (!value) return;
      if (all) all += " ";
      paras.push({ element: element, number: number, at: all.length, length: value.length });
      all += value;
    });
    return { text: all, paras: paras };
  }

  /* Where the selection starts in paragraph `first`'s text. */
  function selectionOffset(range, first) {
    var element = paragraph(first);
    if (!element || !element.contains(range.startContainer)) return 0;
    var before = document.createRange();
    before.setStart(element, 0);
    before.setEnd(range.startContainer, range.startOffset);
    var fragment = before.cloneContents();
    Array.prototype.forEach.call(fragment.querySelectorAll(NOT_TEXT), function (el) { el.remove(); });
    var value = fragment.textContent.replace(/\s+/g, " ").replace(/^ /, "");
    return value.length;
  }

  /* Where the note's paragraph hint points in the article's text. */
  function hintOf(note, article) {
    var at = 0;
    article.paras.forEach(function (para) {
      if (para.number <= note.first) at = para.at;
    });
    return at + note.offset;
  }

  function sameEnd(a, b) {
    var n = 0;
    while (n < a.length && n < b.length && a.charAt(a.length - 1 - n) === b.charAt(b.length - 1 - n)) n++;
    return n;
  }

  function sameStart(a, b) {
    var n = 0;
    while (n < a.length && n < b.length && a.charAt(n) === b.charAt(n)) n++;
    return n;
  }

  /* Characters [start, end) of the article's text: the paragraphs they are in, and the
     numbers, offset and context a note keeps of them. */
  function placeOf(article, start, end) {
    var spans = [];
    article.paras.forEach(function (para) {
      var from = Math.max(start, para.at) - para.at;
      var to = Math.min(end, para.at + para.length) - para.at;
      if (to > from) spans.push({ para: para, start: from, end: to });
    });
    if (!spans.length) return null;
    return {
      spans: spans,
      first: spans[0].para.number,
      last: spans[spans.length - 1].para.number,
      offset: spans[0].start,
      prefix: article.text.slice(Math.max(0, start - CONTEXT), start),
      suffix: article.text.slice(end, end + CONTEXT)
    };
  }

  /* Find the note's quote in the article: of its occurrences, the one whose prefix and
     suffix match the note's best, then the nearest to where the paragraph hint points. A
     short quote found more than once, none of whose context is left (a few characters at
     least), is not found rather than put on some other "the". */
  function anchor(note, article) {
    var all = article.text;
    var quote = note.quote;
    var hint = hintOf(note, article);
    var best = -1;
    var bestScore = -1;
    var bestDistance = 0;
    var tries = 0;
    var from = all.indexOf(quote);
    while (from !== -1 && tries < MAX_MATCHES) {
      tries += 1;
      var end = from + quote.length;
      var score = sameEnd(note.prefix, all.slice(Math.max(0, from - note.prefix.length), from)) +
        sameStart(note.suffix, all.slice(end, end + note.suffix.length));
      var distance = Math.abs(from - hint);
      if (score > bestScore || (score === bestScore && distance < bestDistance)) {
        best = from;
        bestScore = score;
        bestDistance = distance;
      }
      from = all.indexOf(quote, from + 1);
    }
    if (best === -1) return null;
    var context = note.prefix.length + note.suffix.length;
    if (tries > 1 && quote.length < CONTEXT && bestScore < Math.min(8, context)) return null;
    return placeOf(article, best, best + quote.length);
  }

  /* Wrap characters [start, end) of a paragraph's text in marks, one per text node. */
  function wrap(span, note) {
    var map = textMap(span.para.element);
    var pieces = [];
    for (var i = span.start; i < span.end && i < map.places.length; i++) {
      var place = map.places[i];
      var last = pieces[pieces.length - 1];
      if (last && last.node === place.node) last.to = place.index + 1;
      else pieces.push({ node: place.node, from: place.index, to: place.index + 1 });
    }
    pieces.forEach(function (piece) {
      var node = piece.node;
      if (piece.to < node.nodeValue.length) node.splitText(piece.to);
      if (piece.from > 0) node = node.splitText(piece.from);
      var mark = document.createElement("mark");
      mark.className = "ex-highlight";
      mark.setAttribute("data-note-id", note.id);
      if (note.note) mark.title = "My note: " + note.note;
      node.parentNode.insertBefore(mark, node);
      mark.appendChild(node);
    });
  }

  /* Mark the note's quote on this page; where it was found, or null. */
  function highlight(note, article) {
    var found = anchor(note, article || articleText());
    if (!found) { missing[note.id] = true; return null; }
    delete missing[note.id];
    found.spans.forEach(function (span) { wrap(span, note); });
    return found;
  }

  function unhighlight(id) {
    var marks = document.querySelectorAll("mark.ex-highlight" +
      (id ? "[data-note-id=\"" + String(id).replace(/["\\]/g, "\\$&") + "\"]" : ""));
    Array.prototype.forEach.call(marks, function (mark) {
      var parent = mark.parentNode;
      while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
      parent.removeChild(mark);
      parent.normalize();
    });
  }

  function pinpoint(data, style, role, first, last) {
    var form = data.citations[style] && data.citations[style][role];
    if (!form || typeof form.one !== "string" || typeof form.range !== "string") return "";
    if (first === last) return form.one.split("{n}").join(String(first));
    return form.range.split("{n}").join(String(first)).split("{m}").join(String(last));
  }

  /* The same citation as allowed HTML with its italics (cite.js's, loaded after this file:
     looked up when called), or "" without cite.js. */
  function pinpointHtml(style, role, first, last) {
    var cite = window.explainerCite;
    return cite && cite.pinpointHtml ? cite.pinpointHtml(style, role, first, last) : "";
  }

  /* The note follows its quote: paragraph numbers, offset, context, pinpoint citations
     (in the styles this page has), this page's addresses. True when something changed. */
  function follow(note, found, data) {
    var changed = false;
    var moved = note.first !== found.first || note.last !== found.last;
    ["first", "last", "offset", "prefix", "suffix"].forEach(function (field) {
      if (note[field] !== found[field]) { note[field] = found[field]; changed = true; }
    });
    if (moved && data && data.citations) {
      Object.keys(note.citation).forEach(function (style) {
        ["original", "page"].forEach(function (role) {
          var cite = pinpoint(data, style, role, note.first, note.last);
          if (!cite) return;
          note.citation[style][role] = cite;
          /* Its HTML form follows too, or goes (the text is shown then, never a stale one). */
          var html = pinpointHtml(style, role, note.first, note.last);
          if (!note.citationHtml[style]) note.citationHtml[style] = {};
          if (html) note.citationHtml[style][role] = html;
          else delete note.citationHtml[style][role];
        });
      });
    }
    if (data && typeof data.url === "string" && data.url && note.url !== data.url) {
      note.url = data.url;
      changed = true;
    }
    if (note.local !== localAddress()) { note.local = localAddress(); changed = true; }
    return changed;
  }

  /* Whether the page's data has citations of `role` in some style. */
  function offers(data, role) {
    var citations = data && data.citations ? data.citations : {};
    return Object.keys(citations).some(function (style) {
      return Boolean(citations[style] && citations[style][role]);
    });
  }

  /* A note of this page whose original the page does not offer (its reference does not say
     where to find it): its citations of the original, saved from an earlier edition or
     imported, go, a style left with none goes, and it cites the page. True when something
     changed. Without the page's citations nothing is known, so nothing changes. */
  function dropOriginal(note, data) {
    if (!data || !data.citations || !Object.keys(data.citations).length || offers(data, "original")) return false;
    var changed = note.role !== "page";
    note.role = "page";
    Object.keys(note.citation).forEach(function (style) {
      if (note.citation[style].original === undefined) return;
      [note.citation, note.citationHtml, note.entry].forEach(function (forms) {
        if (forms[style]) delete forms[style].original;
      });
      if (!note.citation[style].page) {
        [note.citation, note.citationHtml, note.entry, note.styles].forEach(function (forms) { delete forms[style]; });
      }
      changed = true;
    });
    return changed;
  }

  /* Notes keyed by an address (before keys were paths) move to this page's path when the
     address ends with it; other notes whose address starts where one of those (or this
     page's canonical address) starts move to their own path. True when some moved. */
  function migrate(notes, key) {
    if (key.charAt(0) !== "/") return false;
    var data = citeData();
    var canonical = data && typeof data.url === "string" ? data.url : "";
    var roots = [];
    var changed = false;
    function rootOf(address) {
      if (key.length < 2 || !/^[a-z][a-z0-9+.-]*:\/\//i.test(address)) return null;
      var path = decoded(address.split(/[?#]/)[0]).replace(/(^|\/)index\.html?$/, "$1");
      if (path.length <= key.length || path.slice(-key.length) !== key) return null;
      return path.slice(0, path.length - key.length + 1);
    }
    function learn(root) {
      if (root && roots.indexOf(root) === -1) roots.push(root);
    }
    learn(rootOf(canonical));
    notes.forEach(function (note) {
      if (note.page.charAt(0) === "/") return;
      var root = rootOf(note.page);
      if (root || note.page === titleKey() || (canonical && note.page === canonical)) {
        learn(root);
        note.page = key;
        changed = true;
      }
    });
    notes.forEach(function (note) {
      if (note.page.charAt(0) === "/") return;
      var address = decoded(note.page.split(/[?#]/)[0]);
      roots.forEach(function (root) {
        if (note.page.charAt(0) === "/" || address.indexOf(root) !== 0) return;
        note.page = "/" + address.slice(root.length).replace(/(^|\/)index\.html?$/, "$1");
        changed = true;
      });
    });
    return changed;
  }

  /* Mark this page's highlights; `persist`: store what changed (moved keys, paragraphs
     that moved). Not on another tab's change, so two tabs never undo each other. */
  function applyPage(persist) {
    unhighlight(null);
    missing = Object.create(null);
    var state = read();
    var key = pageKey();
    var data = citeData();
    var changed = migrate(state.notes, key);
    var article = null;
    state.notes.forEach(function (note) {
      if (note.page !== key) return;
      if (!article) article = articleText();
      if (dropOriginal(note, data)) changed = true;
      try {
        var found = highlight(note, article);
        if (found && follow(note, found, data)) changed = true;
      } catch (error) {
        missing[note.id] = true;
      }
    });
    if (changed && persist) write(state.notes, state.damaged);
  }

  /* --- Saving a highlight ------------------------------------------------------------ */

  var lastSelection = null; /* {info, offset} of the latest selection in the article */

  document.addEventListener("selectionchange", function () {
    if (!window.explainerCite) return;
    var selection = window.getSelection();
    var info = window.explainerCite.selectionInfo(selection);
    if (!info) return;
    lastSelection = { info: info, offset: selectionOffset(selection.getRangeAt(0), info.first) };
  });

  function newId() {
    return "n" + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
  }

  function noteFrom(info, value, role, article) {
    var data = citeData();
    var offset = whole(info.offset, 0, MAX_OFFSET) ? info.offset : 0;
    if (lastSelection && lastSelection.info.text === info.text && lastSelection.info.first === info.first) {
      offset = lastSelection.offset;
    }
    var note = {
      id: newId(),
      page: pageKey(),
      url: data && data.url ? data.url : "",
      local: localAddress(),
      title: pageTitle(),
      first: info.first,
      last: info.last,
      quote: info.text.slice(0, MAX_QUOTE),
      prefix: "",
      suffix: "",
      offset: offset,
      note: value.slice(0, MAX_NOTE),
      role: role === "original" && offers(data, "original") ? "original" : "page",
      created: new Date().toISOString(),
      citation: {},
      citationHtml: {},
      entry: {},
      styles: {}
    };
    var found = anchor(note, article);
    if (found) {
      ["first", "last", "offset", "prefix", "suffix"].forEach(function (field) { note[field] = found[field]; });
    }
    if (data && data.styles && data.citations) {
      data.styles.forEach(function (style) {
        if (!data.citations[style.key]) return;
        note.styles[style.key] = { label: style.label, note: !!style.note };
        note.citation[style.key] = {};
        note.citationHtml[style.key] = {};
        note.entry[style.key] = {};
        ["original", "page"].forEach(function (r) {
          if (!data.citations[style.key][r]) return; /* an original the page does not offer */
          note.citation[style.key][r] = pinpoint(data, style.key, r, note.first, note.last);
          note.citationHtml[style.key][r] = pinpointHtml(style.key, r, note.first, note.last);
          note.entry[style.key][r] = data.citations[style.key][r].entry || "";
        });
      });
    }
    return note;
  }

  /* Keep a highlight; {note, saved} or null when My notes is full. */
  function addNote(info, value, role) {
    var article = articleText();
    var note = noteFrom(info, value, role, article);
    var state = read();
    var same = null;
    state.notes.forEach(function (old) {
      if (old.page === note.page && old.first === note.first && old.last === note.last &&
          old.quote === note.quote && old.offset === note.offset) same = old;
    });
    if (same) {
      same.note = note.note;
      same.role = note.role;
      note = same;
    } else if (state.notes.length + state.damaged.length >= MAX_NOTES) {
      return null;
    } else {
      state.notes.push(note);
    }
    var saved = write(state.notes, state.damaged);
    unhighlight(note.id);
    highlight(note, article);
    updateCount();
    return { note: note, saved: saved };
  }

  /* Status messages go through cite.js's live region (loaded after this file). */
  function announce(message) {
    if (window.explainerCite) window.explainerCite.announce(message);
  }

  var fieldCount = 0;
  function addButtons(bar, getInfo) {
    fieldCount += 1;
    var id = "ex-note-input-" + fieldCount;
    var label = document.createElement("label");
    label.className = "ex-note-label";
    label.setAttribute("for", id);
    label.textContent = "Note";
    var input = document.createElement("input");
    input.type = "text";
    input.id = id;
    input.className = "ex-note-input";
    input.maxLength = MAX_NOTE;
    input.placeholder = "optional";
    input.autocomplete = "off";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button ex-note-add";
    button.textContent = "Highlight";
    button.title = "Highlight the selection and keep the note in My notes (this browser only)";
    function add() {
      var info = getInfo();
      if (!info) return;
      var select = bar.querySelector(".ex-quote-role");
      var added = addNote(info, plain(input.value), select ? select.value : "page");
      if (!added) {
        announce("Not highlighted: My notes holds at most " + MAX_NOTES + " highlights; delete some first");
        return;
      }
      input.value = "";
      announce(added.saved ? "Highlighted; kept in My notes"
        : "Highlighted, but it could not be saved: " + STORAGE_PROBLEM +
          ", so the highlight will be lost when you leave this page");
    }
    button.addEventListener("mousedown", function (event) { event.preventDefault(); });
    button.addEventListener("click", add);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); add(); }
    });
    bar.appendChild(label);
    bar.appendChild(input);
    bar.appendChild(button);
  }

  /* --- Text of a note in a style ------------------------------------------------------ */

  function innerQuotes(value) {
    return value.replace(/[“”]/g, function (mark) { return mark === "“" ? "‘" : "’"; })
      .replace(/"([^"]*)"/g, "‘$1’");
  }

  function quoted(note) {
    return "“" + innerQuotes(note.quote) + "”";
  }

  /* The style to show: the page's choice if the note has it, else the note's first one. */
  function styleOf(note, style) {
    if (note.citation[style]) return style;
    var keys = Object.keys(note.citation);
    return keys.length ? keys[0] : null;
  }

  function paragraphs(note) {
    return "(para. " + (note.first === note.last ? note.first : note.first + "–" + note.last) + ")";
  }

  /* The role a note is cited by in a style: its own, else this page's (the note's original
     may not be offered), else whichever it has. */
  function roleOf(note, key) {
    var forms = note.citation[key] || {};
    return forms[note.role] ? note.role : forms.page ? "page" : "original";
  }

  /* A note's citation in a style: {text, html ("" when the note has none), note: whether
     it is a note style's}. */
  function citationParts(note, style) {
    var key = styleOf(note, style);
    if (!key) return { text: paragraphs(note), html: "", note: false };
    var role = roleOf(note, key);
    var text = note.citation[key][role];
    var html = text && note.citationHtml[key] ? note.citationHtml[key][role] || "" : "";
    return {
      text: text || paragraphs(note),
      html: html,
      note: Boolean(note.styles[key] && note.styles[key].note)
    };
  }

  /* Text that Markdown takes as it is (no emphasis, code or HTML of its own). */
  function escapeMarkdown(value) {
    return value.replace(/[\\`*<]/g, "\\$&");
  }

  /* Citation HTML as Markdown: italics as *…*, bold as **…** (as citeproc-js writes them,
     without attributes), any other markup as its text. DOMParser runs no script and loads
     nothing, and nothing of it goes into the page. */
  function markdownOf(html) {
    function walk(node) {
      var out = "";
      Array.prototype.forEach.call(node.childNodes, function (child) {
        if (child.nodeType === 3) {
          out += escapeMarkdown(child.nodeValue);
        } else if (child.nodeType === 1) {
          var inner = walk(child);
          var tag = child.attributes.length ? "" : child.tagName;
          var mark = /^(I|EM)$/.test(tag) ? "*" : /^(B|STRONG)$/.test(tag) ? "**" : "";
          var parts = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner);
          out += mark && parts[2] ? parts[1] + mark + parts[2] + mark + parts[3] : inner;
        }
      });
      return out;
    }
    return plain(walk(new DOMParser().parseFromString(html, "text/html").body));
  }

  /* The citation as Markdown: with its italics when the note has them. */
  function citationMarkdown(parts) {
    return parts.html ? markdownOf(parts.html) : escapeMarkdown(parts.text);
  }

  /* A quotation and its citation on one line. In-text citations run in as cite.js's "Copy
     quote with citation" writes them, by its rule (runInQuote; cite.js loads after this
     file, so it is looked up when a file is exported): the sentence's period or comma gives
     way to the period after the citation (“…change” (Lee, 2019, para. 3).), a ? or ! stays
     inside. A note style's citation is a note: the quotation keeps its own punctuation. */
  function quotedWith(note, parts, cite) {
    var shared = window.explainerCite && window.explainerCite.runInQuote;
    if (parts.note) return quoted(note) + " Note: " + cite;
    if (!shared) return quoted(note) + " " + cite;
    return "“" + shared(innerQuotes(note.quote)) + "” " + cite + ".";
  }

  function entryOf(note, style) {
    var key = styleOf(note, style);
    if (!key || !note.entry[key]) return "";
    return note.entry[key][roleOf(note, key)] || "";
  }

  /* Only web and file addresses: an imported file must not bring in a javascript: link. */
  function safe(address) {
    return typeof address === "string" && /^(https?|file):/i.test(address) ? address : "";
  }

  /* Back to the paragraph: the note's path on the site this page is on (the offline copy,
     the same server); for a note keyed otherwise, the address it was saved from when it is
     on the same kind of site as this page, else the canonical one. */
  function linkOf(note) {
    var root = siteRoot();
    if (root && note.page.charAt(0) === "/" && safe(root)) {
      var path = encodeURI(note.page.slice(1));
      if (window.location.protocol === "file:" && (path === "" || /\/$/.test(path))) path += "index.html";
      return root + path + "#p-" + note.first;
    }
    var here = window.location.protocol;
    var local = safe(note.local);
    var base = local && local.indexOf(here) === 0 && (here === "file:" || local.indexOf(window.location.origin) === 0)
      ? local : (safe(note.url) || local);
    return base ? base + "#p-" + note.first : "#";
  }

  function groups(list) {
    var order = [];
    var byPage = Object.create(null);
    list.forEach(function (note) {
      if (!byPage[note.page]) { byPage[note.page] = []; order.push(note.page); }
      byPage[note.page].push(note);
    });
    return order.map(function (page) {
      var notes = byPage[page].slice().sort(function (a, b) {
        return a.first - b.first || a.offset - b.offset;
      });
      return { page: page, title: notes[0].title || page, notes: notes };
    });
  }

  /* --- Export and import ------------------------------------------------------------- */

  function references(list, style) {
    var seen = Object.create(null);
    var out = [];
    list.forEach(function (note) {
      var entry = entryOf(note, style);
      if (entry && !seen[entry]) { seen[entry] = true; out.push(entry); }
    });
    return out.sort();
  }

  function markdown(list, style) {
    var lines = ["# My notes", "", "Exported " + new Date().toISOString().slice(0, 10) + ".", ""];
    groups(list).forEach(function (group) {
      lines.push("## " + group.title, "", "<" + (safe(group.notes[0].url) || safe(group.notes[0].local)) + ">", "");
      group.notes.forEach(function (note) {
        var parts = citationParts(note, style);
        var cite = citationMarkdown(parts);
        if (parts.note) lines.push("> " + quoted(note), "", "Note: " + cite, "");
        else lines.push("> " + quotedWith(note, parts, cite), "");
        if (note.note) lines.push("My note: " + note.note, "");
      });
    });
    var refs = references(list, style);
    if (refs.length) {
      lines.push("## References", "");
      refs.forEach(function (entry) { lines.push("- " + entry); });
      lines.push("");
    }
    /* Machine-readable copy for "Import": "--" cannot appear inside an HTML comment. */
    var json = JSON.stringify({ version: 1, notes: list }).replace(/--/g, "-\\u002d");
    lines.push("<!-- explainer-notes: " + json + " -->", "");
    return lines.join("\n");
  }

  function plainText(list, style) {
    var lines = ["My notes", ""];
    groups(list).forEach(function (group) {
      lines.push(group.title, safe(group.notes[0].url) || safe(group.notes[0].local), "");
      group.notes.forEach(function (note) {
        var parts = citationParts(note, style);
        lines.push(quotedWith(note, parts, parts.text));
        if (note.note) lines.push("My note: " + note.note);
        lines.push("");
      });
    });
    var refs = references(list, style);
    if (refs.length) {
      lines.push("References", "");
      refs.forEach(function (entry) { lines.push(entry); });
      lines.push("");
    }
    return lines.join("\n");
  }

  function download(name, value, type) {
    var blob = new Blob([value], { type: type + ";charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  /* Notes from an exported Markdown file (its last "explainer-notes" comment), each checked:
     {notes, rejected (failed the check), over (past MAX_NOTES)}, or null when it has none. */
  function readExport(value) {
    /* The last opening, then its end: linear, however many openings a file has. */
    var pattern = /<!--\s*explainer-notes:/g;
    var start = -1;
    var match;
    while ((match = pattern.exec(value))) start = match.index + match[0].length;
    var end = start === -1 ? -1 : value.indexOf("-->", start);
    if (end === -1) return null;
    var data;
    try { data = JSON.parse(value.slice(start, end)); } catch (error) { return null; }
    if (!data || !Array.isArray(data.notes)) return null;
    var notes = [];
    var rejected = 0;
    data.notes.slice(0, MAX_NOTES).forEach(function (raw) {
      var note = clean(raw);
      if (note) notes.push(note); else rejected += 1;
    });
    return { notes: notes, rejected: rejected, over: Math.max(0, data.notes.length - MAX_NOTES) };
  }

  function parseExport(value) {
    var result = readExport(String(value));
    return result ? result.notes : null;
  }

  /* Add notes not kept yet (by id): {added, full (left out: no room), saved}. */
  function importNotes(notes) {
    var state = read();
    var ids = Object.create(null);
    state.notes.forEach(function (note) { ids[note.id] = true; });
    var room = MAX_NOTES - state.notes.length - state.damaged.length;
    var added = 0;
    var full = 0;
    notes.forEach(function (note) {
      if (ids[note.id]) return;
      if (added >= room) { full += 1; return; }
      ids[note.id] = true;
      state.notes.push(note);
      added += 1;
    });
    var saved = added ? write(state.notes, state.damaged) : true;
    applyPage(true);
    updateCount();
    return { added: added, full: full, saved: saved };
  }

  function plural(count, one, many) {
    return count + " " + (count === 1 ? one : many);
  }

  function importFile(chosen) {
    if (chosen.size > MAX_FILE) {
      announce("That file is too large to be a My notes export");
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      var result = readExport(String(reader.result));
      if (!result) { announce("No explainer notes found in that file"); return; }
      var done = importNotes(result.notes);
      var full = done.full + result.over;
      var message = "Imported " + plural(done.added, "highlight", "highlights");
      if (!done.saved) message += ", but they could not be saved: " + STORAGE_PROBLEM;
      if (result.rejected) message += "; " + plural(result.rejected, "damaged note", "damaged notes") + " left out";
      if (full) message += "; " + full + " left out: My notes holds at most " + MAX_NOTES + " highlights";
      announce(message);
    };
    reader.onerror = function () { announce("Could not read that file"); };
    reader.readAsText(chosen);
  }

  /* --- The "My notes" button and panel ------------------------------------------------ */

  var aside = null;
  var openButton = null;
  var dialog = null;
  var returnFocus = null;

  function updateCount() {
    if (!openButton) return;
    var state = read();
    var count = state.notes.length + state.damaged.length;
    openButton.textContent = "My notes (" + count + ")";
    aside.hidden = count === 0 && !citeData();
    if (dialog && dialog.open) render();
  }

  function element(tag, className, value) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (value !== undefined) el.textContent = value;
    return el;
  }

  function button(className, label, onClick) {
    var el = element("button", "md-button " + className, label);
    el.type = "button";
    el.addEventListener("click", onClick);
    return el;
  }

  function deleteButton(id, label) {
    var remove = button("ex-notes-delete", "Delete", function () { deleteNote(id, remove); });
    remove.setAttribute("aria-label", label);
    return remove;
  }

  function noteItem(note, style, here) {
    var item = element("li", "ex-notes-item");
    item.setAttribute("data-note-id", note.id);
    item.appendChild(element("blockquote", "ex-notes-quote", quoted(note)));
    var cite = element("p", "ex-notes-cite");
    var parts = citationParts(note, style);
    if (parts.note) cite.appendChild(document.createTextNode("Note: "));
    var words = element("span", "ex-notes-cite-text", parts.text);
    /* The citation's italics, only through cite.js's allow-list (citeproc-js' few tags). */
    if (parts.html && window.explainerCite && window.explainerCite.setCitationHtml) {
      window.explainerCite.setCitationHtml(words, parts.html);
    }
    cite.appendChild(words);
    cite.appendChild(document.createTextNode(" "));
    var go = element("a", "ex-notes-go", "Go to paragraph " + note.first);
    go.href = linkOf(note);
    cite.appendChild(go);
    item.appendChild(cite);
    if (note.note) item.appendChild(element("p", "ex-notes-note", "My note: " + note.note));
    if (note.page === here && missing[note.id]) {
      item.appendChild(element("p", "ex-notes-missing", "Not found on this page: the paragraph's text has changed."));
    }
    item.appendChild(deleteButton(note.id, "Delete highlight “" + note.quote.slice(0, 40) +
      (note.quote.length > 40 ? "…" : "") + "”"));
    return item;
  }

  function damagedItem(id, number) {
    var item = element("li", "ex-notes-item ex-notes-damaged");
    item.setAttribute("data-note-id", id);
    item.appendChild(element("p", "ex-notes-missing",
      "Damaged note " + number + ": it cannot be shown or exported. Delete it to tidy up."));
    item.appendChild(deleteButton(id, "Delete damaged note " + number));
    return item;
  }

  function render() {
    var body = dialog.querySelector(".ex-notes-body");
    body.textContent = "";
    var state = read();
    var list = state.notes;
    var style = currentStyle();
    var summary = dialog.querySelector(".ex-notes-summary");
    var pages = groups(list);
    summary.textContent = list.length
      ? plural(list.length, "highlight", "highlights") + " on " + plural(pages.length, "page", "pages") +
        ", kept in this browser only."
      : "No highlights yet. Select text in an article and choose Highlight.";
    if (state.damaged.length) {
      summary.textContent += " " + plural(state.damaged.length, "damaged note", "damaged notes") +
        " cannot be shown.";
    }
    var here = pageKey();
    var damagedCount = 0;
    pages.forEach(function (group, index) {
      var section = element("section", "ex-notes-page");
      var heading = element("h3", "ex-notes-page-title");
      heading.id = "ex-notes-page-" + index;
      var link = element("a", "", group.title);
      link.href = linkOf(group.notes[0]).replace(/#.*$/, "");
      heading.appendChild(link);
      section.appendChild(heading);
      section.setAttribute("aria-labelledby", heading.id);
      var items = element("ul", "ex-notes-list");
      group.notes.forEach(function (note) {
        var item;
        try {
          item = noteItem(note, style, here);
        } catch (error) {
          damagedCount += 1;
          item = damagedItem(note.id, damagedCount);
        }
        items.appendChild(item);
      });
      section.appendChild(items);
      body.appendChild(section);
    });
    if (state.damaged.length) {
      var section = element("section", "ex-notes-page");
      var heading = element("h3", "ex-notes-page-title", "Damaged notes");
      heading.id = "ex-notes-page-damaged";
      section.appendChild(heading);
      section.setAttribute("aria-labelledby", heading.id);
      var items = element("ul", "ex-notes-list");
      state.damaged.forEach(function (item) {
        damagedCount += 1;
        items.appendChild(damagedItem(item.id, damagedCount));
      });
      section.appendChild(items);
      body.appendChild(section);
    }
    Array.prototype.forEach.call(dialog.querySelectorAll(".ex-notes-export"), function (el) {
      el.disabled = list.length === 0;
    });
    dialog.querySelector(".ex-notes-clear").disabled = list.length + state.damaged.length === 0;
    dialog.querySelector(".ex-notes-confirm").hidden = true;
  }

  function deleteNote(id, from) {
    var state = read();
    var index = -1;
    state.notes.forEach(function (note, i) { if (note.id === id) index = i; });
    if (index !== -1) {
      state.notes.splice(index, 1);
    } else {
      state.damaged.forEach(function (item, i) { if (item.id === id) index = i; });
      if (index === -1) return;
      state.damaged.splice(index, 1);
    }
    var position = Array.prototype.indexOf.call(dialog.querySelectorAll(".ex-notes-delete"), from);
    var saved = write(state.notes, state.damaged);
    unhighlight(id);
    delete missing[id];
    updateCount();
    var next = dialog.querySelectorAll(".ex-notes-delete")[position] ||
      dialog.querySelector(".ex-notes-delete") || dialog.querySelector(".ex-notes-close");
    if (next) next.focus();
    announce(saved ? "Highlight deleted"
      : "Highlight deleted on this page, but the change could not be saved: " + STORAGE_PROBLEM);
  }

  function clearAll() {
    var saved = write([], []);
    unhighlight(null);
    missing = Object.create(null);
    updateCount();
    dialog.querySelector(".ex-notes-close").focus();
    announce(saved ? "All highlights deleted"
      : "All highlights deleted on this page, but the change could not be saved: " + STORAGE_PROBLEM);
  }

  function buildDialog() {
    dialog = element("dialog", "ex-notes-panel");
    dialog.id = "ex-notes-panel";
    dialog.setAttribute("aria-labelledby", "ex-notes-title");
    dialog.setAttribute("aria-modal", "true");
    var head = element("div", "ex-notes-head");
    var title = element("h2", "ex-notes-title", "My notes");
    title.id = "ex-notes-title";
    head.appendChild(title);
    head.appendChild(button("ex-notes-close", "Close", function () { dialog.close(); }));
    dialog.appendChild(head);
    dialog.appendChild(element("p", "ex-notes-summary"));

    var tools = element("div", "ex-notes-tools");
    tools.appendChild(button("ex-notes-export ex-notes-md", "Download Markdown", function () {
      download("my-notes.md", markdown(load(), currentStyle()), "text/markdown");
      announce("Markdown file downloaded");
    }));
    tools.appendChild(button("ex-notes-export ex-notes-txt", "Download text", function () {
      download("my-notes.txt", plainText(load(), currentStyle()), "text/plain");
      announce("Text file downloaded");
    }));
    var importLabel = element("label", "ex-notes-import", "Import Markdown export ");
    var file = element("input", "ex-notes-file");
    file.type = "file";
    file.accept = ".md,.markdown,.txt,text/markdown,text/plain";
    file.addEventListener("change", function () {
      var chosen = file.files && file.files[0];
      file.value = "";
      if (chosen) importFile(chosen);
    });
    importLabel.appendChild(file);
    tools.appendChild(importLabel);
    var clear = button("ex-notes-clear", "Clear all", function () {
      confirmBox.hidden = false;
      confirmBox.querySelector(".ex-notes-cancel").focus();
    });
    tools.appendChild(clear);
    dialog.appendChild(tools);

    var confirmBox = element("div", "ex-notes-confirm");
    confirmBox.setAttribute("role", "group");
    confirmBox.setAttribute("aria-labelledby", "ex-notes-confirm-text");
    var question = element("p", "", "Delete all your highlights and notes on every page? This cannot be undone.");
    question.id = "ex-notes-confirm-text";
    confirmBox.appendChild(question);
    confirmBox.appendChild(button("ex-notes-clear-yes", "Delete all", clearAll));
    confirmBox.appendChild(button("ex-notes-cancel", "Cancel", function () {
      confirmBox.hidden = true;
      clear.focus();
    }));
    confirmBox.hidden = true;
    dialog.appendChild(confirmBox);
    dialog.appendChild(element("div", "ex-notes-body"));

    dialog.addEventListener("close", function () {
      if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
      returnFocus = null;
    });
    /* A click on the backdrop (outside the panel's box) closes it. */
    dialog.addEventListener("click", function (event) {
      if (event.target !== dialog) return;
      var box = dialog.getBoundingClientRect();
      if (event.clientX < box.left || event.clientX > box.right ||
          event.clientY < box.top || event.clientY > box.bottom) dialog.close();
    });
    aside.appendChild(dialog);
  }

  function openPanel() {
    if (!dialog) buildDialog();
    returnFocus = document.activeElement;
    render();
    if (!dialog.open) dialog.showModal();
    dialog.querySelector(".ex-notes-title").setAttribute("tabindex", "-1");
    dialog.querySelector(".ex-notes-title").focus();
  }

  function setup() {
    aside = element("aside", "ex-notes");
    aside.setAttribute("aria-label", "My notes");
    openButton = button("ex-notes-open", "My notes (0)", openPanel);
    openButton.setAttribute("aria-haspopup", "dialog");
    aside.appendChild(openButton);
    document.body.appendChild(aside);
    applyPage(true);
    updateCount();
    window.addEventListener("storage", function (event) {
      if (event.key !== KEY) return;
      applyPage(false);
      updateCount();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();

  window.explainerNotes = {
    addButtons: addButtons,
    list: load,
    open: openPanel,
    markdown: function () { return markdown(load(), currentStyle()); },
    parseExport: parseExport
  };
})();
