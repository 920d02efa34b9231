"""The strategies and plans the Partnership's page names (shared/seed/send-partnership-news.txt), each as a
strategy page under /strategies-and-plans/ with its details and documents, and the local offer flyer on the
local offer page.

The published PDFs are not part of the seed: each local document is a small sample PDF whose first page says
it is a sample standing in for the real one (documents/samples.py). The government's improvement plan and its
easy read version are published on GOV.UK; the seed gives no address for them, so the page names the
publisher and links nowhere. Statuses are as the seed page describes them (it dates from 2023).

Idempotent: a strategy page that exists (by reverse id) is left alone, files and all.
"""

import datetime
from dataclasses import dataclass, field

from cms.api import add_plugin, create_page
from cms.models import Page, PageContent
from cms.utils.apphook_reload import mark_urlconf_as_changed
from django.core.files.base import ContentFile
from djangocms_versioning.models import Version
from filer.models import File, Folder

from localoffer.seed.content import EMAIL, EMAIL_LINK, PageSpec
from localoffer.seed.pages import LANGUAGE, create_published_page, seed_user

from .models import Document, StrategyDetails
from .samples import sample_pdf

LAST_UPDATED = datetime.date(2023, 3, 2)  # the latest date the seed page gives

LISTING = PageSpec(
    reverse_id="strategies-and-plans",
    title="Strategies and plans",
    slug="strategies-and-plans",
    apphook="StrategiesApphook",
    apphook_namespace="strategies",
    description="The Lancashire SEND Partnership's strategies and plans, with their documents to download.",
    slots={
        "content": f"""
<p>The strategies and plans of the Lancashire SEND Partnership: what each one is for, the years it covers,
whether it is current, and its documents.</p>
<p>Each page says what the strategy or plan is in plain words before you download anything. If you need a
document in another format, such as large print or easy read, email {EMAIL_LINK}.</p>""",
    },
)


@dataclass(frozen=True)
class Doc:
    title: str
    filename: str = ""  # a sample PDF is made under this name; empty: published elsewhere
    pages: int = 2
    publisher: str = ""
    easy_read_elsewhere: bool = False


@dataclass(frozen=True)
class Strategy:
    reverse_id: str
    title: str
    slug: str
    description: str
    summary: str
    kind: str
    status: str
    start_year: int | None
    end_year: int | None
    feedback_contact: str = ""
    documents: tuple = field(default_factory=tuple)


S = StrategyDetails.Status
K = StrategyDetails.Kind

