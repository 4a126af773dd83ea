"""Config lookup, validation and the one-line errors a wrong config gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from rjtui.config import ConfigError, load_config, with_overrides
from tests.conftest import REPO, SEEDS, run_rjtui


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_packaged_default_loads_with_taxonomy_and_seeds() -> None:
    config = load_config()
    assert config.source_file == REPO / "config.yaml"
    assert config.corpus_dirs == (SEEDS,)
    for topic in (
        "territorial dispute / Kurils",
        "sanctions",
        "energy",
        "trade and economy",
        "security and alliances",
        "humanitarian and exchanges",
        "leaders and diplomacy",
        "history / WWII",
    ):
        assert config.topics[topic], topic
    assert "1945" in config.topics["history / WWII"]


def test_lookup_order_explicit_then_env_then_cwd(tmp_path, monkeypatch) -> None:
    explicit = write(tmp_path, "topic_min_hits: 4\n")
    env_file = tmp_path / "env.yaml"
    env_file.write_text("topic_min_hits: 5\n")
    (Path.cwd() / "config.yaml").write_text("topic_min_hits: 6\n")
    assert load_config().topic_min_hits == 6
    monkeypatch.setenv("RJTUI_CONFIG", str(env_file))
    assert load_config().topic_min_hits == 5
    assert load_config(explicit).topic_min_hits == 4


def test_user_config_dir_is_used_before_packaged(tmp_path) -> None:
    user = tmp_path / "xdg-config" / "rjtui" / "config.yaml"
    user.parent.mkdir(parents=True)
    user.write_text("topic_min_hits: 7\n")
    assert load_config().topic_min_hits == 7


def test_relative_corpus_path_is_relative_to_the_config_file(tmp_path) -> None:
    (tmp_path / "articles").mkdir()
    config = load_config(write(tmp_path, "corpus: [articles]\n"))
    assert config.corpus_dirs == ((tmp_path / "articles").resolve(),)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("corpus: [unclosed\n", "invalid YAML at line"),
        ("colour: blue\n", "unknown key 'colour'"),
        ("bookmarks:\n  file: x.yaml\n", "unknown key 'bookmarks.file'"),
        ("topic_min_hits: lots\n", "'topic_min_hits' must be a whole number, not a string"),
        ("topics: [a, b]\n", "'topics' must be a mapping, not a list"),
        ("corpus: /definitely/not/here\n", "'corpus' must be a list"),
        ("corpus: [/definitely/not/here]\n", "corpus folder /definitely/not/here does not exist"),
        ("- just\n- a list\n", "top level must be a mapping"),
    ],
)
def test_bad_config_is_one_clear_line(tmp_path, text: str, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert expected in message
    assert str(path) in message
    assert "\n" not in message


def test_cli_bad_config_exits_2_with_one_line_and_no_traceback(tmp_path) -> None:
    path = write(tmp_path, "colour: blue\n")
    proc = run_rjtui("--config", str(path), "--version")
    assert proc.returncode == 0  # --version needs no config
    proc = run_rjtui("--config", str(path), "articles", "--json")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "unknown key 'colour'" in lines[0]
    assert "Traceback" not in proc.stderr


def test_overrides_win_and_missing_corpus_is_an_error(tmp_path) -> None:
    config = with_overrides(load_config(), data_dir=tmp_path / "d", bookmarks=tmp_path / "b.yaml")
    assert config.resolved_data_dir == tmp_path / "d"
    assert config.bookmarks_file == tmp_path / "b.yaml"
    with pytest.raises(ConfigError, match="does not exist"):
        with_overrides(load_config(), corpus=[tmp_path / "missing"])


def test_an_unexpected_error_is_one_line_unless_debugging(monkeypatch, capsys) -> None:
    """A bug must not print a traceback at the user, nor blame the index."""
    from rjtui import cli

    def boom(args, config):
        raise ValueError("Block tag error")

    monkeypatch.setattr(cli, "_run_tui", boom)
    assert cli.main([]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "unexpected error (ValueError: Block tag error); this is a bug" in err
    assert "rebuild" not in err  # only an error inside the index reader is index damage
    monkeypatch.setenv("RJTUI_DEBUG", "1")
    with pytest.raises(ValueError, match="Block tag error"):
        cli.main([])
