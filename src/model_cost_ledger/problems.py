"""What goes wrong: a located validation ``Problem`` and the package's own error type."""

from __future__ import annotations

from dataclasses import dataclass

from .text.display import printable

CODES: dict[str, str] = {  # every validation code, with what it means
    "file-missing": "a table's CSV file is missing",
    "path-outside-dataset": "a table's path leads outside the dataset directory (absolute, .., a link)",
    "not-a-regular-file": "a table's path names a FIFO, a device or a directory, not a file",
    "file-too-large": "a file is larger than the size the package reads",
    "descriptor-unreadable": "datapackage.json cannot be read, or is not shaped as a descriptor",
    "internal-error": "a rule stopped with an unexpected error (the other rules still ran)",
    "empty-file": "a CSV file is empty (not even a header)",
    "not-utf8": "a CSV file is not UTF-8",
    "utf8-bom": "a CSV file starts with a byte-order mark",
    "crlf-line-endings": "a CSV file has CR or CRLF line endings",
    "malformed-csv": "a CSV file cannot be parsed at all",
    "malformed-row": "a row has more or fewer fields than the header (often an unclosed quote)",
    "missing-column": "a schema column is absent from the header",
    "extra-column": "the header has a column the schema does not know",
    "duplicate-column": "a column name appears twice in the header",
    "column-order": "columns are not in schema order",
    "missing-value": "a required cell is empty",
    "type-error": "a cell does not fit its type (number, integer, date, boolean)",
    "not-in-enum": "a value outside the field's enum",
    "pattern-mismatch": "a value does not match the field's pattern (ids, URLs, versions, dates)",
    "too-long": "a cell is longer than the field's maxLength",
    "empty-list-item": "a list cell has an empty item (';;', or a leading or trailing ';')",
    "below-minimum": "a number below the field's minimum",
    "above-maximum": "a number above the field's maximum",
    "invalid-date": "a date-shaped text that is not a real date",
    "duplicate-key": "a primary key appears more than once",
    "foreign-key": "a reference to a row that does not exist",
    "control-character": "text holds a control character (tab, newline, ...)",
    "bidi-character": "text holds a bidirectional-override character",
    "zero-width-character": "text holds a zero-width character",
    "formula-prefix": "text starts with = + - or @ (spreadsheet formula injection)",
    "surrounding-whitespace": "text has leading or trailing white space",
    "not-nfc": "text is not in Unicode NFC form",
    "unit-not-allowed": "a unit the metric does not allow",
    "implausible-value": "a value outside the metric's plausible range",
    "range-incomplete": "a range without both ends",
    "range-unexpected": "range ends on a row whose qualifier is not range",
    "range-order": "range ends out of order or not around the value",
    "currency-year-missing": "a money figure without currency_year",
    "currency-year-unexpected": "currency_year on a non-money figure",
    "currency-year-not-in-index": "a US-dollar figure's currency_year is a year price_index lacks, before its last year",
    "as-of-missing": "a dated metric (prices) without as_of",
    "reported-as-missing": "no number as printed",
    "locator-missing": "no locator",
    "derivation-missing": "a derived figure without derivation",
    "derivation-unexpected": "a derivation on a figure that is not derived",
    "published-after-accessed": "a source published after the ledger read it",
    "cites-self": "a source cites itself",
    "cites-cycle": "sources cite each other in a cycle",
    "organization-kind": "a subject's organization is not an organization",
    "parent-cycle": "subjects are each other's parents",
    "supersedes-itself": "a row superseded by itself",
    "superseded-not-retracted": "a superseded row that is not retracted",
    "retracted-unreleased": "an unreleased row marked retracted",
    "retracted-before-added": "retracted_in not later than added_in",
    "retracted-in-unknown": "retracted_in neither a release nor the next one",
    "superseded-cycle": "rows supersede each other in a cycle",
    "traces-to-itself": "a figure traces to itself",
    "traces-to-unexpected": "traces_to on a figure that is not a media report",
    "traces-to-retracted": "a current figure traces to a figure retracted for one that states the same number",
    "basis-tier-mismatch": "a new figure from a report or aggregator source (sources.tier) whose basis is not media_report or derived",
    "traces-to-missing": "a new media report without traces_to though the ledger holds a primary figure of its subject and metric",
    "currency-year-disagrees": "a money figure's currency_year differs from the dollar year its source states (sources.currency_year)",
    "reported-as-unreadable": "reported_as cannot be read as a number in the source's language",
    "reported-as-mismatch": "reported_as disagrees with value (or range ends) beyond the printed precision",
    "reported-as-qualifier-mismatch": "reported_as states a bound or range the qualifier does not",
    "reported-as-currency-mismatch": "reported_as is in another currency than unit",
    "derivation-unreadable": "a derivation cannot be parsed or evaluated",
    "derivation-cycle": "derived figures depend on each other in a cycle",
    "derivation-unknown-figure": "a derivation names a figure that does not exist",
    "derivation-retracted-figure": "a derivation uses a retracted figure",
    "derivation-mismatch": "a derived value differs from its derivation",
    "released-row-changed": "a released row was edited (names the field)",
    "released-row-unrecorded": "added_in set on a row the release command never recorded",
    "release-hash-mismatch": "a release no longer rebuilds to its content hash",
}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the dataset, located by table, row id and field.

    ``code`` is a stable kebab-case name of the rule; ``message`` quotes the bad value and says
    what is allowed. ``row_id`` is the row's key (``line N`` when the key itself is missing) and is
    empty for problems with a whole file; ``field`` is empty for problems with a whole row.
    As text it is one line, whatever the data holds (``text.display.printable``).
    """

    table: str
    row_id: str
    field: str
    code: str
    message: str

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown problem code {self.code!r}; add it to problems.CODES")

    def __str__(self) -> str:
        where = ":".join(part for part in (self.table, self.row_id, self.field) if part)
        return printable(f"{where}: [{self.code}] {self.message}")


class LedgerError(Exception):
    """The package's own error: names the file (and the row where known) and the cause.

    Raised instead of letting pandas, pyarrow or csv errors reach the user raw. Its text is the
    message on one line (``text.display.printable``), then one line per problem.
    """

    def __init__(
        self, message: str, *, path: object = None, problems: tuple[Problem, ...] = ()
    ) -> None:
        self.path = None if path is None else str(path)
        self.problems = tuple(problems)
        prefix = f"{self.path}: " if self.path else ""
        details = "".join(f"\n  {problem}" for problem in self.problems[:20])
        more = len(self.problems) - 20
        tail = f"\n  ... and {more} more" if more > 0 else ""
        super().__init__(f"{printable(prefix + message)}{details}{tail}")
