"""The Partnership's news, from its own page (shared/seed/send-partnership-news.txt), split into one article
per item, plus the categories and a "Latest news" block on the home page. Idempotent: articles that exist (by
slug) are left alone, and the home page block is added only if the home page has none.

Dates: where the page gives a day, that day. Where it gives only a month, the 1st of that month (noted on
each article below). Where it gives no date at all, the latest date the page itself gives, 2 March 2023 (the
improvement plan), because the page carried that item by then; each such choice is noted below too.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from cms.api import add_plugin
from cms.models import PageContent
from djangocms_versioning.models import Version

from localoffer.seed.content import EMAIL_LINK
from localoffer.seed.pages import LANGUAGE, seed_user

from .models import Article, ArticleContent, Category

LONDON = ZoneInfo("Europe/London")

CATEGORIES = [
    ("Strategies and plans", "strategies-and-plans", "The Partnership's strategies and plans, and progress on them."),
    ("Inspections", "inspections", "Ofsted and CQC inspections of SEND services in Lancashire, and what followed."),
    ("SEND units", "send-units", "SEND units opening in mainstream schools across Lancashire."),
    ("Events and engagement", "events-and-engagement", "Events, consultations and how parent carers take part."),
    ("National policy", "national-policy", "Government changes to SEND and alternative provision in England."),
]


def day(year, month, dd=1):
    return datetime.datetime(year, month, dd, tzinfo=LONDON)


# The latest date the seed page gives (the government's improvement plan): used where an item has no date.
LATEST_DATE_ON_PAGE = day(2023, 3, 2)


@dataclass(frozen=True)
class ArticleSpec:
    slug: str
    title: str
    summary: str
    date: datetime.datetime
    categories: tuple
    body: str


ARTICLES = [
    ArticleSpec(
        slug="working-together-strategy-2023-2025",
        title="Working Together Strategy 2023-2025",
        summary=(
            "How the Lancashire SEND Partnership will communicate, engage and work in partnership with children, "
            "young people, their parent carers and practitioners."
        ),
        # No date on the page: the latest date the page gives (see the module docstring).
        date=LATEST_DATE_ON_PAGE,
        categories=("strategies-and-plans", "events-and-engagement"),
        body=f"""
<p>The Lancashire SEND Partnership Working Together Strategy 2023-2025 outlines how the Lancashire SEND
Partnership will communicate, engage, encourage participation and partnership working with children, young
people, their parent carers and practitioners in order to improve outcomes for families.</p>
<p>If you have any feedback about the strategy, please email {EMAIL_LINK}.</p>
<p>Read more <a href="/about/">about the Lancashire SEND Partnership</a>.</p>""",
    ),
    ArticleSpec(
        slug="send-and-alternative-provision-improvement-plan",
        title="Government publishes the SEND and alternative provision improvement plan",
        summary=(
            "On 2 March 2023 the government published its plans to change the SEND and alternative provision "
            "system in England."
        ),
        date=day(2023, 3, 2),
        categories=("national-policy",),
        body="""
<p>On 2 March 2023 the government published the SEND and alternative provision improvement plan on GOV.UK,
including an easy read version of the plan.</p>
<p>It sets out the government's plans to change the SEND and alternative provision system in England.</p>
<p>The plan follows a review of the SEND and alternative provision system in 2019, and a paper published in
2022 about the review. The paper was called the SEND and Alternative Provision Green Paper.</p>
<p>Read how the Lancashire SEND Partnership <a href="/news/send-green-paper-events-and-response/">discussed
the green paper and responded to it</a>.</p>""",
    ),
    ArticleSpec(
        slug="send-green-paper-events-and-response",
        title="Our events on the SEND green paper, and the Partnership's response",
        summary=(
            "In May 2022 over 60 professionals and parent carers discussed the government's SEND green paper "
            "with the Lancashire SEND Partnership."
        ),
        # The page gives only the month (May 2022): the 1st.
        date=day(2022, 5, 1),
        categories=("events-and-engagement", "national-policy"),
        body="""
<p>In May 2022 the Lancashire SEND Partnership held events to discuss the government's consultation on the
green paper (SEND Review: Right support, right place, right time).</p>
<p>The events were attended by over 60 participants including professionals from education, health and
care, and parents and carers.</p>
<p>The Lancashire SEND Partnership response to the government green paper (SEND Review: Right support, right
place, right time) provided a summary of these discussions.</p>""",
    ),
    ArticleSpec(
        slug="alternative-provision-strategy-2023-26",
        title="Alternative Provision Strategy 2023-26",
        summary=(
            "Our inclusion teams have been updating the Alternative Provision Strategy for 2023-26, including "
            "the Outreach First delivery model."
        ),
        # No date on the page: the latest date the page gives (see the module docstring).
        date=LATEST_DATE_ON_PAGE,
        categories=("strategies-and-plans",),
        body="""
