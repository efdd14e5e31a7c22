"""One format for everything the build finds wrong: ``path:line: message`` and a hint."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    message: str
    hint: str = ""
    severity: str = "error"  # "error" or "warning"; both fail `mkdocs build --strict`

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.severity}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


def report(problems, logger) -> None:
    """Log each problem as a warning, so that `mkdocs build --strict` stops on it."""
    for problem in sorted(set(problems), key=lambda p: (p.path, p.line, p.message)):
        logger.warning(str(problem))
