"""A seeded generator of synthetic editions shaped like the paper, for the benchmark.

    .venv/bin/python bench/generate.py 10 /tmp/edition-10x      # K=10 into a new folder
    .venv/bin/python bench/generate.py 1 /tmp/e --seed 7        # another seed

``make_project(dest, k, seed)`` writes a complete project: K papers of five pages each (the
paper's Introduction, Overview, Implications, Policy Responses and Conclusion), 78 notes per
paper numbered 1..78K in reading order on one Notes page, and the apparatus pages (title page,
Notes, Bibliography, Glossary, About), with two configurations made from the project's own
mkdocs.yml (``configurations``): ``mkdocs-plain.yml``, plain Material (the project's theme,
Markdown extensions and search plugin, this edition's nav, no ``edition`` plugin), and
``mkdocs.yml``, which inherits it and adds the ``edition`` plugin with the project's options
(MkDocs' INHERIT merges the ``plugins:`` mappings). The toolkit is the ``edition`` package,
copied from this repository with its assets and templates: a build run in the project's folder
imports that copy, not the one ``.venv`` finds.

Nothing depends on the paper's wording. What is drawn, with ``random.Random(seed)``:

- paragraphs: per page kind as many as the paper has, each length drawn from the paper's
  paragraph lengths (words), of filler words that are no glossary term;
- notes: how many each page kind has in the paper (3, 31, 14, 15, 15), each note's length drawn
  from the paper's note lengths, and its number of citations from the paper's citations per note
  (0-11; 114 citations and 124 cited works per 78 notes); half the cited works with a page
  locator, one citation in seven in the ``Author [-@key]`` form, a few with two or three works;
  every key of ``references.bib`` is cited at least once, by the first paper;
- glossary terms from ``glossary.yml``: as many uses as the paper has per page kind (8, 11, 23,
  50, 24) and in its notes (81); every term used at least once, by the first paper;
- labels like the paper's (9 ``sec-`` headings, 4 ``dime-``, 12 ``threat-``/``strategic-``, 15
  ``rec-`` items per paper) and the paper's 13 ``[words](@label)`` pointers per paper, one of the
  Conclusion's to an earlier paper; the title page refers to the first paper's sections and
  recommendations as the real one does, and to each other paper's Introduction;
- editorial marks (5 remarks and 4 gaps in the notes, 1 gap in the text) and 4 URLs per paper.

The fidelity check does not apply: the plugin's ``fidelity:`` block is left out of the
generated configuration (it names the paper's OCR source and pages), so there is no check, and
About has no emendations ledger or citation map (those tables belong to the check). The sizes,
the citation and term counts of each generated edition are returned by ``make_project`` (a
``Shape``).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
NOTES_PER_PAPER = 78

# The paper's shape, measured once on docs/*.md with the toolkit's own parsers (notes.find_references,
# citations.find, crossrefs.collect, glossary.find). Only these numbers are taken from the paper.
PAGES = (  # (file, heading, paragraph count, notes, body term uses)
    ("introduction.md", "Introduction", 4, 3, 8),
    ("overview.md", "1. Overview of", 6, 31, 11),
    ("implications.md", "2. Implications of", 17, 14, 23),
    ("policy-responses.md", "3. Policy Responses to", 21, 15, 50),
    ("conclusion.md", "Conclusion", 9, 15, 24),
)
PARAGRAPH_WORDS = (126, 100, 132, 59, 130, 82, 111, 24, 74, 86, 15, 39, 6, 13, 16, 22, 61, 20, 60,
                   10, 8, 10, 28, 29, 29, 36, 118, 11, 57, 11, 7, 123, 25, 27, 41, 44, 47, 56, 39,
                   46, 106, 86, 45, 36, 54, 74, 46, 45, 89, 109, 150, 123, 183, 124, 100, 111, 65)
NOTE_WORDS = (10, 33, 3, 51, 48, 50, 6, 52, 36, 56, 64, 9, 14, 11, 56, 34, 17, 5, 47, 32, 18, 8, 4,
              120, 14, 6, 89, 4, 4, 44, 34, 8, 30, 9, 26, 13, 52, 66, 3, 22, 124, 32, 40, 3, 52, 2,
              35, 7, 142, 57, 101, 16, 30, 29, 11, 9, 11, 14, 14, 25, 12, 25, 4, 12, 8, 4, 22, 1,
              4, 12, 1, 13, 89, 48, 19, 23, 18, 22)
CITES_PER_NOTE = (0, 11, 1, 1, 5, 1, 1, 1, 1, 0, 1, 1, 0, 1, 2, 3, 1, 2, 0, 1, 1, 2, 1, 4, 0, 1, 7,
                  1, 1, 4, 2, 1, 6, 3, 0, 0, 1, 3, 1, 2, 1, 0, 0, 1, 1, 1, 2, 1, 1, 1, 1, 0, 1, 1,
                  1, 1, 1, 1, 1, 1, 0, 2, 1, 6, 2, 1, 1, 1, 1, 0, 1, 1, 0, 0, 0, 1, 3, 0)
NOTE_TERMS = 81          # glossary terms used in the paper's 78 notes
LOCATED = 0.49           # 61 of 124 cited works carry a page locator
SUPPRESSED = 0.14        # 16 of 114 citations read "Kendall-Taylor [-@kendalltaylor2021]"
ITEMS = ((1, 0.93), (2, 0.05), (3, 0.02))  # works per citation (1.09 on average)
NOTE_REMARKS, NOTE_GAPS, BODY_GAPS, URLS = 5, 4, 1, 4

# Filler vocabulary: plain words (filler_words() drops any that could make a glossary term).
FILLER = """
about across after again against along already also although among analysis another approach
around aspect assessment attention balance basis because become before behind being below
between beyond both broad capacity careful case central certain change choice clear close common
concern condition consider context continue course current debate decade degree depend design
detail develop different direction discussion distance during early effect effort either element
emphasis enough entire equal especially evidence example expect experience extent factor fairly
familiar final focus follow form formal further general given ground growing habit hand history
however idea important include increase indeed instance interest issue itself kind language large
later leading least level likely limited little local long making manner matter meaning measure
method might moment more most motion much narrow nature nearly necessary neither never number
object observe obvious often open order origin other outcome over part particular pattern perhaps
period place plain point position possible practice present pressure process progress proper
purpose question quite rather reason recent record regard region remain report require respect
result review rising role rule same scale second sense series several shape short should side
signal similar simple since single situation small social some source space specific stage
standard state step still story strong structure study subject such support system task terms
than that their there these thing those though three through time together toward track trend
under unit until usual value various view where whether which while whole wide within without
""".split()
# English prose is about 45% short function words; with them the pages weigh what the paper's do.
SHORT = """a an and as at be but by for from has have in is it its not of on or that the their this
to was which with""".split()
SHORT_SHARE = 0.45
TITLE_WORDS = ("Balance", "Change", "Context", "Debate", "Evidence", "History", "Pattern", "Process",
               "Question", "Record", "Signal", "Structure", "Trend")
LOCATOR_PAGES = 400      # page locators are drawn from 1..400 ("p. 12", "pp. 44-45")


@dataclass(frozen=True)
class Shape:
    """What was generated, for the benchmark's table."""

    k: int
    pages: int
    notes: int
    citations: int
    cited_works: int
    term_uses: int
    labels: int
    cross_references: int


