from django.core.management.base import BaseCommand

from talentas.monitoring.demo import load_demo_monitoring


class Command(BaseCommand):
    help = (
        "Load the monitoring demo for the Alytus plan (2025 Q1 to 2026 Q3): approved values, alerts, Steering "
        "Committee meetings and decisions, budget, actual dates and reports. Run load_plan and load_demo first. "
        "Safe to run again: it only adds what is missing."
    )

    def handle(self, *args, **options) -> None:
        result = load_demo_monitoring()
        made = ", ".join(f"{count} {name}" for name, count in result.made.items()) or "nothing new"
        self.stdout.write(f"Monitoring demo loaded: {made}.")
