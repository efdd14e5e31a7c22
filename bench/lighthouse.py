"""Lighthouse on the reader's side: the built site, served gzip-compressed as GitHub Pages serves
it, audited on a phone (Lighthouse's default mobile form factor and simulated throttling), three
runs per page, medians reported.

    cd /tmp/lh && npm install lighthouse@12.2.3             # once, outside the project
    LIGHTHOUSE=/tmp/lh/node_modules/.bin/lighthouse .venv/bin/python bench/lighthouse.py
    .venv/bin/python bench/lighthouse.py --runs 5 / /bibliography/   # other pages, more runs
    .venv/bin/python bench/lighthouse.py --site /tmp/lh-site          # an existing build

The site is built with `mkdocs build --strict` into a temporary folder (unless --site is given)
and served on 127.0.0.1 only, by a small threaded server that gzips HTML, CSS, JS, JSON, SVG and
XML and sends `Cache-Control: max-age=600`, as GitHub Pages does. Chromium is found through
CHROME_PATH (default /usr/bin/chromium) and started headless without a sandbox.

Lighthouse's mobile performance score comes from a simulated slow phone, scaled from the speed of
this machine: on a small, shared machine it moves by a few points from run to run. That is why
each page is run several times and the median kept; compare medians from the same machine only.
Reports (JSON) are kept in --out (default: a temporary folder, printed at the end).
"""

from __future__ import annotations

import argparse
import gzip
import json
import mimetypes
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("/", "/overview/", "/notes/", "/bibliography/", "/glossary/")
CATEGORIES = ("performance", "accessibility", "best-practices")
METRICS = {  # audit id -> short name, shown as medians
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI",
}
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml",
              "application/xml", "application/manifest+json")


def handler_for(site: Path):
    cache: dict[Path, tuple[bytes, bytes]] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # quiet
            pass

        def do_HEAD(self):
            self.do_GET(body=False)

        def do_GET(self, body: bool = True):
            path = unquote(urlsplit(self.path).path)
            target = (site / path.lstrip("/")).resolve()
            status = 200
            if site not in target.parents and target != site:
                target = site / "404.html"
                status = 404
            elif target.is_dir():
                if not path.endswith("/"):
                    self.send_response(301)
                    self.send_header("Location", path + "/")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                target = target / "index.html"
            if not target.is_file():
                target, status = site / "404.html", 404
            if target not in cache:
                raw = target.read_bytes()
                cache[target] = (raw, gzip.compress(raw, compresslevel=6, mtime=0))
            raw, packed = cache[target]
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
                kind += "; charset=utf-8"
            zipped = (kind.startswith(COMPRESSED)
                      and "gzip" in self.headers.get("Accept-Encoding", ""))
            data = packed if zipped else raw
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Cache-Control", "max-age=600")
            self.send_header("Vary", "Accept-Encoding")
            if zipped:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if body:
                self.wfile.write(data)

    return Handler


def lighthouse(url: str, report: Path, binary: str) -> dict:
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    subprocess.run(
        [binary, url, "--quiet", "--output=json", f"--output-path={report}",
         "--only-categories=" + ",".join(CATEGORIES), f"--chrome-flags={CHROME_FLAGS}"],
        check=True, env=env, stdout=subprocess.DEVNULL)
    return json.loads(report.read_text())


def losses(result: dict) -> list[str]:
    """The audits that cost points in this run: category, weight, id, score, shown value."""
    out = []
    for cat in CATEGORIES:
        for ref in result["categories"][cat]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                value = audit.get("displayValue", "")
                out.append(f"{cat}: {ref['id']} (weight {ref['weight']}, score "
                           f"{audit['score']:.2f}{', ' + value if value else ''})")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", default=list(PAGES))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", type=Path, help="an existing build (default: build one)")
    parser.add_argument("--out", type=Path, help="where the JSON reports go")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    binary = os.environ.get("LIGHTHOUSE", "lighthouse")
    out = args.out or Path(tempfile.mkdtemp(prefix="lighthouse-"))
    out.mkdir(parents=True, exist_ok=True)

    site = args.site
    if site is None:
        site = out / "site"
        subprocess.run([str(ROOT / ".venv/bin/mkdocs"), "build", "--strict", "-q", "-d", str(site)],
                       cwd=ROOT, check=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    site = site.resolve()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler_for(site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"

    print(f"Lighthouse {subprocess.run([binary, '--version'], capture_output=True, text=True).stdout.strip()}, "
          f"mobile, {args.runs} runs per page, {base} (gzip)")
    header = f"{'page':<16}" + "".join(f"{c[:4]:>6}" for c in ("perf", "a11y", "best")) + \
        "".join(f"{m:>8}" for m in METRICS.values())
    rows, notes = [header], []
    try:
        for page in args.pages:
            results = []
            for run in range(args.runs):
                name = (page.strip("/") or "index").replace("/", "_")
                results.append(lighthouse(base + page, out / f"{name}-{run + 1}.json", binary))
            scores = [statistics.median(round(r["categories"][c]["score"] * 100) for r in results)
                      for c in CATEGORIES]
            metrics = [statistics.median(r["audits"][a]["numericValue"] for r in results)
                       for a in METRICS]
            rows.append(f"{page:<16}" + "".join(f"{s:>6g}" for s in scores) + "".join(
                f"{v:>8.3f}" if a == "cumulative-layout-shift" else f"{v:>6.0f}ms"
                for a, v in zip(METRICS, metrics)))
            per_run = [round(r["categories"]["performance"]["score"] * 100) for r in results]
            median_run = sorted(results, key=lambda r: r["categories"]["performance"]["score"])[
                len(results) // 2]
            notes.append(f"{page}: performance per run {per_run}")
            notes += [f"    {line}" for line in losses(median_run)]
            print(rows[-1], file=sys.stderr, flush=True)  # progress; the table follows
    finally:
        server.shutdown()
    print()
    print("\n".join(rows))
    print("\nAudits losing points (the run with the median performance score):")
    print("\n".join(notes))
    print(f"\nReports: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
