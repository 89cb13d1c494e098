"""Command line: the same core as the MkDocs plugin, for editors, CI and printers.

Commands raise ``GongkailanError`` (generator/errors.py) for every failure an editor can
meet; click prints its Chinese message and exits with its status, in one place.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import yaml

from .errors import DataError, DataErrors, GongkailanError, UsageProblem
from .outputs.hant import converter_for


def _data_dir(config_file: Path) -> str:
    """The plugin's ``data_dir``: read from mkdocs.yml itself when it is written out there,
    else through MkDocs' own reading of the file (``INHERIT``, a value from ``!ENV``).

    Loading MkDocs and its plugins only to learn one folder name was a fifth of ``check``.
    """
    written = _written_data_dir(config_file)
    if written is not None:
        return written
    from .mkdocs_plugin.settings import read_project

    return read_project(config_file).data_dir


class _SettingsLoader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """mkdocs.yml as data; its tags (``!ENV``, ``!!python/name:…``) read as nothing."""


_SettingsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _written_data_dir(config_file: Path) -> str | None:
    """``data_dir`` as written in mkdocs.yml's gongkailan plugin entry (``data`` if left out);
    None when only MkDocs can tell (an ``INHERIT``, a tagged value, no such plugin)."""
    try:
        settings = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_SettingsLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if not isinstance(settings, dict) or "INHERIT" in settings:
        return None
    plugins = settings.get("plugins")
    # Either a list of names and one-key mappings, or one mapping of names to options.
    entries = [plugins] if isinstance(plugins, dict) else plugins if isinstance(plugins, list) else []
    for entry in entries:
        if entry == "gongkailan":
            return "data"
        if isinstance(entry, dict) and "gongkailan" in entry:
            options = entry["gongkailan"]
            if options is None:
                return "data"
            value = options.get("data_dir", "data") if isinstance(options, dict) else None
            return value if isinstance(value, str) else None
    return None


def _check(
    config_file: Path,
    github: bool = False,
    gitlab_report: Path | None = None,
    strict: bool = False,
    parsed: Any = None,
    masked: bool = True,
) -> tuple[Any, Any]:
    """The committees' data and data/posters.yml (the 街道's poster style), checked in one report
    (``parsed``: the build cache's parses of earlier runs, generator/source/parsecache.py;
    ``masked=False``: for a check that builds nothing, see ``load_site``)."""
    from .clock import today
    from .model.catalogue_status import warnings as catalogue_warnings
    from .model.notices import estimate_warnings
    from .outputs.posters import load_site_and_style

    found: list[DataError] = []
    failure: DataErrors | None = None
    loaded: tuple[Any, Any] = (None, None)
    try:
        loaded = load_site_and_style(config_file.parent, _data_dir(config_file), parsed, masked)
        warnings = estimate_warnings(doc for c in loaded[0].committees for doc in c.notices)
        # The 公开目录 as of the build date: what is 逾期 or 缺失 (generator/model/catalogue_status.py).
        warnings += [w for c in loaded[0].committees for w in catalogue_warnings(c, today())]
        if not masked:
            from .privacy.masking import masked_messages

            warnings = masked_messages(loaded[0], warnings)
        if warnings and strict:
            # --strict: a 约 date or a late disclosure is a mistake to fix now, like any other.
            raise DataErrors(warnings)
        for warning in warnings:
            click.echo("警告：" + warning.format(), err=True)
    except DataErrors as errors:
        found, failure = errors.errors, errors
    if github or gitlab_report:
        from .tools import annotate

        prefix = annotate.workspace_prefix(config_file.parent)
        if github and found:
            click.echo(annotate.github(found, prefix))
        if gitlab_report:
            gitlab_report.write_text(annotate.gitlab_code_quality(found, prefix), encoding="utf-8")
    if failure is not None:
        raise failure
    return loaded


def _set_as_of(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """--as-of: check that it is a date, then hand it to the clock (generator/clock.py) for this run."""
    import os

    from .clock import AS_OF, BadDate, parse_as_of

    if value is None:
        return
    try:
        day = parse_as_of(value)
    except BadDate as exc:
        click.echo(f"--as-of 写错了：{exc}", err=True)
        ctx.exit(2)
    os.environ[AS_OF] = day.isoformat()


as_of_option = click.option(
    "--as-of",
    metavar="年-月-日",
    default=None,
    expose_value=False,
    is_eager=True,
    callback=_set_as_of,
    help="按这一天生成或检查（公示状态、名单撤下），优先于 SOURCE_DATE_EPOCH，例如 2026-11-20",
)


config_option = click.option(
    "-f",
    "--config-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default="mkdocs.yml",
    show_default=True,
    help="网站设置文件",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """公开栏：检查居务数据、生成公开网站。"""


@main.command()
@config_option
@click.option("--github", is_flag=True, help="另按 GitHub Actions 格式输出，把每处错误标在 PR 的对应行上")
@click.option(
    "--gitlab-report",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="另写一份 GitLab 代码质量报告（JSON），在合并请求里显示",
)
@click.option(
    "--strict", is_flag=True, help="警告也算错误（公开目录里逾期、缺失的事项；下一年节假日还没公布的“约”日期）"
)
@as_of_option
def check(config_file: Path, github: bool, gitlab_report: Path | None, strict: bool) -> None:
    """只检查数据，列出所有错误。"""
    from .load.buildcache import kept_parses

    config_file = config_file.resolve()
    # After a build on this machine, files unchanged since are not parsed again (by content:
    # a file with a mistake is never kept). A fresh clone, as in CI, has no cache and keeps none.
    parsed = kept_parses(config_file.parent)
    try:
        # Nothing is built from the site, so its records are checked but not masked (a fifth of the time).
        _check(config_file, github, gitlab_report, strict, parsed=parsed, masked=False)
    finally:
        if parsed is not None:
            parsed.save()
    click.echo("数据检查通过。")


def _engine_log(quiet: bool) -> None:
    """Show MkDocs' (or ProperDocs') messages and the plugins' on the terminal."""
    from .mkdocs_plugin.engine import LOGGER

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    engine_log = logging.getLogger(LOGGER)
    engine_log.addHandler(handler)
    engine_log.setLevel(logging.WARNING if quiet else logging.INFO)