STRATEGIES = [
    Strategy(
        reverse_id="working-together-strategy",
        title="Working Together Strategy 2023 to 2025",
        slug="working-together-strategy-2023-2025",
        description="How the Partnership will communicate, engage and work in partnership with children, young "
        "people, their parent carers and practitioners.",
        summary=f"""
<p>The Lancashire SEND Partnership Working Together Strategy 2023-2025 outlines how the Partnership will
communicate, engage, encourage participation and partnership working with children, young people, their
parent carers and practitioners.</p>
<p><strong>Who it is for:</strong> children and young people with SEND, their parent carers, and the
practitioners who work with them.</p>
<p><strong>What it commits to:</strong> improving outcomes for families by working with them in
partnership.</p>
<p>If you have any feedback about the strategy, please email {EMAIL_LINK}.</p>""",
        kind=K.STRATEGY,
        status=S.CURRENT,
        start_year=2023,
        end_year=2025,
        feedback_contact=EMAIL,
        documents=(Doc("Working Together Strategy 2023 to 2025", "working-together-strategy-2023-2025.pdf", 3),),
    ),
    Strategy(
        reverse_id="send-plan",
        title="SEND Plan 2021 to 2025",
        slug="send-plan-2021-2025",
        description="The Partnership's strategic document: its high level priorities, the benefits expected and "
        "how partners will work together.",
        summary="""
<p>The SEND Plan is the strategic document that provides high level priorities, the benefits we expect to
achieve, and the ways in which we will work together. It was approved by the SEND Partnership Board in June
2021.</p>
<p><strong>How it was made:</strong> information and feedback from over 160 people at 'Think SEND' events in
April and May 2021. In June 2021 the draft was shared with the SEND Partnership, and more than 100 people
attended 10 consultation events or responded through an online survey or by email.</p>
<p><strong>What it commits to:</strong> a major improvement programme across the county. The SEND Programme
Management Team is working with partners to identify how to deliver the plan.</p>""",
        kind=K.PLAN,
        status=S.CURRENT,
        start_year=2021,
        end_year=2025,
        feedback_contact=EMAIL,
        documents=(Doc("SEND Plan 2021 to 2025", "send-plan-2021-2025.pdf", 4),),
    ),
    Strategy(
        reverse_id="continuous-improvement-plan",
        title="Continuous Improvement Plan 2023 to 2024",
        slug="continuous-improvement-plan-2023-2024",
        description="Being developed: the Partnership's current action plan in preparation for the next full "
        "inspection.",
        summary="""
<p>The Continuous Improvement Plan is being developed for 2023-2024. It details the Partnership's current
action plan in preparation for the next full inspection of SEND services in Lancashire.</p>
<p>It follows the SEND Plan 2021-2025 and the improvement programme that came after the Ofsted and CQC
inspection and revisit. The plan will be published here when it is ready.</p>""",
        kind=K.PLAN,
        status=S.IN_DEVELOPMENT,
        start_year=2023,
        end_year=2024,
    ),
    Strategy(
        reverse_id="alternative-provision-strategy",
        title="Alternative Provision Strategy 2023 to 2026",
        slug="alternative-provision-strategy-2023-26",
        description="Being updated: the Outreach First delivery model, based on three tiers of support.",
        summary="""
<p>Our inclusion teams have been updating the Alternative Provision Strategy for 2023-26.</p>
<p><strong>What it covers:</strong> the Outreach First delivery model (based on a three-tier system of
support), how we will implement the strategy, and how we will make sure we are delivering improvement for
children and young people in the county.</p>""",
        kind=K.STRATEGY,
        status=S.IN_DEVELOPMENT,
        start_year=2023,
        end_year=2026,
    ),
    Strategy(
        reverse_id="send-sufficiency-strategy",
        title="SEND Sufficiency Strategy 2019 to 2024",
        slug="send-sufficiency-strategy-2019-2024",
        description="How the county council will meet increases in demand, including opening SEND units in "
        "mainstream schools.",
        summary="""
<p>The Special Educational Needs and Disabilities (SEND) Sufficiency Strategy 2019-2024 has been developed to
help the county council meet increases in demand and support more children and young people to be educated
within their local community.</p>
<p><strong>What it commits to:</strong> as part of this strategy several SEND units are being opened across
the county. See the <a href="/send-units/">SEND units</a> open and planned.</p>""",
        kind=K.STRATEGY,
        status=S.CURRENT,
        start_year=2019,
        end_year=2024,
        documents=(Doc("SEND Sufficiency Strategy 2019 to 2024", "send-sufficiency-strategy-2019-2024.pdf", 3),),
    ),
    Strategy(
        reverse_id="green-paper-response",
        title="Our response to the SEND green paper",
        slug="send-green-paper-response",
        description="The Partnership's response to the government green paper SEND Review: Right support, right "
        "place, right time.",
        summary="""
<p>In May 2022 the Lancashire SEND Partnership held events to discuss the government's consultation on the
green paper (SEND Review: Right support, right place, right time). The events were attended by over 60
participants, including professionals from education, health and care, and parents and carers.</p>
<p>The Partnership's response to the green paper provided a summary of these discussions.</p>
<p>The government has since published its SEND and alternative provision improvement plan.</p>""",
        kind=K.RESPONSE,
        status=S.CURRENT,
        start_year=2022,
        end_year=2022,
        documents=(
            Doc(
                "Lancashire SEND Partnership response to the SEND green paper",
                "send-green-paper-response-2022.pdf",
                2,
            ),
        ),
    ),
    Strategy(
        reverse_id="send-ap-improvement-plan",
        title="Government SEND and alternative provision improvement plan",
        slug="send-and-alternative-provision-improvement-plan",
        description="The government's plans, published on 2 March 2023, to change the SEND and alternative "
        "provision system in England.",
        summary="""
<p>On 2 March 2023 the government published the SEND and alternative provision improvement plan on GOV.UK,
including an easy read version of the plan.</p>
<p>It sets out the government's plans to change the SEND and alternative provision system in England. It
follows a review of the SEND and alternative provision system in 2019, and a paper published in 2022 about
the review, called the SEND and Alternative Provision Green Paper.</p>
<p>This is a national plan, not a Lancashire SEND Partnership document: it is published on GOV.UK.</p>""",
        kind=K.PLAN,
        status=S.CURRENT,
        start_year=2023,
        end_year=None,
        documents=(
            Doc(
                "SEND and alternative provision improvement plan",
                publisher="the Department for Education, on GOV.UK",
                easy_read_elsewhere=True,
            ),
        ),
    ),
]

