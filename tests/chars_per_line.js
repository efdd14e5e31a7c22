(sel) => {
  // The longest line, in characters, of the elements matched by sel (text as laid out).
  let most = 0;
  for (const el of document.querySelectorAll(sel)) {
    const lines = new Map();
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement.closest('sup, .edition-card, .edition-margin')) continue;
      for (let i = 0; i < n.length; i++) {
        range.setStart(n, i); range.setEnd(n, i + 1);
        const r = range.getClientRects()[0];
        if (!r) continue;
        const k = Math.round(r.top / 4);
        lines.set(k, (lines.get(k) || 0) + 1);
      }
    }
    for (const v of lines.values()) most = Math.max(most, v);
  }
  return most;
}