def _jobs(value: int | None, default: int) -> int:
    """``-j``: as given; 0 (or less) for every core; ``default`` when not given."""
    from .mkdocs_plugin.incremental import default_jobs

    chosen = default if value is None else value
    return chosen if chosen > 0 else default_jobs()


def _record(config_file: Path, target: Path, site_dir: Path | None) -> None:
    # Every address served from now on is kept working (generator/outputs/redirects.py). Only the
    # site that is published (the default site/ folder) is recorded, not a preview built elsewhere.
    if site_dir is None:
        from .mkdocs_plugin.settings import read_project
        from .outputs.redirects import MANIFEST, record

        added = record(config_file.parent, target, read_project(config_file).site_url or "")
        if added:
            click.echo(f"{MANIFEST} 新记下 {added} 个网址，请连同数据一起提交")


# `build` defaults to one MkDocs run (least CPU: every further group starts MkDocs and lays out
# the whole menu again, and two runs at once each run slower; bench/run --jobs); `serve` to every
# core, as an editor waits for the preview.
BUILD_JOBS = 1


def jobs_option(default: str) -> Any:
    return click.option(
        "-j",
        "--jobs",
        type=int,
        default=None,
        help=f"分几组同时生成（每组一个进程，0 为本机的 CPU 核数），默认{default}",
    )


