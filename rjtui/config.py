"""Configuration: typed dataclasses loaded from one YAML file.

One ``load_config()`` finds the file (``--config``, ``$RJTUI_CONFIG``,
``./config.yaml``, the user config dir, the packaged default), checks every key
and type against the dataclasses below, and raises ``ConfigError`` with a
single line naming the file, the key and the fix. Nothing else in rjtui reads
YAML config, so every consumer sees a fully-typed, validated ``Config``.
"""

from __future__ import annotations

import dataclasses
import os
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rjtui import paths, yamlsafe
from rjtui.errors import RjtuiError
from rjtui.rawfile import Unreadable, read_raw


class ConfigError(RjtuiError):
    """A config problem, already worded as the one line the user sees."""


@dataclass(frozen=True)
class BookmarksConfig:
    path: Path | None = None
    """The bookmarks file; ``None`` means ``bookmarks.yaml`` in the data dir."""


ENTITY_KINDS = ("person", "place", "organisation", "project", "treaty", "event")
ENTITY_ID = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
"""What ``entity:ID`` can be typed as: lower-case letters, digits and inner hyphens."""
MAX_CONFIG_ENTITIES = 2000
MAX_ENTITY_VARIANTS = 64
"""Per entity and language: a gazetteer entry is a list of spellings, not a corpus."""
MAX_VARIANT_CHARS = 120


@dataclass(frozen=True)
class EntityConfig:
    """One ``entities:`` entry: a new entity, or changes to a packaged one (same id)."""

    kind: str | None = None
    """One of ``ENTITY_KINDS``; required for a new entity."""
    name: str | None = None
    """The preferred, displayed name; required for a new entity."""
    en: tuple[str, ...] = ()
    ru: tuple[str, ...] = ()
    ja: tuple[str, ...] = ()
    replace: bool = False
    """True: these variants replace the packaged ones instead of adding to them."""
    remove: bool = False
    """True: drop the packaged entity altogether."""


@dataclass(frozen=True)
class SearchConfig:
    expand_entities: bool = True
    """A query word that names a gazetteer entity also finds its other spellings."""


