"""The explorer's colours as Rich styles, taken from the current Textual theme.

Article text is rendered as ``rich.text.Text`` (data, never markup), which
cannot name theme variables the way the stylesheet does; so each role (a
search hit, a topic, a notice...) is mapped here, once, to a theme variable,
and the widgets re-render when the theme changes (``ctrl+p`` -> theme).
Nothing else in the TUI names a colour; layout and chrome live in app.tcss.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from rich.style import Style
from textual.app import App
from textual.color import Color
from textual.widget import Widget


@dataclass(frozen=True)
class Palette:
    """The styles render functions apply, by role."""

    hit: Style
    current_hit: Style
    """The hit ``n``/``N`` moved to."""
    topics: Style
    bookmark: Style
    active: Style
    """A filter that is on."""
    notice: Style
    suggestion: Style
    error: Style
    key: Style
    """Key names in the help screen."""

    @classmethod
    def from_theme(cls, variables: Mapping[str, str]) -> Palette:
        """Roles mapped to theme variables (``App.theme_variables``)."""

        def on(background: str, *, underline: bool | None = None) -> Style:
            colour = Color.parse(variables[background])
            text = colour.get_contrast_text(1.0)
            return Style(color=text.hex, bgcolor=colour.hex, bold=True, underline=underline)

        def ink(name: str, *, bold: bool | None = None, italic: bool | None = None) -> Style:
            return Style(color=Color.parse(variables[name]).hex, bold=bold, italic=italic)

        return cls(
            hit=on("accent"),
            current_hit=on("primary", underline=True),
            topics=ink("text-success", italic=True),
            bookmark=ink("text-warning", bold=True),
            active=ink("text-accent", bold=True),
            notice=ink("text-warning", bold=True),
            suggestion=ink("text-primary", bold=True),
            error=ink("text-error", bold=True),
            key=ink("text-accent", bold=True),
        )


PLAIN = Palette(
    hit=Style(bold=True, reverse=True),
    current_hit=Style(bold=True, reverse=True, underline=True),
    topics=Style(italic=True),
    bookmark=Style(bold=True),
    active=Style(bold=True),
    notice=Style(bold=True),
    suggestion=Style(bold=True),
    error=Style(bold=True),
    key=Style(bold=True),
)
"""No colour at all: what render functions use outside an app (tests, exports)."""

_CACHE: dict[str, Palette] = {}


def palette_of(app: App[object]) -> Palette:
    """The palette for ``app``'s current theme (computed once per theme)."""
    variables = app.theme_variables
    if not variables:  # before the first stylesheet pass
        return PLAIN
    palette = _CACHE.get(app.theme)
    if palette is None:
        palette = _CACHE[app.theme] = Palette.from_theme(variables)
    return palette


def follow_theme(widget: Widget, restyle: Callable[[], None]) -> None:
    """Re-render ``widget`` (``restyle``) whenever the theme changes; call at mount."""
    widget.app.theme_changed_signal.subscribe(widget, lambda _theme: restyle())
