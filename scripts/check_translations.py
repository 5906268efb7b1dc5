#!/usr/bin/env python3
"""Fail when a translatable string in the source has no Indonesian translation.

Runs `manage.py makemessages -l id` on a temporary copy of the source (the real catalogue is never
touched), then checks that every msgid it finds has a non-empty, non-fuzzy msgstr in
deskpilkada/locale/id/LC_MESSAGES/django.po, and that python-format placeholders such as %(count)s
are the same in the msgid and the msgstr. Needs GNU gettext's xgettext (Debian: apt-get install gettext).

Usage: scripts/check_translations.py [--locale id]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "deskpilkada"
NAMED = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]")
POSITIONAL = re.compile(r"%[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]")


def extract(locale: str) -> polib.POFile:
    """The catalogue makemessages would write today, built from scratch in a temporary copy."""
    with tempfile.TemporaryDirectory(prefix="check-translations-") as tmp:
        copy = Path(tmp)
        shutil.copytree(
            ROOT / PACKAGE,
            copy / PACKAGE,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "*.po"),
        )
        shutil.copy2(ROOT / "manage.py", copy / "manage.py")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": f"{PACKAGE}.settings",
            "DJANGO_DEBUG": "1",
            "DESK_VAR_DIR": str(copy / "var"),
            "DATABASE_URL": f"sqlite:///{copy / 'var' / 'db.sqlite3'}",
        }
        env.pop("PYTHONPATH", None)
        subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
            [sys.executable, "manage.py", "makemessages", "-l", locale, "--no-obsolete", "--verbosity", "0"],
            cwd=copy,
            env=env,
            check=True,
        )
        po_path = copy / PACKAGE / "locale" / locale / "LC_MESSAGES" / "django.po"
        if not po_path.exists():
            return polib.POFile()
        return polib.pofile(str(po_path))


def named(text: str) -> set[str]:
    """The names of %(name)s placeholders."""
    return set(NAMED.findall(text.replace("%%", "")))


def positional(text: str) -> int:
    """How many unnamed placeholders such as %s or %d."""
    return len(POSITIONAL.findall(NAMED.sub("", text.replace("%%", ""))))


def where(entry: polib.POEntry) -> str:
    if entry.occurrences:
        path, line = entry.occurrences[0]
        return f"{path}:{line}" if line else path
    return "?"


def problems(found: polib.POFile, catalogue: polib.POFile) -> list[str]:
    translated = {(e.msgctxt, e.msgid): e for e in catalogue if not e.obsolete}
    out = []
    for wanted in found:
        if wanted.obsolete or not wanted.msgid:
            continue
        label = f"{where(wanted)}: {wanted.msgid!r}" + (f" (context {wanted.msgctxt!r})" if wanted.msgctxt else "")
        entry = translated.get((wanted.msgctxt, wanted.msgid))
        if entry is None:
            out.append(f"missing     {label}")
            continue
        if entry.fuzzy:
            out.append(f"fuzzy       {label}")
            continue
        if wanted.msgid_plural:
            forms = list(entry.msgstr_plural.values())
            if entry.msgid_plural != wanted.msgid_plural or not forms or not all(forms):
                out.append(f"untranslated plural {label}")
                continue
            texts = forms
        else:
            if not entry.msgstr:
                out.append(f"untranslated {label}")
                continue
            texts = [entry.msgstr]
        if "python-format" in wanted.flags:
            allowed = named(wanted.msgid) | named(wanted.msgid_plural or "")
            for text in texts:
                unknown = named(text) - allowed
                if unknown:
                    out.append(f"placeholder {label}: msgstr {text!r} uses unknown %({sorted(unknown)[0]})s")
                elif positional(text) != positional(wanted.msgid):
                    out.append(f"placeholder {label}: msgstr {text!r} has another number of % placeholders")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locale", default="id")
    parser.add_argument("--catalogue", type=Path, help="the .po to check (default: the project's)")
    args = parser.parse_args(argv)

    if shutil.which("xgettext") is None:
        print("check_translations: xgettext not found; install GNU gettext (apt-get install gettext)", file=sys.stderr)
        return 2
    catalogue_path = args.catalogue or ROOT / PACKAGE / "locale" / args.locale / "LC_MESSAGES" / "django.po"
    if not catalogue_path.exists():
        print(f"check_translations: {catalogue_path} does not exist", file=sys.stderr)
        return 1
    found = extract(args.locale)
    catalogue = polib.pofile(str(catalogue_path))
    issues = problems(found, catalogue)
    counted = sum(1 for e in found if e.msgid and not e.obsolete)
    if issues:
        print(f"check_translations: {len(issues)} of {counted} strings lack a usable translation ({args.locale}):")
        for issue in issues:
            print(f"  {issue}")
        return 1
    print(f"check_translations: all {counted} strings are translated ({args.locale})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
