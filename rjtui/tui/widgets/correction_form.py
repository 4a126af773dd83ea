"""The form behind ``e`` in the reader: correct the article's metadata.

One input per correctable field (``EDITABLE``), filled with what ingest found;
authors comma-separated. Enter checks every value and returns only the fields
that changed; a bad value (a date that is no date) is said on the form's last
line and nothing is returned. Saving is the caller's job, off the UI thread.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from rjtui.bookmarks import parse_tags
from rjtui.corrections.model import EDITABLE, LIST_FIELDS, BadValue, check_value
from rjtui.display import clean
from rjtui.results import ArticleMeta

_HINTS = {
    "authors": "comma-separated",
    "date": "YYYY-MM-DD, YYYY-MM or YYYY",
    "language": "en, ru, ja or other",
}


class CorrectionForm(ModalScreen[dict[str, Any] | None]):
    """Dismissed with the changed fields on enter (``{}``: nothing changed), ``None``
    on escape."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, article: ArticleMeta) -> None:
        super().__init__()
        self.article = article

    def compose(self) -> ComposeResult:
        with Vertical(id="correction-form") as box:
            box.border_title = "Correct the metadata"
            box.border_subtitle = "enter saves · tab next field · esc cancels"
            yield Static(Text(self.article.path), id="correction-path")
            for name in EDITABLE:
                marked = " ✎" if name in self.article.corrected else ""
                with Horizontal(classes="correction-row"):
                    yield Label(Text(f"{name}{marked}"))
                    yield Input(
                        _shown(self.article, name),
                        placeholder=_HINTS.get(name, ""),
                        id=f"correct-{name}",
                        select_on_focus=False,
                    )
            yield Static("", id="correction-problem")

    def on_mount(self) -> None:
        self.query_one("#correct-title", Input).focus()

    @on(Input.Submitted)
    def _save(self) -> None:
        changed: dict[str, Any] = {}
        for name in EDITABLE:
            typed = self.query_one(f"#correct-{name}", Input).value
            if typed == _shown(self.article, name):
                continue
            value = parse_tags(typed) if name in LIST_FIELDS else typed
            try:
                changed[name] = check_value(name, value)
            except BadValue as exc:
                self.query_one("#correction-problem", Static).update(Text(str(exc)))
                self.query_one(f"#correct-{name}", Input).focus()
                return
        self.dismiss(changed)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _shown(article: ArticleMeta, name: str) -> str:
    value = getattr(article, name)
    if name in LIST_FIELDS:
        return ", ".join(clean(v) for v in value)
    return clean(value or "")
