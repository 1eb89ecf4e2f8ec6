/* Cite this page: copy buttons and paragraph pinpoints.
 *
 * Every citation is formatted at build time by citeproc-js (explainer/csl.py); this script
 * only copies prepared text and fills a paragraph number into prepared templates
 * (`{n}`), read from the page's <script id="ex-cite-data">. No network, works from file://.
 * Each template comes as text (`one`, `range`: for plain-text copies) and as HTML (`oneHtml`,
 * `rangeHtml`: the processor's italics kept, put in only through the allow-list below); a
 * note style also has its short note for later citations (`laterHtml`, `laterOne`,
 * `laterRange` and their HTML forms).
 *
 * The data holds the citations of this page (role "page") and of the original article
 * ("original") only when its reference says where to find it (explainer/cite.py,
 * original_retrievable): without it, the original is offered nowhere (box, pinpoints, quote
 * bar), and whatever asks for it gets this page's citation or nothing.
 */
(function () {
  "use strict";

  /* Plain text of a formatted citation (citeproc-js HTML, escaped at build time). */
  function textOf(html) {
    var doc = new DOMParser().parseFromString(html || "", "text/html");
    return doc.body.textContent.replace(/\s+/g, " ").trim();
  }

  /* Citation HTML as DOM nodes. The data is checked at build time, but the page still never
     takes it as HTML: it is parsed with DOMParser (which runs no script and loads nothing)
     and copied node by node, keeping only what citeproc-js writes (explainer/csl.py,
     sanitize_html): i, b, em, strong, sup, sub; span with one of its styles or an access
     date's class; div with one of its classes; a to an http(s) address. Any other element
     becomes its text. */
  var PLAIN_TAGS = { I: true, B: true, EM: true, STRONG: true, SUP: true, SUB: true };
  var SPAN_STYLES = [
    "font-style:normal;", "font-variant:small-caps;", "font-variant:normal;",
    "font-weight:normal;", "text-decoration:none;", "text-decoration:underline;", "baseline"
  ];
  var DIV_CLASSES = [
    "csl-entry", "csl-bib-body", "csl-block", "csl-left-margin", "csl-right-inline", "csl-indent"
  ];
  var ACCESS_CLASSES = ["ex-accessed-dmy", "ex-accessed-dmy-abbr", "ex-accessed-mdy", "ex-accessed-mdy-abbr"];
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  var MONTHS_ABBR = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.",
    "Oct.", "Nov.", "Dec."];

  /* Today, written as an access-date span's class says (Harvard: 29 November 2026). */
  function today(css) {
    var now = new Date();
    var abbr = /-abbr$/.test(css);
    var month = (abbr ? MONTHS_ABBR : MONTHS)[now.getMonth()];
    return /-mdy/.test(css) ? month + " " + now.getDate() + ", " + now.getFullYear()
      : now.getDate() + " " + month + " " + now.getFullYear();
  }

  /* The access dates under `root` set to today: the day the reader copies the reference. */
  function freshAccessDates(root) {
    Array.prototype.forEach.call(root.querySelectorAll("span[class^='ex-accessed-']"), function (span) {
      if (ACCESS_CLASSES.indexOf(span.className) >= 0) span.textContent = today(span.className);
    });
  }

  function allowedCopy(node) {
    var tag = node.tagName;
    var count = node.attributes.length;
    if (PLAIN_TAGS[tag] === true && count === 0) return document.createElement(tag.toLowerCase());
    var name = tag === "SPAN" ? (node.hasAttribute("class") ? "class" : "style")
      : tag === "DIV" ? "class" : tag === "A" ? "href" : null;
    var value = name && count === 1 ? node.getAttribute(name) : null;
    if (value === null) return null;
    var ok = tag === "SPAN" ? (name === "class" ? ACCESS_CLASSES : SPAN_STYLES).indexOf(value) >= 0
      : tag === "DIV" ? DIV_CLASSES.indexOf(value) >= 0
      : /^https?:\/\/[^\s\u0000-\u001f\u007f]+$/i.test(value);
    if (!ok) return null;
    var copy = document.createElement(tag.toLowerCase());
    copy.setAttribute(name, value);
    return copy;
  }

  function copySafeNodes(from, to) {
    Array.prototype.forEach.call(from.childNodes, function (node) {
      if (node.nodeType === 3) {
        to.appendChild(document.createTextNode(node.nodeValue));
      } else if (node.nodeType === 1) {
        var copy = allowedCopy(node);
        if (copy) {
          copySafeNodes(node, copy);
          to.appendChild(copy);
        } else {
          to.appendChild(document.createTextNode(node.textContent));
        }
      }
    });
  }

  /* Put citation HTML into an element (its old content goes). */
  function setCitationHtml(element, html) {
    var doc = new DOMParser().parseFromString(html || "", "text/html");
    element.textContent = "";
    copySafeNodes(doc.body, element);
  }

  /* Citation HTML reduced to the allowed markup, as a string (for the clipboard). */
  function safeHtml(html) {
    var holder = document.createElement("div");
    setCitationHtml(holder, html);
    return holder.innerHTML;
  }

  var dataCache;
  /* The page's citation data, with the plain text of every entry and short form added. */
  function citeData() {
    if (dataCache !== undefined) return dataCache;
    dataCache = null;
    var node = document.getElementById("ex-cite-data");
    if (!node) return null;
    try {
      dataCache = JSON.parse(node.textContent);
    } catch (error) {
      return null;
    }
    Object.keys(dataCache.citations || {}).forEach(function (style) {
      Object.keys(dataCache.citations[style]).forEach(function (role) {
        var forms = dataCache.citations[style][role];
        var holder = document.createElement("div");
        setCitationHtml(holder, forms.entryHtml);
        freshAccessDates(holder);
        forms.entryHtml = holder.innerHTML;
        forms.entry = textOf(forms.entryHtml);
        forms.short = textOf(forms.shortHtml);
        if (typeof forms.laterHtml === "string") forms.later = textOf(forms.laterHtml);
      });
    });
    return dataCache;
  }

  /* Label of a note style's short note for the citations after the first (Chicago 14.29). */
  var LATER = "Later notes";

  /* The roles the data has citations of in a style (every style when none is given), in
     the order of `roles`: "original" only for an original that can be found. */
  function offered(data, roles, style) {
    var citations = data && data.citations ? data.citations : {};
    var styles = style === undefined ? Object.keys(citations) : [style];
    return roles.filter(function (role) {
      return styles.some(function (key) { return Boolean(citations[key] && citations[key][role]); });
    });
  }

  /* The cite box ships its first style as HTML; the other tabs are made from the data, by
     copying the first panel and putting each style's citations into it. */
  function fillStylePanels() {
    var data = citeData();
    var box = document.querySelector(".ex-cite .ex-style-switch");
    if (!data || !box) return;
    var blocks = box.querySelectorAll(".tabbed-content > .tabbed-block");
    var template = blocks[0];
    data.styles.forEach(function (style, index) {
      var block = blocks[index];
      var forms = data.citations[style.key];
      if (!block || !forms || block.querySelector(".ex-cite-item")) return;
      var panel = template.cloneNode(true);
      var kind = style.note ? "Note" : "In text";
      Array.prototype.forEach.call(panel.querySelectorAll(".ex-cite-item"), function (item) {
        var role = item.getAttribute("data-ex-role");
        if (!forms[role]) { item.parentNode.removeChild(item); return; }
        var label = plain(item.querySelector(".ex-cite-role"));
        var short = item.querySelector(".ex-cite-short");
        var later = item.querySelector(".ex-cite-later");
        /* [row, id suffix, HTML, what the copy button copies, kind label] */
        var parts = [
          [item.querySelector(".ex-cite-entry"), "", forms[role].entryHtml, label + " reference", ""],
          [short, "-short", forms[role].shortHtml, label + " " + kind.toLowerCase(), kind]
        ];
        /* A note style's short note for later citations, in a row made like the note's. */
        if (style.note && typeof forms[role].laterHtml === "string") {
          if (!later) {
            later = short.cloneNode(true);
            later.className = "ex-cite-later";
            short.insertAdjacentElement("afterend", later);
          }
          parts.push([later, "-later", forms[role].laterHtml, label + " " + LATER.toLowerCase(), LATER]);
        } else if (later) {
          later.parentNode.removeChild(later);
        }
        parts.forEach(function (part) {
          var id = "cite-" + style.key + "-" + role + part[1];
          var text = part[0].querySelector(".ex-cite-text");
          var button = part[0].querySelector("[data-ex-copy]");
          var kindLabel = part[0].querySelector(".ex-cite-kind");
          text.id = id;
          setCitationHtml(text, part[2]);
          button.setAttribute("data-ex-copy", id);
          button.setAttribute("aria-label", "Copy " + part[3]);
          if (kindLabel) kindLabel.textContent = part[4] + ":";
        });
      });
      block.innerHTML = "";
      while (panel.firstChild) block.appendChild(panel.firstChild);
    });
  }

  /* The style whose tab is checked (the cite box and the bibliography share the tab labels). */
  function currentStyle() {
    var checked = document.querySelector(".ex-style-switch > input:checked");
    return (checked && checked.getAttribute("data-ex-style")) || "apa";
  }

  var live = null;
  function announce(message) {
    if (!live) {
      live = document.createElement("div");
      live.className = "ex-live";
      live.setAttribute("role", "status");
      live.setAttribute("aria-live", "polite");
      (document.querySelector("main") || document.body).appendChild(live);
    }
    live.textContent = "";
    window.setTimeout(function () { live.textContent = message; }, 30);
  }

  function copyWithCommand(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (error) { done = false; }
    document.body.removeChild(area);
    return done;
  }

  /* Copy plain text (and HTML when given); resolves true when the text is on the clipboard. */
  function copy(text, html) {
    var clip = navigator.clipboard;
    if (clip && window.ClipboardItem && html && clip.write) {
      var item = new window.ClipboardItem({
        "text/plain": new Blob([text], { type: "text/plain" }),
        "text/html": new Blob([html], { type: "text/html" })
      });
      return clip.write([item]).then(function () { return true; }, function () {
        return copy(text);
      });
    }
    if (clip && clip.writeText) {
      return clip.writeText(text).then(function () { return true; }, function () {
        return copyWithCommand(text);
      });
    }
    return Promise.resolve(copyWithCommand(text));
  }

  function flash(button, ok) {
    var label = button.getAttribute("data-ex-label") || button.textContent;
    button.setAttribute("data-ex-label", label);
    button.textContent = ok ? "Copied" : "Copy failed";
    announce(ok ? "Copied to clipboard" : "Could not copy; select the text and copy it by hand");
    window.clearTimeout(button.exFlashTimer);
    button.exFlashTimer = window.setTimeout(function () { button.textContent = label; }, 2000);
  }

  function plain(element) {
    return element.textContent.replace(/\s+/g, " ").trim();
  }

  fillStylePanels();
  freshAccessDates(document);

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-ex-copy]");
    if (!button) return;
    var target = document.getElementById(button.getAttribute("data-ex-copy"));
    if (!target) return;
    event.preventDefault();
    copy(plain(target), target.innerHTML).then(function (ok) { flash(button, ok); });
  });

  /* --- Paragraph pinpoints ------------------------------------------------------------ */

  var popover = null;
  var opener = null;

  function paragraphUrl(data, number) {
    var base = data && data.url ? data.url : window.location.href.split("#")[0];
    return base + "#p-" + number;
  }

  function closePopover(restoreFocus) {
    if (!popover) return;
    popover.parentNode.removeChild(popover);
    popover = null;
    if (restoreFocus && opener) opener.focus();
  }

  /* A row of the pinpoint panel: its text, or citation HTML (through the allow-list). */
  function row(labelText, text, id, html) {
    var wrap = document.createElement("p");
    wrap.className = "ex-pin-row";
    var label = document.createElement("span");
    label.className = "ex-pin-label";
    label.textContent = labelText;
    var value = document.createElement("span");
    value.className = "ex-cite-text";
    value.id = id;
    if (html === undefined) value.textContent = text;
    else setCitationHtml(value, html);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "ex-copy md-button";
    button.setAttribute("data-ex-copy", id);
    button.setAttribute("aria-label", "Copy " + labelText.toLowerCase());
    button.textContent = "Copy";
    wrap.appendChild(label);
    wrap.appendChild(document.createTextNode(" "));
    wrap.appendChild(value);
    wrap.appendChild(document.createTextNode(" "));
    wrap.appendChild(button);
    return wrap;
  }

  function openPopover(link) {
    var data = citeData();
    var number = (link.getAttribute("href") || "").replace(/^.*#p-/, "");
    closePopover(false);
    opener = link;
    var style = currentStyle();
    var styleInfo = null;
    if (data) {
      data.styles.forEach(function (s) { if (s.key === style) styleInfo = s; });
    }
    popover = document.createElement("div");
    popover.className = "ex-pin";
    popover.setAttribute("role", "dialog");
    popover.setAttribute("aria-label", "Cite paragraph " + number);
    var title = document.createElement("p");
    title.className = "ex-pin-title";
    title.textContent = "Cite paragraph " + number + (styleInfo ? " (" + styleInfo.label + ")" : "");
    popover.appendChild(title);
    popover.appendChild(row("Link", paragraphUrl(data, number), "ex-pin-url"));
    if (data && data.citations[style]) {
      var note = Boolean(styleInfo && styleInfo.note);
      var kind = note ? "note" : "in-text citation";
      var labels = { original: "Original article", page: "This page" };
      /* The original only when the page offers it (an original nobody can find is not). */
      offered(data, ["original", "page"], style).forEach(function (role) {
        var id = "ex-pin-" + role;
        popover.appendChild(row(labels[role] + ", " + kind, "", id, pinpointHtml(data, style, role, number, number)));
        /* A note style: the short note for citing the paragraph again (Chicago 14.29). */
        var forms = data.citations[style][role];
        if (note && forms && typeof forms.laterOneHtml === "string") {
          popover.appendChild(row(labels[role] + ", " + LATER.toLowerCase(), "", id + "-later",
            pinpointHtml(data, style, role, number, number, true)));
        }
      });
    }
    var close = document.createElement("button");
    close.type = "button";
    close.className = "ex-pin-close md-button";
    close.textContent = "Close";
    close.addEventListener("click", function () { closePopover(true); });
    popover.appendChild(close);
    var paragraph = link.closest(".ex-para") || link.parentNode;
    paragraph.insertAdjacentElement("afterend", popover);
    var firstButton = popover.querySelector("button");
    if (firstButton) firstButton.focus();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.ex-pnum");
    if (link) {
      event.preventDefault();
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", link.getAttribute("href"));
      }
      openPopover(link);
      return;
    }
    if (popover && !popover.contains(event.target)) closePopover(false);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && popover) {
      event.preventDefault();
      closePopover(true);
    }
  });

  /* --- Quote with citation ------------------------------------------------------------ */

  /* Parts of a paragraph that are the site's, not the author's words. */
  var NOT_TEXT = ".ex-pnum, .ex-argref, sup[id^='fnref'], .footnote-ref, .ex-popover, .ex-quote-bar";

  function paragraphOf(node) {
    var element = node && node.nodeType === 1 ? node : node && node.parentElement;
    return element ? element.closest(".md-content .ex-para") : null;
  }

  function paragraphNumber(paragraph) {
    return parseInt((paragraph.id || "").replace(/^.*p-/, ""), 10);
  }

  /* Double quotation marks inside a quotation become single ones. */
  function innerQuotes(text) {
    return text.replace(/[“”]/g, function (mark) { return mark === "“" ? "‘" : "’"; })
      .replace(/"([^"]*)"/g, "‘$1’");
  }

  /* What a selection inside the article's paragraphs quotes: text and paragraph range. */
  function selectionInfo(selection) {
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    var range = selection.getRangeAt(0);
    var first = paragraphOf(range.startContainer);
    var last = paragraphOf(range.endContainer);
    if (!first || !last) return null;
    var fragment = range.cloneContents();
    Array.prototype.forEach.call(fragment.querySelectorAll(NOT_TEXT), function (el) { el.remove(); });
    var parts = [];
    var blocks = fragment.querySelectorAll(".ex-para");
    if (blocks.length) {
      Array.prototype.forEach.call(blocks, function (block) { parts.push(block.textContent); });
    } else {
      parts.push(fragment.textContent);
    }
    var paragraphs = parts.map(function (p) { return p.replace(/\s+/g, " ").trim(); })
      .filter(Boolean);
    var text = paragraphs.join(" ");
    if (!text) return null;
    var before = document.createRange();
    before.setStart(first, 0);
    before.setEnd(range.startContainer, range.startOffset);
    var head = before.cloneContents();
    Array.prototype.forEach.call(head.querySelectorAll(NOT_TEXT), function (el) { el.remove(); });
    var offset = head.textContent.replace(/\s+/g, " ").replace(/^ /, "").length;
    return {
      text: text, paragraphs: paragraphs, first: paragraphNumber(first), last: paragraphNumber(last), offset: offset
    };
  }

  /* The data's template for one paragraph or a range: the first citation's (`one`,
     `range`) or, `later`, a note style's short note (`laterOne`, `laterRange`); `html`: its
     HTML form (`oneHtml`…). */
  function template(forms, single, later, html) {
    var key = (later ? (single ? "laterOne" : "laterRange") : (single ? "one" : "range")) + (html ? "Html" : "");
    return forms && typeof forms[key] === "string" ? forms[key] : null;
  }

  function fillNumbers(form, first, last) {
    return form.split("{n}").join(first).split("{m}").join(last);
  }

  /* A pinpoint citation as plain text. */
  function pinpoint(data, style, role, first, last, later) {
    var form = template(data.citations[style][role], String(first) === String(last), later, false);
    return form === null ? "" : fillNumbers(form, String(first), String(last));
  }

  /* The same citation as HTML with the processor's italics, reduced to the allowed markup
     (data without HTML forms: the text, escaped). */
  function pinpointHtml(data, style, role, first, last, later) {
    var form = template(data.citations[style][role], String(first) === String(last), later, true);
    if (form === null) return escapeHtml(pinpoint(data, style, role, first, last, later));
    return safeHtml(fillNumbers(form, escapeHtml(String(first)), escapeHtml(String(last))));
  }

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  /* Words from which each style sets a quotation as a block: APA 7 (8.27) and Cite Them
     Right from 40 words, MLA 9 more than four lines (about 50 words), Chicago 17 (13.10)
     from 100 words. */
  var BLOCK_FROM = { apa: 40, harvard: 40, mla: 50, "chicago-ad": 100, "chicago-nb": 100 };

  function wordCount(text) {
    return (text.match(/\S+/g) || []).length;
  }

  /* A run-in quotation ends where the sentence ends: its own closing period or comma gives
     way to the citation's (“…change” (Lee, 2019, para. 3).); a ? or ! stays inside. */
  function runInQuote(text) {
    var match = text.match(/^([\s\S]*?)[.,;:]+([’”'")\]]*)$/);
    return match ? match[1] + match[2] : text;
  }

  /* The quotation, its pinpoint citation and the reference entry, as text and HTML:
     run in with quotation marks, or, from each style's length, as a block that keeps the
     paragraph breaks and the source's own quotation marks. */
  function quoteWithCitation(info, style, role) {
    var data = citeData();
    if (!data || !data.citations[style]) return null;
    if (!data.citations[style][role]) role = "page"; /* an original the page does not offer */
    if (!data.citations[style][role]) return null;
    var styleInfo = null;
    data.styles.forEach(function (s) { if (s.key === style) styleInfo = s; });
    var note = Boolean(styleInfo && styleInfo.note);
    var cite = pinpoint(data, style, role, info.first, info.last);
    var citeHtml = pinpointHtml(data, style, role, info.first, info.last);
    var entry = data.citations[style][role];
    var paragraphs = info.paragraphs && info.paragraphs.length ? info.paragraphs : [info.text];
    var quote, text, html;
    if (wordCount(info.text) >= (BLOCK_FROM[style] || 40)) {
      quote = paragraphs.join("\n\n");
      var lines = paragraphs.map(function (p) { return "    " + p; }).join("\n\n");
      var blockHtml = paragraphs.map(function (p) { return "<p>" + escapeHtml(p) + "</p>"; });
      if (note) {
        text = lines + "\n\nNote: " + cite + "\n\n" + entry.entry;
        html = "<blockquote>" + blockHtml.join("") + "</blockquote><p>Note: " + citeHtml + "</p>";
      } else {
        text = lines + " " + cite + "\n\n" + entry.entry;
        blockHtml[blockHtml.length - 1] = blockHtml[blockHtml.length - 1].replace(/<\/p>$/, function () {
          return " " + citeHtml + "</p>";
        });
        html = "<blockquote>" + blockHtml.join("") + "</blockquote>";
      }
      html += "<p>" + safeHtml(entry.entryHtml) + "</p>";
      return { text: text, html: html, quote: quote, citation: cite, citationHtml: citeHtml, entry: entry.entry, block: true };
    }
    var words = innerQuotes(info.text);
    if (note) {
      quote = "“" + words + "”";
      text = quote + "\n\nNote: " + cite + "\n\n" + entry.entry;
      html = "<p>" + escapeHtml(quote) + "</p><p>Note: " + citeHtml + "</p><p>" + safeHtml(entry.entryHtml) + "</p>";
    } else {
      quote = "“" + runInQuote(words) + "”";
      text = quote + " " + cite + ".\n\n" + entry.entry;
      html = "<p>" + escapeHtml(quote) + " " + citeHtml + ".</p><p>" + safeHtml(entry.entryHtml) + "</p>";
    }
    return { text: text, html: html, quote: quote, citation: cite, citationHtml: citeHtml, entry: entry.entry, block: false };
  }

  var bar = null;
  var barInfo = null;

  function hideBar() {
    if (bar && bar.parentNode) bar.parentNode.removeChild(bar);
    barInfo = null;
  }

  function makeBar() {
    var element = document.createElement("div");
    element.className = "ex-quote-bar";
    element.setAttribute("role", "toolbar");
    element.setAttribute("aria-label", "Quote the selected text");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button ex-quote-copy";
    button.textContent = "Copy quote with citation";
    button.title = "Copy quote with citation (Alt+Shift+Q)";
    button.addEventListener("mousedown", function (event) { event.preventDefault(); });
    button.addEventListener("click", function () { copyQuote(button); });
    element.appendChild(button);
    /* A choice only when the original is offered too; else this page is what is cited. */
    var roles = offered(citeData(), ["page", "original"]);
    if (roles.length > 1) element.appendChild(roleSelect(roles));
    if (window.explainerNotes && window.explainerNotes.addButtons) {
      window.explainerNotes.addButtons(element, function () { return barInfo; });
    }
    return element;
  }

  /* The menu of what to cite. What the reader consulted comes first (APA 7, 8.6: cite the
     work you read). */
  function roleSelect(roles) {
    var labels = { page: "this explainer page", original: "the original article" };
    var select = document.createElement("select");
    select.className = "ex-quote-role";
    select.setAttribute("aria-label", "Cite");
    roles.forEach(function (role) {
      var option = document.createElement("option");
      option.value = role;
      option.textContent = "Cite " + labels[role];
      select.appendChild(option);
    });
    return select;
  }

  function copyQuote(button) {
    if (!barInfo) return;
    var select = bar.querySelector(".ex-quote-role");
    var role = select ? select.value : "page";
    var made = quoteWithCitation(barInfo, currentStyle(), role);
    if (!made) return;
    copy(made.text, made.html).then(function (ok) { flash(button, ok); });
  }

  function showBar() {
    var info = selectionInfo(window.getSelection());
    if (!info || !citeData()) {
      if (bar && !bar.contains(document.activeElement)) hideBar();
      return;
    }
    if (!bar) bar = makeBar();
    barInfo = info;
    var last = document.getElementById("p-" + info.last);
    if (last && bar.previousElementSibling !== last) last.insertAdjacentElement("afterend", bar);
  }

  var timer = null;
  document.addEventListener("selectionchange", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(showBar, 150);
  });

  document.addEventListener("keydown", function (event) {
    if (event.altKey && event.shiftKey && (event.code === "KeyQ" || event.key === "Q" || event.key === "q")) {
      var info = selectionInfo(window.getSelection());
      if (!info) return;
      event.preventDefault();
      showBar();
      var button = bar && bar.querySelector(".ex-quote-copy");
      if (button) { button.focus(); copyQuote(button); }
    }
  });

  /* For the notes panel (notes.js) and the tests: the same pieces the cite box uses.
     `later`: a note style's short note for later citations instead of the first note. */
  window.explainerCite = {
    data: citeData,
    /* The roles the page offers citations of: ["page"] or ["page", "original"]. */
    roles: function () { return offered(citeData(), ["page", "original"]); },
    currentStyle: currentStyle,
    copy: copy,
    announce: announce,
    selectionInfo: selectionInfo,
    pinpoint: function (style, role, first, last, later) {
      var data = citeData();
      return data && data.citations[style] ? pinpoint(data, style, role, first, last, later) : "";
    },
    pinpointHtml: function (style, role, first, last, later) {
      var data = citeData();
      return data && data.citations[style] ? pinpointHtml(data, style, role, first, last, later) : "";
    },
    quoteWithCitation: quoteWithCitation,
    runInQuote: runInQuote,
    safeHtml: safeHtml,
    setCitationHtml: setCitationHtml
  };
})();
