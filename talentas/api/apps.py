from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "talentas.api"
    verbose_name = "API"
