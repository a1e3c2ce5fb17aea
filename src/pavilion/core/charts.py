"""Charts as data: a title, a description and labelled values. Templates draw them as inline SVG
(``leads/_bar_chart.html``: role="img" with <title>/<desc>) with the same data as a table beside them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pavilion.core.spreadsheets import csv_document

BAR_HEIGHT = 22
LABEL_WIDTH = 0  # labels are in the table; the SVG holds bars and values only
WIDTH = 300


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    width: int  # in SVG units, scaled to the largest value
    y: int


@dataclass
class Chart:
    slug: str
    title: str
    description: str
    columns: tuple[str, str]
    rows: list[tuple[str, int]] = field(default_factory=list)
    extra: list[tuple[str, list[int]]] = field(default_factory=list)  # further numeric columns per row

    @property
    def bars(self) -> list[Bar]:
        top = max((value for _label, value in self.rows), default=0) or 1
        return [
            Bar(label=label, value=value, width=round(value * (WIDTH - 60) / top), y=index * BAR_HEIGHT)
            for index, (label, value) in enumerate(self.rows)
        ]

    @property
    def height(self) -> int:
        return max(1, len(self.rows)) * BAR_HEIGHT

    @property
    def total(self) -> int:
        return sum(value for _label, value in self.rows)


def chart_csv(chart: Chart) -> str:
    """The chart's table as CSV: its column headings, then its rows (booth names are exhibitors'
    text: ``core.spreadsheets`` escapes formulas and writes the byte-order mark)."""
    return csv_document([chart.columns, *chart.rows])
