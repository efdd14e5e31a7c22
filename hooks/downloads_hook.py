"""MkDocs events -> edition.downloads: the title page links to the offline downloads (zip and
single HTML file), with their sizes, and the hosted site carries them. Only a build with
$EDITION_DOWNLOADS set (`make site`) attaches them, from that folder."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from edition import paper, pipeline
from edition.common import diagnostics, slots
from edition.downloads import DownloadsBuild

_build: DownloadsBuild | None = None


@event_priority(pipeline.DOWNLOADS)
def on_config(config):
    global _build
    _build = DownloadsBuild.load(Path(config["config_file_path"]).parent,
                                 os.environ.get("EDITION_DOWNLOADS", ""),
                                 bool(config["extra"].get("offline_edition")))
    diagnostics.report(_build.problems)
    slots.current().provide(paper.SLOT_DOWNLOADS, _build.html)
    return config


@event_priority(pipeline.DOWNLOADS)
def on_files(files, config):
    for site_path, path in _build.site_paths():
        files.append(File.generated(config, site_path, abs_src_path=str(path)))
    return files
