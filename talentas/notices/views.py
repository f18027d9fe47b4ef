from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from talentas.core import lists

from . import selectors, services

PAGE_SIZE = 30


def _list_context(request: HttpRequest) -> dict:
    return {
        **lists.page_of(request, selectors.notices_for(request.user), per_page=PAGE_SIZE),
        "unread": selectors.unread_count(request.user),
    }


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    return render(request, "notices/notice_list.html", _list_context(request))


@login_required
@require_POST
def notice_read(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = services.mark_read(user=request.user, notice_id=notice_id)
    if request.htmx:
        return render(request, "notices/partials/notice.html", {"notice": notice})
    return redirect("notices:list")


@login_required
@require_POST
def notice_read_all(request: HttpRequest) -> HttpResponse:
    services.mark_all_read(user=request.user)
    if request.htmx:
        return render(request, "notices/partials/notices.html", _list_context(request))
    return redirect("notices:list")


def unread_badge(request: HttpRequest) -> HttpResponse:
    """The header's count, fetched after the page has loaded so that no page pays a query for it."""
    return render(request, "notices/partials/unread_badge.html", {"unread": selectors.unread_count(request.user)})