@main.command()
@config_option
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None, help="输出目录")
@click.option("-q", "--quiet", is_flag=True, help="只显示警告和错误")
@jobs_option("一组：CPU 时间最少")
@click.option(
    "--units",
    "units",
    default=None,
    metavar="xingfu,liuhe",
    help="只生成这些单元（委员会文件夹名或 _site），用于 CI 分片",
)
@click.option(
    "--units-out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="--units 生成的单元放到这里，每个单元一个子文件夹；之后用 gongkailan assemble 拼成网站",
)
@as_of_option
def build(
    config_file: Path, site_dir: Path | None, quiet: bool, jobs: int | None, units: str | None, units_out: Path | None
) -> None:
    """检查数据并生成网站：只重新生成数据有变化的委员会，只有全部成功才替换 site/。"""
    from . import timing
    from .mkdocs_plugin import incremental
    from .mkdocs_plugin.sitebuild import BuildFailed
    from .mkdocs_plugin.units import parse_units

    if (units is None) != (units_out is None):
        raise UsageProblem("--units 和 --units-out 要一起用：生成哪些单元，放到哪里")
    config_file = config_file.resolve()
    try:
        parsed = incremental.parse_cache(config_file)
    except BuildFailed as failure:
        raise failure.during("网站生成失败，原有网站保持不变") from None
    with timing.step(timing.LOAD):
        site, style = _check(config_file, parsed=parsed)
    _engine_log(quiet)
    try:
        if units is not None and units_out is not None:
            asked = parse_units(units, site)
            incremental.build_units_into(config_file, asked, units_out, _jobs(jobs, BUILD_JOBS), site, style)
            click.echo(f"生成单元 {'、'.join(asked)} 已生成到 {units_out.resolve()}")
            return
        target, rebuilt = incremental.build(config_file, site_dir, _jobs(jobs, BUILD_JOBS), site, style)
        parsed.save()
    except BuildFailed as failure:
        raise failure.during("网站生成失败，原有网站保持不变") from None
    if not quiet:
        click.echo(f"重新生成的单元：{'、'.join(rebuilt) if rebuilt else '无（数据没有变化）'}")
    click.echo(f"网站已生成：{target}")
    _record(config_file, target, site_dir)


@main.command()
@config_option
@click.argument("units_out", metavar="OUT", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None, help="输出目录")
@click.option("-q", "--quiet", is_flag=True, help="只显示警告和错误")
@as_of_option
def assemble(config_file: Path, units_out: Path, site_dir: Path | None, quiet: bool) -> None:
    """把 gongkailan build --units … --units-out OUT 生成的各单元拼成网站（缺 _site 时先生成它），只有全部成功才替换 site/。"""
    from .mkdocs_plugin import incremental
    from .mkdocs_plugin.sitebuild import BuildFailed

    config_file = config_file.resolve()
    site, style = _check(config_file)
    _engine_log(quiet)
    try:
        target, differ = incremental.assemble_from(config_file, units_out, site_dir, site, style)
    except BuildFailed as failure:
        raise failure.during("网站拼合失败，原有网站保持不变") from None
    if differ:
        click.echo(
            f"警告：生成单元 {'、'.join(differ)} 不是用这份数据（或不是在同一天）生成的，网站照样拼合了；"
            "如果数据改过，请重新生成这些单元",
            err=True,
        )
    click.echo(f"网站已生成：{target}")
    _record(config_file, target, site_dir)


@main.command()
@config_option
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None, help="输出目录")
@click.option("-q", "--quiet", is_flag=True, help="只显示警告和错误")
def portal(config_file: Path, site_dir: Path | None, quiet: bool) -> None:
    """生成全市（区）门户：读 data/portal.yml 列出的各街道、镇网站，列出每个委员会，搜索框一次搜索所有网站。"""
    from .mkdocs_plugin.portal import build_portal

    _engine_log(quiet)
    target = site_dir or config_file.resolve().parent / "site"
    names = build_portal(config_file, target)
    click.echo(f"门户已生成：{target}（{'、'.join(names)}）")


@main.command()
@config_option
@click.option(
    "-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, metavar="HOST:PORT", help="预览网址（地址和端口）"
)
@jobs_option("每个 CPU 核一组：预览出来得快")
@as_of_option
def serve(config_file: Path, dev_addr: str, jobs: int | None) -> None:
    """本地预览网站：改了数据、手写页面或设置后，只重新生成受影响的委员会，浏览器自动刷新。"""
    from .mkdocs_plugin import incremental
    from .mkdocs_plugin.preview import serve as run

    config_file = config_file.resolve()

    def load() -> tuple[Any, Any]:
        # Each save re-reads only the files that changed; the cache folder is the preview build's.
        parsed = incremental.parse_cache(config_file)
        loaded = _check(config_file, parsed=parsed)
        parsed.save()
        return loaded

    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        raise UsageProblem(f"-a 写错了：{dev_addr}。请写地址和端口，例如 127.0.0.1:8000")
    _engine_log(quiet=False)
    click.echo(f"预览网址：http://{host}:{port}/ （按 Ctrl+C 停止）")
    run(config_file, host, int(port), _jobs(jobs, 0), load)


