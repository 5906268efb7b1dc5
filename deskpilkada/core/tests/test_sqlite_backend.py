"""The SQLite backend refreshes the planner's statistics when a connection closes (PRAGMA optimize)."""

from __future__ import annotations

import sqlite3

import pytest
from django.db import connections

from deskpilkada.core.sqlite.base import DatabaseWrapper


def _wrapper(path) -> DatabaseWrapper:
    settings = dict(connections["default"].settings_dict)
    settings.update({"ENGINE": "deskpilkada.core.sqlite", "NAME": str(path), "OPTIONS": {}, "TEST": {}})
    return DatabaseWrapper(settings, alias="optimize-test")


def test_closing_a_connection_analyzes_the_tables_its_queries_used(tmp_path, django_db_blocker):
    path = tmp_path / "optimize.sqlite3"
    setup = sqlite3.connect(path)
    setup.executescript(
        "CREATE TABLE item (id INTEGER PRIMARY KEY, status TEXT, region TEXT);"
        "CREATE INDEX item_status ON item (status); CREATE INDEX item_region ON item (region);"
    )
    setup.executemany("INSERT INTO item (status, region) VALUES (?, ?)", [("open", f"r{i % 500}") for i in range(5000)])
    setup.commit()
    setup.close()

    with django_db_blocker.unblock():
        wrapper = _wrapper(path)
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM item WHERE status = 'open' AND region = 'r7'")
        wrapper.close()

    check = sqlite3.connect(path)
    analyzed = {row[0] for row in check.execute("SELECT tbl FROM sqlite_stat1")}
    check.close()
    assert "item" in analyzed


def test_the_default_sqlite_database_uses_the_project_backend(settings):
    if connections["default"].vendor != "sqlite":
        pytest.skip("the PostgreSQL run uses Django's PostgreSQL backend")
    assert isinstance(connections["default"], DatabaseWrapper)
