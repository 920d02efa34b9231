"""The /alerts/ pages: subscribe, check your email, confirm, manage, unsubscribe.

Every page is never_cache (and /alerts/ is in PAGE_CACHE_EXCLUDED_PATHS): they carry an address, a signed link
or a CSRF token, none of which a shared cache may keep. Signed links that cannot be used get a page saying
why and how to start again (alerts/link_problem.html), never an error.
"""

import logging

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from . import links, subscribing
from .forms import ChoicesForm, SubscribeForm
from .models import normalise_email
from .ratelimit import over_limit

logger = logging.getLogger(__name__)

LINK_PROBLEM_STATUS = {"invalid": 400, "expired": 410, "gone": 410}


def link_problem(request, error, purpose):
    status = LINK_PROBLEM_STATUS[error.reason]
    context = {"reason": error.reason, "purpose": purpose, "confirm_days": settings.ALERTS_CONFIRM_DAYS}
    return render(request, "alerts/link_problem.html", context, status=status)


def subscriptions_of(subscriber):
    return list(subscriber.subscriptions.select_related("category").order_by("topic", "category__name"))


@method_decorator(never_cache, name="dispatch")
class SubscribeView(View):
    """GET: the form. POST: a valid request is handled and answered with "check your email", whatever the
    address (the same page whether it was new, pending or subscribed already, and whether an email went)."""

    template_name = "alerts/subscribe.html"

    def get(self, request):
        return self.render_form(SubscribeForm())

    def post(self, request):
        if over_limit(request, count=False):
            return self.rate_limited()
        form = SubscribeForm(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        if over_limit(request, count=True):
            return self.rate_limited()
        if form.is_spam:
            logger.info("Discarded an alerts subscription with the honeypot field filled in")
        else:
            outcome = subscribing.request_subscription(form.cleaned_data["email"], form.chosen())
            logger.info("Alerts subscription request: %s", outcome.value)
        # Rendered, not redirected: the address is shown back (to catch a typo) without putting it in a URL.
        context = {"email": normalise_email(form.cleaned_data["email"]), "confirm_days": settings.ALERTS_CONFIRM_DAYS}
        return render(request, "alerts/check_email.html", context)

    def render_form(self, form):
        return render(self.request, self.template_name, {"form": form, "error_list": form.error_list()})

    def rate_limited(self):
        return render(self.request, "alerts/rate_limited.html", status=429)


class SignedLinkView(View):
    """A page reached from a signed link in an email: self.subscriber is its subscriber."""

    purpose = None

    def dispatch(self, request, token):
        try:
            self.subscriber = links.subscriber_for(token, self.purpose)
        except links.LinkError as error:
            return self.link_problem(error)
        self.token = token
        return super().dispatch(request, token)

    def link_problem(self, error):
        return link_problem(self.request, error, self.purpose)


@method_decorator(never_cache, name="dispatch")
class ConfirmView(SignedLinkView):
    """GET: what the subscription is, and a "Confirm" button. POST: confirm. Not on GET alone: mail scanners
    open links in emails, and must not confirm a subscription someone else asked for."""

    purpose = links.CONFIRM

    def get(self, request, token):
        return render(request, "alerts/confirm.html", self.context())

    def post(self, request, token):
        newly = subscribing.confirm(self.subscriber)
        return render(request, "alerts/confirmed.html", self.context(newly_confirmed=newly))

    def context(self, **extra):
        return {
            "subscriber": self.subscriber,
            "subscriptions": subscriptions_of(self.subscriber),
            "manage_path": links.link_path(self.subscriber, links.MANAGE),
            **extra,
        }


@method_decorator(never_cache, name="dispatch")
class ManageView(SignedLinkView):
    """Change the lists or cancel, from the link in every email."""

    purpose = links.MANAGE

    def get(self, request, token):
        form = ChoicesForm(initial=ChoicesForm.initial_for(subscriptions_of(self.subscriber)))
        return self.render_form(form, saved=request.GET.get("saved") == "1")

    def post(self, request, token):
        form = ChoicesForm(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        subscribing.set_subscriptions(self.subscriber, form.chosen())
        # A manage link reaches only the address's inbox, so using it also confirms the address.
        subscribing.confirm(self.subscriber)
        return HttpResponseRedirect(f"{request.path}?saved=1")

    def render_form(self, form, saved=False):
        context = {
            "form": form,
            "error_list": form.error_list(),
            "subscriber": self.subscriber,
            "saved": saved,
            "unsubscribe_path": links.link_path(self.subscriber, links.UNSUBSCRIBE),
        }
        return render(self.request, "alerts/manage.html", context)


@method_decorator(never_cache, name="dispatch")
@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(SignedLinkView):
    """GET: a button. POST: unsubscribe from everything, from the button or from a mail program's one-click
    unsubscribe (RFC 8058: a POST of "List-Unsubscribe=One-Click", with no cookies and no CSRF token).

    Exempt from CSRF, and safe so: what authorises the POST is the signed, per-subscriber link itself, not a
    cookie or session a forged cross-site request could borrow. A page elsewhere can only make this POST if it
    already has the link, which can unsubscribe anyway; and the only effect is to stop emails.
    """

    purpose = links.UNSUBSCRIBE

    def get(self, request, token):
        return render(request, "alerts/unsubscribe.html", {"subscriber": self.subscriber})

    def post(self, request, token):
        subscribing.cancel(self.subscriber)
        return self.done()

    def link_problem(self, error):
        # A second click, or a mail program retrying its one-click POST: the address is not subscribed, which
        # is what was asked for.
        if isinstance(error, links.NotSubscribed):
            return self.done() if self.request.method == "POST" else self.not_subscribed()
        return super().link_problem(error)

    def done(self):
        if self.request.POST.get("List-Unsubscribe") == "One-Click":
            return render(self.request, "alerts/unsubscribed.html")  # a mail program: no redirect to follow
        return HttpResponseRedirect(reverse("alerts:unsubscribed"), status=303)

    def not_subscribed(self):
        return render(self.request, "alerts/unsubscribed.html", {"already": True})


@method_decorator(never_cache, name="dispatch")
class UnsubscribedView(View):
    """The page after unsubscribing. It holds nothing personal."""

    def get(self, request):
        return render(request, "alerts/unsubscribed.html")