@main.command()
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("data"), show_default=True)
@click.option(
    "--write",
    "write_to",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="把说明写进这个文件的标记之间（一般是 README.md）",
)
def guide(data_dir: Path, write_to: Path | None) -> None:
    """输出数据格式说明（由校验所用的模型生成）。"""
    from .tools.guide import render_guide, replace_in

    text = render_guide(data_dir if data_dir.is_dir() else None)
    if write_to is None:
        click.echo(text)
        return
    write_to.write_text(replace_in(write_to.read_text(encoding="utf-8"), text), encoding="utf-8")
    click.echo(f"已更新 {write_to}")


@main.command()
@config_option
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="输出目录（默认为 mkdocs.yml 旁的 posters/）",
)
@as_of_option
@click.option("--all", "everything", is_flag=True, help="每项有效规章、每则公告、每期财务都生成，不只是现在上墙的")
@click.argument("records", nargs=-1)
def posters(config_file: Path, out_dir: Path | None, everything: bool, records: tuple[str, ...]) -> None:
    """生成公开栏海报（PDF），A4 和 A3。

    默认只生成现在能贴在公开栏上的：有效的规章制度、公示期内或刚过（posters.yml 的 wall_days 天内）的公告、
    最近几期（wall_periods）财务。--all 生成全部；也可以写记录的文件名（如 2026-05-11-dibao-gongshi），只生成这几份。
    """
    from .clock import today
    from .mkdocs_plugin.settings import read_project
    from .outputs.posters import NO_SITE_URL, build_posters, load_site_and_style

    config_file = config_file.resolve()
    project = read_project(config_file)
    try:
        site, style = load_site_and_style(config_file.parent, project.data_dir)
    except DataErrors as errors:
        raise errors.summarised("共发现 {count} 处错误，海报没有生成。请按提示修改后再试。") from None
    if not project.site_url:
        raise GongkailanError(NO_SITE_URL)
    target = out_dir or config_file.parent / "posters"
    transform = converter_for(project.language)
    written = build_posters(
        site,
        style,
        today(),
        project.site_url,
        target,
        project.use_directory_urls,
        transform,
        everything=everything,
        only=list(records),
        takedown_days=project.takedown_days,
    )
    click.echo(f"海报已生成：{len(written)} 个 PDF，在 {target}")


def _plugin_free(config_file: Path) -> tuple[dict[str, Any], Any, Any, Any]:
    """The project's settings, its checked data and poster style, for the plugin-free route."""
    from .clock import today
    from .load.history import build_history
    from .outputs.project import plugin_settings, read_config
    from .site.render import Renderer

    config = read_config(config_file)
    settings = plugin_settings(config)
    site, style = _check(config_file)
    # The same dates as the plugin's build: the data's and hand-written pages' git history.
    history = build_history(site, [settings.data_dir, str(config.get("docs_dir", "docs"))])
    renderer = Renderer(site, today(), settings.takedown_days, str(config.get("site_url") or ""), history)
    return config, settings, renderer, style if settings.posters else None


@main.command()
@config_option
@click.option(
    "-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True, help="输出目录"
)
@as_of_option
def pages(config_file: Path, out_dir: Path) -> None:
    """把整个网站写成普通的 MkDocs 项目（页面、开放数据、主题、mkdocs.yml），不需要公开栏插件也能生成。"""
    from .outputs.project import write_project

    config_file = config_file.resolve()
    _config, _settings, renderer, _style = _plugin_free(config_file)
    written = write_project(config_file, renderer.site, renderer, out_dir)
    click.echo(f"项目已写出：{written}。用 mkdocs build -f {written} 生成网站，再运行 gongkailan postbuild")


