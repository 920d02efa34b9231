"""The CMS pages of the site, drawn from the SEND Partnership's own page (shared/seed/send-partnership-news.txt).

Each page: reverse id (stable, used to find it again), title, slug, parent, template, description, and the
HTML of each placeholder. Staff edit all of this in the CMS afterwards; the seed only starts it off.
"""

from dataclasses import dataclass, field

EMAIL = "SENDPartnership@lancashire.gov.uk"
EMAIL_LINK = f'<a href="mailto:{EMAIL}">{EMAIL}</a>'
SEED_DATE = "27 November 2026"


@dataclass(frozen=True)
class PageSpec:
    reverse_id: str
    title: str
    slug: str
    description: str
    slots: dict = field(default_factory=dict)
    parent: str | None = None
    template: str = "page.html"
    in_navigation: bool = True
    menu_title: str | None = None
    apphook: str | None = None
    apphook_namespace: str | None = None  # equal to the apphook's app_name


HOME = PageSpec(
    reverse_id="home",
    title="Home",
    slug="home",
    template="home.html",
    in_navigation=False,
    description=(
        "Information, advice, support and services across Lancashire for children and young people "
        "with special educational needs and disabilities (SEND), from the Lancashire SEND Partnership."
    ),
    slots={
        "intro": """
<p>The SEND local offer is the information, advice, support and services available across Lancashire
for children and young people with special educational needs and disabilities (SEND).</p>
<p>The Lancashire SEND Partnership works with children, young people, their parent carers and
practitioners to improve outcomes for families.</p>""",
        "content": f"""
<h2>Contact the SEND Partnership</h2>
<p>If you have any questions, email {EMAIL_LINK}. Read <a href="/contact/">other ways to contact us</a>,
including how to get this information without using the internet.</p>""",
    },
)

ABOUT = PageSpec(
    reverse_id="about",
    title="About the Lancashire SEND Partnership",
    menu_title="About us",
    slug="about",
    description="What the SEND Partnership does, its strategies, and how parent carers take part.",
    slots={
        "content": f"""
<h2>Working Together Strategy 2023-2025</h2>
<p>The Lancashire SEND Partnership Working Together Strategy 2023-2025 outlines how the Lancashire SEND
Partnership will communicate, engage, encourage participation and partnership working with children,
young people, their parent carers and practitioners in order to improve outcomes for families.</p>
<p>If you have any feedback about the strategy, please email {EMAIL_LINK}.</p>

<h2>Lancashire Parent Carer Forum</h2>
<p>Lancashire Parent Carer Forum works as the SEND Partnership strategic partner for parent carer
engagement, participation and co-production. The independent, parent led forum works with the SEND
Partnership to hold regular parent carer engagement events to gain feedback on services and to provide
information around services and support.</p>
<p>The Lancashire Parent Carer Forum open event in February 2023 celebrated parent engagement and
participation, inviting parent carers to join the forum as members and representatives to help grow and
develop the forum. To sign up, visit the Lancashire Parent Carer Forum website.</p>

<h2>Alternative Provision Strategy 2023-26</h2>
<p>Our inclusion teams have been updating our Alternative Provision Strategy for 2023-26. This includes
our Outreach First delivery model (based on a three-tier system of support), how we will implement the
strategy and how we will ensure we are delivering improvement for children and young people in the
county.</p>

<h2>SEND Sufficiency Strategy 2019-2024</h2>
<p>The Special Educational Needs and Disabilities (SEND) Sufficiency Strategy 2019-2024 has been developed
to help the county council meet increases in demand and support more children and young people to be
educated within their local community. As part of this strategy several <a href="/send-units/">SEND
units</a> are being opened across the county.</p>

<h2>National changes to SEND and alternative provision</h2>
<p>On 2 March 2023 the government published the SEND and alternative provision improvement plan on
GOV.UK, including an easy read version of the plan. It sets out the government's plans to change the SEND
and alternative provision system in England.</p>
<p>The plan follows a review of the SEND and alternative provision system in 2019, and a paper published
in 2022 about the review, called the SEND and Alternative Provision Green Paper.</p>
<p>In May 2022 the Lancashire SEND Partnership held events to discuss the government's consultation on
the green paper (SEND Review: Right support, right place, right time). The events were attended by over
60 participants including professionals from education, health and care, and parents and carers. The
Lancashire SEND Partnership response to the green paper provided a summary of these discussions.</p>""",
    },
)

