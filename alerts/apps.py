from django.apps import AppConfig


class AlertsConfig(AppConfig):
    """Email alerts parents subscribe to: news (all, or chosen categories) and SEND unit directory changes."""

    name = "alerts"
    verbose_name = "Email alerts"

    def ready(self):
        # The sending side: record unit changes as they are saved (alerts/detect.py).
        from . import detect

        detect.connect()