<p>Our inclusion teams have been busy updating our Alternative Provision Strategy for 2023-26. This includes
our Outreach First delivery model (based on a three-tier system of support), how we will implement the
strategy and how we will ensure we are delivering improvement for children and young people in the
county.</p>""",
    ),
    ArticleSpec(
        slug="send-sufficiency-strategy-and-send-units",
        title="SEND Sufficiency Strategy: 9 SEND units open across Lancashire",
        summary=(
            "Lancashire has 9 SEND units open for up to 144 children, with 4 more due to open in 2023, as part "
            "of the SEND Sufficiency Strategy 2019-2024."
        ),
        # No date of its own: the latest date the item gives, the units that opened in September 2022 (the 1st).
        date=day(2022, 9, 1),
        categories=("send-units", "strategies-and-plans"),
        body="""
<p>The Special Educational Needs and Disabilities (SEND) Sufficiency Strategy 2019-2024 has been developed to
help the county council meet increases in demand and support more children and young people to be educated
within their local community. As part of this strategy several SEND units are being opened across the
county.</p>
<p>A SEND unit is a supportive environment within a mainstream school for children and young people with
special educational needs and/or disabilities (SEND) who need additional specialist support at times during
the week.</p>
<p>Lancashire currently has 9 SEND units open for up to 144 children, with 4 more due to open in 2023. A
further 88 SEND unit placements should become available by the start of the 2024/25 academic year and
another 40 are under consideration.</p>
<p>Plans for more SEND units are in development for Lancashire and updates will be provided as these
progress.</p>
<ul>
<li><a href="/send-units/">View open and planned SEND units in Lancashire</a></li>
<li><a href="/send-unit-places/admission/">Admission to SEND units</a></li>
<li><a href="/send-unit-places/">How places at SEND units are decided</a></li>
</ul>""",
    ),
    ArticleSpec(
        slug="ofsted-cqc-send-local-area-revisit",
        title="Ofsted and CQC revisit: seven of twelve areas sufficiently improved",
        summary=(
            "In March 2020 Ofsted and the CQC found seven of the twelve areas of significant concern from the "
            "2017 inspection had sufficiently improved."
        ),
        # The page gives only the month (March 2020): the 1st.
        date=day(2020, 3, 1),
        categories=("inspections",),
        body="""
<p>Ofsted and the CQC carried out a SEND Local Area revisit in Lancashire in March 2020. The revisit was to
evaluate the effectiveness of Lancashire's progress in improving SEND services for children and young people
against the twelve areas of significant concern identified during the November 2017 SEND Local Area
Inspection.</p>
<p>Inspectors identified seven of these areas as having sufficiently improved. Although there had been
improvements in the remaining five areas, further on-going work was required, which was monitored by the
Department for Education and NHS England through an accelerated progress plan.</p>
<p>Read more about <a href="/inspection-and-improvement/">inspection and improvement</a>.</p>""",
    ),
    ArticleSpec(
        slug="final-monitoring-visit-sufficient-progress",
        title="Final monitoring visit: sufficient progress in the remaining areas",
        summary=(
            "Following the final monitoring visit in September 2021 it was agreed that sufficient progress had "
            "been made in the remaining areas."
        ),
        # The page gives only the month (September 2021): the 1st.
        date=day(2021, 9, 1),
        categories=("inspections",),
        body="""
<p>Following the final monitoring visit in September 2021 it was agreed that sufficient progress had been
made in the remaining areas of significant concern from the
<a href="/news/ofsted-cqc-send-local-area-revisit/">March 2020 revisit</a>.</p>
<p>The SEND Plan 2021-2025 had been developed following co-production and the Lancashire SEND Partnership
have implemented a major improvement programme across the county.</p>
<p>The Continuous Improvement Plan is being developed for 2023-2024, detailing our current action plan in
preparation for the next full inspection.</p>
<p>Read more about <a href="/inspection-and-improvement/">inspection and improvement</a>.</p>""",
    ),
    ArticleSpec(
        slug="send-plan-2021-2025-approved",
        title="SEND Plan 2021-2025 approved",
        summary=(
            "The SEND Partnership Board approved the SEND Plan 2021-2025 in June 2021, after Think SEND events "
            "and consultation events."
        ),
        # The page gives only the month (June 2021): the 1st.
        date=day(2021, 6, 1),
        categories=("strategies-and-plans", "events-and-engagement"),
        body="""
