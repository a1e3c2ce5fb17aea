from __future__ import annotations

from django import template

from pavilion.reactions.kinds import REACTIONS, Reaction

register = template.Library()


@register.simple_tag
def reaction_choices() -> tuple[Reaction, ...]:
    return REACTIONS
