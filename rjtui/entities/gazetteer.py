"""The gazetteer: the packaged ``gazetteer.yaml`` merged with config's ``entities:``.

Kept as data, not code, so a researcher can read and extend it: config adds
entities, adds variants to packaged ones, replaces their variants or removes
them. Everything is checked once here (ids, kinds, sizes), so the matcher and
the query expander trust what they get.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from rjtui import yamlsafe
from rjtui.config import (
    ENTITY_ID,
    ENTITY_KINDS,
    MAX_ENTITY_VARIANTS,
    MAX_VARIANT_CHARS,
    Config,
    ConfigError,
    EntityConfig,
)
from rjtui.errors import RjtuiError

LANGUAGES = ("en", "ru", "ja")
PACKAGED = Path(__file__).with_name("gazetteer.yaml")
_MAX_PACKAGED_BYTES = 2_000_000


@dataclass(frozen=True)
class Entity:
    """One person, place, organisation, project, treaty or event."""

    id: str
    kind: str
    name: str
    """The preferred, displayed name (not itself matched: it may carry dates, brackets)."""
    en: tuple[str, ...] = ()
    ru: tuple[str, ...] = ()
    ja: tuple[str, ...] = ()

    @property
    def variants(self) -> tuple[str, ...]:
        """Every spelling, English first, without repeats."""
        return tuple(dict.fromkeys(self.en + self.ru + self.ja))

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind,
            "name": self.name,
            **{lang: list(getattr(self, lang)) for lang in LANGUAGES},
        }


@dataclass(frozen=True)
class Gazetteer:
    entities: tuple[Entity, ...]

    @cached_property
    def by_id(self) -> dict[str, Entity]:
        return {e.id: e for e in self.entities}

    @cached_property
    def fingerprint(self) -> str:
        """Changes whenever matching could: part of the index fingerprint."""
        blob = json.dumps([e.to_json() for e in self.entities], ensure_ascii=False)
        return hashlib.blake2b(blob.encode("utf-8"), digest_size=8).hexdigest()

    def __len__(self) -> int:
        return len(self.entities)

    def __hash__(self) -> int:
        """By fingerprint: the gazetteer keys caches (its matcher) that the index build
        asks for once per file, and hashing every entity's variants took 0.3 ms."""
        return hash(self.fingerprint)


def load_gazetteer(config: Config) -> Gazetteer:
    """The packaged gazetteer with ``config.entities`` applied (cached per config)."""
    overrides = tuple(sorted(config.entities.items()))
    return _merged(overrides, str(config.source_file or "config"))


@lru_cache(maxsize=8)
def _merged(overrides: tuple[tuple[str, EntityConfig], ...], where: str) -> Gazetteer:
    entities = {e.id: e for e in _packaged()}
    for eid, entry in overrides:
        known = entities.get(eid)
        if entry.remove:
            entities.pop(eid, None)
            continue
        if known is None:
            missing = [k for k in ("kind", "name") if getattr(entry, k) is None]
            if missing or not (entry.en or entry.ru or entry.ja):
                need = ", ".join(
                    missing + ([] if entry.en or entry.ru or entry.ja else ["en/ru/ja"])
                )
                raise ConfigError(
                    f"{where}: new entity 'entities.{eid}' needs {need} "
                    "(or fix the id to change a packaged one)"
                )
            known = Entity(eid, entry.kind, entry.name)  # type: ignore[arg-type]
        variants = {
            lang: getattr(entry, lang)
            if entry.replace
            else tuple(dict.fromkeys(getattr(known, lang) + getattr(entry, lang)))
            for lang in LANGUAGES
        }
        entities[eid] = Entity(eid, entry.kind or known.kind, entry.name or known.name, **variants)
    return Gazetteer(tuple(entities.values()))


@lru_cache(maxsize=1)
def _packaged() -> tuple[Entity, ...]:
    """The shipped gazetteer; a damaged one is a bug, reported as one line.

    Read with libyaml where present (``yamlsafe``): the pure-Python parser took
    ~200 ms of every start-up's index open, libyaml ~20."""
    try:
        if PACKAGED.stat().st_size > _MAX_PACKAGED_BYTES:
            raise RjtuiError(f"{PACKAGED}: too large for a gazetteer")
        raw, _ = yamlsafe.load(PACKAGED.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, yamlsafe.YamlRefused) as exc:
        raise RjtuiError(f"{PACKAGED}: cannot read the gazetteer ({exc})") from None
    entities: list[Entity] = []
    seen: set[str] = set()
    for i, item in enumerate(raw.get("entities") or []):
        entity = _entity(item, f"{PACKAGED}: entry {i + 1}")
        if entity.id in seen:
            raise RjtuiError(f"{PACKAGED}: entry {i + 1}: duplicate id {entity.id!r}")
        seen.add(entity.id)
        entities.append(entity)
    return tuple(entities)


def _entity(item: object, where: str) -> Entity:
    if not isinstance(item, dict):
        raise RjtuiError(f"{where}: not a mapping")
    eid, kind, name = item.get("id"), item.get("kind"), item.get("name")
    if not isinstance(eid, str) or not ENTITY_ID.fullmatch(eid):
        raise RjtuiError(f"{where}: bad id {eid!r}")
    if kind not in ENTITY_KINDS or not isinstance(name, str) or not name:
        raise RjtuiError(f"{where} ({eid}): bad kind or name")
    variants: dict[str, tuple[str, ...]] = {}
    for lang in LANGUAGES:
        found = item.get(lang) or []
        if (
            not isinstance(found, list)
            or len(found) > MAX_ENTITY_VARIANTS
            or not all(isinstance(v, str) and 0 < len(v) <= MAX_VARIANT_CHARS for v in found)
        ):
            raise RjtuiError(f"{where} ({eid}): bad '{lang}' variants")
        variants[lang] = tuple(found)
    return Entity(eid, kind, name, **variants)
