"""Model fields of the portal's own."""

from django.db import models
from django.db.models import Lookup


class TokenListField(models.JSONField):
    """A list of strings stored as a JSON array, with the lookup ``has_token``: does the list
    hold this string? PostgreSQL answers from the jsonb value itself (``?``, which a GIN index
    can serve); SQLite looks through ``json_each``."""


@TokenListField.register_lookup
class HasToken(Lookup):
    lookup_name = "has_token"
    prepare_rhs = False  # a plain string, not a JSON document

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return (
            f"EXISTS (SELECT 1 FROM json_each({lhs}) WHERE json_each.value = {rhs})",
            [*lhs_params, *rhs_params],
        )

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"({lhs} ? {rhs})", [*lhs_params, *rhs_params]
