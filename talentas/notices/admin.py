from django.contrib import admin

from talentas.core.admin import ReadOnlyAdmin

from .models import Notice


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "title", "digest", "emailed_at", "read_at"]
    list_filter = ["digest"]
    search_fields = ["user__email", "title", "key"]
    list_select_related = ["user"]
