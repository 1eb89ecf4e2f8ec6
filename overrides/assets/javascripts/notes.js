/* My notes: highlights with a note, kept in this browser only.
 *
 * The quote bar of cite.js (shown under a selection in an article) gets a note field and a
 * "Highlight" button; this script must load before cite.js, which calls
 * `window.explainerNotes.addButtons(bar, getInfo)` when it builds the bar.
 *
 * Highlights are stored in localStorage under "explainer-notes-v1" (no cookie, no network,
 * works from file://) as a list of
 *   {id, page, url, local, title, first, last, quote, offset, note, role, created,
 *    citation: {style: {original, page}}, entry: {style: {original, page}}, styles}
 * where `page` is the page's canonical address (from <script id="ex-cite-data">), `quote` the
 * selected text as cite.js's selectionInfo gives it and `offset` where it starts in paragraph
 * `first`'s text (the same text: site additions left out, white space collapsed). The
 * citations and entries of every style are saved with the note, so the "My notes" panel
 * can show and export them on any page.
 *
 * On load, each highlight of the page is found again by paragraph number + quote, the
 * occurrence nearest to the saved offset winning, and wrapped in <mark class="ex-highlight">
 * (one mark per text node, so links stay whole). A quote no longer in the text stays in the
 * panel, marked "not found on this page".
 */
