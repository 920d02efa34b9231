from django.apps import AppConfig


class UnitsConfig(AppConfig):
    """The directory of SEND units (specialist bases in mainstream schools), mounted at /send-units/."""

    name = "units"
    verbose_name = "SEND units"

    def ready(self):
        from . import signals

        signals.connect()
