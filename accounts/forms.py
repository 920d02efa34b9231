from django import forms
from django.contrib.auth import authenticate
from two_factor.utils import default_device, totp_digits

# Attributes of every field that takes a code from an authenticator app: a numeric keypad on phones, and the
# browser or password manager may offer the code itself.
TOTP_INPUT_ATTRS = {"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
RECOVERY_CODE_INPUT_ATTRS = {"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
TOTP_LABEL = "Code from your authenticator app"
TOTP_HINT = "The 6 digits your authenticator app shows now for this site."


def present_totp_field(field):
    """Label, hint and keyboard hints for a django-two-factor-auth token field (login and enrolment steps)."""
    field.label = TOTP_LABEL
    field.help_text = TOTP_HINT
    field.widget = forms.TextInput(attrs={**TOTP_INPUT_ATTRS, "pattern": "[0-9 ]*", "maxlength": "10"})
    field.error_messages["required"] = "Enter the code from your authenticator app."


def present_recovery_code_field(field):
    field.label = "Recovery code"
    field.help_text = "One of the recovery codes you kept when you set up two-factor sign-in. Each works once."
    field.widget = forms.TextInput(attrs={**RECOVERY_CODE_INPUT_ATTRS, "maxlength": "16"})
    field.error_messages["required"] = "Enter a recovery code."


def error_list(form):
    """(field id, message) pairs for an error summary; errors about the whole form point at its first field."""
    if form is None or not form.is_bound:
        return []
    fields = [field for field in form if not field.is_hidden]
    first_id = fields[0].auto_id if fields else ""
    errors = [(first_id, message) for message in form.non_field_errors()]
    for field in fields:
        errors.extend((field.auto_id, message) for message in field.errors)
    return errors


class ReauthenticateForm(forms.Form):
    """Password and authenticator code again, before changing users or groups."""

    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password."},
    )
    otp_token = forms.CharField(label=TOTP_LABEL, help_text=TOTP_HINT, max_length=10)

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = request.user
        self.device = None
        present_totp_field(self.fields["otp_token"])

    def clean_password(self):
        password = self.cleaned_data["password"]
        # authenticate(), not check_password(): django-axes counts a wrong password here like at sign-in.
        user = authenticate(self.request, username=self.user.get_username(), password=password)
        if user is None or user.pk != self.user.pk:
            raise forms.ValidationError("The password is not right.")
        return password

    def clean(self):
        cleaned_data = super().clean()
        if "password" in cleaned_data and "otp_token" in cleaned_data:
            # After the password only, so a code is not used up by a failed attempt.
            self.device = self.verified_device(cleaned_data["otp_token"].replace(" ", ""))
        return cleaned_data

    def verified_device(self, token):
        device = default_device(self.user)
        if not (token.isdigit() and len(token) == totp_digits()):
            self.add_error("otp_token", "Enter the 6 digits your authenticator app shows now.")
        elif device is None or not device.verify_is_allowed()[0] or not device.verify_token(token):
            self.add_error("otp_token", "The code is not right, or has been used already. Wait for the next one.")
        else:
            return device
        return None
