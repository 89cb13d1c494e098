"""Dates from git on every page, 修改记录 pages, 更正, and plain words when the history is missing.

Everything runs on a real git repository built with tests/gitrepo.py: one committee, one
import, then the edits an editor makes — an amended rule article, a re-indented ledger, a
corrected notice and ledger line, a renamed file, a corrected name on a list of persons. The
pages come from the Renderer (no MkDocs); one real build checks the sitemap and that the
taken-down list's history keeps its dates and no names.
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from gitrepo import commit, copy_project, edit, git

from generator.load.history import History, build_history
from generator.load.repository import load_site
from generator.privacy.takedown import listed_names
from generator.site.pages import Page
from generator.site.render import Renderer

RULE = "data/xingfu/rules/jumin-gongyue.yml"
NOTICE = "data/xingfu/notices/2026-11-10-dongji-xiaofang-tongzhi.yml"
LEDGER = "data/xingfu/finance/2025-10.yml"
DIBAO = "data/xingfu/notices/2026-11-18-dibao-gongshi.yml"
MERGED = "data/xingfu/notices/2026-11-10-dongji-yongdian-tongzhi.yml"
OLD_ARTICLE = "自觉做好生活垃圾分类，定时定点投放"
NEW_ARTICLE = "自觉做好生活垃圾分类和厨余减量，定时定点投放"
MOBILE = "13912345678"  # a private number in a notice's first version, gone from the corrected one
DAY = date(2026, 11, 21)  # inside the 低保 list's 公示期


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("provenance")
    copy_project(root)
    shutil.rmtree(root / "data" / "liuhe")  # one committee keeps the build small
    (root / "data" / "jiedao.yml").unlink()  # it names 六合村 too
    edit(root / "mkdocs.yml", "posters: true", "posters: false")
    edit(root / NOTICE, "请大家配合。", f"请大家配合。有疑问请联系网格员 {MOBILE}。")
    git(root, "init", "-q", "-b", "main")
    commit(root, "导入幸福里社区的历史数据", when="2026-11-01T09:00:00+08:00")
    git(root, "mv", "data/xingfu/rosters/wuye.yml", "data/xingfu/rosters/wuye-fuwu.yml")
    commit(root, "物业名册改文件名", when="2026-11-05T09:00:00+08:00")
    # A pull request: written on the 6th, merged on the 8th — published when it reached main.
    git(root, "checkout", "-q", "-b", "pr")
    shutil.copy(root / NOTICE, root / MERGED)
    commit(root, "草拟冬季用电通知", when="2026-11-06T09:00:00+08:00")
    git(root, "checkout", "-q", "main")
    merge = ["merge", "-q", "--no-ff", "-m", "Merge pull request #3 from xingfu/pr", "-m", "发布冬季用电通知", "pr"]
    git(root, *merge, when="2026-11-08T09:00:00+08:00")
    edit(root / RULE, "自觉做好生活垃圾分类，", "自觉做好生活垃圾分类和厨余减量，")
    commit(root, "居民会议修订公约第五条", when="2026-11-10T09:00:00+08:00")
    edit(root / LEDGER, "period: 2025-10\n", "# 2025 年 10 月，按凭证号排列\nperiod: 2025-10\n")
    commit(root, "整理账目文件的注释", when="2026-11-12T09:00:00+08:00")
    edit(root / NOTICE, "11 月 20 日至 12 月 20 日", "11 月 20 日至 12 月 31 日")
    edit(root / NOTICE, f"有疑问请联系网格员 {MOBILE}。", "")
    edit(root / LEDGER, "拨付 2025 年第四季度社区工作经费", "拨付 2025 年第四季度社区工作经费（第一批）")
    commit(root, "更正检查截止日期和十月摘要", when="2026-11-19T09:00:00+08:00")
    edit(root / DIBAO, "张*明", "张*民")
    commit(root, "更正张*民的姓名", when="2026-11-20T09:00:00+08:00")
    return root


def pages_of(root: Path, day: date = DAY) -> dict[str, Page]:
    site = load_site(root)
    history = build_history(site, ["data", "content"])
    return {p.src: p for p in Renderer(site, day, 0, history=history).pages()}


@pytest.fixture(scope="module")
def pages(repo: Path) -> dict[str, Page]:
    return pages_of(repo)


def provenance_text(page: Page) -> str:
    found = re.search(r'<div class="gkl-provenance".*?</div>', page.content, re.S)
    assert found, f"{page.src} says nothing about its dates"
    return re.sub(r"<[^>]+>", "", found.group())


def test_every_page_says_when_it_was_first_published_and_last_changed(pages: dict[str, Page]) -> None:
    for page in pages.values():
        assert "首次公开：" in provenance_text(page) and "最后修改：" in provenance_text(page), page.src
    home = provenance_text(pages["index.md"])
    assert "最后修改：2026年11月20日" in home  # the newest change to any of the committee's data


def test_rule_history_page_shows_the_amended_article_old_and_new(pages: dict[str, Page]) -> None:
    rule = pages["xingfu/rules/jumin-gongyue.md"]
    assert "最后修改：2026年11月10日" in provenance_text(rule)
    assert '<a href="history/">修改记录</a>' in rule.content
    history = pages["xingfu/rules/jumin-gongyue/history.md"].content
    # Adopted in 2022, in the repository since the import: the first entry says it arrived then.
    assert "## 2026年11月10日 修订" in history and "## 2026年11月1日 收入本站" in history
    assert "修改说明：居民会议修订公约第五条" in history
    assert "第五条（修改）" in history
    old, new = history.index(OLD_ARTICLE), history.index(NEW_ARTICLE)
    assert "原文" in history[:old] and old < new  # the old text first, then the new
    assert history.index("2026年11月10日") < history.index("2026年11月1日")  # newest first


def test_corrected_notice_is_labelled_更正_with_both_texts(pages: dict[str, Page]) -> None:
    notice = provenance_text(pages["xingfu/notices/2026-11-10-dongji-xiaofang-tongzhi.md"])
    assert "更正" in notice and "2026年11月19日" in notice
    history = pages["xingfu/notices/2026-11-10-dongji-xiaofang-tongzhi/history.md"].content
    assert "## 2026年11月19日 更正" in history
    assert "11 月 20 日至 12 月 20 日" in history and "11 月 20 日至 12 月 31 日" in history
    # Only the corrected paragraph, not the whole notice again.
    assert history.count("电动自行车不进楼道") == 0
    # Old text is masked like today's: the number that left the notice is not back on its history.
    assert MOBILE not in history and "139****5678" in history


def test_a_corrected_notice_is_updated_in_its_feed_on_the_day_of_the_correction(repo: Path) -> None:
    from generator.outputs.feeds import feed_files

    site = load_site(repo)
    renderer = Renderer(site, DAY, 0, site_url="https://example.org/", history=build_history(site, ["data"]))
    feed = feed_files(renderer, "https://example.org/", "示例")["xingfu/notices/feed.xml"].decode("utf-8")
    url = "https://example.org/xingfu/notices/2026-11-10-dongji-xiaofang-tongzhi/"
    entry = feed[feed.index(f"<id>{url}</id>") :]
    entry = entry[: entry.index("</entry>")]
    assert "<published>2026-11-10T00:00:00+08:00</published>" in entry
    assert "<updated>2026-11-19T00:00:00+08:00</updated>" in entry  # the 更正, from git


def test_a_change_to_comments_alone_is_not_a_correction(pages: dict[str, Page]) -> None:
    ledger = provenance_text(pages["xingfu/finance/2025-10.md"])
    assert "更正" in ledger and "2026年11月19日" in ledger  # the 摘要 that changed
    assert "11月12日" not in ledger  # the comment added that day changed nothing residents read
    untouched = provenance_text(pages["xingfu/finance/2025-11.md"])
    assert "更正" not in untouched and "最后修改：2026年11月1日" in untouched


def test_a_renamed_file_keeps_its_first_publication(pages: dict[str, Page]) -> None:
    roster = provenance_text(pages["xingfu/rosters/wuye-fuwu.md"])
    assert "首次公开：2026年11月1日" in roster and "最后修改：2026年11月1日" in roster


def test_a_merged_pull_request_is_published_the_day_it_reached_main(pages: dict[str, Page]) -> None:
    notice = provenance_text(pages["xingfu/notices/2026-11-10-dongji-yongdian-tongzhi.md"])
    assert "首次公开：2026年11月8日" in notice
    history = pages["xingfu/notices/2026-11-10-dongji-yongdian-tongzhi/history.md"].content
    assert "修改说明：发布冬季用电通知" in history  # the pull request's title, not "Merge pull request"


def test_a_record_older_than_its_history_shows_its_own_date(pages: dict[str, Page]) -> None:
    # The rule says it was adopted in 2022; the repository starts in 2026 (a bulk import).
    assert "首次公开：2022年3月20日（据数据所载日期" in provenance_text(pages["xingfu/rules/jumin-gongyue.md"])


def test_person_list_history_shows_dates_but_no_names_and_no_message(repo: Path, pages: dict[str, Page]) -> None:
    history = pages["xingfu/notices/2026-11-18-dibao-gongshi/history.md"].content
    assert "## 2026年11月20日 更正" in history
    names = [*listed_names((repo / DIBAO).read_text(encoding="utf-8")), "张*明"]
    assert len(names) >= 5
    assert not [name for name in names if name in history]
    assert "修改说明：" not in history and "更正张" not in history  # the commit message names the person
    # After take-down the record without names stays, and so does its 修改记录 (dates only), so
    # that an address once published keeps working (published-urls.list).
    later = pages_of(repo, date(2026, 12, 2))["xingfu/notices/2026-11-18-dibao-gongshi/history.md"].content
    assert "## 2026年11月20日 更正" in later
    assert not [name for name in names if name in later] and "修改说明：" not in later


def test_a_shallow_clone_says_the_dates_are_unknown(repo: Path, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow))
    history = build_history(load_site(shallow), ["data"])
    assert history.state == "shallow"
    page = pages_of(shallow)["xingfu/finance/2025-10.md"]
    assert "浅克隆" in provenance_text(page) and "日期未知" in provenance_text(page)
    assert "首次公开：" not in page.content and "2026年12月" not in provenance_text(page)


def test_a_build_outside_git_says_the_dates_are_unknown(repo: Path, tmp_path: Path) -> None:
    tarball = tmp_path / "unpacked"
    shutil.copytree(repo, tarball, ignore=shutil.ignore_patterns(".git"))
    assert build_history(load_site(tarball), ["data"]) == History("outside")
    text = provenance_text(pages_of(tarball)["xingfu/rules/jumin-gongyue.md"])
    assert "不在 git 仓库" in text and "日期未知" in text


def test_the_build_dates_the_sitemap_from_the_history_and_keeps_no_names_in_a_list_history(
    repo: Path, tmp_path: Path
) -> None:
    from generator.clock import AS_OF
    from generator.mkdocs_plugin.sitebuild import build_site

    os.environ[AS_OF] = "2026-12-01"  # after the 低保 list came down; not a date of any change
    try:
        site = build_site(repo / "mkdocs.yml", tmp_path / "site")
    finally:
        del os.environ[AS_OF]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    lastmod = dict(re.findall(r"<loc>([^<]+)</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap))
    assert lastmod["https://example.org/xingfu/rules/jumin-gongyue/"] == "2026-11-10"
    assert lastmod["https://example.org/xingfu/finance/2025-10/"] == "2026-11-19"
    assert lastmod["https://example.org/guide/about/"] == "2026-11-01"  # a hand-written page
    assert "2026-12-01" not in sitemap
    history = (site / "xingfu/rules/jumin-gongyue/history/index.html").read_text(encoding="utf-8")
    assert NEW_ARTICLE in history and OLD_ARTICLE in history
    kept = (site / "xingfu/notices/2026-11-18-dibao-gongshi/history/index.html").read_text(encoding="utf-8")
    assert not [name for name in listed_names((repo / DIBAO).read_text(encoding="utf-8")) if name in kept]


def test_a_record_not_committed_yet_says_so_in_the_preview(repo: Path, tmp_path: Path) -> None:
    preview = tmp_path / "preview"
    git(tmp_path, "clone", "-q", str(repo), str(preview))
    draft = preview / "data/xingfu/notices/2026-11-21-draft.yml"
    shutil.copy(preview / NOTICE, draft)
    pages = pages_of(preview)
    assert "还没有提交" in provenance_text(pages["xingfu/notices/2026-11-21-draft.md"])
    assert "首次公开：2026年11月1日" in provenance_text(pages["xingfu/notices/2026-11-10-dongji-xiaofang-tongzhi.md"])
