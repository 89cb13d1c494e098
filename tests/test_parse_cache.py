"""The data files' parses kept between builds (generator/source/parsecache.py): what a kept parse
loads must be what parsing the file loads, values and positions alike, and an edit must be read."""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from gitrepo import copy_project, edit, git, line_of

from generator.cli import main
from generator.errors import DataErrors
from generator.load.buildcache import kept_parses
from generator.load.repository import load_site
from generator.model.committee import Site
from generator.source.parsecache import ParseCache


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy_project(tmp_path)
    (tmp_path / ".gongkailan").mkdir()  # the build cache's folder, made by a build
    return tmp_path


def kept(project: Path) -> ParseCache:
    return ParseCache(project / ".gongkailan" / "parsed.marshal")


def loaded(site: Site) -> dict[str, Any]:
    """What each document was loaded as: values, the line and column of every value and key, the model."""
    docs = [doc for committee in site.committees for doc in committee.documents()]
    assert site.config is not None
    return {
        doc.path: (doc.located.data, doc.located.marks, doc.located.key_marks, doc.located.flow, doc.model)
        for doc in [*docs, site.config]
    }


def errors_of(project: Path, parsed: ParseCache | None) -> list[str]:
    with pytest.raises(DataErrors) as raised:
        load_site(project, parsed=parsed)
    return [error.format() for error in raised.value.errors]


def test_a_kept_parse_loads_what_parsing_loads(project: Path) -> None:
    first = kept(project)
    fresh = loaded(load_site(project, parsed=first))
    first.save()
    assert [p.name for p in (project / ".gongkailan").iterdir()] == ["parsed.marshal"]  # no partial file left
    stored = marshal.loads((project / ".gongkailan" / "parsed.marshal").read_bytes())
    assert len(stored["entries"]) == len(fresh) - 1  # every data file but jiedao.yml (read on its own)
    again = kept(project)
    assert loaded(load_site(project, parsed=again)) == fresh == loaded(load_site(project))
    assert not again.changed  # every committee file came from the kept parses


def test_an_edited_file_is_read_again(project: Path) -> None:
    first = kept(project)
    load_site(project, parsed=first)
    first.save()
    ledger = project / "data" / "xingfu" / "finance" / "2025-10.yml"
    edit(ledger, "summary: 幸福街道拨付", "summary: 改过的摘要：幸福街道拨付")
    site = load_site(project, parsed=kept(project))
    doc = next(d for c in site.committees for d in c.documents() if d.path == "data/xingfu/finance/2025-10.yml")
    assert doc.located.data["income"][0]["summary"].startswith("改过的摘要")
    assert doc.model.income[0].summary.startswith("改过的摘要")


def mistaken(project: Path, old: str, new: str) -> tuple[Path, ParseCache, list[str]]:
    """A ledger edited into a mistake, loaded once with the cache (then saved): the ledger, the cache, the errors."""
    ledger = project / "data" / "xingfu" / "finance" / "2025-10.yml"
    edit(ledger, old, new)
    first = kept(project)
    fresh = errors_of(project, first)
    first.save()
    return ledger, first, fresh


def test_a_mistake_is_named_at_the_same_line_from_a_kept_parse(project: Path) -> None:
    ledger, _, fresh = mistaken(project, "amount: 1800.00", "amount: 一千八")
    at = line_of(ledger, "    amount: 一千八")
    assert any(f"finance/2025-10.yml:{at}:" in error for error in fresh), fresh
    assert errors_of(project, kept(project)) == fresh == errors_of(project, None)


def test_a_file_yaml_cannot_read_is_never_kept(project: Path) -> None:
    _, first, fresh = mistaken(project, "period: 2025-10", "period: [2025-10")
    again = kept(project)
    assert errors_of(project, again) == fresh
    assert again.changed is False and len(again.used) == len(first.used)


def test_parses_kept_by_other_parsing_rules_are_not_used(project: Path) -> None:
    first = kept(project)
    load_site(project, parsed=first)
    first.save()
    path = project / ".gongkailan" / "parsed.marshal"
    stored = marshal.loads(path.read_bytes())
    # The same entries, but written by another release (or another Python, another PyYAML).
    path.write_bytes(marshal.dumps({**stored, "code": "another release"}))
    again = kept(project)
    assert again.known == {}
    load_site(project, parsed=again)
    assert again.changed
    path.write_bytes(b"not a cache")  # a damaged file only costs time
    assert kept(project).known == {}


def test_no_cache_is_written_outside_a_build_cache(tmp_path: Path) -> None:
    copy_project(tmp_path)
    parsed = kept(tmp_path)
    load_site(tmp_path, parsed=parsed)
    parsed.save()
    assert not (tmp_path / ".gongkailan").exists()


def check(project: Path) -> Any:
    """``gongkailan check`` as an editor runs it in the project."""
    return CliRunner().invoke(main, ["check", "-f", str(project / "mkdocs.yml")])


def test_check_reads_the_parses_a_build_kept_and_names_a_mistake_the_same(project: Path, tmp_path: Path) -> None:
    assert check(project).exit_code == 0
    stored = marshal.loads((project / ".gongkailan" / "parsed.marshal").read_bytes())["entries"]
    assert stored  # kept where a build made the folder, for the next check or build
    before = kept(project)
    assert set(before.known) == set(stored)
    ledger = project / "data" / "xingfu" / "finance" / "2025-10.yml"
    edit(ledger, "amount: 1800.00", "amount: 一千八")
    done = check(project)
    at = line_of(ledger, "    amount: 一千八")
    assert done.exit_code == 1 and f"finance/2025-10.yml:{at}:" in done.output
    # A fresh clone (CI) has no build cache: the same report, and no cache left behind.
    clone = tmp_path / "clone"
    clone.mkdir()
    copy_project(clone)
    edit(clone / "data" / "xingfu" / "finance" / "2025-10.yml", "amount: 1800.00", "amount: 一千八")
    cold = check(clone)
    assert cold.output == done.output and not (clone / ".gongkailan").exists()


def test_check_leaves_a_committed_cache_unread(project: Path) -> None:
    (project / ".gongkailan" / "parsed.marshal").write_bytes(b"committed by mistake")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-f", ".gongkailan/parsed.marshal")
    assert kept_parses(project) is None
    assert check(project).exit_code == 0
    assert (project / ".gongkailan" / "parsed.marshal").read_bytes() == b"committed by mistake"
