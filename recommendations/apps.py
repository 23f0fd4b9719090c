from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    verbose_name = "Reports and recommendations"

    def ready(self) -> None:
        from recommendations import signals

        signals.connect()
