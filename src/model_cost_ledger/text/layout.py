"""Text laid out for a terminal: its width, the columns a string takes (a CJK character takes
two) and word wrapping that never cuts an id, a URL or any other word."""

from __future__ import annotations

import shutil
import unicodedata

from .display import printable

FALLBACK_WIDTH = 80  # when standard output is not a terminal and COLUMNS is not set
MIN_WIDTH = 40


def terminal_width() -> int:
    """The terminal's width in columns: ``COLUMNS`` when set, else the terminal's, else 80
    (never below 40, so that a layout keeps room for its labels).

    Returns
    -------
    int
        Columns to lay text out in.

    Examples
    --------
    >>> terminal_width() >= 40
    True
    """
    columns = shutil.get_terminal_size((FALLBACK_WIDTH, 24)).columns
    return max(MIN_WIDTH, columns if columns > 0 else FALLBACK_WIDTH)


def display_width(text: str) -> int:
    """The columns ``text`` takes on a terminal: wide and fullwidth characters (CJK) take two,
    combining marks none.

    Parameters
    ----------
    text : str
        Printable text.

    Returns
    -------
    int
        Its width in columns.

    Examples
    --------
    >>> display_width("GPT-4"), display_width("零一万物"), display_width("tỷ")
    (5, 8, 2)
    """
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` display columns (never cut)."""
    return text + " " * max(0, width - display_width(text))


def wrap(text: str, width: int, indent: str = "", subsequent: str | None = None) -> list[str]:
    """``text`` broken at spaces into lines of at most ``width`` display columns, the first
    starting with ``indent``, the others with ``subsequent`` (``indent`` by default). A word
    longer than a line (an id, a URL) gets a line of its own, whole. The text is made
    ``printable`` first, so that data can neither start a line of its own nor run an escape.

    Parameters
    ----------
    text : str
        The text, words separated by spaces.
    width : int
        The widest line, in display columns.
    indent, subsequent : str
        What the first line and the lines after it start with.

    Returns
    -------
    list of str
        The lines, without trailing spaces.

    Examples
    --------
    >>> wrap("one two three four", 9, subsequent="  ")
    ['one two', '  three', '  four']
    """
    rest = indent if subsequent is None else subsequent
    lines: list[str] = []
    line, fresh = indent, True  # fresh: no word on the line yet
    for word in filter(None, printable(text).split(" ")):
        candidate = line + word if fresh else f"{line} {word}"
        if display_width(candidate) <= width or fresh:
            line, fresh = candidate, False
            continue
        lines.append(line.rstrip())
        line = rest + word
    lines.append(line.rstrip())
    return lines
