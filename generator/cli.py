"""Command line: the same core as the MkDocs plugin, for editors, CI and printers."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from .errors import DataErrors
from .repository import load_site


def _data_dir(config_file: Path) -> str:
    from mkdocs.config import load_config

    config = load_config(config_file=str(config_file))
    plugin = config.plugins.get("gongkailan")
    return plugin.config.data_dir if plugin is not None else "data"


def _check(config_file: Path) -> bool:
    try:
        load_site(config_file.parent, _data_dir(config_file))
    except DataErrors as errors:
        click.echo(errors.report(), err=True)
        return False
    return True


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
    """公开栏:检查居务数据、生成公开网站。"""


@main.command()
@config_option
def check(config_file: Path) -> None:
    """只检查数据,列出所有错误。"""
    if not _check(config_file.resolve()):
        sys.exit(1)
    click.echo("数据检查通过。")


@main.command()
@config_option
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None, help="输出目录")
@click.option("-q", "--quiet", is_flag=True, help="只显示警告和错误")
def build(config_file: Path, site_dir: Path | None, quiet: bool) -> None:
    """检查数据并生成网站;只有全部成功才替换 site/。"""
    from .sitebuild import BuildFailed, build_site

    config_file = config_file.resolve()
    if not _check(config_file):
        sys.exit(1)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.WARNING if quiet else logging.INFO)
    try:
        target = build_site(config_file, site_dir)
    except BuildFailed as exc:
        click.echo(f"网站生成失败,原有网站保持不变:{exc}", err=True)
        sys.exit(1)
    click.echo(f"网站已生成:{target}")


@main.command()
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("data"), show_default=True)
@click.option(
    "--write",
    "write_to",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="把说明写进这个文件的标记之间(一般是 README.md)",
)
def guide(data_dir: Path, write_to: Path | None) -> None:
    """输出数据格式说明(由校验所用的模型生成)。"""
    from .guide import render_guide, replace_in

    text = render_guide(data_dir if data_dir.is_dir() else None)
    if write_to is None:
        click.echo(text)
        return
    write_to.write_text(replace_in(write_to.read_text(encoding="utf-8"), text), encoding="utf-8")
    click.echo(f"已更新 {write_to}")


if __name__ == "__main__":
    main()
