"""Live chat on the session page: messages, moderation (delete, mute) and its live commands."""
