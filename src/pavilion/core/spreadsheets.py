"""Every CSV Pavilion writes, through one helper: no cell a spreadsheet would run as a formula,
and a UTF-8 byte-order mark so Excel on Windows reads Vietnamese, Arabic and Chinese names.

Exhibitors, visitors and delegates type the texts that end up in organisers' and exhibitors'
exports (booth names, contact names, titles). A cell starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return is read as a formula by spreadsheet programs (``=HYPERLINK(...)`` can send data
away, ``=cmd|...`` ran programs in older Excel); such a cell gets a leading apostrophe, which the
spreadsheet shows as text (OWASP's advice). XLSX files need no apostrophe: a cell is stored as text
explicitly (:func:`text_cells_for_xlsx`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

BYTE_ORDER_MARK = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A value as a CSV cell: text that starts like a formula gets an apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescaped_cell(text: str) -> str:
    """What :func:`safe_cell` wrote, read back (for importers of our own CSV)."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def csv_document(rows: Iterable[Sequence[object]]) -> str:
    """The rows (the first one usually the header) as CSV text, starting with the byte-order mark."""
    out = io.StringIO()
    out.write(BYTE_ORDER_MARK)
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue()


def text_cells_for_xlsx(sheet: object) -> None:
    """Mark every text cell of an openpyxl sheet that starts with ``=`` as text (openpyxl would store
    it as a formula): the value is kept as typed, without the CSV apostrophe."""
    for row in sheet.iter_rows():  # type: ignore[attr-defined]
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