@dataclass(frozen=True)
class Config:
    corpus: tuple[Path, ...] = ()
    """Folders of articles; empty means the packaged seed articles."""

    data_dir: Path | None = None
    """Index and bookmarks folder; ``None`` means the user data dir."""

    bookmarks: BookmarksConfig = field(default_factory=BookmarksConfig)
    """Where bookmarks are kept."""

    topics: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Topic taxonomy: topic name -> words and phrases that signal it."""

    topic_min_hits: int = 1
    """Term occurrences a passage needs to be tagged with a topic."""

    topic_min_article_hits: int = 3
    """Term occurrences (over all passages) an article needs for a topic."""

    boilerplate: tuple[str, ...] = ()
    """Extra line-level regexes dropped at ingest, on top of the built-in ones."""

    entities: dict[str, EntityConfig] = field(default_factory=dict)
    """Gazetteer additions and overrides, by entity id (see ``rjtui.entities``)."""

    search: SearchConfig = field(default_factory=SearchConfig)
    """Search behaviour."""

    source_file: Path | None = None
    """The file this config was read from (set by ``load_config``, not by users)."""

    @property
    def corpus_dirs(self) -> tuple[Path, ...]:
        """The folders to ingest: the configured ones or the packaged seeds."""
        return self.corpus or (paths.packaged_seeds_dir(),)

    @property
    def resolved_data_dir(self) -> Path:
        """The data dir, with the default applied (not created here)."""
        return self.data_dir or paths.default_data_dir()

    @property
    def bookmarks_file(self) -> Path:
        """The bookmarks file, with the default applied."""
        return self.bookmarks.path or self.resolved_data_dir / "bookmarks.yaml"


_USER_KEYS = {f.name for f in dataclasses.fields(Config)} - {"source_file"}
CONFIG_MAX_BYTES = 256_000
"""The packaged config is 3.5 kB; a 3.4 MB one (200k topic terms) cost 4.5 s per command."""
MAX_TOPICS = 500
MAX_TOPIC_TERMS = 5_000
"""An absurd taxonomy is refused in one line rather than slowing every ingest."""


def find_config_file(explicit: Path | None = None) -> Path:
    """The config file to read, following the documented lookup order."""
    if explicit is not None:
        return explicit
    env = os.environ.get("RJTUI_CONFIG")
    if env:
        return Path(env).expanduser()
    for candidate in (Path.cwd() / "config.yaml", paths.user_config_file()):
        if candidate.is_file():
            return candidate
    return paths.packaged_config_file()


def load_config(explicit: Path | None = None) -> Config:
    """Read, validate and return the config; ``ConfigError`` on any problem."""
    path = find_config_file(explicit)
    try:
        text = read_raw(path, CONFIG_MAX_BYTES, "a config file").data.decode("utf-8")
    except Unreadable as exc:
        if not os.path.lexists(path):
            missing = f"{path}: config file not found; fix the path or drop --config"
            raise ConfigError(missing) from None
        raise ConfigError(f"{path}: cannot read config ({exc.reason}); check the file") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: cannot read config ({exc}); check the file") from None
    try:
        raw, _ = yamlsafe.load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ConfigError(f"{path}: invalid YAML at {where}: {problem}; fix the syntax") from None
    except yamlsafe.YamlRefused as exc:
        raise ConfigError(f"{path}: line {exc.line}: {exc.problem}") from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: the top level must be a mapping of keys, not {_kind(raw)}")
    config = _build(Config, raw, path, prefix="")
    terms = sum(len(t) for t in config.topics.values())
    if len(config.topics) > MAX_TOPICS or terms > MAX_TOPIC_TERMS:
        raise ConfigError(
            f"{path}: 'topics' has {len(config.topics)} topics and {terms} terms; at most "
            f"{MAX_TOPICS} topics and {MAX_TOPIC_TERMS} terms are supported (every passage "
            "is matched against each); trim the taxonomy"
        )
    config = dataclasses.replace(config, source_file=path)
    check_corpus_dirs(config)
    _check_entities(config.entities, path)
    return config


def _check_entities(entities: dict[str, EntityConfig], path: Path) -> None:
    """Ids, kinds and sizes of the ``entities:`` entries (one line for the first problem)."""
    if len(entities) > MAX_CONFIG_ENTITIES:
        raise ConfigError(
            f"{path}: 'entities' has {len(entities)} entries; at most {MAX_CONFIG_ENTITIES}"
        )
    for eid, entry in entities.items():
        key = f"entities.{eid}"
        if not ENTITY_ID.fullmatch(eid):
            raise ConfigError(
                f"{path}: entity id '{eid}' must be lower-case letters, digits and hyphens"
            )
        if entry.kind is not None and entry.kind not in ENTITY_KINDS:
            raise ConfigError(
                f"{path}: '{key}.kind' must be one of {', '.join(ENTITY_KINDS)}, not '{entry.kind}'"
            )
        for lang in ("en", "ru", "ja"):
            variants = getattr(entry, lang)
            if len(variants) > MAX_ENTITY_VARIANTS:
                raise ConfigError(
                    f"{path}: '{key}.{lang}' has {len(variants)} variants; at most "
                    f"{MAX_ENTITY_VARIANTS}"
                )
            for variant in variants:
                if not variant.strip() or len(variant) > MAX_VARIANT_CHARS:
                    raise ConfigError(
                        f"{path}: '{key}.{lang}' has an empty variant or one over "
                        f"{MAX_VARIANT_CHARS} characters"
                    )


def check_corpus_dirs(config: Config, *, option: str | None = None) -> None:
    """Every corpus folder must exist: a typo should fail loudly, not load nothing.
    ``option`` names the command-line option the folders came from (else the file)."""
    for folder in config.corpus_dirs:
        if folder.is_dir():
            continue
        problem = "is not a folder" if folder.exists() else "does not exist"
        if option:
            raise ConfigError(f"{option} {folder}: {problem}; give a folder of articles")
        raise ConfigError(
            f"{config.source_file or 'config'}: corpus folder {folder} {problem}; "
            "fix 'corpus' in the config or use --corpus"
        )


def with_overrides(
    config: Config,
    *,
    corpus: list[Path] | None = None,
    data_dir: Path | None = None,
    bookmarks: Path | None = None,
) -> Config:
    """Apply command-line overrides (they win over the file) and re-check folders."""
    changes: dict[str, Any] = {}
    if corpus:
        changes["corpus"] = tuple(p.expanduser().resolve() for p in corpus)
    if data_dir is not None:
        changes["data_dir"] = data_dir.expanduser().resolve()
    if bookmarks is not None:
        changes["bookmarks"] = BookmarksConfig(path=bookmarks.expanduser().resolve())
    config = dataclasses.replace(config, **changes)
    if corpus:
        check_corpus_dirs(config, option="--corpus")
    return config


def _kind(value: object) -> str:
    return {
        dict: "a mapping",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "empty",
    }.get(type(value), type(value).__name__)


def _build(cls: type, raw: dict, path: Path, prefix: str) -> Any:
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    allowed = _USER_KEYS if cls is Config else names
    values = {}
    for key, value in raw.items():
        dotted = f"{prefix}{key}"
        if key not in allowed:
            known = ", ".join(sorted(allowed))
            raise ConfigError(f"{path}: unknown key '{dotted}'; known keys here: {known}")
        values[key] = _coerce(hints[key], value, path, dotted)
    return cls(**values)


def _coerce(hint: Any, value: Any, path: Path, key: str) -> Any:
    """Check ``value`` against the type ``hint`` and convert it (paths, tuples)."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)

    def wrong(expected: str) -> ConfigError:
        return ConfigError(f"{path}: '{key}' must be {expected}, not {_kind(value)}")

    if origin in (types.UnionType, typing.Union):
        if value is None and type(None) in args:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return _coerce(inner, value, path, key)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if not isinstance(value, dict):
            raise wrong("a mapping")
        return _build(hint, value, path, prefix=f"{key}.")
    if hint is Path:
        if not isinstance(value, str) or not value.strip():
            raise wrong("a path (a string)")
        p = Path(value).expanduser()
        return p if p.is_absolute() else (path.parent / p).resolve()
    if hint is bool:
        if not isinstance(value, bool):
            raise wrong("true or false")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise wrong("a whole number")
        if value < 0:
            raise ConfigError(f"{path}: '{key}' must be 0 or more, not {value}")
        return value
    if hint is str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)  # a year such as 1945 in a topic's term list
        if not isinstance(value, str):
            raise wrong("a string")
        return value
    if origin is tuple:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise wrong("a list")
        return tuple(_coerce(args[0], v, path, f"{key}[{i}]") for i, v in enumerate(value))
    if origin is dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise wrong("a mapping")
        return {
            _coerce(args[0], str(k), path, key): _coerce(args[1], v, path, f"{key}.{k}")
            for k, v in value.items()
        }
    raise TypeError(f"unsupported config type {hint!r}")  # a programming error, not user input
