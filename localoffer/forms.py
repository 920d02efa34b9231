"""Form pieces shared by the apps."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class PlainSelect(forms.Select):
    """A <select> built in Python: the same markup as Django's Select, without a template per option.

    Django renders every <option> through its own template include; on the filter forms (six selects, about
    fifty options) that was some 60 ms of a 78 ms directory page. Groups are not supported: the filters have none.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            "<option{}>{}</option>",
            (
                (flatatt({"value": option["value"], **option["attrs"]}), option["label"])
                for _, group, _ in widget["optgroups"]
                for option in group
            ),
        )
        return format_html("<select{}>{}</select>", flatatt({"name": widget["name"], **widget["attrs"]}), options)
