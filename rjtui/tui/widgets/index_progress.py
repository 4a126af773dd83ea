"""The in-app indexing progress bar, so a first run never shows a blank screen."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, ProgressBar

from rjtui.display import clean


class IndexProgress(Vertical):
    """Hidden until ``start``; ``advance`` moves it; ``finish`` hides it again."""

    def compose(self) -> ComposeResult:
        yield Label(id="index-progress-label")
        yield ProgressBar(show_eta=False, id="index-progress-bar")

    def start(self, title: str) -> None:
        self.query_one(Label).update(Text(title))
        self.query_one(ProgressBar).update(total=None, progress=0)
        self.display = True

    def advance(self, done: int, total: int, path: str) -> None:
        name = clean(path.rsplit("/", 1)[-1])
        self.query_one(Label).update(Text(f"Indexing {done}/{total}  {name}"))
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)

    def finish(self) -> None:
        self.display = False