@main.command()
@config_option
@click.argument("site_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@as_of_option
def postbuild(config_file: Path, site_dir: Path) -> None:
    """对已生成的网站文件夹补做插件的工作：海报、搜索索引、繁体、隐私检查（-f 指原项目的 mkdocs.yml）。"""
    from .mkdocs_plugin.privacy_gate import material_files
    from .outputs.postbuild import Steps, run
    from .outputs.posters import NO_SITE_URL
    from .privacy.gate import hand_written_sources

    config_file = config_file.resolve()
    config, settings, renderer, style = _plugin_free(config_file)
    site_url = str(config.get("site_url") or "")
    if style is not None and not site_url:
        raise GongkailanError(NO_SITE_URL)
    plugins = config.get("plugins") or []
    names = {next(iter(p)) if isinstance(p, dict) else p for p in plugins}
    steps = Steps(
        renderer,
        settings.language,
        style,
        site_url,
        bool(config.get("use_directory_urls", True)),
        search=not names & {"search", "material/search"},
        gate_sources=hand_written_sources(renderer.site, config_file.parent / str(config.get("docs_dir", "docs"))),
        material_files=material_files(),
        docs_dir=str(config.get("docs_dir", "docs")),
        root=config_file.parent,
        site_name=renderer.site.name or str(config.get("site_name", "")),
    )
    run(site_dir.resolve(), steps)
    click.echo(f"网站已补全：{site_dir}")


@main.command("diff")
@config_option
@click.argument("base")
@click.argument("head", required=False)
def diff_command(config_file: Path, base: str, head: str | None) -> None:
    """用大白话说明两个 git 版本之间居民会看到的变化（Markdown）。

    BASE、HEAD 是分支名或提交号；不写 HEAD 时与当前文件比较。HEAD 的数据有错时列出错误并以 1 退出。
    """
    from .mkdocs_plugin.settings import read_project
    from .tools.changes import GitError, diff

    config_file = config_file.resolve()
    project = read_project(config_file)
    try:
        pages_dir = project.docs_dir.resolve().relative_to(config_file.parent).as_posix()
    except ValueError:
        pages_dir = None  # pages kept outside the project: not compared
    try:
        text, valid = diff(config_file.parent, project.data_dir, base, head, pages_dir)
    except GitError as failure:
        raise failure.during("无法比较") from None
    click.echo(text)
    if not valid:
        click.get_current_context().exit(1)  # the summary above lists HEAD's errors


@main.command()
@click.argument("revision", default="HEAD")
@click.option("--today", is_flag=True, help="用今天（北京时间）而不是提交日期")
@click.option(
    "--publish",
    is_flag=True,
    help="发布用：提交日期和今天取较晚的一天，旧提交发布时已撤下的名单不会重新出现",
)
def epoch(revision: str, today: bool, publish: bool) -> None:
    """输出 SOURCE_DATE_EPOCH：提交当天（北京时间）中午，同一提交两次生成的网站完全相同。"""
    from .tools.changes import GitError, beijing_today, commit_epoch, noon_epoch, publish_epoch

    try:
        if today:
            click.echo(noon_epoch(beijing_today()))
        else:
            click.echo(publish_epoch(Path.cwd(), revision) if publish else commit_epoch(Path.cwd(), revision))
    except GitError as failure:
        raise failure.during("无法读取提交日期") from None


@main.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="写入的 YAML 文件；不写时输出到屏幕",
)
@click.option("--period", default=None, help="账期，如 2026-10 或 2026-Q4；不写时按表里的日期判断")
@click.option("--opening", default=None, help="期初余额；不写时用表里的“期初余额”行或上一期文件的期末余额")
@click.option("--sheet", default=None, help="Excel 工作表名称；不写时用第一个")
def import_command(
    source: Path, output: Path | None, period: str | None, opening: str | None, sheet: str | None
) -> None:
    """把 Excel（.xlsx、.xls）、LibreOffice/WPS（.ods）或 CSV 记的账转换成账目 YAML 文件。"""
    from .tools.importer import import_file

    try:
        text = import_file(source, output, period=period, opening=opening, sheet=sheet)
    except DataErrors as errors:
        raise errors.summarised("共 {count} 处无法读取，没有写入文件。请改好表格后再导入。") from None
    if output is None:
        click.echo(text, nl=False)
        return
    if output.exists():
        raise GongkailanError(f"{output} 已经存在，没有覆盖。请换一个文件名，或先删除旧文件。")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    click.echo(f"已写入 {output}，请核对后提交。")


