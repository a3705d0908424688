"""The widgets of the main view; each knows one pane and nothing of the others."""
