"""The job board read by machines: the Atom feed of new opportunities and each opportunity's schema.org
`JobPosting` (JSON-LD), which search engines read to list the city's jobs. Both carry only what the public
page shows: no poster, no moderation note, no applicants."""

import json
from datetime import datetime, time
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from talentas.core.city import city_country, city_name
from talentas.core.links import absolute_url

from . import selectors
from .forms import OpportunitySearchForm
from .models import Opportunity, OpportunityKind

FEED_SIZE = 50

# schema.org's employmentType has no word for mentoring, desks or co-founders: those are OTHER.
EMPLOYMENT_TYPES: dict[str, str] = {
    OpportunityKind.JOB: "FULL_TIME",
    OpportunityKind.INTERNSHIP: "INTERN",
    OpportunityKind.APPRENTICESHIP: "INTERN",
    OpportunityKind.PROJECT: "CONTRACTOR",
    OpportunityKind.MENTORSHIP: "OTHER",
    OpportunityKind.COWORKING: "OTHER",
    OpportunityKind.COFOUNDER: "OTHER",
}

# Inside <script> only "<" (which could close it), ">" and "&" need hiding; JSON's \\u escapes keep the data equal.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def opportunity_url(opportunity: Opportunity) -> str:
    return absolute_url(reverse("talent:opportunity_detail", args=[opportunity.pk]))


def job_posting(opportunity: Opportunity) -> dict[str, Any]:
    """The opportunity as a schema.org JobPosting (the fields Google's job search reads), public fields only."""
    organisation = opportunity.organisation
    hiring: dict[str, Any] = {"@type": "Organization", "name": organisation.name}
    if organisation.website:
        hiring["sameAs"] = organisation.website
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": opportunity.title,
        "description": opportunity.description,
        "datePosted": opportunity.created_at.date().isoformat(),
        "employmentType": EMPLOYMENT_TYPES.get(opportunity.kind, "OTHER"),
        "hiringOrganization": hiring,
        "identifier": {"@type": "PropertyValue", "name": organisation.name, "value": str(opportunity.pk)},
        "url": opportunity_url(opportunity),
        # People apply on the opportunity's own page here, not on another site.
        "directApply": True,
    }
    if opportunity.closes_on:
        # Applications close at the end of the day, in the city's time.
        last_moment = datetime.combine(opportunity.closes_on, time(23, 59, 59))
        data["validThrough"] = timezone.make_aware(last_moment).isoformat()
    if opportunity.workplace == Opportunity.Workplace.REMOTE:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": city_country()}
    else:
        data["jobLocation"] = {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": opportunity.city or city_name(),
                "addressCountry": city_country(),
            },
        }
    if opportunity.salary_min is not None or opportunity.salary_max is not None:
        value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": "MONTH"}
        if opportunity.salary_min is not None:
            value["minValue"] = opportunity.salary_min
        if opportunity.salary_max is not None:
            value["maxValue"] = opportunity.salary_max
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "EUR", "value": value}
    if opportunity.occupation_id and opportunity.occupation:
        data["occupationalCategory"] = opportunity.occupation.label
    if opportunity.start_date:
        data["jobStartDate"] = opportunity.start_date.isoformat()
    return data


def job_posting_script(opportunity: Opportunity) -> SafeString:
    """The JSON-LD, safe to place between <script type="application/ld+json"> and </script> whatever the
    title says: a data block that never runs, so the Content-Security-Policy has nothing to refuse."""
    text = json.dumps(job_posting(opportunity), ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(text)  # every "<", ">" and "&" is escaped above


class OpportunityFeed(Feed):
    """New opportunities, newest first, narrowed by the job board's own filters from the query string."""

    feed_type = Atom1Feed  # in the page's language: Feed.language unset means get_language()

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        form = OpportunitySearchForm(request.GET or None)
        form.is_valid()
        return {**form.filters(), "sort": "newest"}

    def title(self, filters: dict[str, Any]) -> str:
        return _("New opportunities in %(city)s") % {"city": city_name()}

    def subtitle(self, filters: dict[str, Any]) -> str:
        return _("Jobs, internships, mentoring and more from verified organisations.")

    def link(self, filters: dict[str, Any]) -> str:
        return absolute_url(reverse("talent:opportunity_list"))

    def feed_url(self, filters: dict[str, Any]) -> str:
        return absolute_url(reverse("talent:opportunity_feed"))

    def items(self, filters: dict[str, Any]) -> list[Opportunity]:
        return list(selectors.listed_opportunities(**filters)[:FEED_SIZE])

    def item_title(self, item: Opportunity) -> str:
        return item.title

    def item_description(self, item: Opportunity) -> str:
        return Truncator(item.description).chars(600)

    def item_link(self, item: Opportunity) -> str:
        return opportunity_url(item)

    def item_guid(self, item: Opportunity) -> str:
        return opportunity_url(item)

    def item_pubdate(self, item: Opportunity) -> datetime:
        return item.created_at

    def item_updateddate(self, item: Opportunity) -> datetime:
        return item.updated_at

    def item_author_name(self, item: Opportunity) -> str:
        return item.organisation.name

    def item_categories(self, item: Opportunity) -> list[str]:
        return [str(item.get_kind_display())]
