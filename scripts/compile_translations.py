#!/usr/bin/env python3
"""Compile every deskpilkada/locale/*/LC_MESSAGES/*.po to .mo with polib (no system gettext needed).

Usage: scripts/compile_translations.py [--force]
A .mo newer than its .po is left alone unless --force. Fuzzy and untranslated entries are left out, as msgfmt does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "deskpilkada" / "locale"


def compile_catalog(po_path: Path) -> Path:
    """Write the .mo beside the .po; returns its path."""
    catalog = polib.pofile(str(po_path))
    # polib writes only translated entries (not fuzzy, not obsolete, not empty), as msgfmt does.
    mo_path = po_path.with_suffix(".mo")
    catalog.save_as_mofile(str(mo_path))
    return mo_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="recompile even when the .mo is up to date")
    args = parser.parse_args(argv)

    po_files = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))
    if not po_files:
        print(f"compile_translations: no .po files under {LOCALE_DIR.relative_to(ROOT)}", file=sys.stderr)
        return 0
    for po_path in po_files:
        mo_path = po_path.with_suffix(".mo")
        if not args.force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        compile_catalog(po_path)
        print(f"compile_translations: {mo_path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
