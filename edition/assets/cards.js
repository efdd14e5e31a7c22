/* Edition cards: one small, dependency-free layer for every note, citation, term and
   cross-reference. A trigger is any link with data-card="ID", where ID names an element in
   the page (a <template> or the note itself) that the build put there: no fetch, so cards work
   from file:// and in the single-file edition. Without this script a trigger is a plain link.

   Mouse: opens after a short delay, stays while the pointer is on the trigger or the card.
   Keyboard: focus shows the card as a preview, out of the tab order (inert), so Tab goes on
   through the text; Enter opens it: focus moves into it (a screen reader hears it then, its
   title once), Tab goes through its links, and on past the trigger after them. Esc closes.
   Touch: the first tap opens, a second tap follows the link. (WCAG 2.2 SC 1.4.13)
   A card belongs to its trigger: it never covers the header, it closes when the trigger leaves
   the screen, and where it fits neither below nor above it takes the larger side and scrolls
   inside itself. */
(function () {
  "use strict";
  var OPEN_DELAY = 250, CLOSE_DELAY = 300, MARGIN = 8;
  var card = null, trigger = null, active = false, timer = 0, lastPointer = "mouse", dismissed = null,
      tapOpened = null, pointing = false;

  function source(t) {
    var id = t.getAttribute("data-card");
    return id ? document.getElementById(id) : null;
  }

  function content(t) {
    var src = source(t);
    if (!src) return null;
    var frag = src.tagName === "TEMPLATE" ? src.content.cloneNode(true) : cloneChildren(src);
    // A note's own "jump back" link means nothing inside a card; ids must stay unique.
    frag.querySelectorAll(".footnote-backref").forEach(function (a) { a.remove(); });
    frag.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
    return frag;
  }

  function cloneChildren(el) {
    var frag = document.createDocumentFragment();
    Array.prototype.forEach.call(el.childNodes, function (n) { frag.appendChild(n.cloneNode(true)); });
    return frag;
  }

  function build(t) {
    var body = content(t);
    if (!body) return null;
    var el = document.createElement("div");
    el.className = "edition-card";
    el.id = "edition-card";
    el.setAttribute("role", "dialog");
    el.tabIndex = -1;
    var title = t.getAttribute("data-card-title");
    // A cross-reference's card is titled by the heading it previews, not by "Section 1" too.
    var heading = body.querySelector(".xref-target");
    if (heading) {
      heading.classList.add("edition-card__title");
      heading.id = "edition-card-title";
      heading.setAttribute("aria-hidden", "true");
      el.setAttribute("aria-labelledby", heading.id);
    } else if (title) {
      // The dialog's name is its visible title, read once: as the name, not again as content.
      var h = document.createElement("p");
      h.className = "edition-card__title";
      h.id = "edition-card-title";
      h.setAttribute("aria-hidden", "true");
      h.textContent = title;
      el.appendChild(h);
      el.setAttribute("aria-labelledby", h.id);
    } else el.setAttribute("aria-label", t.getAttribute("aria-label") || "Details");
    var inner = document.createElement("div");
    inner.className = "edition-card__body";
    inner.appendChild(body);
    uses(inner.querySelector(".card-uses"), t);
    el.appendChild(inner);
    el.addEventListener("mouseenter", function () { clearTimeout(timer); activate(false); });
    el.addEventListener("mouseleave", function () { later(close, CLOSE_DELAY); });
    return el;
  }

  // "Cited 7 times in the edition." -> "Cited 7 times in the edition: 3 of 7, ← previous,
  // next →". For each use on this page the build gives its place and the links to the uses
  // before and after it (data-here: "anchor place previous next ..."; "-" for none); the links
  // are ordinary links, reached with Tab.
  function uses(p, t) {
    if (!p || !t.id) return;
    var count = +p.getAttribute("data-count"), f = (p.getAttribute("data-here") || "").split(" ");
    for (var i = 0; i + 3 < f.length && f[i] !== t.id; i += 4);
    if (i + 3 >= f.length || count < 2) return;
    var n = +f[i + 1];
    p.textContent = p.textContent.replace(/\.$/, ": " + n + " of " + count);
    [[f[i + 2], n - 1, "\u2190 previous", "Previous use"], [f[i + 3], n + 1, "next \u2192", "Next use"]].forEach(function (s) {
      if (s[0] === "-") return;
      var a = document.createElement("a");
      a.href = s[0];
      a.textContent = s[2];
      a.setAttribute("aria-label", s[3] + ", " + s[1] + " of " + count);
      a.addEventListener("click", function () {
        close();
        // On this page: the reader goes on from that use, its card open ("4 of 7").
        var next = a.pathname === location.pathname && document.getElementById(decodeURIComponent(a.hash.slice(1)));
        if (next && next.matches("a[data-card]")) setTimeout(function () { next.focus(); }, 0);
      });
      p.appendChild(document.createTextNode(", "));
      p.appendChild(a);
    });
    p.appendChild(document.createTextNode("."));
  }

  // A preview (keyboard focus) is inert: seen, but neither in the tab order nor announced.
  function open(t, asPreview) {
    clearTimeout(timer);
    if (trigger === t) { if (!asPreview) activate(false); return; }
    close();
    var el = build(t);
    if (!el) return;
    card = el; trigger = t; active = true;
    // Right after the trigger (or its <sup>), so Tab goes from the trigger into the card.
    var anchor = t.parentElement && t.parentElement.tagName === "SUP" ? t.parentElement : t;
    anchor.insertAdjacentElement("afterend", el);
    t.setAttribute("aria-controls", el.id);
    // A trigger focused under the sticky header (Shift+Tab upwards) comes out from under it first.
    var r = t.getBoundingClientRect(), roof = ceiling();
    if (r.top < roof) window.scrollBy(0, r.top - roof - 3 * MARGIN);
    if (asPreview) { active = false; el.inert = true; t.setAttribute("aria-expanded", "false"); }
    else activate(false);
    place();
  }

  function activate(focusIt) {
    if (!card) return;
    if (!active) { active = true; card.inert = false; }
    trigger.setAttribute("aria-expanded", "true");
    if (focusIt) card.focus({ preventScroll: true });
  }

  function close() {
    clearTimeout(timer);
    if (!card) return;
    trigger.setAttribute("aria-expanded", "false");
    trigger.removeAttribute("aria-controls");
    if (inCard(document.activeElement)) trigger.focus({ preventScroll: true });
    card.remove();
    card = null; trigger = null; active = false;
  }

  function later(fn, ms) { clearTimeout(timer); timer = setTimeout(fn, ms); }

  // The bottom of a sticky header (Material's, or the single file's): no card goes above it.
  function ceiling() {
    var hd = document.querySelector(".md-header, .sf-header");
    return Math.max(0, hd ? hd.getBoundingClientRect().bottom : 0);
  }

  function place() {
    if (!card) return;
    var r = trigger.getBoundingClientRect();
    var vw = document.documentElement.clientWidth, vh = window.innerHeight, roof = ceiling();
    // The trigger has left the screen (or gone under the header): its card goes with it.
    if (r.bottom <= roof || r.top >= vh || !r.height) return close();
    card.style.maxWidth = Math.min(448, vw - 2 * MARGIN) + "px";
    card.style.maxHeight = "";
    card.style.left = "0px"; card.style.top = "0px";
    var w = card.offsetWidth, h = card.offsetHeight;
    var left = Math.max(MARGIN, Math.min(r.left, vw - w - MARGIN));
    var below = vh - MARGIN - (r.bottom + 6), above = r.top - 6 - (roof + MARGIN);
    var down = h <= below || (h > above && below >= above);
    if (h > (down ? below : above)) { h = Math.max(down ? below : above, 0); card.style.maxHeight = h + "px"; }
    card.style.left = left + "px";
    card.style.top = (down ? r.bottom + 6 : r.top - 6 - h) + "px";
  }

  function triggerOf(node) {
    var t = node && node.closest ? node.closest("a[data-card]") : null;
    // Inside a card, a term or citation is a plain link: one card at a time, never stacked.
    return t && !t.closest(".edition-card") ? t : null;
  }

  function inCard(node) { return !!(card && node && card.contains(node)); }

  document.addEventListener("pointerdown", function (e) {
    lastPointer = e.pointerType || "mouse";
    pointing = true;
    // Focus (which opens the card) comes before click: remember whether this tap found the
    // card already open, so that only a second tap follows the link.
    var t = triggerOf(e.target);
    tapOpened = t && t !== trigger ? t : null;
    if (card && !inCard(e.target) && triggerOf(e.target) !== trigger) close();
  }, true);

  document.addEventListener("mouseover", function (e) {
    if (lastPointer === "touch") return;
    var t = triggerOf(e.target);
    if (t && t === dismissed && triggerOf(e.relatedTarget) === t) return;  // still on it after Esc
    if (t && t !== trigger) later(function () { open(t); }, OPEN_DELAY);
    else if (t || inCard(e.target)) clearTimeout(timer);
  });

  document.addEventListener("mouseout", function (e) {
    if (lastPointer === "touch") return;
    var t = triggerOf(e.target);
    if (!t) return;
    if (t === trigger && inCard(e.relatedTarget)) return;
    if (t === trigger) later(close, CLOSE_DELAY);
    else clearTimeout(timer);
  });

  document.addEventListener("focusin", function (e) {
    var t = triggerOf(e.target);
    dismissed = null;  // any new focus is a new engagement, on the dismissed trigger too
    // Focus that a click or tap gives opens the card itself; focus from the keyboard previews it.
    if (t) open(t, !pointing);
    else if (card && !inCard(e.target)) close();
  });

  document.addEventListener("click", function (e) {
    var t = triggerOf(e.target), wasPointing = pointing;
    pointing = false;
    if (!t) return;
    var touch = (e.pointerType || lastPointer) === "touch";
    if (touch && (tapOpened === t || trigger !== t)) { e.preventDefault(); open(t); }
    // Enter on a previewed trigger opens its card and moves into it; Enter again follows the link.
    else if (!wasPointing && trigger === t && !active) { e.preventDefault(); activate(true); }
    tapOpened = null;
  });

  document.addEventListener("keydown", function (e) {
    pointing = false;
    if (e.key !== "Escape" || !card) return;
    var t = trigger;
    // Focus goes back while the card is still open, so focusin has nothing to open.
    if (inCard(document.activeElement)) t.focus({ preventScroll: true });
    close();
    dismissed = t;  // until a new engagement: the pointer re-entering, focus, a tap
    e.stopPropagation();
  }, true);

  // Material's search: the result titled as the reader typed it ("note 7", "Doe et al. 2021",
  // "RBIS") goes first, and out of "more on this page" (lunr ranks notes 70-78 with note 7).
  var list = document.querySelector(".md-search-result__list"), query = document.querySelector(".md-search__input");
  function said(s) { return s.toLowerCase().replace(/\s+/g, " ").trim(); }
  if (list && query && window.MutationObserver) new MutationObserver(function () {
    var q = said(query.value);
    if (q) list.querySelectorAll(".md-search-result__link h2").forEach(function (h) {
      var t = said(h.textContent);
      if (t !== q && t.indexOf(q + ":") !== 0) return;
      var a = h.closest("a"), li = a.closest("li"), head = li.firstElementChild;
      if (head !== a && head.nextElementSibling !== a) head.after(a);
      if (list.firstElementChild !== li) list.prepend(li);
    });
  }).observe(list, { childList: true, subtree: true });

  // An A-Z bar over each long list (the Bibliography, the Glossary): each letter links to its
  // first entry, so that 17 screens are a tap away.
  document.querySelectorAll("ul.bibliography, dl.glossary").forEach(function (list) {
    var seen = {}, nav = document.createElement("nav"), page = list.closest("article, .edition-page"),
        h1 = page && page.querySelector("h1"), name = h1 && h1.firstChild && h1.firstChild.textContent.trim();
    nav.className = "edition-az";
    // Named by its page: the single file holds both bars, and two landmarks need two names.
    nav.setAttribute("aria-label", (name ? name + ": e" : "E") + "ntries by letter");
    list.querySelectorAll(":scope > li[id], :scope > dt[id]").forEach(function (item) {
      var c = item.textContent.replace(/^[^\p{L}\d]+/u, "").normalize("NFD").charAt(0).toUpperCase();
      if (!/[A-Z]/.test(c)) c = "#";
      if (seen[c]) return;
      seen[c] = 1;
      var a = document.createElement("a");
      a.href = "#" + item.id;
      a.textContent = c;
      a.setAttribute("aria-label", c === "#" ? "Entries beginning with a digit" : "Entries beginning with " + c);
      nav.appendChild(a);
    });
    list.parentNode.insertBefore(nav, list);
  });

  // Notes in the margin (Tufte CSS, Distill), where the window leaves room beside the text: each
  // note beside its line, pushed down only as far as the note above it needs. A copy for the eye
  // (aria-hidden, its links out of the tab order): the card and the page foot hold each note for
  // everyone. Redone as the window changes; never printed.
  var NOTE_MIN = 200, NOTE_MAX = 300, GAP = 24, relayout = 0, wide = window.matchMedia("(min-width: 600px)");
  function margins() {
    document.querySelectorAll(".edition-margin").forEach(function (m) { m.remove(); });
    // Below 600 px the text fills the window (either layout): no room, and no need to force a
    // layout of the whole page while it loads (a phone's blocking time) to find that out.
    if (!wide.matches) return;
    var side = document.querySelector(".md-sidebar--secondary"), bound = document.documentElement.clientWidth - 16;
    if (side && side.offsetWidth && side.querySelector(".md-nav__item")) bound = side.getBoundingClientRect().left;
    document.querySelectorAll("article.md-content__inner, .edition-page").forEach(function (box) {
      var r = box.getBoundingClientRect(), room = bound - r.right - GAP, last = -Infinity;
      if (room < NOTE_MIN) return;
      box.querySelectorAll("sup > a.footnote-ref[data-card]").forEach(function (t) {
        var src = source(t);
        if (!src || t.closest(".footnote, .edition-card")) return;
        var m = document.createElement("aside"), n = document.createElement("span");
        m.className = "edition-margin";
        m.setAttribute("aria-hidden", "true");
        n.className = "edition-margin__n";
        n.textContent = t.textContent + " ";
        m.appendChild(n);
        m.appendChild(content(t));
        m.querySelectorAll("a, button, summary").forEach(function (a) { a.tabIndex = -1; });
        var top = Math.max(t.getBoundingClientRect().top - r.top - 4, last + 8);
        m.style.cssText = "left:" + (box.clientWidth + GAP) + "px;top:" + top + "px;width:" + Math.min(room, NOTE_MAX) + "px";
        box.appendChild(m);
        last = top + m.offsetHeight;
      });
    });
  }
  margins();
  window.addEventListener("load", margins);
  window.addEventListener("resize", function () { clearTimeout(relayout); relayout = setTimeout(margins, 100); });

  window.addEventListener("resize", place);
  window.addEventListener("scroll", place, { passive: true });
  // Printed, the single file's page feet are not (print.css): each note prints once, on the Notes
  // page. While printing (Ctrl+P, or `make pdf`: Chromium fires beforeprint for both), a note
  // number links there, so that no link in the PDF goes nowhere; afterwards, to the foot again.
  var reprinted = [];
  window.addEventListener("beforeprint", function () {
    close();
    if (reprinted.length) return;
    document.querySelectorAll('.edition-page a.footnote-ref[href^="#fn:"]').forEach(function (a) {
      var href = a.getAttribute("href"), id = "note-" + href.slice(4);
      if (document.getElementById(id)) { reprinted.push([a, href]); a.setAttribute("href", "#" + id); }
    });
  });
  window.addEventListener("afterprint", function () {
    reprinted.forEach(function (r) { r[0].setAttribute("href", r[1]); });
    reprinted = [];
  });
})();
