"""MkDocs' own messages about mkdocs.yml, told at the line of mkdocs.yml they are about.

MkDocs validates every setting, then logs each problem as "Config value 'X': ..." with no line,
so CI can make no annotation and an editor has to search. ``ConfigMessages`` is a logging filter
on MkDocs' configuration logger that rewrites each such record into the edition's format
(``mkdocs.yml:LINE:COL: error: ...`` and a hint), finding the option's line with a line-aware
read of the YAML (the file named by INHERIT too). The plugin installs it as MkDocs loads it;
``python -m edition`` (what ``make check`` and ``make serve`` run) installs it before MkDocs
reads anything, since MkDocs stops at the first bad setting and a setting listed before
``plugins`` (``nav``, ``theme``, ``use_directory_urls``...) stops it before the plugin loads.
"""

from __future__ import annotations

import difflib
import logging
import os
import re
from pathlib import Path

from edition.common.text import read_text

GUIDE = "https://www.mkdocs.org/user-guide/configuration/"
_RECORD = re.compile(r"^Config value '(?P<option>[^']+)': (?P<message>.*)$", re.S)
_SUB = re.compile(r"^(?:Sub-option|Plugin) '(?P<name>[^']+)'(?: option '(?P<option>[^']+)')?: ")
_LOCATED = re.compile(r"^\S+:\d+:\d+: (?:error|warning): ", re.M)
_TYPE = re.compile(r"^Expected type: <class '(\w+)'> but received: <class '(\w+)'>$")
_CHOICE = re.compile(r"^Expected one of (\[.*\]), got (.*)$")
_WORDS = {"bool": "true or false", "str": "a text", "list": "a list", "dict": "a mapping",
          "int": "a whole number", "float": "a number", "NoneType": "nothing"}


def _compose(path: Path):
    import yaml
    try:
        return yaml.compose(read_text(path), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def _child(node, name):
    """(key node, value node) of ``name`` in a mapping, or an item of a list named so (plugins
    and markdown_extensions are lists of names or of one-key mappings)."""
    import yaml
    if isinstance(name, int):  # the n-th item of a list
        if isinstance(node, yaml.SequenceNode) and name < len(node.value):
            return node.value[name], node.value[name]
        return None
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if str(key.value) == name:
                return key, value
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if isinstance(item, yaml.ScalarNode) and str(item.value) == name:
                return item, item
            found = _child(item, name) if isinstance(item, yaml.MappingNode) else None
            if found:
                return found
    return None


def _named_in(node, word: str):
    """The first key or scalar written as ``word`` anywhere under ``node``."""
    import yaml
    if isinstance(node, yaml.ScalarNode):
        return node if str(node.value) == word else None
    pairs = node.value if isinstance(node, yaml.MappingNode) else [(None, v) for v in node.value]
    for key, value in pairs:
        if key is not None and str(key.value) == word:
            return key
        found = _named_in(value, word)
        if found is not None:
            return found
    return None


def position(config_file: Path, names: list, words: tuple[str, ...] = ()):
    """(file as told, line, column, value node) of the deepest of ``names`` (a path such as
    validation, links, not_found; a number is an item of a list) that a file sets: this one or
    the one it INHERITs (value node None where the whole path is set in neither). ``words``:
    names quoted in the message (a plugin, an extension), looked for under that setting."""
    names = [n if isinstance(n, int) else str(n) for n in names]
    path, seen = Path(config_file), set()
    shown = path.name
    best = (Path(config_file).name, 1, 1, None, 0)
    while path not in seen:
        seen.add(path)
        root = _compose(path)
        if root is None:
            break
        node, at, depth = root, None, 0
        for name in names:
            found = _child(node, name)
            if found is None:
                break
            (at, node), depth = found, depth + 1
        if at is not None and depth == len(names):
            for word in words:
                named = _named_in(node, word)
                if named is not None:
                    at = named
                    break
            return shown, at.start_mark.line + 1, at.start_mark.column + 1, node
        if at is not None and depth > best[4]:
            best = (shown, at.start_mark.line + 1, at.start_mark.column + 1, None, depth)
        parent = _child(root, "INHERIT")
        if parent is None:
            break
        path = (path.parent / str(parent[1].value)).resolve()
        shown = os.path.relpath(path, Path(config_file).parent)
    return best[:4]


def in_words(setting: str, message: str, value=None) -> str:
    """MkDocs' "Expected type: <class 'bool'> but received: <class 'str'>" as an editor says
    it; any other message as it is."""
    found = _TYPE.match(message)
    choice = _CHOICE.match(message)
    if found:
        expected, got = (_WORDS.get(t, t) for t in found.groups())
        return f"{setting} is {expected}, not " + (f"'{value}'" if value is not None else got)
    if choice:
        return f"{setting} is one of {choice[1]}, not {choice[2]}"
    return message


def rephrase(option: str, message: str, config_file: Path, severity: str) -> str:
    """One of MkDocs' "Config value" messages as ``file:line:col: severity: ...`` with a hint."""
    names = option.split(".")
    while True:  # "Sub-option 'links': Sub-option 'not_found': ..." names the setting's path
        sub = _SUB.match(message)
        if not sub:
            break
        names += [sub["name"]] + ([sub["option"]] if sub["option"] else [])
        message = message[sub.end():]
    if _LOCATED.search(message):  # the plugin's own, already at its line
        return message.strip("\n ")
    message = message.strip()
    words = tuple(re.findall(r"['\"]([^'\"\s]+)['\"]", message))
    shown, line, col, node = position(config_file, names, words)
    setting = ".".join(str(n) for n in names)
    anchor = GUIDE + "#" + names[0]
    hint = f"MkDocs' settings are described at {anchor}"
    value = getattr(node, "value", None) if node is not None and hasattr(node, "style") else None
    plain = in_words(setting, message, value)
    if plain != message:
        message = plain
    elif message.startswith("Unrecognised configuration name"):
        from mkdocs.config.defaults import MkDocsConfig
        from edition.config import EditionConfig
        known = [k for k, _ in MkDocsConfig._schema] if len(names) == 1 else []
        close = difflib.get_close_matches(names[-1], known, n=1, cutoff=0.7)
        message = f"MkDocs has no setting {setting}"
        hint = f"MkDocs' settings are described at {GUIDE}"
        if len(names) == 1 and names[0] in dict(EditionConfig._schema):
            hint = f"{names[0]} is an option of the edition: put it under plugins: - edition:"
        elif close:
            hint = f"did you mean {close[0]}? ({hint})"
        else:
            hint = f"MkDocs ignores it: remove it, or correct its name ({hint})"
    elif message.startswith("The ") and message.endswith("plugin is not installed"):
        hint = ("a plugin is a Python package: correct its name, or add the package to "
                "requirements.in and lock it (CONTRIBUTING.md)")
    message = " ".join(message.split("\n")[:2]) if "\n" in message else message
    return f"{shown}:{line}:{col}: {severity}: {message}\n    hint: {hint}"


class ConfigMessages(logging.Filter):
    """Rewrites MkDocs' "Config value 'X': ..." records about one mkdocs.yml as located ones."""

    def __init__(self) -> None:
        super().__init__()
        self.config_file: Path | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        found = _RECORD.match(str(record.msg)) if not record.args else None
        config_file = self.config_file or _default_config()
        if found and config_file is not None:
            severity = "error" if record.levelno >= logging.ERROR else "warning"
            try:
                located = rephrase(found["option"], found["message"], config_file, severity)
            except Exception:  # noqa: BLE001 - never lose MkDocs' own words
                return True
            where = Path(config_file).name
            outcome = "the build fails" if severity == "error" else "--strict fails on it"
            record.msg = f"{where} has a problem ({outcome}):\n{located}"
        return True


_FILTER = ConfigMessages()


def install(config_file: str | os.PathLike | None = None) -> None:
    """Tell MkDocs' configuration messages at their line of ``config_file`` (default: the file
    MkDocs reads, as ``-f``/``--config-file`` or ./mkdocs.yml name it)."""
    if config_file is not None:
        _FILTER.config_file = Path(config_file)
    logger = logging.getLogger("mkdocs.config")
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)


