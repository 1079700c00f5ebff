"""Text search (`?q=`): one function for every list, its API and its Excel export.

For a large table (the asset ledger) `AddSearchIndex` in a migration creates trigram (pg_trgm) GIN
indexes over the searched fields read as one text, and the FilterSet says `search_indexed = True`:
on PostgreSQL the search then reads that same text, which the index serves. pg_trgm needs a run
of three characters in a word to use its index, and Chinese queries are often one or two
characters (钢琴, 桌): those search a second form of the text in which every character is its own
word ("钢琴" -> " 钢 琴 "), which pg_trgm indexes character by character. Other lists, and SQLite
(the embedded default), keep a plain `LIKE` per field.
"""

from __future__ import annotations

import re
from functools import reduce
from operator import or_

from django.db import connections
from django.db.migrations.operations.base import Operation
from django.db.models import F, Func, Q, QuerySet, TextField, Value
from django.db.models.functions import Cast, Coalesce, Upper
from django.db.models.sql import Query

# Between two fields: a query never matches across a field boundary (as per-field matches).
SEPARATOR = "\n"
# pg_trgm extracts index keys from a query word of at least this many characters.
TRIGRAM = 3
WORD = re.compile(r"\w+")


def search(
    queryset: QuerySet, fields: tuple[str, ...], value: str, *, indexed: bool = False
) -> QuerySet:
    """The rows of `queryset` where any of `fields` contains `value` (case-insensitive).

    `indexed`: `AddSearchIndex` made the trigram indexes over these fields (PostgreSQL): search
    the forms they index. Otherwise (small tables, related fields, SQLite) a LIKE per field,
    which costs less than building the indexed forms row by row."""
    value = (value or "").strip()
    if not value or not fields:
        return queryset
    if not indexed or connections[queryset.db].vendor != "postgresql":
        return queryset.filter(reduce(or_, (Q(**{f"{path}__icontains": value}) for path in fields)))
    if max((len(word) for word in WORD.findall(value)), default=0) >= TRIGRAM:
        return queryset.alias(_search_text=text_of(fields)).filter(_search_text__icontains=value)
    spaced = " " + " ".join(value) + " "
    return queryset.alias(_search_chars=chars_of(fields)).filter(_search_chars__icontains=spaced)


class SearchText(Func):
    """The searched fields as one text: `COALESCE(a::text, '') || E'\\n' || COALESCE(b::text, '')`.

    Flat on purpose (not nested `Concat` pairs): the index definition reads like the query."""

    template = "(%(expressions)s)"
    arg_joiner = " || "
    output_field = TextField()

    def __init__(self, *fields: str):
        parts: list = []
        for path in fields:
            if parts:
                parts.append(_text(SEPARATOR))
            parts.append(Coalesce(Cast(F(path), TextField()), _text("")))
        super().__init__(*parts)


def text_of(fields: tuple[str, ...]) -> SearchText:
    """The searched fields as one text (empty for NULL), fields separated by SEPARATOR."""
    return SearchText(*fields)


def _text(value: str) -> Value:
    return Value(value, output_field=TextField())


def chars_of(fields: tuple[str, ...]) -> Func:
    """The same text with a space after every character and one before the first: every
    character is a word of its own, so pg_trgm indexes single characters."""
    spaced = Func(
        text_of(fields),
        _text("(.)"),
        _text(r"\1 "),
        _text("g"),
        function="regexp_replace",
        output_field=TextField(),
    )
    return Func(
        _text(" "),
        spaced,
        template="(%(expressions)s)",
        arg_joiner=" || ",
        output_field=TextField(),
    )


def search_index_sql(model, schema_editor, fields: tuple[str, ...], name: str) -> list[str]:
    """CREATE INDEX statements of the two trigram indexes that serve `search` over `fields`.

    Django's `icontains` reads `UPPER(text) LIKE UPPER(pattern)`: the indexed expressions are
    those very texts, upper-cased and compiled by the same compiler, so the planner matches them
    (pg_trgm's GIN operator class serves LIKE)."""
    query = Query(model, alias_cols=False)
    compiler = query.get_compiler(connection=schema_editor.connection)
    table = schema_editor.quote_name(model._meta.db_table)
    statements = []
    for suffix, expression in (("text", text_of(fields)), ("chars", chars_of(fields))):
        sql, params = (
            Upper(expression).resolve_expression(query).as_sql(compiler, schema_editor.connection)
        )
        sql = sql % tuple(schema_editor.quote_value(p) for p in params)
        index = schema_editor.quote_name(f"{name}_{suffix}")
        statements.append(f"CREATE INDEX {index} ON {table} USING gin (({sql}) gin_trgm_ops)")
    return statements


class AddSearchIndex(Operation):
    """Migration operation: the trigram indexes of `search` over `fields` of `model_name`.

    PostgreSQL only (SQLite searches without an index). It changes no model state, so the model
    stays portable. `fields` must be the FilterSet's `search_fields` (frozen here, as a
    migration is); tests/core/test_search.py checks that the ledger's search uses the index."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, model_name: str, fields: list[str] | tuple[str, ...], name: str):
        self.model_name = model_name
        self.fields = tuple(fields)
        self.name = name

    def deconstruct(self):
        kwargs = {"model_name": self.model_name, "fields": list(self.fields), "name": self.name}
        return self.__class__.__qualname__, [], kwargs

    def state_forwards(self, app_label, state):
        pass  # no model state: see the class docstring

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = to_state.apps.get_model(app_label, self.model_name)
        for statement in search_index_sql(model, schema_editor, self.fields, self.name):
            schema_editor.execute(statement, params=None)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        for suffix in ("text", "chars"):
            index = schema_editor.quote_name(f"{self.name}_{suffix}")
            schema_editor.execute(f"DROP INDEX IF EXISTS {index}", params=None)

    def describe(self) -> str:
        return f"Trigram search indexes {self.name}_text/_chars on {self.model_name}"

    @property
    def migration_name_fragment(self) -> str:
        return f"{self.model_name.lower()}_search_index"
