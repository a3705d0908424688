"""Modal screens over the main view: help, tags, similar papers, statistics."""
