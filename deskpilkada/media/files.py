"""News files as a desk hands them over (the upload form, ``manage.py ingest_media``): text or HTML files, and
zip archives opened into their members. The bytes are passed on as received; the engine decides what they are."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

MAX_ZIP_MEMBERS = 200
MAX_MEMBER_BYTES = 2 * 1024 * 1024 + 1  # one byte over the engine's limit, so an oversized file gets its status
NEWS_SUFFIXES = (".txt", ".html", ".htm", ".zip")


def expand_archives(files: Iterable[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """(name, bytes) of each file, a zip archive replaced by its members (at most ``MAX_ZIP_MEMBERS``, each read
    up to ``MAX_MEMBER_BYTES``). A file that only looks like a zip is kept as it is (the engine gives it its
    status)."""
    contents: list[tuple[str, bytes]] = []
    for name, data in files:
        if name.lower().endswith(".zip") or data[:4] == b"PK\x03\x04":
            try:
                archive = zipfile.ZipFile(io.BytesIO(data))
            except zipfile.BadZipFile:
                contents.append((name, data))
                continue
            members = [m for m in archive.infolist() if not m.is_dir()][:MAX_ZIP_MEMBERS]
            for member in members:
                with archive.open(member) as handle:
                    contents.append((member.filename, handle.read(MAX_MEMBER_BYTES)))
        else:
            contents.append((name, data))
    return contents


def news_paths(paths: Iterable[Path]) -> list[Path]:
    """The files named, and in each directory named its news files (``NEWS_SUFFIXES``, in name order)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in NEWS_SUFFIXES))
        else:
            found.append(path)
    return found