def _default_config() -> Path | None:
    import sys
    args = sys.argv[1:]
    for i, arg in enumerate(args):
        if arg in ("-f", "--config-file") and i + 1 < len(args):
            return Path(args[i + 1])
        if arg.startswith("--config-file="):
            return Path(arg.split("=", 1)[1])
        if arg.startswith("-f") and len(arg) > 2:
            return Path(arg[2:])
    for name in ("mkdocs.yml", "mkdocs.yaml"):
        if Path(name).is_file():
            return Path(name)
    return None


def yaml_problem(config_file: Path) -> str | None:
    """A YAML syntax error in the settings, at its line (MkDocs stops on it with its own words
    before anything else runs)."""
    import yaml
    try:
        text = read_text(config_file)
    except (OSError, UnicodeDecodeError):
        return None  # MkDocs tells a missing or unreadable file in its own words
    try:
        yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = getattr(error, "problem", None) or str(error)
        context = getattr(error, "context", None)
        return (f"{Path(config_file).name}:{line}:{col}: error: not valid YAML: {what}"
                + (f" ({context}" + (f" at line {error.context_mark.line + 1})"
                                     if getattr(error, 'context_mark', None) else ")")
                   if context else "")
                + "\n    hint: indent each level by two spaces, as the lines around it; put a "
                  "value that holds ': ' or starts with [ { * & ! or @ in quotes")
    return None


def port_problem(host: str, port: int) -> str | None:
    """Why ``mkdocs serve`` could not listen at host:port (another server has it), or None."""
    import socket

    def free(number: int) -> bool:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            try:
                probe.bind((host, number))
            except OSError:
                return False
            return True

    if free(port):
        return None
    other = next((n for n in range(port + 1, port + 50) if free(n)), port + 1)
    return (f"port {port} of {host} is busy (another `make serve` or server is using it): the "
            f"preview cannot be served there\n    hint: pick another port: make serve "
            f"PORT={other} (or mkdocs serve --dev-addr {host}:{other})")
