from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def dev_bypass_off(app_configs, **kwargs):
    """`check --deploy` fails if the dev-only two-factor switch is on (it only ever works with DEBUG)."""
    if getattr(settings, "TWO_FACTOR_DEV_BYPASS", False):
        return [
            Error(
                "TWO_FACTOR_DEV_BYPASS is on: staff could sign in with a password only.",
                hint="It is for a developer's machine (localoffer/settings/dev.py); never set it in production.",
                id="accounts.E001",
            )
        ]
    return []
