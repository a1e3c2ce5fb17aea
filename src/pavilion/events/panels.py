"""Panels that features add to the session page (chat, questions, polls, the floor …).

A feature registers a template in its AppConfig.ready (or its live.py); the session page includes
each one in order with the context ``event``, ``session``, ``viewer`` and ``live_topic``
(``"session:<id>"``). Panels must work without JavaScript (forms that post) and are enhanced by
the live client (frontend/src/live.js) when it is available.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    template: str
    order: int


_panels: list[Panel] = []


def add_session_panel(template: str, *, order: int = 100) -> None:
    if all(panel.template != template for panel in _panels):
        _panels.append(Panel(template=template, order=order))


def session_panels() -> list[str]:
    return [panel.template for panel in sorted(_panels, key=lambda panel: (panel.order, panel.template))]
