from django import forms

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    """The query. Over-long text is cut rather than refused, with a note on the page: a pasted paragraph
    should still find something."""

    q = forms.CharField(label="Search this site", required=False, strip=True)

    def clean_q(self):
        text = self.cleaned_data["q"].replace("\x00", "")  # PostgreSQL text can not hold NUL
        self.truncated = len(text) > MAX_QUERY_LENGTH
        return text[:MAX_QUERY_LENGTH].strip()
