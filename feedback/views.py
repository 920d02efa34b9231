import csv
import logging
from itertools import groupby

from django.core import signing
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from .forms import FeedbackForm, local_path
from .models import Submission
from .notify import notify_staff
from .ratelimit import over_limit

logger = logging.getLogger(__name__)

THANKS_SALT = "feedback.thanks"
THANKS_MAX_AGE = 60 * 60


@method_decorator(never_cache, name="dispatch")  # a CSRF token per visitor: no shared cache may keep it
class FeedbackFormView(View):
    """GET: the form, with ?page=/a/path/ filled in when it is a path on this site. POST: store, then redirect."""

    template_name = "feedback/form.html"

    def get(self, request):
        page = local_path(request.GET.get("page", ""))
        initial = {"page_path": page, "about": "page"} if page else {}
        return self.render_form(FeedbackForm(initial=initial))

    def post(self, request):
        if over_limit(request, count=False):
            return self.rate_limited()
        form = FeedbackForm(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        if over_limit(request, count=True):
            return self.rate_limited()
        if form.is_spam:
            logger.info("Discarded a 'Have your say' submission with the honeypot field filled in")
            return HttpResponseRedirect(reverse("feedback:thanks"))
        submission = self.store(form.cleaned_data)
        ref = signing.dumps(submission.pk, salt=THANKS_SALT)
        return HttpResponseRedirect(f"{reverse('feedback:thanks')}?ref={ref}")

    @staticmethod
    def store(data):
        with transaction.atomic():
            submission = Submission.objects.create(
                about=data["about"],
                page_path=data["page_path"],
                unit=data["unit"],
                comment=data["comment"],
                role=data["role"],
                name=data["name"],
                email=data["email"],
                reply_consent=bool(data["email"]) and data["reply_consent"],
                publish_consent=data["publish_consent"],
            )
            # Queued with the comment, in its transaction: the worker emails staff once both are stored, and
            # the page never waits for the mail server.
            notify_staff.enqueue(submission.pk)
        return submission

    def render_form(self, form, status=200):
        errors = [(form.first_widget_id(name), error) for name in form.fields for error in form.errors.get(name, [])]
        errors += [("id_comment", error) for error in form.non_field_errors()]
        return render(self.request, self.template_name, {"form": form, "error_list": errors}, status=status)

    def rate_limited(self):
        return render(self.request, "feedback/rate_limited.html", status=429)


class ThanksView(TemplateView):
    template_name = "feedback/thanks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            context["reference"] = signing.loads(
                self.request.GET.get("ref", ""), salt=THANKS_SALT, max_age=THANKS_MAX_AGE
            )
        except signing.BadSignature:
            context["reference"] = None
        return context


def register_years(entries):
    """[(year, [(theme, [entry, ...]), ...]), ...] from entries ordered by year, then theme."""
    years = []
    for year, in_year in groupby(entries, key=lambda entry: entry.response_date.year):
        themes = [(theme, list(items)) for theme, items in groupby(in_year, key=lambda entry: entry.theme)]
        years.append((year, themes))
    return years


class RegisterView(TemplateView):
    """'You said, we did': published, anonymised summaries and responses. Nothing else of a comment."""

    template_name = "feedback/register.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entries = list(Submission.objects.register())
        context.update(years=register_years(entries), entry_count=len(entries))
        return context


CSV_FIELDS = ["year", "theme", "you_said", "we_did", "action", "response_date"]


def csv_safe(value):
    """Stop a spreadsheet from running a cell as a formula (CSV injection)."""
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def register_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="you-said-we-did.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_FIELDS)
    for entry in Submission.objects.register():
        writer.writerow(
            [
                entry.response_date.year,
                csv_safe(entry.theme.name if entry.theme else "General"),
                csv_safe(entry.you_said),
                csv_safe(entry.we_did),
                entry.get_action_status_display(),
                entry.response_date.isoformat(),
            ]
        )
    return response
