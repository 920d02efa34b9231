from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The change log: who changed what and when (django-auditlog), and the publishing history that
    djangocms-versioning keeps, both read-only in the admin. README "Change log (audit)"."""

    name = "audit"
    verbose_name = "Change log"

    def ready(self):
        from . import registry

        registry.register_models()
