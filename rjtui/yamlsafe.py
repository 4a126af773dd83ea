"""Loading the YAML files a user edits (config, bookmarks) with every expansion bounded.

``yaml.safe_load`` constructs no objects, but it still lets a 500-byte file
expand without limit: nine levels of aliases each repeating the one before
stand for a billion strings, cheap to load (the objects are shared) yet
gigabytes once listed, printed or written back. So the composed node graph is
measured, aliases counted every time they are used, against a budget
proportional to the text (a file without aliases always fits), before any
object is built; and input nested too deeply for the parser is refused as
well. Both become ``YamlRefused`` with the line to look at.
"""

from __future__ import annotations

from typing import Any

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml when present (fast, and it caps nesting itself)."""
EXPANSION_FACTOR = 4
"""A document may stand for at most this many times its own size (nodes + characters):
sharing an anchored list in a couple of places is fine, exponential growth is not."""
EXPANSION_SLACK = 4096


class YamlRefused(ValueError):
    """Well-formed YAML that rjtui will not expand; ``line`` is 1-based."""

    def __init__(self, problem: str, line: int = 1) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line


def load(text: str) -> tuple[Any, yaml.Node | None]:
    """The data of ``text`` and its root node (for error lines); ``yaml.YAMLError`` on
    a syntax error, ``YamlRefused`` when nesting or alias expansion is out of bounds."""
    loader = Loader(text)
    try:
        try:
            root = loader.get_single_node()
            if root is None:
                return None, None
            _check_expansion(root, EXPANSION_FACTOR * len(text) + EXPANSION_SLACK)
            return loader.construct_document(root), root
        except RecursionError:
            raise YamlRefused("nested too deeply to read") from None
    finally:
        loader.dispose()


def _check_expansion(root: yaml.Node, limit: int) -> None:
    """Walk the node graph as the data will be used: a node reached through N aliases
    counts N times. Stops as soon as ``limit`` is passed, so the walk is cheap."""
    size = 0
    stack = [root]
    while stack:
        node = stack.pop()
        size += 1
        if isinstance(node, yaml.ScalarNode):
            size += len(node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += (key, value)
        if size > limit:
            raise YamlRefused(
                "aliases (*name) expand it far beyond its size; write the values out",
                node.start_mark.line + 1,
            )