SEND_UNITS = PageSpec(
    reverse_id="send-units",
    title="SEND units",
    slug="send-units",
    apphook="UnitsApphook",
    apphook_namespace="units",
    description="What a SEND unit is, how it helps children and young people, and the units open in Lancashire.",
    slots={
        "content": """
<h2>What is a SEND unit?</h2>
<p>A SEND unit is a supportive environment within a mainstream school for children and young people with
special educational needs and/or disabilities (SEND) who need additional specialist support at times
during the week.</p>
<p>It enables children and young people with SEND to attend and enjoy the benefits of a mainstream school
by accessing the mainstream curriculum and taking part in other activities with their peers. It includes
specialist facilities and staffing and can draw on specific expertise when needed, such as
therapists.</p>

<h2>How a SEND unit helps</h2>
<p>SEND unit provision benefits children and young people by supporting them to:</p>
<ul>
<li>attend their local school or one near to their home</li>
<li>attend the same school as their siblings</li>
<li>play and learn alongside peers</li>
<li>join in mainstream lessons and activities where appropriate</li>
</ul>

<h2>Why units are opening</h2>
<p>The SEND Sufficiency Strategy 2019-2024 has been developed to help the county council meet increases
in demand and support more children and young people to be educated within their local community. As
part of this strategy several SEND units are being opened across the county. Plans for more SEND units
are in development for Lancashire and updates will be provided as these progress.</p>

<p>Read <a href="/send-unit-places/">how places at SEND units are decided</a>.</p>""",
    },
)

PLACES = PageSpec(
    reverse_id="send-unit-places",
    title="SEND unit places",
    slug="send-unit-places",
    description=(
        "Who can have a place at a SEND unit, how places are reviewed, and how moves out of a unit are decided."
    ),
    slots={
        "content": """
<p>All children and young people attending SEND units have an education, health and care plan. A
multi-agency panel decides on places, and progress is checked through the statutory annual review.</p>
<p>The <a href="/send-units/">SEND unit directory</a> lists every unit, the places open and the places
planned.</p>""",
    },
)

ADMISSION = PageSpec(
    reverse_id="admission",
    parent="send-unit-places",
    title="Admission to SEND units",
    slug="admission",
    description="Who a SEND unit is for and how a request for a place is decided.",
    slots={
        "content": """
<ul>
<li>All children and young people attending SEND units will have an education, health and care plan.</li>
<li>The special educational provision identified in a child or young person's education, health and care
plan will be more than can reasonably be expected to be provided by a mainstream school without a SEND
unit.</li>
<li>Young people and/or the parents or carers of children can request a place at a SEND unit. It is
expected that a request will be after an education, health and care needs assessment has been completed
or following an annual review.</li>
<li>Careful consideration will be given to all assessment and review information provided as part of the
request by a multi-agency panel. The panel will decide whether a particular SEND unit is appropriate to
the age, stage of development and ability of the child or young person.</li>
<li>All relevant information on the child or young person's needs will be forwarded to the school as part
of the formal consultation on the placement in line with the SEN Code of Practice 2014.</li>
<li>The local authority will seek the views of the school on the suitability of the placement before
making a final decision. The local authority will have regard to the number and profile/balance of needs
within the SEND unit.</li>
</ul>""",
    },
)

REVIEW = PageSpec(
    reverse_id="review",
    parent="send-unit-places",
    title="Review, monitoring and evaluation",
    slug="review-monitoring-and-evaluation",
    description="Who runs a SEND unit day to day and how a child's progress is measured.",
    slots={
        "content": """
<p>The headteacher and governing body of the school will have overall responsibility for the day-to-day
management of the SEND unit.</p>
<p>Successful outcomes for a child or young person will include clear progress in their learning and
development. Progress will be measured through the statutory annual review process.</p>""",
    },
)

