"""The talent profile in short steps (GOV.UK's task list pattern): which fields each step writes, in order.

Services save one step at a time (`services.save_profile_step`), selectors tell each step's status
(`selectors.profile_progress`), forms and views build one short page per step from this list.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ProfileStep:
    slug: str
    title: str | Promise
    # The TalentProfile columns the step writes; nothing else on the profile changes when it is saved.
    fields: tuple[str, ...] = ()
    skills: bool = False
    languages: bool = False
    consent: bool = False


ABOUT = ProfileStep("about", _("About you and consent"), ("kind", "headline", "about"), consent=True)
WORK = ProfileStep("work", _("Occupation and skills"), ("occupation_id",), skills=True)
LANGUAGES = ProfileStep("languages", _("Languages"), languages=True)
EDUCATION = ProfileStep(
    "education",
    _("Education and experience"),
    ("education_level", "education_field", "institution", "education_start", "education_end", "experience_years"),
)
WHERE = ProfileStep(
    "where",
    _("Where and when you can work, and who sees you"),
    ("city", "country", "mobility", "move_date", "remote_ok", "available_from", "looking_for", "visibility"),
    consent=True,
)
CV = ProfileStep("cv", _("CV"))

STEPS: tuple[ProfileStep, ...] = (ABOUT, WORK, LANGUAGES, EDUCATION, WHERE, CV)
BY_SLUG = {step.slug: step for step in STEPS}
# What the one-form paths (the API, imports, demo data) write at once: every step but the CV.
WHOLE_PROFILE = tuple(step.slug for step in STEPS if step is not CV)


def step_after(step: ProfileStep) -> ProfileStep | None:
    index = STEPS.index(step)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None
