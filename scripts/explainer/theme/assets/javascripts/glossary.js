/* explainer: definition popovers for glossary terms (hover, keyboard focus, tap).
 *
 * Markup (emitted by the explainer plugin):
 *   <a class="ex-term" href="…/glossary/#term-x" data-term="x">x</a>   a term in the text
 *   <div class="ex-defs" hidden>                                          once per page
 *     <div class="ex-def" id="def-x" data-term="x"><p class="ex-def__term">…</p>…</div>
 *   </div>
 *
 * One popover (div#ex-popover[role=tooltip]) is created lazily and filled with a copy of the
 * matching .ex-def. Dependency-free, ES2017, no network access; works from file://.
 */
(function () {
  "use strict";

  if (window.__explainerGlossary) return; // loaded twice: the first copy does the work
  window.__explainerGlossary = true;

  var POPOVER_ID = "ex-popover";
  var HIDE_DELAY = 200; // ms: time for the pointer to travel from the term into the popover
  var GAP = 6; // px between the term and the popover
  var MARGIN = 8; // px kept free at the viewport edges

  var popover = null; // the popover element, once created
  var current = null; // the term whose definition is shown
  var hideTimer = 0;
  var frame = 0;
  var tapTerm = null; // the term under the last touch pointerdown…
  var tapWasOpen = false; // …and whether its definition was already showing then
  var lastPointerType = "";
  var lastPointerTime = 0;
  var refocusing = false; // Escape is moving focus back to the term: do not reopen

  function isTerm(el) {
    return !!el && el.nodeType === 1 && el.matches("a.ex-term[data-term]");
  }

  function inPopover(node) {
    return !!popover && !!node && popover.contains(node);
  }

  /* The term an event is about: an a.ex-term in the page text, not one inside the popover or
   * inside the (hidden, or printed) list of definitions. */
  function termFrom(node) {
    if (!node || node.nodeType !== 1) node = node && node.parentElement;
    var term = node && node.closest ? node.closest("a.ex-term[data-term]") : null;
    if (!term || inPopover(term) || term.closest(".ex-defs")) return null;
    return term;
  }

  function definitionFor(key) {
    var defs = document.querySelectorAll(".ex-defs .ex-def[data-term]");
    for (var i = 0; i < defs.length; i++) {
      if (defs[i].getAttribute("data-term") === key) return defs[i];
    }
    return null;
  }

  function isOpen() {
    return !!popover && !!current && !popover.hidden;
  }

  function focusVisible(el) {
    if (el.classList.contains("focus-visible")) return true; // Material's polyfill
    try {
      return el.matches(":focus-visible");
    } catch (e) {
      return false;
    }
  }

  function getPopover() {
    if (popover && popover.isConnected) return popover;
    popover = document.createElement("div");
    popover.className = "ex-popover md-typeset";
    popover.id = POPOVER_ID;
    popover.setAttribute("role", "tooltip");
    popover.hidden = true;
    popover.addEventListener("mouseover", onPopoverOver);
    popover.addEventListener("mouseout", onPopoverOut);
    (document.querySelector("main") || document.body).appendChild(popover);
    return popover;
  }

  /* aria-describedby may already hold other ids: add and remove only ours. */
  function describe(term, on) {
    var ids = (term.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) {
      return id && id !== POPOVER_ID;
    });
    if (on) ids.push(POPOVER_ID);
    if (ids.length) term.setAttribute("aria-describedby", ids.join(" "));
    else term.removeAttribute("aria-describedby");
  }

  function cancelHide() {
    if (hideTimer) {
      clearTimeout(hideTimer);
      hideTimer = 0;
    }
  }

  function scheduleHide() {
    cancelHide();
    hideTimer = setTimeout(function () {
      hideTimer = 0;
      // Keyboard focus on the term, or focus inside the popover, keeps it open.
      if (!current) return;
      var active = document.activeElement;
      if (inPopover(active) || (active === current && focusVisible(current))) return;
      hide();
    }, HIDE_DELAY);
  }

  function show(term) {
    cancelHide();
    if (isOpen() && current === term) {
      position();
      return;
    }
    var def = definitionFor(term.getAttribute("data-term"));
    if (!def) return; // no definition on this page: the link stays an ordinary link
    var pop = getPopover();
    if (current && current !== term) describe(current, false);
    while (pop.firstChild) pop.removeChild(pop.firstChild);
    for (var node = def.firstChild; node; node = node.nextSibling) {
      var copy = node.cloneNode(true);
      if (copy.nodeType === 1) {
        copy.removeAttribute("id");
        var withId = copy.querySelectorAll("[id]");
        for (var i = 0; i < withId.length; i++) withId[i].removeAttribute("id");
      }
      pop.appendChild(copy);
    }
    pop.setAttribute("data-term", term.getAttribute("data-term"));
    current = term;
    pop.hidden = false;
    pop.scrollTop = 0;
    describe(term, true);
    position();
  }

  function hide() {
    cancelHide();
    if (frame) {
      cancelAnimationFrame(frame);
      frame = 0;
    }
    if (current) describe(current, false);
    current = null;
    if (popover) {
      popover.hidden = true;
      popover.removeAttribute("data-term");
      popover.classList.remove("ex-popover--above");
    }
  }

  /* Place the popover under the term (above it if there is no room below), inside the
   * viewport. The popover is position: fixed, so viewport coordinates are used throughout. */
  function position() {
    if (!isOpen()) return;
    if (!current.isConnected) {
      hide();
      return;
    }
    var rects = current.getClientRects();
    if (!rects.length) {
      hide();
      return;
    }
    var box = current.getBoundingClientRect();
    var vw = document.documentElement.clientWidth || window.innerWidth;
    var vh = document.documentElement.clientHeight || window.innerHeight;
    if (box.bottom < 0 || box.top > vh || box.right < 0 || box.left > vw) {
      hide(); // the term scrolled out of sight
      return;
    }
    var pop = popover;
    pop.style.left = "0px";
    pop.style.top = "0px";
    var w = pop.offsetWidth;
    var h = pop.offsetHeight;

    var first = rects[0];
    var last = rects[rects.length - 1];
    var left = Math.min(first.left, vw - w - MARGIN);
    left = Math.max(MARGIN, left);

    var below = last.bottom + GAP;
    var above = first.top - GAP - h;
    var top;
    var placeAbove = false;
    if (below + h <= vh - MARGIN) top = below;
    else if (above >= MARGIN) {
      top = above;
      placeAbove = true;
    } else if (vh - last.bottom >= first.top) top = below; // neither fits: the roomier side
    else {
      top = Math.max(MARGIN, above);
      placeAbove = true;
    }
    pop.classList.toggle("ex-popover--above", placeAbove);
    pop.style.left = Math.round(left) + "px";
    pop.style.top = Math.round(top) + "px";
  }

  function schedulePosition() {
    if (!isOpen() || frame) return;
    frame = requestAnimationFrame(function () {
      frame = 0;
      position();
    });
  }

  /* Event handlers (delegated from the document, attached once) ------------------------ */

  function onMouseOver(event) {
    var term = termFrom(event.target);
    if (!term) return;
    if (event.relatedTarget && term.contains(event.relatedTarget)) return; // inside the term
    show(term);
  }

  function onMouseOut(event) {
    var term = termFrom(event.target);
    if (!term || term !== current) return;
    var to = event.relatedTarget;
    if (to && (term.contains(to) || inPopover(to))) return;
    scheduleHide();
  }

  function onPopoverOver() {
    cancelHide();
  }

  function onPopoverOut(event) {
    var to = event.relatedTarget;
    if (to && (inPopover(to) || (current && current.contains(to)))) return;
    if (isOpen()) scheduleHide();
  }

  function onFocusIn(event) {
    if (refocusing) return;
    var term = termFrom(event.target);
    if (term) show(term);
    else if (inPopover(event.target)) cancelHide();
  }

  function onFocusOut(event) {
    if (!isOpen()) return;
    var from = event.target;
    if (from !== current && !inPopover(from)) return;
    var to = event.relatedTarget;
    if (to && (inPopover(to) || to === current)) return;
    hide();
  }

  function onKeyDown(event) {
    if (event.key !== "Escape" && event.key !== "Esc") return;
    if (!isOpen()) return;
    var term = current;
    var hadFocus = inPopover(document.activeElement);
    hide();
    if (hadFocus && term.isConnected) {
      refocusing = true;
      try {
        term.focus();
      } finally {
        refocusing = false;
      }
    }
  }

  function onPointerDown(event) {
    lastPointerType = event.pointerType || "";
    lastPointerTime = Date.now();
    var term = termFrom(event.target);
    if (event.pointerType === "touch") {
      tapTerm = term;
      tapWasOpen = !!term && isOpen() && current === term;
    }
    // A tap or click anywhere else closes the popover.
    if (isOpen() && !term && !inPopover(event.target)) hide();
    else if (isOpen() && term && term !== current && event.pointerType === "touch") hide();
  }

  function onClick(event) {
    var term = termFrom(event.target);
    if (!term) return;
    var type = event.pointerType;
    if (!type && Date.now() - lastPointerTime < 1000) type = lastPointerType;
    if (type !== "touch") return; // mouse and keyboard follow the link at once
    if (tapTerm === term && tapWasOpen && isOpen() && current === term) {
      tapTerm = null; // second tap: follow the link
      return;
    }
    if (!definitionFor(term.getAttribute("data-term"))) return;
    event.preventDefault(); // first tap: show the definition instead of navigating
    tapTerm = term;
    show(term);
  }

  function attach() {
    document.addEventListener("mouseover", onMouseOver);
    document.addEventListener("mouseout", onMouseOut);
    document.addEventListener("focusin", onFocusIn);
    document.addEventListener("focusout", onFocusOut);
    document.addEventListener("keydown", onKeyDown);
    document.addEventListener("pointerdown", onPointerDown, true);
    document.addEventListener("click", onClick);
    window.addEventListener("scroll", schedulePosition, { capture: true, passive: true });
    window.addEventListener("resize", schedulePosition, { passive: true });
  }

  /* Called for every new page: with Material's instant navigation the body is replaced, so
   * drop any state that belongs to the previous page. */
  function init() {
    hide();
    tapTerm = null;
    tapWasOpen = false;
    if (popover && !popover.isConnected) popover = null;
    // A new page may have brought a copy of an old popover along: keep one, with one id.
    var stale = document.querySelectorAll(".ex-popover");
    for (var i = 0; i < stale.length; i++) {
      if (stale[i] !== popover) stale[i].parentNode.removeChild(stale[i]);
    }
  }

  attach();
  var doc$ = window.document$;
  if (doc$ && typeof doc$.subscribe === "function") {
    doc$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init, { once: true });
  } else {
    init();
  }
})();
