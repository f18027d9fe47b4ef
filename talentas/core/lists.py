"""One way to show a staff list: django-filter narrows it, django-tables2 sorts and paginates it, and
`?export=csv` or `?export=xlsx` downloads the same rows (every page, with the same filter and sort) through
`core.exports`, so that no export can carry a formula.

A view builds its list with `staff_list(...)`, returns `listing.export` when there is one, and otherwise renders
its page with `{% include "core/partials/staff_list.html" %}`. Tables subclass `StaffTable`, which renders with
the shared template: a caption, column headers with `scope`, sortable headers as links with `aria-sort`, and rows
that turn into stacked cards on a phone (each cell labelled by its column), so nothing scrolls sideways.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import django_tables2 as tables
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_filters import FilterSet

from . import exports

PAGE_SIZE = 20
EXPORT_FORMATS = ("csv", "xlsx")


class StaffTable(tables.Table):
    """A staff list's table; `caption` (translatable) names it for screen readers and above the table."""

    caption: Any = ""

    class Meta:
        template_name = "core/partials/staff_table.html"
        order_by_field = "sort"
        page_field = "page"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # django-tables2 passes Meta on only to a subclass that declares `class Meta(StaffTable.Meta)`; these
        # defaults hold for every staff table, whether or not it has a Meta of its own.
        kwargs.setdefault("template_name", StaffTable.Meta.template_name)
        kwargs.setdefault("order_by_field", StaffTable.Meta.order_by_field)
        kwargs.setdefault("page_field", StaffTable.Meta.page_field)
        super().__init__(*args, **kwargs)


@dataclass
class StaffList:
    table: StaffTable
    filterset: FilterSet | None
    # The current query without the page number, for the pagination links.
    query: str
    export: HttpResponse | None = None


def staff_list(
    request: HttpRequest,
    *,
    queryset: QuerySet,
    table_class: type[StaffTable],
    table_options: dict[str, Any] | None = None,
    filterset_class: type[FilterSet] | None = None,
    export_name: str = "",
    per_page: int = PAGE_SIZE,
) -> StaffList:
    """Filter `queryset` by the request's query, show it in a `table_class` table (`table_options`, such as
    `extra_columns`, go to the table) sorted by `?sort=` and paginated, or, when `?export=csv|xlsx` asks for it
    and `export_name` is given, the whole filtered and sorted list as a download.

    The queries stay constant whatever the number of rows: one count and one page (or one query for an export),
    given a queryset whose related objects are already selected."""
    filterset = filterset_class(request.GET, queryset=queryset, request=request) if filterset_class else None
    rows = filterset.qs if filterset is not None else queryset
    table = table_class(rows, **(table_options or {}))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    listing = StaffList(table=table, filterset=filterset, query=query.urlencode())
    export_format = request.GET.get("export", "")
    if export_name and export_format in EXPORT_FORMATS:
        tables.RequestConfig(request, paginate=False).configure(table)
        header, *values = table.as_values()
        filename = f"{export_name}.{export_format}"
        if export_format == "csv":
            listing.export = exports.csv_response(filename=filename, header=header, rows=values)
        else:
            title = str(table.caption or export_name)
            listing.export = exports.xlsx_response(filename=filename, header=header, rows=values, sheet_title=title)
        return listing
    tables.RequestConfig(request, paginate={"per_page": per_page}).configure(table)
    return listing


# --- Public search pages -------------------------------------------------------------------------------------
# The directory, the calendar, the job board and the talent finder: a filter form, one page of results, and
# for htmx's live filtering only the results. They are not staff tables (cards, not rows), but they page and
# answer htmx the same way.


def page_of(request: HttpRequest, rows: Any, *, per_page: int = PAGE_SIZE) -> dict[str, Any]:
    """`{"page": ..., "query": ...}`: the page of `rows` the request asks for (a bad page number gives the
    nearest page, never an error) and the query without the page number, for the pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return {"page": Paginator(rows, per_page).get_page(request.GET.get("page")), "query": query.urlencode()}


def render_search_page(
    request: HttpRequest, *, template: str, results_template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """The whole page, or only its results when htmx asks as the person changes a filter."""
    if request.htmx and not request.htmx.boosted:
        return render(request, results_template, context)
    return render(request, template, context, status=status)