TRANSFER_MAINSTREAM = PageSpec(
    reverse_id="transfer-mainstream",
    parent="send-unit-places",
    title="Transfer out of a SEND unit to mainstream provision",
    menu_title="Transfer to mainstream provision",
    slug="transfer-to-mainstream",
    description="When a move from a SEND unit to another mainstream school may be recommended.",
    slots={
        "content": """
<p>Recommendations for a child or young person moving from a SEND unit to another mainstream school may
be made following an annual review meeting. Where a recommendation is made, the following would normally
apply:</p>
<ul>
<li>the child or young person has made more than expected progress in comparison with other children and
young people attending the SEND unit</li>
<li>measurable progress has been made in the child or young person's areas of identified needs to meet
their outcomes</li>
<li>there is a noticeable improvement in the child or young person's ability to participate in the
mainstream curriculum, with reduced levels of support, and to manage the social demands of the school
environment</li>
</ul>""",
    },
)

TRANSFER_SPECIALIST = PageSpec(
    reverse_id="transfer-specialist",
    parent="send-unit-places",
    title="Transfer out of a SEND unit to a different specialist provision",
    menu_title="Transfer to other specialist provision",
    slug="transfer-to-specialist-provision",
    description="When a move from a SEND unit to a different specialist provision may be recommended.",
    slots={
        "content": """
<p>Recommendations for a child or young person to move to a different specialist provision may be made
following an annual review meeting. Where a recommendation is made, the following would normally
apply:</p>
<ul>
<li>the child or young person has made less than the expected progress in comparison with other children
and young people attending the SEND unit</li>
<li>the special educational provision required by the child or young person cannot be provided within the
SEND unit</li>
<li>limited progress has been made in meeting the child or young person's outcomes and in developing the
independence, social and behavioural skills required to move towards greater participation in mainstream
activities</li>
<li>there is evidence that the child or young person's social and emotional wellbeing is becoming
adversely affected</li>
</ul>
<h2>How the decision is made</h2>
<p>Assessment and other relevant information presented at a child or young person's annual review will
be used to inform a decision about whether a change of placement is needed. This decision will be made by
a multi-agency panel in the same way as for <a href="/send-unit-places/admission/">admission to a SEND
unit</a>.</p>""",
    },
)

INSPECTION = PageSpec(
    reverse_id="inspection",
    title="Inspection and improvement",
    slug="inspection-and-improvement",
    description="What Ofsted and the CQC found in Lancashire, and the SEND Plan 2021-2025 that followed.",
    slots={
        "content": """
<h2>Ofsted and CQC inspections</h2>
<p>Ofsted and the CQC carried out a SEND Local Area revisit in Lancashire in March 2020. The revisit was
to evaluate the effectiveness of Lancashire's progress in improving SEND services for children and young
people against the twelve areas of significant concern identified during the November 2017 SEND Local
Area Inspection.</p>
<p>Inspectors identified seven of these areas as having sufficiently improved. Although there had been
improvements in the remaining five areas, further on-going work was required, which was monitored by the
Department for Education and NHS England through an accelerated progress plan.</p>
<p>Following the final monitoring visit in September 2021 it was agreed that sufficient progress had been
made in the remaining areas.</p>

<h2>SEND Plan 2021-2025</h2>
<p>The SEND Plan 2021-2025 was developed following co-production, and the Lancashire SEND Partnership has
implemented a major improvement programme across the county. The plan was approved by the SEND Partnership
Board in June 2021. Thank you to everyone who contributed to and shared views on the plan.</p>
<p>The SEND Plan is the strategic document that provides high level priorities, the benefits we expect to
achieve, and the ways in which we will work together.</p>
<p>The SEND Plan was produced using information and feedback provided by over 160 people through 'Think
SEND' events held in April and May 2021. In June 2021 the draft of the plan was shared with the SEND
Partnership, and more than 100 people attended a range of 10 consultation events, or responded using an
online survey or by email, providing feedback and suggestions for further improvement of the
document.</p>
<p>The SEND Programme Management Team is working with partners to identify how to deliver the plan,
initially for the next 12-18 months.</p>

<h2>Continuous Improvement Plan</h2>
<p>The Continuous Improvement Plan is being developed for 2023-2024, detailing our current action plan in
preparation for the next full inspection.</p>""",
    },
)

