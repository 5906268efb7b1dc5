"""Django's SQLite backend, plus the upkeep SQLite asks of applications with short-lived connections.

SQLite keeps no planner statistics unless told to. Without them, a subtree filter over many cases
(``region__code__subtree="13"``) is planned from the status index and reads every open case in the country
(150 ms with 200,000 cases) instead of starting from the region code index (7 ms). SQLite's advice for
applications whose connections are short-lived (ours: one per request) is ``PRAGMA optimize`` before each
close: usually a no-op, it runs ANALYZE on the tables whose statistics are missing or grew stale (SQLite 3.40
re-analyzes a table when its size has changed about tenfold), so the full ANALYZE is rare: 140 ms for 200,000
cases. A sampled ANALYZE (``analysis_limit``) is not used: it misjudged a four-valued column as near-unique and
brought back the slow plan. PostgreSQL needs none of this (autovacuum).
"""

from __future__ import annotations

from django.db import DatabaseError
from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def _close(self):
        if self.connection is not None and not self.in_atomic_block:
            try:
                with self.wrap_database_errors:
                    self.connection.execute("PRAGMA optimize")
            except DatabaseError:
                pass  # upkeep only: a busy or read-only database must not fail the request
        super()._close()