(function () {
  "use strict";

  var KEY = "explainer-notes-v1";
  /* Parts of a paragraph that are the site's, not the author's words (as in cite.js). */
  var NOT_TEXT = ".ex-pnum, .ex-argref, sup[id^='fnref'], .footnote-ref, .ex-popover, .ex-quote-bar";

  var memory = null; /* the list when localStorage cannot be used */
  var missing = {}; /* ids of this page's notes whose quote was not found */

  /* --- Storage ---------------------------------------------------------------------- */

  function load() {
    try {
      var raw = window.localStorage.getItem(KEY);
      var list = raw ? JSON.parse(raw) : [];
      return Array.isArray(list) ? list.filter(valid) : [];
    } catch (error) {
      return memory ? memory.slice() : [];
    }
  }

  function save(list) {
    memory = list.slice();
    try {
      window.localStorage.setItem(KEY, JSON.stringify(list));
      return true;
    } catch (error) {
      return false;
    }
  }

  function valid(note) {
    return note && typeof note === "object" && typeof note.id === "string" &&
      typeof note.page === "string" && typeof note.quote === "string" && note.quote !== "" &&
      typeof note.first === "number" && typeof note.last === "number";
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

  /* The page's key: its canonical address, else its title and the last named path segment. */
  function pageKey() {
    var data = citeData();
    if (data && data.url) return data.url;
    var parts = window.location.pathname.split("/").filter(function (part) {
      return part && !/^index\.html?$/.test(part);
    });
    return document.title + " " + (parts.length ? parts[parts.length - 1] : "");
  }

  function pageTitle() {
    var h1 = document.querySelector(".md-content h1");
    if (!h1) return document.title;
    var copy = h1.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll(".headerlink"), function (el) { el.remove(); });
    return plain(copy.textContent) || document.title;
  }

  function plain(text) {
    return String(text).replace(/\s+/g, " ").trim();
  }

  function paragraph(number) {
    var element = document.getElementById("p-" + number);
    return element && element.matches(".md-content .ex-para") ? element : null;
  }

  /* The paragraph's text as selectionInfo sees it, with the DOM place of each character. */
  function textMap(element) {
    var chars = [];
    var places = [];
    var space = true; /* leading white space is dropped */
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentElement;
        return parent && parent.closest(NOT_TEXT) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
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

  /* Where the selection starts in paragraph `first`'s text. */
  function selectionOffset(range, first) {
    var element = paragraph(first);
    if (!element || !element.contains(range.startContainer)) return 0;
    var before = document.createRange();
    before.setStart(element, 0);
    before.setEnd(range.startContainer, range.startOffset);
    var fragment = before.cloneContents();
    Array.prototype.forEach.call(fragment.querySelectorAll(NOT_TEXT), function (el) { el.remove(); });
    var text = fragment.textContent.replace(/\s+/g, " ").replace(/^ /, "");
    return text.length;
  }

  /* The text spans of `note` in its paragraphs: [{element, map, start, end}] or null. */
  function locate(note) {
    var maps = [];
    var whole = "";
    for (var n = note.first; n <= note.last; n++) {
      var element = paragraph(n);
      if (!element) { if (n === note.first || n === note.last) return null; continue; }
      var map = textMap(element);
      if (!map.text) continue;
      if (whole) whole += " ";
      maps.push({ element: element, map: map, at: whole.length });
      whole += map.text;
    }
    if (!maps.length) return null;
    var best = -1;
    var from = whole.indexOf(note.quote);
    var target = typeof note.offset === "number" ? note.offset : 0;
    while (from !== -1) {
      if (best === -1 || Math.abs(from - target) < Math.abs(best - target)) best = from;
      from = whole.indexOf(note.quote, from + 1);
    }
    if (best === -1) return null;
    var end = best + note.quote.length;
    var spans = [];
    maps.forEach(function (item) {
      var start = Math.max(best, item.at) - item.at;
      var stop = Math.min(end, item.at + item.map.text.length) - item.at;
      if (stop > start) spans.push({ element: item.element, map: item.map, start: start, end: stop });
    });
    return spans;
  }

  /* Wrap characters [start, end) of a paragraph's text in marks, one per text node. */
  function wrap(span, note) {
    var pieces = [];
    for (var i = span.start; i < span.end; i++) {
      var place = span.map.places[i];
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

  function highlight(note) {
    var spans = locate(note);
    if (!spans) { missing[note.id] = true; return false; }
    delete missing[note.id];
    spans.forEach(function (span) { wrap(span, note); });
    return true;
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

  function applyPage() {
    unhighlight(null);
    missing = {};
    var key = pageKey();
    load().forEach(function (note) { if (note.page === key) highlight(note); });
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

  function noteFrom(info, text, role) {
    var data = citeData();
    var offset = 0;
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
      quote: info.text,
      offset: offset,
      note: text,
      role: role === "page" ? "page" : "original",
      created: new Date().toISOString(),
      citation: {},
      entry: {},
      styles: {}
    };
    if (data && window.explainerCite) {
      data.styles.forEach(function (style) {
        if (!data.citations[style.key]) return;
        note.styles[style.key] = { label: style.label, note: !!style.note };
        note.citation[style.key] = {};
        note.entry[style.key] = {};
        ["original", "page"].forEach(function (r) {
          note.citation[style.key][r] = window.explainerCite.pinpoint(style.key, r, info.first, info.last);
          note.entry[style.key][r] = data.citations[style.key][r].entry;
        });
      });
    }
    return note;
  }

  function addNote(info, text, role) {
    var note = noteFrom(info, text, role);
    var list = load();
    var same = null;
    list.forEach(function (old) {
      if (old.page === note.page && old.first === note.first && old.last === note.last &&
          old.quote === note.quote && old.offset === note.offset) same = old;
    });
    if (same) {
      same.note = text;
      same.role = note.role;
      note = same;
    } else {
      list.push(note);
    }
    save(list);
    unhighlight(note.id);
    highlight(note);
    updateCount();
    return note;
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
    input.maxLength = 1000;
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
      addNote(info, plain(input.value), select ? select.value : "original");
      input.value = "";
      announce("Highlighted; kept in My notes");
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

  function innerQuotes(text) {
    return text.replace(/[“”]/g, function (mark) { return mark === "“" ? "‘" : "’"; })
      .replace(/"([^"]*)"/g, "‘$1’");
  }

  function quoted(note) {
    return "“" + innerQuotes(note.quote) + "”";
  }

  /* The style to show: the page's choice if the note has it, else the note's first one. */
  function styleOf(note, style) {
    if (note.citation && note.citation[style]) return style;
    var keys = Object.keys(note.citation || {});
    return keys.length ? keys[0] : null;
  }

  function citationOf(note, style) {
    var key = styleOf(note, style);
    if (!key) return "(para. " + (note.first === note.last ? note.first : note.first + "–" + note.last) + ")";
    var text = note.citation[key][note.role] || note.citation[key].original || "";
    return note.styles && note.styles[key] && note.styles[key].note ? "Note: " + text : text;
  }

  function entryOf(note, style) {
    var key = styleOf(note, style);
    if (!key || !note.entry[key]) return "";
    return note.entry[key][note.role] || note.entry[key].original || "";
  }

  /* Only web and file addresses: an imported file must not bring in a javascript: link. */
  function safe(address) {
    return typeof address === "string" && /^(https?|file):/i.test(address) ? address : "";
  }

  /* Back to the paragraph: the address it was saved from when it is on the same kind of
     site as this page (the offline copy, the same server), else the canonical one. */
  function linkOf(note) {
    var here = window.location.protocol;
    var local = safe(note.local);
    var base = local && local.indexOf(here) === 0 && (here === "file:" || local.indexOf(window.location.origin) === 0)
      ? local : (safe(note.url) || local);
    return base ? base + "#p-" + note.first : "#";
  }

  function groups(list) {
    var order = [];
    var byPage = {};
    list.forEach(function (note) {
      if (!byPage[note.page]) { byPage[note.page] = []; order.push(note.page); }
      byPage[note.page].push(note);
    });
    return order.map(function (page) {
      var notes = byPage[page].slice().sort(function (a, b) {
        return a.first - b.first || (a.offset || 0) - (b.offset || 0);
      });
      return { page: page, title: notes[0].title || page, notes: notes };
    });
  }

  /* --- Export and import ------------------------------------------------------------- */

  function references(list, style) {
    var seen = {};
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
        lines.push("> " + quoted(note), "", citationOf(note, style), "");
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
        lines.push(quoted(note) + " " + citationOf(note, style));
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

  function download(name, text, type) {
    var blob = new Blob([text], { type: type + ";charset=utf-8" });
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

  /* Notes from an exported Markdown file (its last "explainer-notes" comment). */
  function parseExport(text) {
    var found = null;
    var pattern = /<!--\s*explainer-notes:\s*([\s\S]*?)\s*-->/g;
    var match;
    while ((match = pattern.exec(text))) found = match[1];
    if (!found) return null;
    try {
      var data = JSON.parse(found);
      return data && Array.isArray(data.notes) ? data.notes.filter(valid) : null;
    } catch (error) {
      return null;
    }
  }

  function importNotes(notes) {
    var list = load();
    var ids = {};
    list.forEach(function (note) { ids[note.id] = true; });
    var added = 0;
    notes.forEach(function (note) {
      if (ids[note.id]) return;
      ids[note.id] = true;
      list.push(note);
      added += 1;
    });
    save(list);
    applyPage();
    updateCount();
    return added;
  }

  /* --- The "My notes" button and panel ------------------------------------------------ */

  var aside = null;
  var openButton = null;
  var dialog = null;
  var returnFocus = null;

  function updateCount() {
    if (!openButton) return;
    var count = load().length;
    openButton.textContent = "My notes (" + count + ")";
    aside.hidden = count === 0 && !citeData();
    if (dialog && dialog.open) render();
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function button(className, text, onClick) {
    var el = element("button", "md-button " + className, text);
    el.type = "button";
    el.addEventListener("click", onClick);
    return el;
  }

  function render() {
    var body = dialog.querySelector(".ex-notes-body");
    body.textContent = "";
    var list = load();
    var style = currentStyle();
    var summary = dialog.querySelector(".ex-notes-summary");
    var pages = groups(list);
    summary.textContent = list.length
      ? list.length + (list.length === 1 ? " highlight" : " highlights") + " on " +
        pages.length + (pages.length === 1 ? " page" : " pages") + ", kept in this browser only."
      : "No highlights yet. Select text in an article and choose Highlight.";
    var here = pageKey();
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
        var item = element("li", "ex-notes-item");
        item.setAttribute("data-note-id", note.id);
        item.appendChild(element("blockquote", "ex-notes-quote", quoted(note)));
        var cite = element("p", "ex-notes-cite");
        cite.appendChild(document.createTextNode(citationOf(note, style) + " "));
        var go = element("a", "ex-notes-go", "Go to paragraph " + note.first);
        go.href = linkOf(note);
        cite.appendChild(go);
        item.appendChild(cite);
        if (note.note) item.appendChild(element("p", "ex-notes-note", "My note: " + note.note));
        if (note.page === here && missing[note.id]) {
          item.appendChild(element("p", "ex-notes-missing", "Not found on this page: the paragraph's text has changed."));
        }
        var remove = button("ex-notes-delete", "Delete", function () { deleteNote(note.id); });
        remove.setAttribute("aria-label", "Delete highlight “" + note.quote.slice(0, 40) +
          (note.quote.length > 40 ? "…" : "") + "”");
        item.appendChild(remove);
        items.appendChild(item);
      });
      section.appendChild(items);
      body.appendChild(section);
    });
    var empty = list.length === 0;
    Array.prototype.forEach.call(dialog.querySelectorAll(".ex-notes-export, .ex-notes-clear"), function (el) {
      el.disabled = empty;
    });
    dialog.querySelector(".ex-notes-confirm").hidden = true;
  }

  function deleteNote(id) {
    var list = load();
    var index = -1;
    list.forEach(function (note, i) { if (note.id === id) index = i; });
    if (index === -1) return;
    list.splice(index, 1);
    save(list);
    unhighlight(id);
    delete missing[id];
    updateCount();
    var next = dialog.querySelectorAll(".ex-notes-delete")[index] ||
      dialog.querySelector(".ex-notes-delete") || dialog.querySelector(".ex-notes-close");
    if (next) next.focus();
    announce("Highlight deleted");
  }

  function clearAll() {
    save([]);
    unhighlight(null);
    missing = {};
    updateCount();
    dialog.querySelector(".ex-notes-close").focus();
    announce("All highlights deleted");
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
      if (!chosen) return;
      var reader = new FileReader();
      reader.onload = function () {
        var notes = parseExport(String(reader.result));
        file.value = "";
        if (!notes) { announce("No explainer notes found in that file"); return; }
        var added = importNotes(notes);
        announce("Imported " + added + (added === 1 ? " highlight" : " highlights"));
      };
      reader.readAsText(chosen);
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
    applyPage();
    updateCount();
    window.addEventListener("storage", function (event) {
      if (event.key !== KEY) return;
      applyPage();
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
