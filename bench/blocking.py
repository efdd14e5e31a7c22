"""Main-thread blocking on page load, two builds of the site side by side, in alternating
rounds: the figure behind Lighthouse's total blocking time, measured so that other load on a
shared machine cancels out in the per-round ratio.

    .venv/bin/python bench/blocking.py /tmp/site-before /tmp/site-after
    .venv/bin/python bench/blocking.py A B --rounds 7 --pages /bibliography/ /glossary/

Each site is served on 127.0.0.1 (gzip, as bench/lighthouse.py serves it). For each round and
page, Debian's Chromium (Playwright) loads the page in a phone-sized window with the CPU slowed
four times (Chrome DevTools' CPU throttling, as Lighthouse's mobile profile assumes), once per
site in an order that alternates from round to round, and sums the main thread's long tasks
past 50 ms from navigation until two seconds after the load event (PerformanceObserver
"longtask": total blocking time as Lighthouse counts it, observed, not simulated). Reported
per page: the median blocking time of each site, and the median and range of the per-round
ratio B / A; and the same for the renderer main thread's CPU time over the load (Chrome DevTools'
Performance.getMetrics ThreadTime), the figure other load on the machine disturbs least. Lighthouse's own score stays bench/lighthouse.py's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import lighthouse  # noqa: E402  (its gzip server)

PAGES = lighthouse.PAGES
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75,
         "is_mobile": True, "has_touch": True}
OBSERVE = """() => { window.__blocking = 0; window.__tasks = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) {
    window.__tasks += 1; window.__blocking += Math.max(0, e.duration - 50); } })
    .observe({type: "longtask", buffered: true}); }"""


def serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), lighthouse.handler_for(site.resolve()))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def blocking(browser, url: str) -> tuple[float, float]:
    """(blocking ms, the renderer main thread's CPU ms) for one load of ``url``."""
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
        page.add_init_script(f"({OBSERVE})()")
        page.goto(url, wait_until="load")
        page.wait_for_timeout(2000)
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        return float(page.evaluate("window.__blocking")), metrics.get("ThreadTime", 0.0) * 1000
    finally:
        context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", type=Path, help="a built site (the reference)")
    parser.add_argument("b", type=Path, help="another build of it")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pages", nargs="*", default=list(PAGES))
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    servers = [serve(args.a), serve(args.b)]
    times = {page: ([], []) for page in args.pages}
    cpu = {page: ([], []) for page in args.pages}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for page in args.pages:  # one untimed load of each: the server's gzip cache
                for _, base in servers:
                    blocking(browser, base + page)
            for round_ in range(args.rounds):
                for page in args.pages:
                    order = (0, 1) if round_ % 2 == 0 else (1, 0)
                    for which in order:
                        blocked, spent = blocking(browser, servers[which][1] + page)
                        times[page][which].append(blocked)
                        cpu[page][which].append(spent)
                print(f"round {round_ + 1}: " + ", ".join(
                    f"{page} {times[page][0][-1]:.0f}/{times[page][1][-1]:.0f} ms"
                    for page in args.pages), file=sys.stderr, flush=True)
            browser.close()
    finally:
        for server, _ in servers:
            server.shutdown()
    print(f"Blocking time on load (ms, CPU slowed 4x, {args.rounds} alternating rounds): "
          f"A = {args.a}, B = {args.b}")
    print("blocking: long tasks past 50 ms; main thread: the renderer's main-thread CPU time "
          "(CDP Performance ThreadTime), what other load on the machine disturbs least")
    print(f"{'page':<16}{'A':>8}{'B':>8}  B / A per round      main thread A    B  B / A per round")

    def ratio(a, b):
        each = [y / x for x, y in zip(a, b) if x > 0]
        return (f"{statistics.median(each):.2f} ({min(each):.2f}-{max(each):.2f})"
                if each else "-")
    for page in args.pages:
        a, b = times[page]
        ca, cb = cpu[page]
        print(f"{page:<16}{statistics.median(a):>8.0f}{statistics.median(b):>8.0f}  "
              f"{ratio(a, b):<20}{statistics.median(ca):>12.0f}{statistics.median(cb):>5.0f}  "
              f"{ratio(ca, cb)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
