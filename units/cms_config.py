from cms.app_base import CMSAppConfig
from django.shortcuts import render

from .models import SendUnit


def render_unit(request, unit):
    return render(request, unit.get_template(), {"unit": unit})


class UnitsCMSConfig(CMSAppConfig):
    # Staff add richer content to a unit page with the toolbar, on the public URL.
    cms_enabled = True
    cms_toolbar_enabled_models = [(SendUnit, render_unit)]