FLYER = Doc("SEND local offer flyer", "send-local-offer-flyer.pdf", 1)


def sample_file(folder, doc, owner, where):
    # The seed does not say who publishes each document, so the sample names no publisher.
    data = sample_pdf(doc.title, "", where, pages=doc.pages)
    return File.objects.create(
        folder=folder,
        owner=owner,
        original_filename=doc.filename,
        name=f"{doc.title} (sample file)",
        file=ContentFile(data, name=doc.filename),
    )


def add_document(placeholder, doc, folder, owner, where):
    fields = {"title": doc.title, "publisher": doc.publisher}
    if doc.filename:
        fields["file"] = sample_file(folder, doc, owner, where)
    if doc.easy_read_elsewhere:
        fields["alternative_kind"] = Document.AlternativeKind.EASY_READ
    add_plugin(placeholder, "DocumentPlugin", LANGUAGE, **fields)


def create_strategy_page(spec, parent, folder, user):
    page = create_page(
        spec.title,
        "strategy.html",
        LANGUAGE,
        slug=spec.slug,
        meta_description=spec.description,
        parent=parent,
        reverse_id=spec.reverse_id,
        in_navigation=True,
        created_by=user,
    )
    content = PageContent.admin_manager.get(page=page, language=LANGUAGE)
    StrategyDetails.objects.create(
        extended_object=content,
        kind=spec.kind,
        status=spec.status,
        start_year=spec.start_year,
        end_year=spec.end_year,
        last_updated=LAST_UPDATED,
        feedback_contact=spec.feedback_contact,
    )
    placeholders = content.rescan_placeholders()
    add_plugin(placeholders["content"], "TextPlugin", LANGUAGE, body=spec.summary.strip())
    where = f"It is described on this website at /strategies-and-plans/{spec.slug}/."
    for doc in spec.documents:
        add_document(placeholders["documents"], doc, folder, user, where)
    Version.objects.get_for_content(content).publish(user)


def add_flyer(folder, user):
    """The local offer flyer on the local offer page. The seed adds it to the page it has just published
    (no new version), once."""
    content = PageContent.objects.filter(page__reverse_id="local-offer", language=LANGUAGE).first()
    if content is None:
        return 0
    placeholder = content.rescan_placeholders()["content"]
    if placeholder.get_plugins(LANGUAGE).filter(plugin_type="DocumentPlugin").exists():
        return 0
    add_document(placeholder, FLYER, folder, user, "It is described on this website at /local-offer/.")
    return 1


def seed(stdout):
    user = seed_user()
    listing = Page.objects.filter(reverse_id=LISTING.reverse_id).first()
    if listing is None:
        listing = create_published_page(LISTING, user)
    folder, _ = Folder.objects.get_or_create(name="Strategies and plans (sample files)", parent=None)
    existing = set(
        Page.objects.filter(reverse_id__in=[s.reverse_id for s in STRATEGIES]).values_list("reverse_id", flat=True)
    )
    created = 0
    for spec in STRATEGIES:
        if spec.reverse_id not in existing:
            create_strategy_page(spec, listing, folder, user)
            created += 1
    flyers = add_flyer(folder, user)
    mark_urlconf_as_changed()
    stdout.write(f"Strategies: {created} created, {len(STRATEGIES) - created} already there; flyer added: {flyers}")
