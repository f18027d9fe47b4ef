"""What this module reports to monitoring (see talentas.core.metrics).

The plan computes no metric of its own, but its public pages and API are served from the cache under the
data version, so every model of the plan is a data source: a committed change to any of them (a plan
loaded again, an edited target) moves the version and the pages show it on the next request.
"""

from django.apps import apps

from talentas.core.metrics import register_data_sources

register_data_sources(*apps.get_app_config("plans").get_models())
