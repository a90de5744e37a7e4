"""Text laid out for a terminal of a given width: display widths (a CJK character takes two
columns, a combining mark none), paragraphs wrapped at spaces, and tables whose cells wrap
inside their columns. A word is never cut: one wider than its room keeps a line of its own
(ids and codes must stay whole, so that a reader can paste them), except a run of wide
characters, which may break between characters as CJK text does."""

from __future__ import annotations

import functools
import shutil
import unicodedata
from collections.abc import Sequence

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
    """The columns ``text`` takes on a terminal: wide and fullwidth characters two, combining
    marks and format characters none, every other character one.

    Parameters
    ----------
    text : str
        Printable text (escape control characters first: ``text.display.printable``).

    Returns
    -------
    int
        Its width in terminal columns.

    Examples
    --------
    >>> display_width("GPT-4o"), display_width("一千万美元"), display_width("e\\u0301")
    (6, 10, 1)
    """
    if text.isascii():  # every ASCII character takes one column (the same as below, faster)
        return len(text)
    return sum(_char_width(char) for char in text)


@functools.lru_cache(maxsize=4096)
def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def pad(text: str, width: int) -> str:
    """``text`` followed by spaces up to ``width`` display columns."""
    return text + " " * max(0, width - display_width(text))


def _pieces(word: str, width: int) -> list[str]:
    """``word`` whole, or, when it is wider than ``width`` and holds wide characters, cut into
    runs of at most ``width`` columns between characters (CJK text breaks anywhere)."""
    if display_width(word) <= width or not any(_char_width(c) == 2 for c in word):
        return [word]
    pieces, piece, used = [], "", 0
    for char in word:
        columns = _char_width(char)
        if piece and used + columns > width:
            pieces.append(piece)
            piece, used = "", 0
        piece, used = piece + char, used + columns
    return [*pieces, piece]


def wrap(text: str, width: int, indent: str = "", hanging: str | None = None) -> list[str]:
    """``text`` broken at spaces into lines of at most ``width`` display columns.

    Parameters
    ----------
    text : str
        One paragraph; made ``printable`` first.
    width : int
        The widest a line may be, ``indent`` included.
    indent : str
        What the first line starts with.
    hanging : str, optional
        What the following lines start with (``indent`` by default).

    Returns
    -------
    list[str]
        The lines; a word wider than the room keeps a line of its own, whole.

    Examples
    --------
    >>> wrap("see deepseek-v3-training-cost for the final run", 20)
    ['see', 'deepseek-v3-training-cost', 'for the final run']
    >>> wrap("一千万美元的训练成本", 8)
    ['一千万美', '元的训练', '成本']
    """
    hanging = indent if hanging is None else hanging
    room = width - display_width(hanging)
    lines: list[str] = []
    line, used = indent, display_width(indent)  # used: the line's width (widths add up)
    fresh = True  # nothing but the indent on the line yet
    for word in printable(text).split():  # data can neither start a line nor run an escape
        for piece in _pieces(word, room):
            columns = display_width(piece)
            if fresh:
                line, used = line + piece, used + columns
            elif used + 1 + columns > width:
                lines.append(line)
                line, used = hanging + piece, width - room + columns
            else:
                line, used = f"{line} {piece}", used + 1 + columns
            fresh = False
    return [*lines, line] if not fresh or not lines else lines


def narrowest(cell: str) -> int:
    """The narrowest column ``cell`` wraps into without cutting a word (a word of wide
    characters may break between them)."""
    return max(
        [
            2 if any(_char_width(c) == 2 for c in word) else display_width(word)
            for word in cell.split()
        ]
        or [1]
    )


def column_widths(
    headers: Sequence[str], rows: Sequence[Sequence[str]], width: int, gap: int = 2
) -> list[int] | None:
    """Widths for a table of ``headers`` and ``rows`` within ``width`` columns: each column as
    wide as its widest cell, the widest columns narrowed first, none narrower than its longest
    word; None when even that does not fit.

    Parameters
    ----------
    headers : Sequence[str]
        The column headers.
    rows : Sequence[Sequence[str]]
        The cells, one sequence per row.
    width : int
        The width of the terminal.
    gap : int
        Spaces between columns.

    Returns
    -------
    list[int] or None
        One width per column.

    Examples
    --------
    >>> column_widths(["id", "scope"], [["gpt-4o-cost", "final run at rental prices"]], 30)
    [11, 17]
    >>> column_widths(["id", "scope"], [["gpt-4o-cost", "final run at rental prices"]], 15) is None
    True
    """
    cells = [list(headers), *map(list, rows)]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(headers))]
    floors = [max(narrowest(row[i]) for row in cells) for i in range(len(headers))]
    room = width - gap * (len(headers) - 1)
    if sum(floors) > room:
        return None
    while sum(widths) > room:
        widest = max(
            (i for i in range(len(widths)) if widths[i] > floors[i]), key=lambda i: widths[i]
        )
        widths[widest] -= 1
    return widths


def grid_row(cells: Sequence[str], widths: Sequence[int], gap: int = 2) -> list[str]:
    """One table row as lines: each cell wrapped inside its column, the columns side by side.

    Parameters
    ----------
    cells : Sequence[str]
        The row's cells.
    widths : Sequence[int]
        The column widths (``column_widths``).
    gap : int
        Spaces between columns.

    Returns
    -------
    list[str]
        As many lines as its tallest cell needs, without trailing spaces.

    Examples
    --------
    >>> grid_row(["1", "final run at rental prices"], [2, 12])
    ['1   final run at', '    rental', '    prices']
    """
    wrapped = [wrap(cell, w) if cell else [""] for cell, w in zip(cells, widths, strict=True)]
    height = max(len(lines) for lines in wrapped)
    return [
        (" " * gap)
        .join(
            pad(lines[i] if i < len(lines) else "", w)
            for lines, w in zip(wrapped, widths, strict=True)
        )
        .rstrip()
        for i in range(height)
    ]
