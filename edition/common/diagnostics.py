"""One format for everything the build finds wrong, and one report per build.

Every problem is ``path:line:col: error: message`` (or ``warning:``) with an indented hint, the
line and column counted in the file the editor edits. Each is collected once into the build's
``Report`` and told once, at the end of the build, by the plugin (``edition.plugin``).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    message: str
    hint: str = ""
    severity: str = "error"  # "error" fails every build; "warning" fails `--strict`
    col: int = 1

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.col, self.message)


@dataclass
class SourceError(Exception):
    """A source file that cannot be used as it is, with every problem found in it."""

    problems: list[Diagnostic] = field(default_factory=list)

    @property
    def messages(self) -> list[str]:
        return [str(p) for p in self.problems]

    def __str__(self) -> str:
        return "\n".join(self.messages)


@dataclass
class Report:
    """The problems of one build, each kept once, in file order."""

    problems: set[Diagnostic] = field(default_factory=set)
    # Keys of .bib entries that could not be read: their citations are not "unknown" as well.
    unreadable_keys: set[str] = field(default_factory=set)

    def add(self, *problems: Diagnostic) -> None:
        self.problems.update(problems)

    def extend(self, problems) -> None:
        self.problems.update(problems)

    def ordered(self) -> list[Diagnostic]:
        return sorted(self.problems, key=lambda p: p.sort_key)

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    def summary(self) -> str:
        parts = [f"{n} {word}{'' if n == 1 else 's'}"
                 for n, word in ((self.errors, "error"), (self.warnings, "warning")) if n]
        return " and ".join(parts)
