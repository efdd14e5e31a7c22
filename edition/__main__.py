"""``python -m edition build|serve|...``: MkDocs itself, with its messages about mkdocs.yml told at
their line (what ``make check`` and ``make serve`` run).

MkDocs stops at the first setting it cannot use, and the settings it reads before ``plugins``
(``nav``, ``theme``, ``use_directory_urls``, ``markdown_extensions``...) stop it before the
edition's plugin is loaded; a YAML slip stops it before any setting is read. Run this way, both
are told as ``mkdocs.yml:LINE:COL: error: ...`` with a hint (``edition.settings``), as CI's
problem matcher reads them. ``mkdocs build`` gives the same build and the same messages about
everything else.
"""

from __future__ import annotations

import sys

from edition import settings


def main() -> None:
    settings.install()
    config_file = settings._default_config()
    if config_file is not None and len(sys.argv) > 1 and sys.argv[1] in ("build", "serve", "gh-deploy"):
        problem = settings.yaml_problem(config_file)
        if problem is not None:
            print(f"ERROR   -  {config_file.name} has a problem (the build fails):\n{problem}",
                  file=sys.stderr)
            raise SystemExit(1)
    from mkdocs.__main__ import cli
    cli(prog_name="mkdocs")


if __name__ == "__main__":
    main()
