from django import template

register = template.Library()


@register.filter
def with_error_description(field):
    """Render a form field, pointing aria-describedby at its error message when it has one."""
    attrs = {"class": "select" if field.widget_type == "select" else "input"}
    if field.errors:
        attrs["aria-describedby"] = f"{field.id_for_label}-error"
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