LOCAL_OFFER = PageSpec(
    reverse_id="local-offer",
    title="The SEND local offer",
    menu_title="Local offer",
    slug="local-offer",
    description=(
        "The information, advice, support and services available across Lancashire for children and young "
        "people with SEND."
    ),
    slots={
        "content": f"""
<p>The SEND local offer is the information, advice, support and services available across Lancashire for
children and young people with special educational needs and disabilities.</p>
<p>One of the priorities for the SEND Partnership was to review Lancashire's SEND local offer. Following an
extensive review, work was carried out to revise the local offer website, which provides a central access
point to this information. You can find the revised SEND local offer website at
<a href="https://www.lancashire.gov.uk/SEND">www.lancashire.gov.uk/SEND</a>.</p>
<p>To help spread the word about the local offer, please share this link with anyone you think may benefit
from accessing the local offer. The electronic flyer can be reproduced if required and included in
newsletters, social media or on your own websites.</p>
<p>We will continue to share more about the changes taking place through regular updates on the SEND local
offer website and Facebook page. If you have any questions, please get in touch with the SEND
Partnership at {EMAIL_LINK}.</p>""",
    },
)

NEWS = PageSpec(
    reverse_id="news",
    title="SEND Partnership news",
    menu_title="News",
    slug="news",
    apphook="NewsApphook",
    apphook_namespace="news",
    description="News from the Lancashire SEND Partnership: strategies, inspections, SEND units and events.",
    slots={
        "content": """
<p>News from the Lancashire SEND Partnership about its strategies and plans, inspections, SEND units and
events for parent carers and practitioners. Filter by category or year, or follow the news with a
feed.</p>""",
    },
)

HAVE_YOUR_SAY = PageSpec(
    reverse_id="have-your-say",
    title="Have your say about the local offer",
    menu_title="Have your say",
    slug="have-your-say",
    apphook="FeedbackApphook",
    apphook_namespace="feedback",
    in_navigation=False,
    description=(
        "Tell the Lancashire SEND Partnership what you think of the local offer and this website, or report a "
        "problem with a page."
    ),
    slots={
        "content": """
<p>Tell us what you think of the SEND local offer and this website: what is good, what is wrong or missing,
and what is hard to find or understand. Children, young people, parents and carers, and practitioners can
all comment.</p>
<p>It takes about 5 minutes. You do not have to give your name.</p>""",
    },
)

YOU_SAID_WE_DID = PageSpec(
    reverse_id="you-said-we-did",
    title="You said, we did",
    slug="you-said-we-did",
    apphook="YouSaidWeDidApphook",
    apphook_namespace="you_said_we_did",
    in_navigation=False,
    description="What children, young people, parents, carers and practitioners told us about the local offer, "
    "and what we did.",
    slots={
        "content": """
<p>Every year we publish what children, young people, parents, carers and practitioners told us about the
local offer, and what we did about it. Comments are summarised by our staff so that no one can be
identified.</p>
<h2>Summary for 2026</h2>
<p>This is where the SEND Partnership publishes its annual summary of comments on the local offer and its
response. The entries below are examples for demonstration.</p>""",
    },
)

CONTACT = PageSpec(
    reverse_id="contact",
    title="Contact the SEND Partnership",
    menu_title="Contact us",
    slug="contact",
    description="How to contact the Lancashire SEND Partnership, including without using the internet.",
    slots={
        "content": f"""
<h2>Email</h2>
<p>Email the SEND Partnership at {EMAIL_LINK}. Use this address for questions, for feedback about the
Working Together Strategy, and to tell us what you think of this website.</p>

<h2>If you cannot use the internet</h2>
<p>You have a right to the information on this website without using the internet. We can send it to you
on paper, in large print, in easy read or in another format, or talk it through with you.</p>
<div class="inset">
<p>Telephone and postal address: the source content for this website does not give them. The council web
team must add the SEND Partnership's phone number and postal address here before this site goes
live.</p>
</div>

<h2>Report a problem with this website</h2>
<p>If you find an accessibility problem or anything wrong on this website,
<a href="/have-your-say/?page=/accessibility/">report it with our short form</a> or email {EMAIL_LINK}. Read
our <a href="/accessibility/">accessibility statement</a>.</p>

<h2>Have your say about the local offer</h2>
<p>Tell us what you think of the local offer: what is good, what is missing, what is hard to find or
understand. <a href="/have-your-say/">Have your say</a>. We publish what people told us, and what we did about
it, in <a href="/you-said-we-did/">You said, we did</a>.</p>""",
    },
)

