"""Which models the change log follows, and which of their fields it keeps.

Every model here is registered with django-auditlog when the app is ready: each save, delete and change to a
listed many-to-many relation writes one row (who, when, old and new value of each changed field).

Fields are kept by default, so a field added later is logged too, except where personal data is at stake:
feedback comments list the fields to keep instead. The privacy notice promises that
`purge_feedback_personal_data` deletes a commenter's name and email after the retention period; a copy in the
log would defeat that, so the commenter's name, email and words (and staff notes, which may quote them) never
enter it.
"""

from auditlog.registry import auditlog
from django.apps import apps

# Timestamps the database sets on every save: noise in a change log.
NOISE = ["updated_at", "modified_at"]

AUDITED_MODELS = {
    "units.SendUnit": {"exclude": [*NOISE, "search_text"]},
    "units.District": {},
    "units.Need": {},
    "units.Figure": {},
    "feedback.Theme": {},
    "feedback.Submission": {
        "include": ["id", "status", "theme", "you_said", "we_did", "action_status", "response_date"],
    },
    "documents.StrategyDetails": {},
    # "Checked, still right" and the review dates publishing sets: the public "Last reviewed" date.
    "freshness.PageReview": {},
    "filer.Folder": {"exclude": NOISE},
    "filer.File": {"exclude": NOISE},
    "filer.Image": {"exclude": NOISE},
    "news.Category": {},
    "news.Article": {"m2m": ["categories"]},
    "news.ArticleContent": {},
    # last_login changes at every sign-in. The password hash is never kept: a change shows as "(hidden)".
    "auth.User": {"exclude": ["last_login"], "mask": ["password"], "m2m": ["groups", "user_permissions"]},
    "auth.Group": {"m2m": ["permissions"]},
}

HIDDEN = "(hidden)"


def hide_value(value):
    """Mask for secrets (auditlog's own mask keeps half the value): whether it was set, never what it was."""
    return "" if value in ("", "None") else HIDDEN


def logged_fields(model, rule):
    """The concrete fields to keep: the rule's "include" list, or every field but those it excludes."""
    if "include" in rule:
        return list(rule["include"])
    excluded = set(rule.get("exclude", []))
    return [field.name for field in model._meta.concrete_fields if field.name not in excluded]


def register_models():
    for label, rule in AUDITED_MODELS.items():
        model = apps.get_model(label)
        auditlog.unregister(model)  # ready() may run more than once (tests); registering twice doubles rows
        auditlog.register(
            model,
            include_fields=logged_fields(model, rule),
            mask_fields=list(rule.get("mask", [])),
            mask_callable="audit.registry.hide_value",
            m2m_fields=set(rule.get("m2m", [])),
        )
