from django import template

register = template.Library()


@register.filter
def described_widget(field, css_class="input"):
    """Render a field's widget pointing aria-describedby at its hint and its error message, if any."""
    attrs = {"class": css_class}
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


@register.filter
def group_description(field):
    """The aria-describedby value for a fieldset of radios."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)
