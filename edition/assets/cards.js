/* Edition cards: one small, dependency-free layer for every note, citation, term and
   cross-reference. A trigger is any link with data-card="ID", where ID names an element in
   the page (a <template> or the note itself) that the build put there: no fetch, so cards work
   from file:// and in the single-file edition. Without this script a trigger is a plain link.

   Mouse: opens after a short delay, stays while the pointer is on the trigger or the card.
   Keyboard: opens on focus; Tab moves into the card (it follows the trigger in the DOM);
   Esc closes. Touch: the first tap opens, a second tap follows the link. (WCAG 2.2 SC 1.4.13) */
(function () {
  "use strict";
  var OPEN_DELAY = 250, CLOSE_DELAY = 300, MARGIN = 8;
  var card = null, trigger = null, timer = 0, lastPointer = "mouse", dismissed = null, tapOpened = null;

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
    el.setAttribute("aria-label", t.getAttribute("data-card-title") || t.getAttribute("aria-label") || "Details");
    var title = t.getAttribute("data-card-title");
    if (title) {
      var h = document.createElement("p");
      h.className = "edition-card__title";
      h.textContent = title;
      el.appendChild(h);
    }
    var inner = document.createElement("div");
    inner.className = "edition-card__body";
    inner.appendChild(body);
    uses(inner.querySelector(".card-uses"), t);
    el.appendChild(inner);
    el.addEventListener("mouseenter", function () { clearTimeout(timer); });
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

  function open(t) {
    clearTimeout(timer);
    if (trigger === t) return;
    close();
    var el = build(t);
    if (!el) return;
    card = el; trigger = t;
    // Right after the trigger (or its <sup>), so Tab goes from the trigger into the card.
    var anchor = t.parentElement && t.parentElement.tagName === "SUP" ? t.parentElement : t;
    anchor.insertAdjacentElement("afterend", el);
    t.setAttribute("aria-expanded", "true");
    t.setAttribute("aria-controls", el.id);
    place();
  }

  function close() {
    clearTimeout(timer);
    if (!card) return;
    trigger.setAttribute("aria-expanded", "false");
    trigger.removeAttribute("aria-controls");
    card.remove();
    card = null; trigger = null;
  }

  function later(fn, ms) { clearTimeout(timer); timer = setTimeout(fn, ms); }

  function place() {
    if (!card) return;
    var r = trigger.getBoundingClientRect();
    var vw = document.documentElement.clientWidth, vh = window.innerHeight;
    card.style.maxWidth = Math.min(448, vw - 2 * MARGIN) + "px";
    card.style.left = "0px"; card.style.top = "0px";
    var w = card.offsetWidth, h = card.offsetHeight;
    var left = Math.max(MARGIN, Math.min(r.left, vw - w - MARGIN));
    var below = r.bottom + 6, above = r.top - 6 - h;
    var top = below + h <= vh - MARGIN || above < MARGIN ? below : above;
    card.style.left = left + "px";
    card.style.top = Math.max(MARGIN, top) + "px";
  }

  function triggerOf(node) {
    var t = node && node.closest ? node.closest("a[data-card]") : null;
    // Inside a card, a term or citation is a plain link: one card at a time, never stacked.
    return t && !t.closest(".edition-card") ? t : null;
  }

  function inCard(node) { return !!(card && node && card.contains(node)); }

  document.addEventListener("pointerdown", function (e) {
    lastPointer = e.pointerType || "mouse";
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
    if (t) open(t);
    else if (card && !inCard(e.target)) close();
  });

  document.addEventListener("click", function (e) {
    var t = triggerOf(e.target);
    if (!t) return;
    var touch = (e.pointerType || lastPointer) === "touch";
    if (touch && (tapOpened === t || trigger !== t)) { e.preventDefault(); open(t); }
    tapOpened = null;
  });

  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape" || !card) return;
    var t = trigger;
    // Focus goes back while the card is still open, so focusin has nothing to open.
    if (inCard(document.activeElement)) t.focus({ preventScroll: true });
    close();
    dismissed = t;  // until a new engagement: the pointer re-entering, focus, a tap
    e.stopPropagation();
  }, true);

  window.addEventListener("resize", place);
  window.addEventListener("scroll", place, { passive: true });
  window.addEventListener("beforeprint", close);
})();
