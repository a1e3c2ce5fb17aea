"""Interpretation in the player: channel overrides per session, interpreters and their on-air status."""
