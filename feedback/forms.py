"""The 'Have your say' form. Every message follows the GOV.UK error message style."""

from django import forms
from django.utils.http import url_has_allowed_host_and_scheme

from units.models import SendUnit

from .models import COMMENT_MAX_LENGTH, NAME_MAX_LENGTH, PAGE_MAX_LENGTH, About, Role

NUL_MESSAGE = "Remove the unusual characters (null characters) from your %(label)s"
SHORT_NAMES = {"page_path": "page address", "comment": "comment", "name": "name", "email": "email address"}


def local_path(value):
    """A path on this website ("/about/"), or "" for anything else: never another site, never a script."""
    value = (value or "").strip()
    if (
        not value.startswith("/")
        or value.startswith(("//", "/\\"))
        or len(value) > PAGE_MAX_LENGTH
        or any(ord(char) < 32 or ord(char) == 127 for char in value)
        or not url_has_allowed_host_and_scheme(value, allowed_hosts=None)
    ):
        return ""
    return value


class FeedbackForm(forms.Form):
    about = forms.ChoiceField(
        label="What is your comment about?",
        choices=About.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what your comment is about"},
    )
    page_path = forms.CharField(
        label="Which page is it about? (optional)",
        help_text="The web address of the page on this website, for example /send-units/",
        required=False,
        max_length=PAGE_MAX_LENGTH,
        error_messages={"max_length": f"The page address must be {PAGE_MAX_LENGTH} characters or fewer"},
    )
    unit = forms.ModelChoiceField(
        label="Which SEND unit is it about? (optional)",
        queryset=SendUnit.objects.none(),
        required=False,
        empty_label="Not about a SEND unit",
        error_messages={"invalid_choice": "Select a SEND unit from the list"},
    )
    comment = forms.CharField(
        label="Your comment",
        help_text=(
            f"Tell us what you think: what is good, what is wrong or missing, what is hard to find or "
            f"understand. Do not include details about a child, such as their name or school. "
            f"You can enter up to {COMMENT_MAX_LENGTH:,} characters."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter your comment"},
    )
    role = forms.ChoiceField(
        label="Who are you?",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who you are"},
    )
    name = forms.CharField(
        label="Your name (optional)",
        required=False,
        max_length=NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={"max_length": f"Your name must be {NAME_MAX_LENGTH} characters or fewer"},
    )
    email = forms.EmailField(
        label="Your email address (optional)",
        help_text="Only if you would like a reply.",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Your email address must be 254 characters or fewer",
        },
    )
    reply_consent = forms.BooleanField(
        label="I agree that the SEND Partnership may use my name and email address to reply to this comment",
        help_text=(
            "We use them for nothing else, never publish them, and delete them after we have dealt with your "
            "comment (see the privacy notice)."
        ),
        required=False,
    )
    publish_consent = forms.TypedChoiceField(
        label="May we publish an anonymised version of your comment?",
        help_text=(
            "We publish a short summary of comments, and what we did about them, on the 'You said, we did' page. "
            "We write the summary ourselves and leave out anything that could identify you or anyone else."
        ),
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if we may publish an anonymised version of your comment"},
    )
    # Honeypot: people never see it (and it is out of the tab order); simple bots fill in every field.
    website = forms.CharField(
        label="Leave this field blank",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    RADIO_FIELDS = ("about", "role", "publish_consent")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = SendUnit.objects.public().only("id", "name").order_by("name")
        for name, field in self.fields.items():
            label = SHORT_NAMES.get(name, "answer")
            field.error_messages["null_characters_not_allowed"] = NUL_MESSAGE % {"label": label}
            if isinstance(field, forms.CharField):
                # Let people paste a long text and then shorten it: no browser maxlength that cuts it off.
                field.widget.attrs.pop("maxlength", None)

    def clean_comment(self):
        comment = self.cleaned_data["comment"]
        if len(comment) > COMMENT_MAX_LENGTH:
            raise forms.ValidationError(
                f"Your comment must be {COMMENT_MAX_LENGTH:,} characters or fewer. It has {len(comment):,} characters."
            )
        return comment

    def clean_page_path(self):
        value = self.cleaned_data["page_path"]
        if value and not local_path(value):
            raise forms.ValidationError(
                "Enter the address of a page on this website, starting with /, or leave it empty"
            )
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("email") and not cleaned.get("reply_consent"):
            self.add_error(
                "reply_consent",
                "Tick the box to agree that we may use your email address to reply, or remove your email address",
            )
        return cleaned

    @property
    def is_spam(self):
        return bool(self.data.get("website"))

    def first_widget_id(self, name):
        """The id the error summary links to: the first radio of a group, else the field itself."""
        bound = self[name]
        if name in self.RADIO_FIELDS:
            return f"{bound.auto_id}_0"
        return bound.auto_id
