from django.db import models


class TimeStampedModel(models.Model):
    """Base for every Talentas model: when a row was made and last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