ACCESSIBILITY = PageSpec(
    reverse_id="accessibility",
    title="Accessibility statement",
    slug="accessibility",
    in_navigation=False,
    description="How accessible this website is, known problems, how to report a problem and how to complain.",
    slots={
        "content": f"""
<p>This accessibility statement applies to the Lancashire SEND Partnership local offer website.</p>
<p>This website is run by the Lancashire SEND Partnership. We want as many people as possible to be able
to use it. For example, that means you should be able to:</p>
<ul>
<li>change colours, contrast levels and fonts using browser or device settings</li>
<li>zoom in up to 400% without the text spilling off the screen</li>
<li>navigate most of the website using a keyboard or speech recognition software</li>
<li>listen to most of the website using a screen reader</li>
<li>use the website without JavaScript</li>
</ul>
<p>We have also made the website text as simple as possible to understand.</p>

<h2>How accessible this website is</h2>
<p>We know some parts of this website are not fully accessible. See
<a href="#non-accessible-content">non-accessible content</a>.</p>

<h2>Feedback and contact information</h2>
<p>If you need information on this website in a different format like accessible PDF, large print, easy
read, audio recording or braille, email {EMAIL_LINK}. We will consider your request and get back to
you.</p>

<h2>Reporting accessibility problems with this website</h2>
<p>We are always looking to improve the accessibility of this website. If you find any problems not
listed on this page or think we are not meeting accessibility requirements,
<a href="/have-your-say/?page=/accessibility/">report an accessibility problem with our short form</a> (it works
without JavaScript) or email {EMAIL_LINK}.</p>

<h2>Enforcement procedure</h2>
<p>The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies
(Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the 'accessibility
regulations'). If you are not happy with how we respond to your complaint, contact the
<a href="https://www.equalityadvisoryservice.com/">Equality Advisory and Support Service (EASS)</a>.</p>

<h2>Technical information about this website's accessibility</h2>
<p>The Lancashire SEND Partnership is committed to making its website accessible, in accordance with the
Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.</p>

<h3>Compliance status</h3>
<p>This website is partially compliant with the
<a href="https://www.w3.org/TR/WCAG22/">Web Content Accessibility Guidelines version 2.2</a> AA standard,
due to the non-compliances listed below.</p>

<h2 id="non-accessible-content">Non-accessible content</h2>
<p>The content listed below is non-accessible for the following reasons.</p>
<h3>Not yet fully tested</h3>
<p>Every public page is checked automatically against WCAG 2.2 AA, and keyboard use is tested. Automated
checks cannot find every problem, and the website has not yet had a full manual audit or testing with
disabled users. We will list anything such testing finds here.</p>
<h3>Content on other websites</h3>
<p>Some pages link to documents published on other websites, such as GOV.UK. We are not responsible for
the accessibility of those documents.</p>
<h3>The editing tools used by staff</h3>
<p>The tools council staff use to edit this website are not part of the public website and have not been
checked to the same standard.</p>

<h2>What we are doing to improve accessibility</h2>
<p>We check every page template automatically each time the website changes, and we will arrange a full
manual audit.</p>

<h2>Preparation of this accessibility statement</h2>
<p>This statement was prepared on {SEED_DATE}. It was last reviewed on {SEED_DATE}.</p>
<p>This website was last tested on {SEED_DATE} by the team that built it, using automated checks (axe-core,
WCAG 2.2 AA rules) on every page template and manual keyboard checks.</p>""",
    },
)

