"""The one CSV helper: formula-like cells escaped, a byte-order mark first, read back unchanged."""

from __future__ import annotations

import csv
import io

from pavilion.core.spreadsheets import csv_document, safe_cell, unescaped_cell


def test_formula_like_cells_get_an_apostrophe_and_others_stay() -> None:
    cells = ["=HYPERLINK(1)", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "Viet Nam", "Khai mạc", "نص", "开幕", 7, "a=b"]
    assert [safe_cell(cell) for cell in cells] == [
        "'=HYPERLINK(1)",
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "Viet Nam",
        "Khai mạc",
        "نص",
        "开幕",
        7,
        "a=b",
    ]
    assert [unescaped_cell(str(safe_cell(cell))) for cell in cells[:10]] == cells[:10]


def test_csv_document_starts_with_the_byte_order_mark() -> None:
    text = csv_document([["Booth", "Visits"], ["=cmd|' /C calc'!A0", 3], ["Gian hàng Việt Nam", 2]])
    assert text.startswith("\ufeffBooth,Visits\r\n")
    assert list(csv.reader(io.StringIO(text.removeprefix("\ufeff")))) == [
        ["Booth", "Visits"],
        ["'=cmd|' /C calc'!A0", "3"],
        ["Gian hàng Việt Nam", "2"],
    ]