<p>The SEND Plan 2021-2025 was approved by the SEND Partnership Board in June 2021. Thank you to everyone who
contributed to and shared views on the plan.</p>
<p>The SEND Plan is the strategic document that provides high level priorities, the benefits we expect to
achieve, and the ways in which we will work together.</p>
<h2>How the plan was made</h2>
<p>The SEND Plan was produced using information and feedback provided by over 160 people through 'Think
SEND' events held in April and May 2021. People engaged with the process and gave meaningful and useful
information that helped us develop the plan as we continue to improve SEND services across the
partnership.</p>
<p>In June 2021 the draft of the plan was shared with the SEND Partnership, and more than 100 people attended
a range of 10 consultation events, or responded using an online survey or via email, providing feedback and
suggestions for further improvement of the document.</p>
<h2>What happens next</h2>
<p>The SEND Programme Management Team is working with partners to identify how to deliver the plan,
initially for the next 12-18 months.</p>
<p>Read more about <a href="/inspection-and-improvement/">inspection and improvement</a>.</p>""",
    ),
    ArticleSpec(
        slug="revised-send-local-offer-website",
        title="The revised SEND local offer website",
        summary=(
            "After an extensive review, the SEND local offer website has been revised to give a central access "
            "point to information, advice, support and services."
        ),
        # No date on the page: the latest date the page gives (see the module docstring).
        date=LATEST_DATE_ON_PAGE,
        categories=("strategies-and-plans",),
        body=f"""
<p>One of the priorities for the SEND Partnership was to review Lancashire's SEND local offer, which is the
information, advice, support and services available across Lancashire, for children and young people with
special educational needs and disabilities.</p>
<p>Following an extensive review, work has been carried out over the last six months to revise the local
offer website, which provides a central access point to this information. You can find the revised SEND
local offer website at <a href="https://www.lancashire.gov.uk/SEND">www.lancashire.gov.uk/SEND</a>.</p>
<p>To help spread the word about the new local offer, please share this link with anyone you think may
benefit from accessing the local offer.</p>
<p>We will continue to share more about the changes taking place via regular updates on the SEND local offer
website and Facebook page. In the meantime if you have any questions please get in touch with the SEND
Partnership, {EMAIL_LINK}.</p>
<p>Read <a href="/local-offer/">about the SEND local offer</a>.</p>""",
    ),
    ArticleSpec(
        slug="lancashire-parent-carer-forum-open-event",
        title="Lancashire Parent Carer Forum open event",
        summary=(
            "The forum's open event in February 2023 celebrated parent engagement and invited parent carers to "
            "join as members and representatives."
        ),
        # The page gives only the month (February 2023): the 1st.
        date=day(2023, 2, 1),
        categories=("events-and-engagement",),
        body="""
<p>Lancashire Parent Carer Forum works as the SEND Partnership strategic partner for parent carer engagement,
participation and co-production. The independent, parent led forum works with the SEND Partnership to hold
regular parent carer engagement events to gain feedback on services and to provide information around
services and support.</p>
<p>The Lancashire Parent Carer Forum open event in February 2023 celebrated parent engagement and
participation, inviting parent carers to join the forum as members and representatives to help grow and
develop the forum.</p>
<p>To sign up please visit the Lancashire Parent Carer Forum website. Read more
<a href="/about/">about the Partnership and the forum</a>.</p>""",
    ),
]


def create_published_article(spec, categories, user):
    article = Article.objects.create(slug=spec.slug)
    article.categories.set([categories[slug] for slug in spec.categories])
    content = ArticleContent.objects.with_user(user).create(
        article=article, title=spec.title, summary=spec.summary, publication_date=spec.date
    )
    add_plugin(content.body_placeholder, "TextPlugin", LANGUAGE, body=spec.body.strip())
    Version.objects.get_for_content(content).publish(user)
    return article


def add_latest_news_to_home(stdout):
    home = PageContent.objects.filter(page__reverse_id="home", language=LANGUAGE).first()
    if home is None:
        return
    placeholders = home.rescan_placeholders()
    if any(p.get_plugins().filter(plugin_type="LatestNewsPlugin").exists() for p in placeholders.values()):
        return
    add_plugin(placeholders["content"], "LatestNewsPlugin", LANGUAGE, position="first-child", count=3)
    stdout.write("Added a Latest news block to the home page")


def seed(stdout):
    user = seed_user()
    categories = {}
    for name, slug, description in CATEGORIES:
        categories[slug], _ = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
    existing = set(Article.objects.values_list("slug", flat=True))
    created = 0
    for spec in ARTICLES:
        if spec.slug in existing:
            continue
        create_published_article(spec, categories, user)
        created += 1
    add_latest_news_to_home(stdout)
    stdout.write(f"News: {created} articles created, {len(ARTICLES) - created} already there")
