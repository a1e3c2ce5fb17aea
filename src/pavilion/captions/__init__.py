"""Live captions on the session page: captioners push lines per language, attendees read them and the transcript."""
