"""Screens of the explorer: the main three-pane screen and its modal helpers."""
