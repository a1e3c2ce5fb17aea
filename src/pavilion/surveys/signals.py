"""Deleting an account anonymises its survey responses first (whatever deletes it: a page, the admin)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import pre_delete

from pavilion.accounts.models import User


def _anonymise_before_deletion(sender: type[User], instance: User, **kwargs: Any) -> None:
    from pavilion.surveys.privacy import anonymise_responses

    anonymise_responses(user=instance)


def connect() -> None:
    pre_delete.connect(_anonymise_before_deletion, sender=User, dispatch_uid="surveys-anonymise-responses")