PRIVACY = PageSpec(
    reverse_id="privacy",
    title="Privacy notice",
    slug="privacy",
    in_navigation=False,
    description="What personal information this website collects, why, and your rights.",
    slots={
        "content": f"""
<h2>Who we are</h2>
<p>This website is run by the Lancashire SEND Partnership. Lancashire County Council is the data controller
for personal information collected through it.</p>

<h2>What we collect when you visit</h2>
<p>You do not need to give us any personal information to read this website. We do not use analytics,
advertising or tracking of any kind.</p>
<p>Our web servers record technical information about each request, such as the address requested, the
time and your IP address. We use it only to keep the website secure and working.</p>

<h2>If you contact us</h2>
<p>If you email {EMAIL_LINK}, we use what you send only to answer you and to improve our services.</p>

<h2>If you use the 'Have your say' form</h2>
<p>We keep your comment, what it is about and who you are (for example a parent or carer) to improve the
local offer, as the SEND Regulations 2014 require us to. Your name and email address are optional: if you
give them and agree, we use them only to reply to you. We never publish them.</p>
<p>We publish a short, anonymised summary of some comments, written by our staff, with what we did about
them, but only if you agreed. We never publish your comment as you wrote it.</p>
<p>We delete your name and email address 365 days after you send your comment, once we have dealt with
it. To stop people sending the form automatically, we count comments from each internet address for 10
minutes; we do not store the address with your comment.</p>

<h2>If you subscribe to email alerts</h2>
<p>If you ask for <a href="/alerts/">email alerts</a> about our news or the SEND unit directory, we keep your
email address, the alerts you chose, how often you want them, and when you subscribed and confirmed. We use
them only to send you the alerts you asked for. We never publish your address or use it for anything else.</p>
<p>We first send you one email to check the address is yours. Nothing else is sent until you follow the link
in it. If you do not, we delete your address after 7 days.</p>
<p>You can change your alerts or unsubscribe at any time with the link at the bottom of every alert email.
Unsubscribing deletes your address and your choices straight away. Our system keeps a copy of each email it
has sent, with the address it went to, for 7 days after sending (30 days for an email that could not be
delivered). You can also ask us to delete your address
by emailing {EMAIL_LINK}.</p>
<p>To stop the form being used to send unwanted email, we send at most one email a day to an address from
the form, and keep a scrambled code made from the address (not the address itself) for one day to do so. We
also count requests from each internet address for 10 minutes. Only the staff who deal with requests about
personal data can see subscribers' addresses.</p>

<h2>Staff who edit the website</h2>
<p>Council staff who edit the website have an account with their name and email address. Failed sign-in
attempts are recorded, with the IP address, to protect accounts from being guessed.</p>

<h2>Your rights</h2>
<p>You have the right to ask for a copy of the information we hold about you, to have it corrected or
deleted, and to complain to the
<a href="https://ico.org.uk/">Information Commissioner's Office</a> if you are unhappy with how we handle
it. Ask us first by emailing {EMAIL_LINK}.</p>""",
    },
)

COOKIES = PageSpec(
    reverse_id="cookies",
    title="Cookies",
    slug="cookies",
    in_navigation=False,
    description="The cookies this website uses. Visitors who do not sign in get none.",
    slots={
        "content": """
<p>Cookies are small files saved on your phone, tablet or computer when you visit a website.</p>
<p>This website does not set any cookies when you read it. We do not use analytics or advertising
cookies, so we do not ask for your consent.</p>

<h2>Essential cookie for forms</h2>
<p>When you open the <a href="/have-your-say/">Have your say</a> form or the
<a href="/alerts/">email alerts</a> pages we set one cookie, csrftoken. It
protects the form from being sent by other websites, holds no personal information and expires after 1
year. It is essential, so we do not ask for your consent.</p>

<h2>Essential cookies for staff</h2>
<p>Council staff who sign in to edit the website get these cookies. They are needed for signing in and
cannot be turned off.</p>
<table>
<caption class="visually-hidden">Cookies set when staff sign in</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Purpose</th><th scope="col">Expires</th></tr></thead>
<tbody>
<tr><td>sessionid</td><td>Keeps a member of staff signed in</td><td>2 weeks</td></tr>
<tr><td>csrftoken</td><td>Protects forms from being submitted by other websites</td><td>1 year</td></tr>
</tbody>
</table>""",
    },
)

PAGES = [
    HOME,
    ABOUT,
    SEND_UNITS,
    PLACES,
    ADMISSION,
    REVIEW,
    TRANSFER_MAINSTREAM,
    TRANSFER_SPECIALIST,
    INSPECTION,
    LOCAL_OFFER,
    NEWS,
    CONTACT,
    HAVE_YOUR_SAY,
    YOU_SAID_WE_DID,
    ACCESSIBILITY,
    PRIVACY,
    COOKIES,
]
