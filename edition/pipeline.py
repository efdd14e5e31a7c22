"""In which order the edition's passes run: one place, so no order is implied by a list.

The plugin (``edition.plugin``) runs its concerns in one fixed order within each MkDocs event;
``event_priority`` places its events among other plugins' (highest first): the sources are
checked and indexed first (FIRST); the search entries are written after Material's search and
before its offline plugin (SEARCH); the problems are told last (LAST).

Markdown extensions (Python-Markdown runs each registry from the highest priority to the
lowest). Inline patterns: after code spans (``backtick``, 190) and escapes (180), an editorial
mark is taken whole first, so that what it holds (a citation, a cross-reference, a note) is then
read by the patterns below it; cross-references before citations, so a label is never taken
for a citation key; both before Python-Markdown's links (``reference`` 170, ``link`` 160), so
``[see @key]`` is never read as a link. Tree passes run after the inline patterns (``inline``,
20), footnotes (``footnote-duplicate``, 15) and attribute lists (``attr_list``, 8), so every
link, note and id is in the tree; and before the table of contents (``toc``, 5). The notes pass
comes first: the citations pass reads which note a citation stands in from the ids it sets.
"""

# the plugin's events
FIRST = 100   # a fresh report, and the sources checked before anything is rendered
SEARCH = -90  # on_post_build: after Material's search (0), before its offline plugin (-100)
LAST = -100   # every problem told once

# inline patterns
INLINE_EDITORIAL = 176
INLINE_CROSSREFS = 174
INLINE_CITATIONS = 173
INLINE_NOGLOSS = 172  # [IS]{.nogloss}: before links (160), which would read [IS] as a reference

# tree passes
TREE_NOTES = 7.0
TREE_CITATIONS = 6.8
TREE_GLOSSARY = 6.6
TREE_CROSSREFS = 6.4  # previews read once the terms are in place (and their expansions left out)
TREE_LISTS = 6.2     # the paper's labelled paragraphs become lists, once every pass has read them
TREE_GROUPS = 6.0   # the elements that held one pattern's nodes give way to them
TREE_LINKS = -1.0   # after MkDocs' relpath (0): the edition's links get their hrefs
