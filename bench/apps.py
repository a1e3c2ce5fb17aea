"""The bench-only live feature as a Django app, installed by bench/settings.py and nowhere else."""

from __future__ import annotations

from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "bench"
    label = "bench"

    def ready(self) -> None:
        from bench import live_feature  # noqa: F401  (registers the "bench" topic kind and bench.say)
