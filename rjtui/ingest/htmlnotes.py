"""Photo captions and footnotes of a saved page, taken from its DOM: trafilatura drops both.

A caption is a ``<figcaption>`` or an element whose class says caption
("wp-caption-text", "photo__caption", "image-caption"), inside the article: a
``<figure>`` in a "related stories" box is another article's teaser. A footnote
is the block a note marker in the text points to (``<sup><a href="#fn1">1</a></sup>``,
Word's ``#_ftn1``, Wikipedia's ``#cite_note-1``, a plugin's empty ``<span id>``
inside the note), or an item of a list whose class or role says notes
("footnotes", "doc-endnotes", "references"). The markers, notes and captions are
cut from the tree before trafilatura reads it, so the text holds none of them and
each is reported once; backlinks ("↩", "^", "↑") are left out of the notes.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rjtui.ingest.textutil import squash

_CAPTION_CLASS = re.compile(r"(?:^|[-_])(?:fig)?caption(?:[-_]text)?$", re.IGNORECASE)
_NOTES_CLASS = re.compile(
    r"foot-?notes?|end-?notes?|^references$|^reflist$|(?:^|[-_])notes$", re.IGNORECASE
)
_MARKER = re.compile(r"[\[(]?(?:注\s*)?(?:\d{1,3}|[*†‡§]|[ivx]{1,4})[\])]?", re.IGNORECASE)
_BACKLINK = re.compile(r"[↩↑^⮌\ufe0e\ufe0f\s]*|back|вернуться|戻る", re.IGNORECASE)
_NUMBERED = re.compile(r"[\[(]?\d{1,3}[\]).]?\s")
_BLOCKS = frozenset({"li", "p", "div", "aside", "section", "dd", "td"})
_MAX_NOTE_CHARS = 1500
_MAX_CAPTION_CHARS = 500
_HOLDER_LEFTOVER_CHARS = 20


@dataclass
class PageExtras:
    captions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def take_extras(tree: Any) -> PageExtras:
    """The page's captions and notes, in page order; cut from ``tree`` with their markers."""
    scope = _article(tree)
    extras = PageExtras()
    caption_nodes = list(_captions(scope))
    for node in caption_nodes:
        text = squash(node.text_content())
        if text and len(text) <= _MAX_CAPTION_CHARS and text not in extras.captions:
            extras.captions.append(text)
    notes, markers = _notes(tree)
    for number, node in enumerate(notes, start=1):
        text = _note_text(node, markers)
        if text:
            extras.notes.append(text if _NUMBERED.match(text) else f"{number}. {text}")
    for node in [*markers, *caption_nodes]:
        if node.getparent() is not None:
            node.drop_tree()  # keeps the text that follows it (its tail)
    for node in notes:
        _drop_with_emptied_holders(node)
    return extras


def _drop_with_emptied_holders(node: Any) -> None:
    """Cut a note, and the list or box that held it once nothing but a heading
    ("Notes", "注") is left in it, so that no orphan heading ends the text."""
    parent = node.getparent()
    if parent is None:
        return
    node.drop_tree()
    while parent.tag not in ("article", "main", "body", "html") and parent.getparent() is not None:
        if len(squash(parent.text_content())) > _HOLDER_LEFTOVER_CHARS:
            return
        holder, parent = parent, parent.getparent()
        holder.drop_tree()


def _article(tree: Any) -> Any:
    """The element holding the article: the longest ``<article>``, else ``<main>``."""
    articles = tree.xpath("//article")
    if articles:
        return max(articles, key=lambda node: len(node.text_content()))
    return next(iter(tree.xpath("//main | //*[@role='main']")), tree)


def _captions(scope: Any) -> Iterator[Any]:
    for node in scope.iter():
        if (
            isinstance(node.tag, str)
            and node.tag != "caption"  # a table's caption
            and _is_caption(node)
            and not any(_is_caption(parent) for parent in node.iterancestors())
        ):
            yield node


def _is_caption(node: Any) -> bool:
    classes = (node.get("class") or "").split()
    return node.tag == "figcaption" or any(_CAPTION_CLASS.search(c) for c in classes)


def _notes(tree: Any) -> tuple[list[Any], list[Any]]:
    """The note blocks in page order, and the markers pointing to them."""
    ids: dict[str, Any] = {}
    order = {node: i for i, node in enumerate(tree.iter())}
    for node in order:
        if isinstance(node.tag, str):
            key = node.get("id") or (node.get("name") if node.tag == "a" else None)
            if key:
                ids.setdefault(key, node)
    found: dict[Any, None] = {}
    markers: list[Any] = []
    for link in tree.iter("a"):
        href = link.get("href") or ""
        target = ids.get(href[1:]) if href.startswith("#") and len(href) > 1 else None
        if target is None or not _MARKER.fullmatch(squash(link.text_content())):
            continue
        block = _block(target) if order[target] > order[link] else None
        if block is None or link in block.iter():
            continue  # a backlink (notes follow their markers), or a link to a section
        found[block] = None
        parent = link.getparent()
        alone = (
            parent is not None
            and parent.tag == "sup"
            and not squash((parent.text or "") + (link.tail or ""))
        )
        markers.append(parent if alone else link)
    for holder in tree.iter("ol", "ul", "div", "section", "aside"):
        names = " ".join(holder.get(a) or "" for a in ("class", "id", "role")).split()
        if any(_NOTES_CLASS.search(name) for name in names):
            for item in holder.iter("li"):
                found.setdefault(item, None)
    blocks = sorted(found, key=lambda node: order.get(node, 0))
    return [b for b in blocks if not any(a in found for a in b.iterancestors())], markers


def _block(target: Any) -> Any | None:
    """The note block a marker points to: the target, or the block around an inline
    target (a plugin's empty ``<span id>``, Word's ``<a name>``); never a heading or
    a section with headings (a table of contents points there), never a long one."""
    node = target
    while node is not None and node.tag not in _BLOCKS:
        node = node.getparent()
    if node is None or node.xpath("self::*[.//h1 or .//h2 or .//h3 or .//h4]"):
        return None
    text = squash(node.text_content())
    return node if 0 < len(text) <= _MAX_NOTE_CHARS else None


def _note_text(node: Any, markers: list[Any]) -> str:
    """A note's words, without its backlinks ("↩", "^", a link back to its marker)."""
    back = {
        key for marker in markers for d in marker.iter() for key in (d.get("id"), d.get("name"))
    } - {None}
    note = copy.deepcopy(node)
    for link in list(note.iter("a")):
        href = (link.get("href") or "")[1:]
        classes = link.get("class") or ""
        if (
            link.get("role") == "doc-backlink"
            or "back" in classes
            or "to-top" in classes
            or href in back
            or _BACKLINK.fullmatch(squash(link.text_content()))
        ):
            link.drop_tree()
    for span in list(note.xpath(".//*[contains(@class, 'backlink')]")):
        span.drop_tree()
    return squash(note.text_content())
