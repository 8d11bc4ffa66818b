"""libyaml's parse errors said in plain words: what is wrong on the line, and what to do."""

from __future__ import annotations

import re

import yaml

# a line whose key has no space after its colon: "reps:10" (one text, not a key and a value)
_NO_SPACE = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*):(\S.*?)\s*$")
# a value that starts with { or [ and goes on after it closes: next: {name} now.
_OPENS_FLOW = re.compile(r"^\s*(?:-\s+)?([\w-]+):\s+(([{\[]).*?)\s*$")


def _line(mark: yaml.Mark | None) -> int:
    return mark.line + 1 if mark is not None else 1


def _char(text: str, mark: yaml.Mark | None) -> str:
    if mark is None:
        return ""
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column] if mark.column < len(line) else ""


def _text_line(text: str, mark: yaml.Mark | None) -> str:
    lines = text.split("\n")
    return lines[mark.line] if mark is not None and mark.line < len(lines) else ""


def where(exc: yaml.MarkedYAMLError, text: str) -> yaml.Mark | None:
    """The place to name for a YAML syntax error: where the mistake was written."""
    if _no_space(exc, text):
        return exc.context_mark
    flow = _flow(exc, text)
    if flow and exc.problem_mark is not None:
        m = exc.problem_mark
        return yaml.Mark(m.name, m.index, m.line, flow.start(2), "", 0)
    return exc.problem_mark or exc.context_mark


def _flow(exc: yaml.MarkedYAMLError, text: str) -> re.Match[str] | None:
    """A text written after a key that starts with { or [ and goes on after it closes."""
    if "expected key" not in str(exc.problem):
        return None
    return _OPENS_FLOW.match(_text_line(text, exc.problem_mark))


def _no_space(exc: yaml.MarkedYAMLError, text: str) -> re.Match[str] | None:
    """'reps:10' read as a key missing its ':' (libyaml names the line after it)."""
    if "expected ':'" not in str(exc.problem) or "simple key" not in str(exc.context):
        return None
    return _NO_SPACE.match(_text_line(text, exc.context_mark))


def plain(exc: yaml.MarkedYAMLError, text: str) -> str:
    """One line for a YAML syntax error (the caller adds file:line:col)."""
    problem = (exc.problem or exc.context or "unreadable YAML").replace("did not find ", "")
    context = exc.context or ""
    opened = _line(exc.context_mark)
    if "tab" in problem or _char(text, exc.problem_mark) == "\t":
        return "tab character; indent with spaces"
    no_space = _no_space(exc, text)
    if no_space:
        key, value = no_space.groups()
        return (f"no space after the colon in '{key}:{value}'; write '{key}: {value}' "
                "(a key and its value are separated by ': ')")
    flow = _flow(exc, text)
    if flow:
        key, value, opener = flow.groups()
        what = "a mapping" if opener == "{" else "a list"
        quoted = f'"{value}"' if '"' not in value else "'" + value.replace("'", "''") + "'"
        return f"a text that starts with '{opener}' is read as {what}; put it in quotes: " \
            f"{key}: {quoted}"
    if "flow sequence" in context:
        return f"the [ list opened on line {opened} is not closed (expected ',' or ']')"
    if "flow mapping" in context:
        return f"the {{ mapping opened on line {opened} is not closed (expected ',' or '}}')"
    if "block collection" in context or "block mapping" in context or "block end" in problem:
        return (f"indentation: this line does not line up with the list or keys above it "
                f"(started on line {opened}); indent it like its neighbours")
    if "mapping values are not allowed" in problem:
        return ("unexpected ':' (is this line indented more than the key above it, or does "
                "a text contain ': '? then put it in quotes)")
    if "quoted scalar" in context and "end of stream" in problem:
        return f"the quoted text opened on line {opened} is never closed"
    if "invalid Unicode" in problem:
        return ("a \\u escape in double-quoted text names no character (\\ud800 to \\udfff "
                "are not characters)")
    if "escape" in problem:
        return ("unknown escape in double-quoted text (use single quotes, or write \\\\ for "
                "a backslash)")
    if "cannot start any token" in problem:
        return (f"'{_char(text, exc.problem_mark)}' cannot start a value here (put the text "
                "in quotes)")
    if "anchor" in context or "alias" in context:
        return "an anchor (&) or alias (*) needs a name of letters and digits"
    return problem
