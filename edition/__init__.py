"""Plain functions that make the edition: source -> model -> HTML. No MkDocs imports here,
except in the plugin (edition/plugin.py, edition/config.py, edition/mkdocs_site.py) that
connects MkDocs' events to these modules."""
