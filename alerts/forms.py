"""The subscribe form and the manage form. Every message follows the GOV.UK error message style."""

from django import forms

from news.models import Category

from .models import Frequency, Topic

NEWS_ALL, NEWS_SOME, NEWS_NONE = "all", "some", "none"
NEWS_CHOICES = [
    (NEWS_ALL, "All news"),
    (NEWS_SOME, "Only news in the categories I choose"),
    (NEWS_NONE, "No news emails"),
]
FREQUENCY_HINT = (
    "Straight away: an email each time. Weekly summary: one email a week, only when there is something new."
)


def frequency_field(label):
    return forms.ChoiceField(
        label=label,
        help_text=FREQUENCY_HINT,
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        required=False,  # required only when that list is chosen (clean)
        initial=Frequency.IMMEDIATE,
    )


class ChoicesForm(forms.Form):
    """What to get emails about, and how often. The manage page uses it as it is."""

    news = forms.ChoiceField(
        label="News from the SEND Partnership",
        choices=NEWS_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which news you want emails about"},
    )
    categories = forms.ModelMultipleChoiceField(
        label="News categories",
        help_text="Only if you chose “Only news in the categories I choose”. Select all that apply.",
        queryset=Category.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": "Select news categories from the list",
            "invalid_pk_value": "Select news categories from the list",
        },
    )
    news_frequency = frequency_field("How often do you want news emails?")
    units = forms.BooleanField(
        label="Changes in the SEND unit directory",
        help_text="New SEND units, units opening, and a unit’s status changing.",
        required=False,
    )
    units_frequency = frequency_field("How often do you want emails about SEND units?")

    RADIO_FIELDS = ("news", "categories", "news_frequency", "units_frequency")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        categories = Category.objects.only("id", "name").order_by("name")
        self.fields["categories"].queryset = categories
        if not categories.exists():  # nothing to choose from: do not offer it
            self.fields["news"].choices = [choice for choice in NEWS_CHOICES if choice[0] != NEWS_SOME]

    def clean(self):
        cleaned = super().clean()
        news, units = cleaned.get("news"), cleaned.get("units")
        if news == NEWS_SOME and not cleaned.get("categories"):
            self.add_error("categories", "Select at least one news category, or choose “All news”")
        if news == NEWS_NONE and not units:
            self.add_error("news", "Select the news you want emails about, or tick changes in the SEND unit directory")
        if news in (NEWS_ALL, NEWS_SOME) and not cleaned.get("news_frequency"):
            self.add_error("news_frequency", "Select how often you want news emails")
        if units and not cleaned.get("units_frequency"):
            self.add_error("units_frequency", "Select how often you want emails about SEND units")
        return cleaned

    def chosen(self):
        """[(topic, category or None, frequency), ...] from a valid form."""
        data = self.cleaned_data
        wanted = []
        if data["news"] == NEWS_ALL:
            wanted.append((Topic.ALL_NEWS, None, data["news_frequency"]))
        elif data["news"] == NEWS_SOME:
            wanted += [(Topic.NEWS_CATEGORY, category, data["news_frequency"]) for category in data["categories"]]
        if data["units"]:
            wanted.append((Topic.UNITS, None, data["units_frequency"]))
        return wanted

    @staticmethod
    def initial_for(subscriptions):
        """The form's initial data for a subscriber's current subscriptions."""
        initial = {"news": NEWS_NONE, "categories": [], "units": False}
        for subscription in subscriptions:
            if subscription.topic == Topic.ALL_NEWS:
                initial.update(news=NEWS_ALL, news_frequency=subscription.frequency)
            elif subscription.topic == Topic.NEWS_CATEGORY:
                if initial["news"] != NEWS_ALL:
                    initial.update(news=NEWS_SOME, news_frequency=subscription.frequency)
                initial["categories"].append(subscription.category_id)
            elif subscription.topic == Topic.UNITS:
                initial.update(units=True, units_frequency=subscription.frequency)
        return initial

    def first_widget_id(self, name):
        """The id the error summary links to: the first radio or checkbox of a group, else the field itself."""
        bound = self[name]
        if name in self.RADIO_FIELDS:
            return f"{bound.auto_id}_0"
        return bound.auto_id

    def error_list(self):
        """[(id to link to, message), ...] for the error summary, in the order of the page."""
        errors = [(self.first_widget_id(name), error) for name in self.fields for error in self.errors.get(name, [])]
        first = self.first_widget_id(next(iter(self.fields)))
        return errors + [(first, error) for error in self.non_field_errors()]


class SubscribeForm(ChoicesForm):
    email = forms.EmailField(
        label="Email address",
        help_text="We will send you an email to check it is yours. Nothing else is sent until you confirm.",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Your email address must be 254 characters or fewer",
        },
    )
    # Honeypot: people never see it (and it is out of the tab order); simple bots fill in every field.
    website = forms.CharField(
        label="Leave this field blank",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    field_order = ["email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages["null_characters_not_allowed"] = (
            "Remove the unusual characters (null characters) from your email address"
        )
        self.fields["email"].widget.attrs.pop("maxlength", None)

    def clean_email(self):
        email = self.cleaned_data["email"]
        # Django accepts "name@localhost"; nobody subscribes from an address without a real domain.
        if "." not in email.rpartition("@")[2]:
            raise forms.ValidationError(self.fields["email"].error_messages["invalid"])
        return email

    @property
    def is_spam(self):
        return bool(self.data.get("website"))
