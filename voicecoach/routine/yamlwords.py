"""libyaml's parse errors said in plain words: what is wrong on the line, and what to do."""

from __future__ import annotations

import yaml


def _line(mark: yaml.Mark | None) -> int:
    return mark.line + 1 if mark is not None else 1


def _char(text: str, mark: yaml.Mark | None) -> str:
    if mark is None:
        return ""
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column] if mark.column < len(line) else ""


def plain(exc: yaml.MarkedYAMLError, text: str) -> str:
    """One line for a YAML syntax error (the caller adds file:line:col)."""
    problem = (exc.problem or exc.context or "unreadable YAML").replace("did not find ", "")
    context = exc.context or ""
    opened = _line(exc.context_mark)
    if "tab" in problem or _char(text, exc.problem_mark) == "\t":
        return "tab character; indent with spaces"
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