def configurations(mkdocs_yml: Path) -> tuple[dict, dict]:
    """A project's configuration, read as MkDocs reads it (``!ENV`` resolved, INHERIT merged),
    split in two: everything but the ``edition`` plugin (plain Material), and that plugin's
    options. ``plugins:`` must be a mapping, as in this project's mkdocs.yml."""
    from mkdocs.utils.yaml import yaml_load

    with open(mkdocs_yml, "rb") as f:
        config = yaml_load(f)
    plugins = config.get("plugins") or {}
    if not isinstance(plugins, dict) or "edition" not in plugins:
        raise SystemExit(f"{mkdocs_yml}: expected plugins: as a mapping with edition: in it")
    options = plugins.pop("edition") or {}
    return config, options


def write_yaml(path: Path, data: dict, head: str = "") -> None:
    path.write_text(head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100),
                    encoding="utf-8")


def bibliography_keys(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [m.group(2) for m in re.finditer(r"^@(\w+)\s*\{\s*([^,\s]+)\s*,", text, re.M)
            if m.group(1).lower() not in ("comment", "string", "preamble")]


def glossary_terms(path: Path) -> tuple[list[str], list[list[str]]]:
    """Each term as the text writes it, and the words of every surface form (term and forms)."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    entries = [e for e in entries if isinstance(e, dict) and e.get("term")]
    forms = [re.findall(r"[\w&]+", str(f)) for e in entries for f in [e["term"], *(e.get("forms") or [])]]
    return [str(e["term"]) for e in entries], [f for f in forms if f]


def filler_words(words: list[str], forms: list[list[str]]) -> list[str]:
    """The words that can stand anywhere without making or lengthening a glossary term: none is
    a one-word term, none follows a term that begins a longer one ("UN" + "Charter"), and no
    multi-word term is spelled by filler alone (case ignored: sentences begin with capitals)."""
    banned = {f[0].lower() for f in forms if len(f) == 1}
    for form in forms:
        for other in forms:
            if len(other) > len(form) and [w.lower() for w in other[:len(form)]] == \
                    [w.lower() for w in form]:
                banned.add(other[len(form)].lower())
    allowed = [w for w in words if w.lower() not in banned]
    for form in forms:
        lowered = [w.lower() for w in form]
        if len(form) > 1 and all(w in allowed for w in lowered):
            allowed.remove(lowered[-1])
    return allowed


class Writer:
    """Draws the edition's text from one random.Random(seed)."""

    def __init__(self, rng: random.Random, keys: list[str], terms: list[str], filler: list[str],
                 short: list[str]):
        self.rng, self.keys, self.terms, self.filler, self.short = rng, keys, terms, filler, short
        self.plain = set(filler) | set(short)  # only these are capitalised: terms are case-sensitive
        self.citations = self.cited_works = self.term_uses = 0

    def words(self, n: int) -> list[str]:
        return [self.rng.choice(self.short if self.rng.random() < SHORT_SHARE else self.filler)
                for _ in range(max(1, n))]

    def prose(self, n: int, inserts: list[str]) -> str:
        """About ``n`` words in sentences, with ``inserts`` (terms, note markers, marks) placed
        at random between words, in the order given."""
        tokens = self.words(n)
        slots = sorted(self.rng.randrange(len(tokens)) for _ in inserts)
        for offset, (slot, item) in enumerate(zip(slots, inserts)):
            at = slot + offset + 1
            if item.startswith("[^"):  # a note marker closes the word before it
                tokens[at - 1] += item
                tokens.insert(at, "")
            else:
                tokens.insert(at, item)
        tokens = [t for t in tokens if t]
        out, sentence = [], 0
        for i, token in enumerate(tokens):
            word = re.match(r"[a-z]+", token)
            if sentence == 0 and word and word.group(0) in self.plain:
                token = token[0].upper() + token[1:]
            sentence += 1
            end = i == len(tokens) - 1 or (sentence > 8 and self.rng.random() < 0.12)
            if end:
                token += "." if not token.endswith(".") else ""
                sentence = 0
            elif self.rng.random() < 0.06 and not token.startswith(("{{", "[", "<")):
                token += ","
            out.append(token)
        return " ".join(out)

    def term_stream(self, count: int, first: bool) -> list[str]:
        """``count`` term uses; the first paper begins with every term once, in random order."""
        picks = list(self.terms) if first else []
        self.rng.shuffle(picks)
        picks += [self.rng.choice(self.terms) for _ in range(max(0, count - len(picks)))]
        self.term_uses += len(picks)
        return picks

    def citation(self, key_queue: list[str]) -> str:
        n = self.rng.choices([n for n, _ in ITEMS], [w for _, w in ITEMS])[0]
        chosen: list[str] = []
        while len(chosen) < n:
            key = key_queue.pop() if key_queue else self.rng.choice(self.keys)
            if key not in chosen:
                chosen.append(key)
        self.citations += 1
        self.cited_works += len(chosen)

        def locator() -> str:
            if self.rng.random() >= LOCATED:
                return ""
            page = self.rng.randint(1, LOCATOR_PAGES)
            if self.rng.random() < 0.3:
                return f", pp. {page}-{page + self.rng.randint(1, 6)}"
            return f", p. {page}"

        if n == 1 and self.rng.random() < SUPPRESSED:
            name = re.sub(r"\d.*$", "", chosen[0]).capitalize() or "Author"
            return f"{name} [-@{chosen[0]}{locator()}]"
        prefix = "See " if self.rng.random() < 0.3 else ""
        return "[" + prefix + "; ".join(f"@{key}{locator()}" for key in chosen) + "]"


def _spread(total: int, buckets: int, rng: random.Random, weights=None) -> list[int]:
    counts = [0] * buckets
    for i in rng.choices(range(buckets), weights=weights, k=total):
        counts[i] += 1
    return counts


LAYOUTS = ("notes-page", "footnotes")


def make_project(dest: Path, k: int, seed: int = 2023, layout: str = "notes-page") -> Shape:
    """Write a project with K generated papers into ``dest`` (created; must not hold docs/).

    ``layout``: ``notes-page``, the paper's shape (every note on one Notes page, referenced from
    the body pages by number); ``footnotes``, the same text with each page's notes defined at
    its own foot and no Notes page, the shape plain Material's and mkdocs-bibtex's users write.
    The same seed gives the same words, notes, citations and terms in both (the page files are
    written once every paper's notes are drawn); only where the definitions stand differs, and
    the footnotes layout also gets the configurations of the peers (``peer_configurations``)."""
    if k < 1:
        raise ValueError("K must be at least 1")
    if layout not in LAYOUTS:
        raise ValueError(f"layout: one of {', '.join(LAYOUTS)}")
    rng = random.Random(f"{seed}:{k}")
    # The project's configuration: plain Material's part and the plugin's options. The generated
    # edition reads the files the options name, and its Notes page is the options' notes page.
    plain, options = configurations(ROOT / "mkdocs.yml")
    options = {name: value for name, value in options.items() if name != "fidelity"}
    plain_extensions = list(plain.get("markdown_extensions") or [])
    bibliography = options.get("bibliography") or []
    bib_files = [bibliography] if isinstance(bibliography, str) else list(bibliography)
    glossary_file = options.get("glossary")
    notes_page = (options.get("notes") or {}).get("page")
    if not bib_files or not glossary_file or notes_page != "notes.md":  # the paper's shape
        raise SystemExit("mkdocs.yml: the benchmark expects a bibliography, a glossary and "
                         "notes: page: notes.md under plugins: edition:")
    keys = [key for name in bib_files for key in bibliography_keys(ROOT / name)]
    terms, forms = glossary_terms(ROOT / glossary_file)
    writer = Writer(rng, keys, terms, filler_words(FILLER, forms), filler_words(SHORT, forms))

    dest.mkdir(parents=True, exist_ok=True)
    # The toolkit itself (the package, with its assets and templates), not the one .venv finds.
    shutil.copytree(ROOT / "edition", dest / "edition",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in (*bib_files, glossary_file):
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, dest / name)
    docs = dest / "docs"

    note_number = 0
    notes_text: list[str] = []
    page_files: dict[str, list[str]] = {}   # each page's lines, written once its notes are drawn
    page_notes: dict[str, range] = {}       # the note numbers each page references
    nav_pages: list[list[str]] = []
    labels = pointers = 0
    index_refs: list[str] = []
    for paper in range(1, k + 1):
        first = paper == 1
        folder = f"paper-{paper:03d}"
        (docs / folder).mkdir(parents=True)
        tag = f"p{paper}"
        sec = {name: f"sec-{tag}-{name.split('.')[0].split('-')[0]}" for name, *_ in PAGES}
        subsections = [f"sec-{tag}-conclusion-{i}" for i in range(1, 5)]
        dime = [f"dime-{tag}-{i}" for i in range(1, 5)]
        threats = [f"threat-{tag}-{c}" for c in "abcdefg"] + [f"strategic-{tag}-{i}" for i in range(1, 6)]
        recs = [f"rec-{tag}-{i}" for i in range(1, 16)]
        labels += len(sec) + len(subsections) + len(dime) + len(threats) + len(recs)
        own_targets = list(sec.values()) + recs[:4]
        # Pointers per page as in the paper: Introduction 8, Implications 1, Policy 1, Conclusion 3.
        page_pointers = {"introduction.md": [rng.choice(own_targets[1:]) for _ in range(8)],
                         "implications.md": [sec["overview.md"]],
                         "policy-responses.md": [recs[0]],
                         "conclusion.md": [sec["overview.md"], sec["policy-responses.md"],
                                           f"sec-p{rng.randint(1, paper - 1)}-implications"
                                           if paper > 1 else sec["implications.md"]]}
        pointers += sum(len(v) for v in page_pointers.values())
        if first:
            index_refs += [f"- **@{sec[name]}**: {' '.join(writer.words(rng.randint(8, 16)))}."
                           for name, *_ in PAGES]
            index_refs.append("- The recommendations: " + ", ".join(f"[@{r}]" for r in recs[:4]) + ".")
            pointers += len(PAGES) + 4
        else:
            index_refs.append(f"- Paper {paper}: **@{sec['introduction.md']}** and what follows.")
            pointers += 1
        body_terms = writer.term_stream(sum(p[4] for p in PAGES), first)
        key_queue = list(keys) if first else []
        rng.shuffle(key_queue)
        pages_here = []
        for name, heading, paragraphs, note_count, term_count in PAGES:
            first_note = note_number + 1
            page_terms, body_terms = body_terms[:term_count], body_terms[term_count:]
            if first and name == PAGES[-1][0]:
                page_terms += body_terms  # whatever the first paper's stream still holds
            lengths = [rng.choice(PARAGRAPH_WORDS) for _ in range(paragraphs)]
            notes_in = _spread(note_count, paragraphs, rng, lengths)
            terms_in = _spread(len(page_terms), paragraphs, rng, lengths)
            pointers_in = _spread(len(page_pointers.get(name, [])), paragraphs, rng)
            gaps_in = _spread(BODY_GAPS if name == "conclusion.md" else 0, paragraphs, rng)
            para_labels: dict[int, str] = {}
            if name == "overview.md":
                para_labels = dict(zip(range(paragraphs - 4, paragraphs), dime))
            elif name == "implications.md":
                para_labels = dict(zip(range(2, paragraphs), threats))
            elif name == "policy-responses.md":
                para_labels = dict(zip(range(3, paragraphs), recs))
            title = heading if heading in ("Introduction", "Conclusion") else \
                f"{heading} {rng.choice(TITLE_WORDS)} {paper}"
            lines = [f"# {title} {{#{sec[name]}}}", ""]
            term_iter, pointer_iter = iter(page_terms), iter(page_pointers.get(name, []))
            for i in range(paragraphs):
                if name == "conclusion.md" and i in (1, 3, 5, 7):
                    lines += [f"## {' '.join(rng.sample(writer.filler, 3)).capitalize()} "
                              f"{{#{subsections[i // 2]}}}", ""]
                inserts = [next(term_iter) for _ in range(terms_in[i])]
                inserts += [f"[{' '.join(writer.words(rng.randint(2, 4)))}](@{next(pointer_iter)})"
                            for _ in range(pointers_in[i])]
                inserts += [f"{{{{gap: {' '.join(writer.words(rng.randint(2, 5)))}}}}}"
                            for _ in range(gaps_in[i])]
                rng.shuffle(inserts)
                markers = []
                for _ in range(notes_in[i]):
                    note_number += 1
                    markers.append(f"[^{note_number}]")
                # Note markers keep their order among themselves: interleave them in sequence.
                merged, queue = [], list(markers)
                for item in inserts:
                    while queue and rng.random() < len(queue) / (len(queue) + len(inserts)):
                        merged.append(queue.pop(0))
                    merged.append(item)
                merged += queue
                text = writer.prose(lengths[i], merged)
                if name == "policy-responses.md" and i in para_labels:
                    text = f"{'abcdefghijklmnopq'[i - 3]}. **{rng.choice(TITLE_WORDS)}.** {text}"
                elif i in para_labels:  # a labelled item begins with its label, as the paper's
                    text = f"{'abcdefghijklmnopq'[i - min(para_labels)]}. {text}"
                lines.append(text)
                if i in para_labels:
                    lines.append(f"{{: #{para_labels[i]} }}")
                lines.append("")
            page_files[f"{folder}/{name}"] = lines
            page_notes[f"{folder}/{name}"] = range(first_note, note_number + 1)
            pages_here.append(f"{folder}/{name}")
        nav_pages.append(pages_here)

        # This paper's 78 notes, numbered on from the previous paper's.
        start = note_number - NOTES_PER_PAPER
        note_terms = writer.term_stream(NOTE_TERMS, False)
        lengths = [rng.choice(NOTE_WORDS) for _ in range(NOTES_PER_PAPER)]
        terms_per_note = _spread(len(note_terms), NOTES_PER_PAPER, rng, lengths)
        cites_per_note = [rng.choice(CITES_PER_NOTE) for _ in range(NOTES_PER_PAPER)]
        if first:  # every key once: enough citations in the first paper to take them all
            while sum(cites_per_note) < len(keys):
                cites_per_note[rng.randrange(NOTES_PER_PAPER)] += 1
        remarks = set(rng.sample(range(NOTES_PER_PAPER), NOTE_REMARKS))
        gaps = set(rng.sample(range(NOTES_PER_PAPER), NOTE_GAPS))
        urls = set(rng.sample(range(NOTES_PER_PAPER), URLS))
        term_iter = iter(note_terms)
        for i in range(NOTES_PER_PAPER):
            inserts = [next(term_iter) for _ in range(terms_per_note[i])]
            inserts += [writer.citation(key_queue) for _ in range(cites_per_note[i])]
            if i in remarks:
                inserts.append(f"{{{{ed: {' '.join(writer.words(rng.randint(4, 12)))}.}}}}")
            if i in gaps:
                inserts.append(f"{{{{gap: {' '.join(writer.words(rng.randint(2, 6)))}}}}}")
            if i in urls:
                inserts.append(f"<https://www.example.org/{folder}/note-{i + 1}>")
            rng.shuffle(inserts)
            notes_text.append(f"[^{start + i + 1}]: {writer.prose(lengths[i], inserts)}")
        while key_queue:  # the first paper leaves no key uncited
            notes_text[-1] += " " + writer.citation(key_queue) + "."

    definitions = {int(text[2:text.index("]")]): text for text in notes_text}
    for page, lines in page_files.items():
        text = "\n".join(lines)
        if layout == "footnotes" and page_notes[page]:
            text += "\n" + "\n\n".join(definitions[n] for n in page_notes[page]) + "\n"
        (docs / page).write_text(text, encoding="utf-8")
    notes_link = (f"- [Notes](notes.md) lists all {note_number:,} notes; each work cited is in the "
                  if layout == "notes-page" else
                  f"- Each page's notes are at its foot ({note_number:,} in all); each work cited is in the ")
    index = ["---", "title: Benchmark edition", "---", "",
             f"# A generated edition: {k} paper{'s' if k > 1 else ''}", "",
             " ".join(writer.words(60)).capitalize() + ".", "", "## Summary (editorial)", "",
             *index_refs, "", "## Downloads", "", "<!-- edition:downloads -->", "",
             "## How to read this edition", "",
             "- [About this edition](about.md) says how it was made.",
             notes_link + "[Bibliography](bibliography.md), each term in the "
             "[Glossary](glossary.md).", ""]
    (docs / "index.md").write_text("\n".join(index), encoding="utf-8")
    if layout == "notes-page":
        (docs / "notes.md").write_text("# End Notes\n\n" + "\n\n".join(notes_text) + "\n",
                                       encoding="utf-8")
    (docs / "bibliography.md").write_text(
        "# Bibliography\n\nEvery work cited, in the style of the <!-- edition:citation-style -->, "
        "as BibTeX ([references.bib](references.bib)), CSL-JSON ([references.json](references.json)) "
        "or RIS ([references.ris](references.ris)).\n\n<!-- edition:bibliography -->\n",
        encoding="utf-8")
    (docs / "glossary.md").write_text("# Glossary\n\nThe terms the papers use.\n\n"
                                      "<!-- edition:glossary -->\n", encoding="utf-8")
    (docs / "about.md").write_text(
        "# About this edition\n\nA generated edition for the benchmark ([title page](index.md), "
        + ("[Notes](notes.md), " if layout == "notes-page" else "")
        + "[Bibliography](bibliography.md), [Glossary](glossary.md)); "
        "citations in the style of the <!-- edition:citation-style -->.\n",
        encoding="utf-8")

    # mkdocs-plain.yml: the project's configuration with this edition's nav (reading order: the
    # build checks that notes are read in their numbers' order; one section per paper past K=1)
    # and no edition plugin. mkdocs.yml inherits it and adds the plugin (INHERIT merges the
    # plugins: mappings: search, then edition, as in the project's own mkdocs.yml).
    nav: list = [{"Title page": "index.md"}]
    if k == 1:
        nav += nav_pages[0]
    else:
        nav += [{f"Paper {paper}": pages} for paper, pages in enumerate(nav_pages, 1)]
    if layout == "notes-page":
        nav.append({"Notes": "notes.md"})
    else:  # each page defines its own notes: the plugin's default, no notes page
        options.pop("notes", None)
    nav += [{"Bibliography": "bibliography.md"},
            {"Glossary": "glossary.md"}, {"About this edition": "about.md"}]
    plain["nav"] = nav
    write_yaml(dest / "mkdocs-plain.yml", plain,
               "# Plain Material: the project's mkdocs.yml without the edition plugin "
               "(bench/generate.py).\n")
    write_yaml(dest / "mkdocs.yml", {"INHERIT": "mkdocs-plain.yml",
                                     "plugins": {"edition": options}},
               "# The same with the edition plugin: the project's options, no fidelity block.\n")
    if layout == "footnotes":
        peer_configurations(dest, plain_extensions, ROOT / glossary_file, bib_files)
    return Shape(k=k, pages=sum(len(p) for p in nav_pages) + 5, notes=note_number,
                 citations=writer.citations, cited_works=writer.cited_works,
                 term_uses=writer.term_uses, labels=labels, cross_references=pointers)


def peer_configurations(dest: Path, extensions: list, glossary_file: Path,
                        bib_files: list[str]) -> None:
    """The footnotes layout as the peers build it, each with the configuration its documentation
    gives (written beside mkdocs-plain.yml, which they inherit):

    - ``mkdocs-material.yml``: plain Material as its users render notes and terms: the footnotes
      extension (already in the project's list) and the glossary as abbreviations, ``abbr`` with
      one file of ``*[TERM]: definition`` lines appended to every page by ``pymdownx.snippets``
      (Material's documented glossary recipe);
    - ``mkdocs-bibtex.yml``: the same with mkdocs-bibtex (default pybtex formatting, each page's
      works as footnotes at its foot). Its ``\\full_bibliography`` would list every work on the
      Bibliography page, but it aborts the build on this bibliography (pybtex's style requires a
      title of an ``@incollection``, and the paper cites a chapter whose title is unknown), so
      the Bibliography page of ``docs-mkdocs-bibtex/`` (``docs/`` with that one page changed, by
      ``bibtex_docs``) has no list: mkdocs-bibtex does less work than it would on a .bib it can
      format whole.
    """
    glossary = yaml.safe_load(glossary_file.read_text(encoding="utf-8")) or []
    lines = []
    for entry in glossary:
        if isinstance(entry, dict) and entry.get("term"):
            definition = " ".join(str(entry.get("expansion") or entry.get("definition") or
                                      entry["term"]).split())
            for form in [entry["term"], *(entry.get("forms") or [])]:
                lines.append(f"*[{form}]: {definition}")
    (dest / "includes").mkdir(exist_ok=True)
    (dest / "includes" / "abbreviations.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    material = {"INHERIT": "mkdocs-plain.yml",
                "markdown_extensions": [*extensions, "abbr",
                                        {"pymdownx.snippets": {"auto_append": ["includes/abbreviations.md"]}}]}
    write_yaml(dest / "mkdocs-material.yml", material,
               "# (a) plain Material: footnotes, and the glossary as abbreviations (bench/generate.py).\n")
    bibtex = {"INHERIT": "mkdocs-material.yml", "docs_dir": "docs-mkdocs-bibtex",
              "plugins": {"bibtex": {"bib_file": bib_files[0]}}}
    write_yaml(dest / "mkdocs-bibtex.yml", bibtex,
               "# (b) mkdocs-bibtex 4.4 with its default (pybtex) formatting (bench/generate.py).\n")
    bibtex_docs(dest)


def bibtex_docs(dest: Path) -> None:
    shutil.rmtree(dest / "docs-mkdocs-bibtex", ignore_errors=True)
    shutil.copytree(dest / "docs", dest / "docs-mkdocs-bibtex")
    (dest / "docs-mkdocs-bibtex" / "bibliography.md").write_text(
        "# Bibliography\n\nEvery work cited is at the foot of the page that cites it.\n",
        encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("k", type=int, help="number of papers (K)")
    parser.add_argument("dest", type=Path, help="a new folder for the project")
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--layout", choices=LAYOUTS, default="notes-page")
    args = parser.parse_args(argv)
    if (args.dest / "docs").exists():
        parser.error(f"{args.dest} already holds a project")
    print(make_project(args.dest, args.k, args.seed, args.layout))
    return 0


if __name__ == "__main__":
    sys.exit(main())
