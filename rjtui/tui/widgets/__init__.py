"""The explorer's panes: each owns its rendering and talks to the screen by messages."""
