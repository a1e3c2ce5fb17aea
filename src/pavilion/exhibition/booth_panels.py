"""Parts of a booth's page that apps above the exhibition add (meeting slots from networking, say).

An app registers a template in its AppConfig.ready (``add_booth_panel``); the booth page includes
every registered template, in order, with the page's context (``event``, ``booth``, ``request``).
A panel must render nothing for signed-out visitors: their copy of the page is shared (public cache).
"""

from __future__ import annotations

_panels: dict[str, int] = {}


def add_booth_panel(template: str, *, order: int = 100) -> None:
    """Include ``template`` on every booth page (again with the same template: its order changes)."""
    _panels[template] = order


def booth_panels() -> list[str]:
    """The registered templates, in order."""
    return [template for template, _order in sorted(_panels.items(), key=lambda item: (item[1], item[0]))]
