/* Cite this page: copy buttons and paragraph pinpoints.
 *
 * Every citation is formatted at build time by citeproc-js (explainer/csl.py); this script
 * only copies prepared text and fills a paragraph number into prepared templates
 * (`{n}`), read from the page's <script id="ex-cite-data">. No network, works from file://.
 */
(function () {
  "use strict";

  function citeData() {
    var node = document.getElementById("ex-cite-data");
    if (!node) return null;
    try {
      return JSON.parse(node.textContent);
    } catch (error) {
      return null;
    }
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
      document.body.appendChild(live);
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

  function row(labelText, text, id) {
    var wrap = document.createElement("p");
    wrap.className = "ex-pin-row";
    var label = document.createElement("span");
    label.className = "ex-pin-label";
    label.textContent = labelText;
    var value = document.createElement("span");
    value.className = "ex-cite-text";
    value.id = id;
    value.textContent = text;
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
      var forms = data.citations[style];
      var kind = styleInfo && styleInfo.note ? "note" : "in-text citation";
      popover.appendChild(row("Original article, " + kind, forms.original.one.split("{n}").join(number), "ex-pin-original"));
      popover.appendChild(row("This page, " + kind, forms.page.one.split("{n}").join(number), "ex-pin-page"));
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
})();
