from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    """'Have your say' comments on the local offer, staff triage, and the published 'You said, we did' register
    (SEND Regulations 2014, regulation 56)."""

    name = "feedback"
    verbose_name = "Have your say"
