"""The form builder: forms that staff build from typed questions, answered by people and kept per version.

Calls for applications, surveys and event registration questions all use it, so it knows nothing of them: a
Response points at whatever it answers for through a generic "owner" (a content type and an id).

Why the package is `talentas.forms` with the app label "forms": the plan and the conventions name the module
"forms", and the label is free (Django's own `django.forms` is a library, not an app). Inside this package
`from django import forms` still means Django's forms (absolute imports), and other apps import
`from talentas.forms import services as form_services` so the two never meet under one name.
"""