@main.command()
@config_option
@click.argument("kind", required=False)
@click.option(
    "--write",
    "write_to",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="把全部 JSON Schema 写进这个文件夹",
)
@click.option(
    "--modelines",
    is_flag=True,
    help="给 data/ 里每个数据文件的第一行加上（或改正）指向 Schema 的说明行，并把 Schema 文件放进 schemas/",
)
def schema(config_file: Path, kind: str | None, write_to: Path | None, modelines: bool) -> None:
    """生成编辑器用的 JSON Schema（由校验所用的模型生成），让编辑器自动补全、标出写错的键。"""
    from .tools.schemas import SCHEMA_DIR, add_modeline, data_files, install, render, schema_kinds, write

    known = schema_kinds()

    if kind is not None:
        if kind not in known:
            raise UsageProblem(f"没有“{kind}”这种数据文件，可选：{'、'.join(known)}")
        click.echo(render(kind), nl=False)
    if write_to is not None:
        for path in write(write_to):
            click.echo(f"已写入 {path}")
    if modelines:
        config_file = config_file.resolve()
        root = config_file.parent
        changed = [p for p in data_files(root, _data_dir(config_file)) if add_modeline(p, root)]
        click.echo(f"已给 {len(changed)} 个数据文件加上 Schema 说明行")
        # The lines point at schemas/ beside data/: keep it there and matching this version.
        if install(root):
            click.echo(f"已更新 {SCHEMA_DIR}/ 里的 Schema 文件")
    if kind is None and write_to is None and not modelines:
        click.echo("可选的数据文件种类：" + "、".join(known))


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option(
    "--name", required=True, help="社区、村、街道、镇或市、区的名称，例如 幸福里社区、六合村、幸福街道、青山镇、东湖区"
)
@click.option(
    "--level",
    type=click.Choice(["社区", "村", "街道", "镇", "乡", "市", "区", "县"]),
    default="社区",
    show_default=True,
    help="社区居委会、村委会，一个街道、镇（乡）的多个委员会，或一个市、区、县的多个街道和镇",
)
@click.option("--slug", default=None, help="委员会文件夹名（小写拼音），例如 xingfu；街道、镇不写")
@click.option("--url", required=True, help="网站将来的网址，例如 https://xingfu.example.org/")
@click.option(
    "--committee",
    "members",
    multiple=True,
    help=(
        "街道、镇所辖的委员会：名称=文件夹名，例如 --committee 六合村=liuhe（可写多次；名称以“村”结尾的是村委会）；"
        "市、区、县写成 街道或镇/名称=文件夹名，例如 --committee 青山镇/六合村=liuhe"
    ),
)
@click.option(
    "--site",
    "sites",
    multiple=True,
    help="市、区、县的门户：各街道、镇自己发布的网站的网址（可写多次），例如 --site https://donghu.example.org/xingfu/",
)
def init(
    directory: Path, name: str, level: str, slug: str | None, url: str, members: tuple[str, ...], sites: tuple[str, ...]
) -> None:
    """新建网站仓库：一个委员会的，一个街道、镇的（多个社区、村一个网站），一个市、区的（多个街道、镇一个网站），
    或一个市、区的门户（--site：各街道、镇分别发布网站）。"""
    from .tools.init_repo import AREA_LEVELS, CITY_LEVELS, area, city, committee, create, portal
    from .tools.scaffold import ScaffoldError

    try:
        if sites and (level not in CITY_LEVELS or members):
            raise ScaffoldError("--site 只用于市、区、县的门户：写 --level 区（或 市、县），不写 --committee")
        if sites:
            written = create(directory, portal(name, level, url, list(sites)))
        elif level in CITY_LEVELS:
            written = create(directory, city(name, level, url, list(members)))
        elif level in AREA_LEVELS:
            written = create(directory, area(name, level, url, list(members)))
        else:
            if not slug:
                raise ScaffoldError("请用 --slug 写委员会文件夹名（小写拼音），例如 --slug xingfu")
            if members:
                raise ScaffoldError("--committee 只用于街道、镇：请同时写 --level 街道 或 --level 镇")
            written = create(directory, committee(name, level, slug, url))
    except ScaffoldError as failure:
        raise GongkailanError(f"没有新建仓库：{failure.message}") from None
    root = directory.resolve()
    for path in written:
        click.echo(f"已新建 {path.resolve().relative_to(root).as_posix()}")
    if sites:
        click.echo(
            "下一步：核对 data/portal.yml 里各网站的网址，然后运行 bash scripts/setup 和 .venv/bin/gongkailan portal。"
        )
    elif level in CITY_LEVELS or level in AREA_LEVELS:
        click.echo(
            "下一步：核对 data/jiedao.yml，填写各委员会的 profile.yml，然后运行 bash scripts/setup 和 .venv/bin/gongkailan check。"
        )
    else:
        click.echo(f"下一步：填写 data/{slug}/profile.yml，然后运行 bash scripts/setup 和 .venv/bin/gongkailan check。")


