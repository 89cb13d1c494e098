"""When each data file was first published and last changed: the git history, read once per build.

One ``git log`` over the data (and hand-written pages) gives every file's revisions, renames
followed, along main's first-parent line: the date a change landed on main is the date it was
published, whether it came as a commit or as a merged pull request. The 街道's 3,400 files cost
one process, not one per page. Old versions of rules, notices and ledgers are read in one
``git cat-file --batch`` and validated with the same models, so a change to the YAML's comments
or layout alone is no change at all, and a change to what residents read is one (更正).

A shallow clone (CI checks out one commit unless told otherwise) starts its history at the
checked-out commit, which would make every file look published today; a build outside git (a
tarball) has no history. Both are said plainly (``state``) instead of showing wrong dates.
Nothing here knows MkDocs or pages: ``generator/site/provenance.py`` turns this into page text.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from ..errors import Collector
from ..model import kinds
from ..model.committee import Site
from ..privacy import masking
from ..source.document import Document
from ..source.yamlload import YamlProblem, decode, load
from .repository import load_record  # the loader's own validation, not a copy of it

BEIJING = timezone(timedelta(hours=8))
State = Literal["full", "shallow", "outside"]
# Kinds whose every published version is kept apart: their changes after publication are
# 更正 (notices, ledgers) or a rule's amended articles, shown on history pages and in diffs.
VERSIONED = ("rules", "notices", "finance")
# The record's own date of publication, for files whose history starts after it (a bulk import).
OWN_DATES = ("published_on", "adopted_on")


@dataclass(frozen=True)
class Revision:
    """One commit on main that changed a file."""

    commit: str
    day: date  # when it landed on main, Beijing time
    message: str
    path: str  # the file's path at that commit, relative to the project root
    blob: str  # the file's content id at that commit


@dataclass
class Version:
    """A record as it was published at one revision."""

    revision: Revision
    model: Any  # the validated record, masked; None when today's format cannot read it
    changed: bool  # what residents read differs from the version before (False: layout only)
    correction: bool  # changed after first publication, for a kind where that is a 更正


@dataclass
class History:
    state: State
    revisions: dict[str, list[Revision]] = field(default_factory=dict)  # current path -> oldest first
    top: Path | None = None  # the repository's top, for reading old contents
    versions: dict[str, list[Version]] = field(default_factory=dict)  # current path -> oldest first

    @property
    def known(self) -> bool:
        return self.state == "full"

    def of(self, path: str) -> list[Revision]:
        return self.revisions.get(path, [])

    def versions_of(self, path: str) -> list[Version]:
        return self.versions.get(path, [])

    @classmethod
    def unknown(cls, state: State = "outside") -> History:
        return cls(state)


def _git(top: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotePath=false", *args], cwd=top, input=stdin, capture_output=True, check=False
        )
    except (FileNotFoundError, NotADirectoryError):  # no git installed: a build outside git
        return None
    return done.stdout if done.returncode == 0 else None


def _day(epoch: str) -> date:
    return datetime.fromtimestamp(int(epoch), tz=UTC).astimezone(BEIJING).date()


def _message(subject: str, body: str) -> str:
    # A merged pull request's subject is "Merge pull request #12 from …"; its title is the body's first line.
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    if subject.startswith("Merge ") and lines:
        return lines[0]
    return subject.strip()


def parse_log(raw: bytes, prefix: str) -> dict[str, list[Revision]]:
    """Current path -> revisions, from ``git log --raw -z`` output (newest commit first).

    Played oldest first: an add starts a file's history, a rename carries it to the new
    name, a delete ends it (a file added again later starts afresh: it was taken down).
    """
    commits = raw.decode("utf-8", "replace").split("\x1e")[1:]
    alive: dict[str, list[Revision]] = {}
    for chunk in reversed(commits):
        header, _, entries = chunk.partition("\0")
        sha, epoch, subject, body = ([*header.split("\x1f"), "", "", "", ""])[:4]
        when, message = _day(epoch), _message(subject, body)
        tokens = entries.lstrip("\n").split("\0")
        at = 0
        while at < len(tokens):
            meta = tokens[at]
            if not meta.startswith(":"):
                at += 1
                continue
            fields = meta.split()
            blob, status = fields[3], fields[4]
            if status[0] in "RC":
                old, new = tokens[at + 1], tokens[at + 2]
                at += 3
            else:
                old = new = tokens[at + 1]
                at += 2
            old, new = old.removeprefix(prefix), new.removeprefix(prefix)
            if status[0] == "D":
                alive.pop(old, None)
                continue
            before = alive.pop(old, []) if status[0] == "R" else alive.get(new, [])
            alive[new] = [*before, Revision(sha, when, message, new, blob)]
    return alive


def read_history(root: Path, folders: Iterable[str]) -> History:
    """Every file's revisions under ``folders`` of the project at ``root``, in one git call."""
    top_raw = _git(root, "rev-parse", "--show-toplevel")
    if top_raw is None:
        return History("outside")
    top = Path(top_raw.decode().strip())
    if (_git(top, "rev-parse", "--is-shallow-repository") or b"").strip() == b"true":
        return History("shallow", top=top)
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    log = _git(
        top,
        "log",
        "--first-parent",
        "-m",
        "-M",
        "--raw",
        "--no-abbrev",
        "-z",
        "--format=%x1e%H%x1f%ct%x1f%s%x1f%b",
        "--",
        *(prefix + f for f in folders),
    )
    if log is None:  # a repository without a commit yet
        return History("full", top=top)
    return History("full", parse_log(log, prefix), top)


