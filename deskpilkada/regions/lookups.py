"""Field lookups for Kemendagri code paths: `code__subtree="13.75"` (the region and below) and `code__below`.

A subtree is a prefix match on the dotted code. The SQL differs by database so that each uses its index:
PostgreSQL answers `LIKE '13.75.%'` from the `varchar_pattern_ops` index Django creates for indexed char
columns, while SQLite's LIKE is case-insensitive and cannot use an index, so there the prefix becomes a range
(`code >= '13.75.' AND code < '13.75/'`, '/' being the character after '.'), exact under SQLite's binary collation.
"""

from django.db.models import CharField, Lookup


class _CodePathLookup(Lookup):
    include_self = False

    def _parts(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        code = str(self.rhs)
        return lhs, list(lhs_params), code

    def as_sql(self, compiler, connection):  # PostgreSQL and others
        lhs, params, code = self._parts(compiler, connection)
        pattern = code.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ".%"
        if self.include_self:
            return f"({lhs} = %s OR {lhs} LIKE %s)", [*params, code, *params, pattern]
        return f"{lhs} LIKE %s", [*params, pattern]

    def as_sqlite(self, compiler, connection):
        lhs, params, code = self._parts(compiler, connection)
        sql = f"({lhs} >= %s AND {lhs} < %s)"
        range_params = [*params, code + ".", *params, code + "/"]
        if self.include_self:
            return f"({lhs} = %s OR {sql})", [*params, code, *range_params]
        return sql, range_params


@CharField.register_lookup
class Below(_CodePathLookup):
    """Strictly below the region: `Region.objects.filter(code__below="13.75")` is its districts and villages."""

    lookup_name = "below"
    prepare_rhs = False


@CharField.register_lookup
class Subtree(_CodePathLookup):
    """The region and everything below it."""

    lookup_name = "subtree"
    prepare_rhs = False
    include_self = True
