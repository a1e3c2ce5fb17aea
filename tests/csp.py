"""Reading a Content-Security-Policy header in tests."""

from __future__ import annotations


def directives(header: str) -> dict[str, list[str]]:
    """The header's directives by name, each with its sources. django-csp writes them in a set's
    order, which changes from one process to the next: compare these, never the header's text."""
    return {name: rest for name, *rest in (part.split() for part in header.split(";") if part.strip())}