def read_blobs(top: Path, ids: Iterable[str]) -> dict[str, bytes]:
    """The contents of many blobs through one ``git cat-file --batch``."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return {}
    raw = _git(top, "cat-file", "--batch", stdin="".join(f"{i}\n" for i in wanted).encode())
    out: dict[str, bytes] = {}
    at = 0
    while raw is not None and at < len(raw):
        end = raw.index(b"\n", at)
        head = raw[at:end].split()
        at = end + 1
        if len(head) < 3 or head[1] != b"blob":
            continue
        size = int(head[2])
        out[head[0].decode()] = raw[at : at + size]
        at += size + 1
    return out


def _parse(doc: Document[Any], folder: str, raw: bytes) -> BaseModel | None:
    """One old version of ``doc``'s file, validated like today's (None if it no longer validates)."""
    try:
        located = load(decode(raw))
    except YamlProblem:
        return None
    if not isinstance(located.data, dict):
        return None
    return load_record(kinds.by_folder(folder), located, doc.path, Collector())  # type: ignore[no-any-return]


def add_versions(history: History, site: Site) -> History:
    """Read the published versions of every rule, notice and ledger that changed after it was added.

    Records with one revision need nothing read: their only version is today's.
    """
    if not history.known:
        return history
    public = masking.site_public_numbers(site)
    docs = [(folder, doc) for c in site.committees for folder in VERSIONED for doc in c.of(folder)]
    wanted = [r.blob for _, doc in docs for r in history.of(doc.path)[:-1] if len(history.of(doc.path)) > 1]
    blobs = read_blobs(history.top, wanted) if history.top is not None else {}
    for folder, doc in docs:
        revisions = history.of(doc.path)
        versions: list[Version] = []
        for index, revision in enumerate(revisions):
            if index == len(revisions) - 1:
                model: Any = doc.model  # today's, already masked
            else:
                raw = blobs.get(revision.blob)
                parsed = _parse(doc, folder, raw) if raw is not None else None
                model = masking.protect_model(parsed, public) if parsed is not None else None
            previous = versions[-1].model if versions else None
            # A version today's format cannot read is not claimed to be a change: nothing shows it.
            changed = bool(versions) and model is not None and previous is not None and model != previous
            correction = changed and folder in ("notices", "finance")
            versions.append(Version(revision, model, changed, correction))
        history.versions[doc.path] = versions
    return history


def own_date(model: BaseModel) -> date | None:
    """The date the record itself says it was published (or adopted)."""
    for name in OWN_DATES:
        value = getattr(model, name, None)
        if isinstance(value, date):
            return value
    return None


def build_history(site: Site, folders: Iterable[str]) -> History:
    """The site's history with the versions of its rules, notices and ledgers: what a build needs."""
    return add_versions(read_history(site.root, folders), site)
