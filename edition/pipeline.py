"""In which order the hooks act: one place, so the order of `hooks:` in mkdocs.yml does not matter.

MkDocs runs an event's handlers from the highest priority to the lowest (``event_priority``).
Each page's Markdown goes through the hooks in this order: the notes it references are appended
first, so that every later hook finds what is in them; cross-references become placeholders
before citations are read, so a label is never taken for a citation key; citations and terms
become links before editorial marks are wrapped around what they hold. The same order places
each page's card templates (cross-references, citations, terms).
"""

FIRST = 100   # checks_hook: a fresh report, and the sources checked before anything is rendered
NOTES = 50
CROSSREFS = 40
CITATIONS = 30
GLOSSARY = 20
EDITORIAL = 10
DOWNLOADS = 0
LAST = -100   # checks_hook: every problem told once, after all hooks have added theirs
