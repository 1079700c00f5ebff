"""The OpenAPI schema says what the API really answers, refusals included.

drf-spectacular documents only the success of each operation; a client (and schemathesis in
tests/test_api_schema.py) then meets undocumented 400/403/404 answers. Every operation here also
lists the refusals the API gives, with the body every refusal has.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers

# A refusal is an object: `detail` (and `code`) for the whole request, or one list of messages per
# invalid field named by the field (a field may be called `code`, hence no types on these two).
# A step refused with a bare sentence is a list of sentences.
ERROR_SCHEMA = {
    "description": "A refusal: `detail` and `code`, or messages per invalid field.",
    "anyOf": [
        {
            "type": "object",
            "properties": {"detail": {}, "code": {}},
            "additionalProperties": {},
        },
        {"type": "array", "items": {"type": "string"}},
    ],
}
REFUSALS = {
    "400": "Invalid input: the body or a query parameter, named in the answer.",
    "401": "No valid token or session.",
    "403": "The role may not do this.",
    "404": "Not found: another school's or an unknown record, or a page past the last.",
    "409": "The step is not possible in the record's current status.",
}
WRITES = {"POST", "PUT", "PATCH"}
# DRF's TimeField reads and writes "07:30" / "07:30:00"; JSON Schema's "time" format demands an
# offset ("07:30:00Z") that the API never sends, so times are described by their pattern.
TIME_SCHEMA = {"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$", "example": "07:30"}


class AutoSchema(SpectacularAutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is not None:
            self._add_refusals(operation)
        return operation

    def _refusal_codes(self, operation) -> list[str]:
        takes_query = any(p.get("in") == "query" for p in operation.get("parameters", []))
        codes = ["401", "403", "404"]
        if self.method in WRITES or takes_query or self.method == "DELETE":
            # Bodies and query parameters are validated; a record others refer to stays.
            codes.insert(0, "400")
        if self.method == "POST" and "{" in self.path:
            codes.append("409")  # workflow steps on a record
        return codes

    def _add_refusals(self, operation) -> None:
        component = ResolvedComponent(
            name="Error", type=ResolvedComponent.SCHEMA, object="Error", schema=ERROR_SCHEMA
        )
        self.registry.register_on_missing(component)
        responses = operation["responses"]
        for code in self._refusal_codes(operation):
            responses.setdefault(
                code,
                {
                    "description": REFUSALS[code],
                    "content": {"application/json": {"schema": component.ref}},
                },
            )

    def _get_paginator(self):
        # Only `list` pages; an action answering a list (a request's events) answers all of it.
        if getattr(self.view, "action", None) != "list":
            return None
        return super()._get_paginator()

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.TimeField) and schema.get("format") == "time":
            schema = {**schema, **TIME_SCHEMA}
            del schema["format"]
        return schema
