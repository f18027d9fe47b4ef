from django import template

from talentas.talent import permissions

register = template.Library()


@register.filter
def is_employer(user) -> bool:
    """True for members of a verified organisation (cached on the user for the request)."""
    return permissions.is_employer(user)
