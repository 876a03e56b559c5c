"""``--changed-since``: which files git says changed since a ref. git is optional otherwise."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from healthlint.errors import HealthlintError


class ChangedFilesError(HealthlintError):
    """git is missing, the folder is not a repository, or the ref is unknown."""


def _git(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)


def changed_files(ref: str, cwd: str | Path = ".") -> set[Path]:
    """Absolute paths of files added, modified or renamed since ``ref``, plus untracked files.

    Changes count from the merge base of ``ref`` and HEAD, as a pull request's diff does, so
    commits made on the target branch after this branch left it are not counted. Uncommitted
    edits count too: a pre-commit or local run sees what is about to be committed.
    """
    if shutil.which("git") is None:
        raise ChangedFilesError(
            "--changed-since needs git, which is not installed (or not on "
            "PATH); lint the paths without it"
        )
    cwd = Path(cwd).resolve()
    top = _git("rev-parse", "--show-toplevel", cwd=cwd)
    if top.returncode != 0:
        raise ChangedFilesError(f"--changed-since: {cwd} is not inside a git repository")
    root = Path(top.stdout.strip())
    if _git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", cwd=root).returncode != 0:
        raise ChangedFilesError(
            f"--changed-since: unknown git ref {ref!r} (in CI, fetch it first, e.g. "
            "actions/checkout with fetch-depth: 0)"
        )
    merge_base = _git("merge-base", ref, "HEAD", cwd=root)
    # Unrelated histories or a shallow clone have no merge base: compare with the ref itself.
    base = merge_base.stdout.strip() if merge_base.returncode == 0 else ref
    diff = _git("diff", "--name-only", "-z", "--diff-filter=ACMRT", base, "--", cwd=root)
    if diff.returncode != 0:
        raise ChangedFilesError(f"--changed-since: git diff failed: {diff.stderr.strip()}")
    untracked = _git("ls-files", "--others", "--exclude-standard", "-z", cwd=root)
    names = diff.stdout.split("\0") + untracked.stdout.split("\0")
    return {(root / name).resolve() for name in names if name}


def only_changed(files: list[str], ref: str) -> list[str]:
    """The files (as discovered) that changed since ``ref``; standard input is always kept."""
    changed = changed_files(ref)
    return [f for f in files if f == "-" or Path(f).resolve() in changed]