@main.command()
@config_option
@click.option("--jobs", type=int, default=None, help="分成几个 CI 任务；不写时每个街道、镇一个")
@click.option(
    "--job", "number", type=int, default=None, help="只输出第几个任务（从 1 数起）的委员会，逗号分隔，供 --units 使用"
)
def shards(config_file: Path, jobs: int | None, number: int | None) -> None:
    """把一个城市的各委员会分给几个 CI 任务同时生成（按数据文件个数均分），输出 JSON 供 GitHub 的 matrix 使用。"""
    from .load.repository import load_site
    from .tools.shards import default_jobs, matrix_json, pick, plan, unit_weights

    config_file = config_file.resolve()
    data_dir = _data_dir(config_file)
    site = load_site(config_file.parent, data_dir)
    planned = plan(unit_weights(site, config_file.parent / data_dir), jobs if jobs is not None else default_jobs(site))
    click.echo(matrix_json(planned) if number is None else pick(planned, number))


@main.group()
def new() -> None:
    """新建数据文件：下一期账目、公告、制度（每个键都带中文说明，填空即可）。"""


committee_option = click.option("-c", "--committee", default=None, help="委员会文件夹名（只有一个委员会时可不写）")


def _created(make: Callable[[Path, str], Any]) -> None:
    from .tools.scaffold import ScaffoldError

    config_file = Path("mkdocs.yml").resolve() if Path("mkdocs.yml").is_file() else None
    root = config_file.parent if config_file else Path.cwd()
    data_dir = _data_dir(config_file) if config_file else "data"
    try:
        created = make(root, data_dir)
    except ScaffoldError as failure:
        raise failure.during("没有新建文件") from None
    click.echo(f"已新建 {created.path.relative_to(root).as_posix()}")
    for note in created.notes:
        click.echo(f"  {note}")
    click.echo("请填写空着的必填项，然后运行 .venv/bin/gongkailan check 检查。")


@new.command("ledger")
@click.argument("period", required=False)
@committee_option
def new_ledger(period: str | None, committee: str | None) -> None:
    """新建一期账目，如 2026-11 或 2026-Q4（不写时为最后一期的下一期）；期初余额按上期期末余额结转。"""
    from .tools.scaffold import new_ledger as make

    _created(lambda root, data_dir: make(root, data_dir, period, committee))


@new.command("notice")
@click.argument("name")
@committee_option
@click.option("--date", "on", default=None, help="发布日期，默认今天")
@click.option("--kind", default=None, help="类别，例如 公示、通知")
@as_of_option
def new_notice(name: str, committee: str | None, on: str | None, kind: str | None) -> None:
    """新建公告：NAME 是拼音文件名，例如 dibao-gongshi（文件名前会自动加上日期）。"""
    from .tools.scaffold import new_notice as make

    _created(lambda root, data_dir: make(root, data_dir, name, committee, on, kind))


@new.command("rule")
@click.argument("name")
@committee_option
def new_rule(name: str, committee: str | None) -> None:
    """新建规章制度：NAME 是拼音文件名，例如 yishi-guize。"""
    from .tools.scaffold import new_rule as make

    _created(lambda root, data_dir: make(root, data_dir, name, committee))


if __name__ == "__main__":
    main()
