"""Reads for the API reference page: the OpenAPI document, shaped into what a template can walk.

The structure holds no translated words, only the API's own (English) texts and type building blocks,
so one copy serves both languages; the template and `api_reference_tags` put the words around it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ninja import NinjaAPI

Schema = dict[str, Any]

REF_PREFIX = "#/components/schemas/"
HTTP_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Simple:
    """A JSON type such as `string` or `null`, with its format (`date`, `uri`) when it has one."""

    name: str
    format: str = ""


@dataclass(frozen=True)
class Named:
    """An object schema of the document, shown by its name."""

    name: str


@dataclass(frozen=True)
class Choice:
    """An enumeration: the value must be one of these."""

    values: tuple[str, ...]


@dataclass(frozen=True)
class ListOf:
    item: TypeExpr


@dataclass(frozen=True)
class MapOf:
    """An object with free keys, all of whose values have one type."""

    value: TypeExpr


@dataclass(frozen=True)
class AnyOf:
    options: tuple[TypeExpr, ...]


TypeExpr = Simple | Named | Choice | ListOf | MapOf | AnyOf


@dataclass(frozen=True)
class Field:
    name: str
    type: TypeExpr
    required: bool
    description: str
    default: str | None  # as JSON, so that an empty string default still shows as ""


@dataclass(frozen=True)
class Parameter:
    location: str  # path, query or header
    field: Field


@dataclass(frozen=True)
class SchemaTable:
    name: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class RequestBody:
    type: TypeExpr
    required: bool
    tables: tuple[SchemaTable, ...]


@dataclass(frozen=True)
class Response:
    status: str
    description: str
    type: TypeExpr | None
    tables: tuple[SchemaTable, ...]  # only for success responses; errors all share one documented format


@dataclass(frozen=True)
class Operation:
    id: str
    method: str
    path: str
    summary: str
    description: str
    needs_token: bool
    parameters: tuple[Parameter, ...]
    request_body: RequestBody | None
    responses: tuple[Response, ...]


@dataclass(frozen=True)
class TagGroup:
    tag: str
    operations: tuple[Operation, ...]


@dataclass(frozen=True)
class ApiReference:
    title: str
    version: str
    groups: tuple[TagGroup, ...]


# The API comes in as an argument rather than an import: importing talentas.api.urls here would pull every
# app's routers into this module's type checking.
@functools.lru_cache(maxsize=1)
def api_reference(api: NinjaAPI) -> ApiReference:
    """Every operation of the API grouped by tag, in the document's order. Built once per process: the
    document only changes with the code. No database queries."""
    document = api.get_openapi_schema()
    components: dict[str, Schema] = document.get("components", {}).get("schemas", {})
    groups: dict[str, list[Operation]] = {}
    for path, path_item in document["paths"].items():
        for method in HTTP_METHODS:
            if method in path_item:
                operation = path_item[method]
                tag = (operation.get("tags") or ["other"])[0]
                groups.setdefault(tag, []).append(_operation(method, path, operation, components))
    return ApiReference(
        title=document["info"]["title"],
        version=document["info"]["version"],
        groups=tuple(TagGroup(tag=tag, operations=tuple(operations)) for tag, operations in groups.items()),
    )


def _operation(method: str, path: str, operation: Schema, components: dict[str, Schema]) -> Operation:
    body = operation.get("requestBody")
    return Operation(
        id=operation["operationId"],
        method=method.upper(),
        path=path,
        summary=operation.get("summary", ""),
        description=operation.get("description", ""),
        needs_token=bool(operation.get("security")),
        parameters=tuple(_parameter(parameter, components) for parameter in operation.get("parameters", [])),
        request_body=_request_body(body, components) if body else None,
        responses=tuple(
            _response(status, response, components) for status, response in operation.get("responses", {}).items()
        ),
    )


def _parameter(parameter: Schema, components: dict[str, Schema]) -> Parameter:
    schema = parameter.get("schema", {})
    # ninja puts a parameter's description on the parameter or only on its schema
    description = parameter.get("description") or schema.get("description", "")
    field = _field(parameter["name"], schema, parameter.get("required", False), components, description)
    return Parameter(location=parameter["in"], field=field)


def _request_body(body: Schema, components: dict[str, Schema]) -> RequestBody | None:
    schema = _json_schema(body)
    if schema is None:
        return None
    return RequestBody(
        type=_type(schema, components), required=body.get("required", False), tables=_tables(schema, components)
    )


def _response(status: int | str, response: Schema, components: dict[str, Schema]) -> Response:
    schema = _json_schema(response)
    code = str(status)  # ninja keys responses by int; the JSON document by string
    return Response(
        status=code,
        description=response.get("description", ""),
        type=_type(schema, components) if schema is not None else None,
        tables=_tables(schema, components) if schema is not None and code.startswith("2") else (),
    )


def _json_schema(body: Schema) -> Schema | None:
    content = body.get("content", {})
    media = content.get("application/json") or next(iter(content.values()), None)
    return media.get("schema") if media else None


def _type(schema: Schema, components: dict[str, Schema]) -> TypeExpr:
    if "$ref" in schema:
        name = _ref_name(schema)
        target = components.get(name, {})
        return Choice(_enum_values(target)) if "enum" in target else Named(name)
    options = schema.get("anyOf") or schema.get("oneOf") or schema.get("allOf")
    if options:
        types = tuple(_type(option, components) for option in options)
        return types[0] if len(types) == 1 else AnyOf(types)
    if "enum" in schema:
        return Choice(_enum_values(schema))
    kind = schema.get("type", "any")
    if isinstance(kind, list):  # OpenAPI 3.1 allows ["string", "null"]
        return AnyOf(tuple(_type({**schema, "type": each}, components) for each in kind))
    if kind == "array":
        return ListOf(_type(schema.get("items", {}), components))
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return MapOf(_type(schema["additionalProperties"], components))
    if kind == "object" and "properties" in schema:
        return Named(schema.get("title", "object"))
    return Simple(kind, schema.get("format", ""))


def _enum_values(schema: Schema) -> tuple[str, ...]:
    return tuple(str(value) for value in schema["enum"])


def _tables(schema: Schema, components: dict[str, Schema]) -> tuple[SchemaTable, ...]:
    """The fields of the object the schema describes, then of each object schema those fields refer to.

    Only one level deep: schemas refer to each other (a plan's objectives' actions' indicators), and deeper
    ones are named in the type column, so the page stays finite and readable.
    """
    found = _object(schema, components)
    if found is None:
        return ()
    name, top = found
    tables = [_table(name, top, components)]
    seen = {name}
    for field_schema in top["properties"].values():
        for ref in _refs(field_schema):
            target = components.get(ref, {})
            if ref not in seen and "properties" in target:
                seen.add(ref)
                tables.append(_table(ref, target, components))
    return tuple(tables)


def _object(schema: Schema, components: dict[str, Schema]) -> tuple[str, Schema] | None:
    """The name and schema of the object a body carries, looking through references, lists and nullability."""
    if "$ref" in schema:
        name = _ref_name(schema)
        target = components.get(name, {})
        return (name, target) if "properties" in target else None
    if schema.get("type") == "array":
        return _object(schema.get("items", {}), components)
    for option in schema.get("anyOf", []):
        found = _object(option, components)
        if found is not None:
            return found
    if "properties" in schema:
        return schema.get("title", "object"), schema
    return None


def _refs(schema: Schema) -> Iterator[str]:
    if "$ref" in schema:
        yield _ref_name(schema)
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            yield from _refs(option)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from _refs(schema[key])


def _table(name: str, schema: Schema, components: dict[str, Schema]) -> SchemaTable:
    required = set(schema.get("required", []))
    fields = tuple(
        _field(field_name, field_schema, field_name in required, components, field_schema.get("description", ""))
        for field_name, field_schema in schema["properties"].items()
    )
    return SchemaTable(name=name, fields=fields)


def _field(name: str, schema: Schema, required: bool, components: dict[str, Schema], description: str) -> Field:
    default = json.dumps(schema["default"], ensure_ascii=False) if "default" in schema else None
    return Field(name=name, type=_type(schema, components), required=required, description=description, default=default)


def _ref_name(schema: Schema) -> str:
    return schema["$ref"].removeprefix(REF_PREFIX)
