"""shelf's benchmark harness: synthetic libraries at scale, and what shelf does with them (``python -m bench``)."""
