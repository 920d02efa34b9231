"""Strategies and plans, and their documents: content checks, metadata, listing, superseded notice, downloads."""

import io
import re

import pytest
from cms.api import add_plugin
from cms.models import PageContent
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from djangocms_versioning.models import Version
from filer.validation import FileValidationError

from documents.models import Document, FileFacts, StrategyDetails, human_size, safe_filename
from documents.validation import inspect
from documents.views import grouped_strategies

from .factories_documents import ELF, EXE, GOOD_FILES, HTML, SVG, docx, filer_file, pdf, strategy_page

S = StrategyDetails.Status
LIST_MAX_QUERIES = 17  # 15, plus two for page view restrictions with CMS_PERMISSION on (page and menu)


# ---- What a file is, from its bytes ---------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(GOOD_FILES))
def test_each_accepted_type_is_detected_from_its_content(name):
    make, mime_type, pages = GOOD_FILES[name]
    data = make()
    facts = inspect(name, io.BytesIO(data))
    assert facts.mime_type == mime_type
    assert facts.size == len(data)
    assert facts.page_count == pages


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("strategy.pdf", HTML, "web page code"),
        ("strategy.html", HTML, "web page code"),
        ("notes.txt", b"Hello <script>alert(1)</script>", "web page code"),
        ("setup.pdf", EXE, "not accepted"),
        ("setup.docx", EXE, "not accepted"),
        ("setup.exe", EXE, "not accepted"),
        ("tool.pdf", ELF, "not accepted"),
        ("logo.svg", SVG, "web page code"),
        ("logo.png", SVG, "web page code"),
        ("archive.docx", None, "not accepted"),
        ("plan.docx", pdf(), "its content is a PDF"),
        ("plan.pdf", docx(), "its content is a Word document"),
        ("plan", pdf(), "its content is a PDF"),
        ("broken.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 10, "damaged"),
        ("empty.pdf", b"", "empty"),
        ("binary.csv", b"a,b\n\x00\x01\x02", "not accepted"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(name, data, message):
    if data is None:  # a zip that is not an office document
        buffer = io.BytesIO()
        import zipfile

        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("payload.exe", EXE)
        data = buffer.getvalue()
    with pytest.raises(FileValidationError) as error:
        inspect(name, io.BytesIO(data))
    assert message in error.value.messages[0]
    assert name in error.value.messages[0]


def test_size_limit_comes_from_the_setting(settings):
    settings.DOCUMENT_MAX_UPLOAD_MB = 1
    inspect("ok.txt", io.BytesIO(b"a" * 1024 * 1024))
    with pytest.raises(FileValidationError, match="larger than the limit of 1 MB"):
        inspect("big.txt", io.BytesIO(b"a" * (1024 * 1024 + 1)))


@pytest.mark.parametrize(("size", "text"), [(850, "850 bytes"), (103_424, "101 KB"), (2_516_582, "2.4 MB"), (None, "")])
def test_sizes_read_like_gov_uk(size, text):
    assert human_size(size) == text


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("SEND Plan 2021-2025.pdf", "send-plan-2021-2025.pdf"),
        ('../../etc/"passwd".PDF', "passwd.pdf"),
        ("a\\b\r\nc.pdf", "b-c.pdf"),
        (".pdf", "document.pdf"),
        ("noextension", "noextension"),
    ],
)
def test_download_names_are_safe(name, safe):
    assert safe_filename(name) == safe


# ---- filer's own upload path (admin clipboard) ----------------------------------------------------------


def upload_url():
    return reverse("admin:filer-ajax_upload")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("strategy.pdf", HTML, "web page code"),
        ("setup.pdf", EXE, "not accepted"),
        ("setup.exe", EXE, "upload denied"),
        ("page.html", HTML, "upload denied"),
        ("logo.svg", SVG, "upload denied"),
        ("plan.docx", None, "its content is a PDF"),
    ],
)
def test_filer_upload_refuses_bad_files(client, editor, name, data, message):
    client.force_login(editor)
    upload = SimpleUploadedFile(name, data if data is not None else pdf())
    response = client.post(upload_url(), {"file": upload})
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not FileFacts.objects.filter(file__original_filename=name).exists()


def test_filer_upload_accepts_a_pdf_and_records_its_facts(client, editor):
    client.force_login(editor)
    response = client.post(upload_url(), {"file": SimpleUploadedFile("plan.pdf", pdf(5))})
    assert response.status_code == 200, response.content
    facts = FileFacts.objects.get(file_id=response.json()["file_id"])
    assert (facts.mime_type, facts.page_count) == ("application/pdf", 5)


# ---- The document block ---------------------------------------------------------------------------------


def test_document_keeps_the_facts_of_its_files(db):
    main = filer_file("plan.pdf", pdf(12))
    easy = filer_file("plan-easy-read.pdf", pdf(4))
    doc = Document(title="SEND Plan 2021 to 2025", file=main, alternative_kind="easy-read", alternative_file=easy)
    doc.full_clean(exclude=["placeholder", "position", "language", "plugin_type", "path", "depth", "numchild"])
    doc.refresh_facts()
    link = doc.main_link()
    assert link["details"] == f"PDF, {human_size(main.size)}, 12 pages"
    assert link["url"] == f"/documents/{main.pk}/plan.pdf"
    alternative = doc.alternative_link()
    assert alternative["title"] == "SEND Plan 2021 to 2025: easy read version"
    assert alternative["details"].endswith("4 pages")


def test_a_refused_file_cannot_be_attached(db):
    bad = filer_file("strategy.pdf", HTML)
    doc = Document(title="Strategy", file=bad)
    with pytest.raises(ValidationError) as error:
        doc.clean()
    assert "web page code" in str(error.value)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({}, "file"),
        ({"external_url": "https://example.org/x.pdf", "with_file": True}, "external_url"),
        ({"publisher": "DfE", "alternative_url": "https://example.org/e"}, "alternative_kind"),
        ({"external_url": "https://example.org/x", "alternative_kind": "easy-read"}, "alternative_file"),
    ],
)
def test_document_form_rules(db, fields, field):
    if fields.pop("with_file", False):
        fields["file"] = filer_file("plan.pdf", pdf(1))
    with pytest.raises(ValidationError) as error:
        Document(title="Plan", **fields).clean()
    assert field in error.value.message_dict


# ---- Strategy pages and the list -------------------------------------------------------------------------


def test_seed_creates_the_strategies_with_sample_files_that_say_so(client, seeded):
    body = client.get("/strategies-and-plans/").content.decode()
    for title in [
        "Working Together Strategy 2023 to 2025",
        "SEND Plan 2021 to 2025",
        "Alternative Provision Strategy 2023 to 2026",
        "SEND Sufficiency Strategy 2019 to 2024",
        "Our response to the SEND green paper",
        "Continuous Improvement Plan 2023 to 2024",
        "Government SEND and alternative provision improvement plan",
    ]:
        assert title in body
    page = client.get("/strategies-and-plans/send-plan-2021-2025/").content.decode()
    match = re.search(
        r'href="(/documents/\d+/send-plan-2021-2025\.pdf)">SEND Plan 2021 to 2025 <span[^>]*>\(PDF, \d+ KB, 4 pages\)',
        page,
    )
    assert match, page
    response = client.get(match.group(1))
    from pypdf import PdfReader

    first_page = PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages[0].extract_text()
    assert "SAMPLE FILE" in first_page and "not the published document" in first_page


def test_government_plan_invents_no_address(client, seeded):
    page = client.get("/strategies-and-plans/send-and-alternative-provision-improvement-plan/").content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    assert "Published by the Department for Education" in main
    assert "Easy read version: also published by" in main
    assert "gov.uk/" not in main.lower()


def test_the_local_offer_flyer_shows_type_size_and_pages(client, seeded):
    body = client.get("/local-offer/").content.decode()
    assert re.search(r"SEND local offer flyer <span[^>]*>\(PDF, \d+ KB, 1 page\)", body)


def test_list_groups_by_status_with_periods(client, seeded):
    body = client.get("/strategies-and-plans/").content.decode()
    current = body.index("Current strategies and plans")
    developing = body.index("In development or consultation</h3>")
    assert current < body.index("SEND Plan 2021 to 2025") < developing
    assert developing < body.index("Continuous Improvement Plan 2023 to 2024")
    assert "Plan, 2021 to 2025." in body


def test_grouping_keeps_status_order_and_drops_empty_groups():
    items = [StrategyDetails(status=S.SUPERSEDED), StrategyDetails(status=S.CURRENT), StrategyDetails(status=S.CURRENT)]
    groups = grouped_strategies(items)
    assert [status for status, _, _ in groups] == [S.CURRENT, S.SUPERSEDED]
    assert len(groups[0][2]) == 2


def test_status_filter_and_bad_values(client, seeded):
    body = client.get("/strategies-and-plans/?status=in-development").content.decode()
    assert "2 strategies and plans: in development or consultation" in body
    assert "SEND Plan 2021 to 2025" not in body
    bad = client.get("/strategies-and-plans/?status=%3Cscript%3E")
    assert bad.status_code == 200
    assert "<script>" not in bad.content.decode()
    assert "There is a problem with the filters" in bad.content.decode()


def test_new_strategy_page_appears_without_code_and_superseded_notice_links_to_replacement(client, publisher):
    new_page, _ = strategy_page("Working Together Strategy 2026 to 2028", publisher, start_year=2026, end_year=2028)
    old_page, _ = strategy_page(
        "Old strategy 2015 to 2018",
        publisher,
        status=S.SUPERSEDED,
        start_year=2015,
        end_year=2018,
        superseded_by=new_page,
    )
    listing = client.get("/strategies-and-plans/?status=superseded").content.decode()
    assert "Old strategy 2015 to 2018" in listing
    assert f'Replaced by <a href="{new_page.get_absolute_url()}">' in listing
    body = client.get(old_page.get_absolute_url()).content.decode()
    notice = body.index("This strategy has been superseded")
    assert notice < body.index("<h2>Documents</h2>")
    assert f'replaced by <a href="{new_page.get_absolute_url()}">Working Together Strategy 2026 to 2028</a>' in body


def test_list_shows_only_published_public_pages(client, publisher):
    strategy_page("A draft strategy", publisher, publish=False)
    private, _ = strategy_page("A private strategy", publisher)
    private.login_required = True
    private.save()
    body = client.get("/strategies-and-plans/").content.decode()
    results = body[body.index('id="results"') :]
    assert "A draft strategy" not in results
    assert "A private strategy" not in results


def list_queries(client):
    """Queries of one uncached request for the list (after a first one that rebuilt the menus)."""
    client.get("/strategies-and-plans/")
    cache.clear()  # measure the page itself, not the CMS page cache
    connection.queries_log.clear()  # a full log makes CaptureQueriesContext count nothing
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/strategies-and-plans/").content.decode()
    return len(queries), body


def superseded_strategies(publisher, replacement, numbers):
    for number in numbers:
        strategy_page(
            f"Extra strategy {number}",
            publisher,
            start_year=2000 + number,
            end_year=2001 + number,
            status=S.SUPERSEDED,
            superseded_by=replacement,
        )


def test_list_query_count_does_not_grow_with_strategies(client, seeded, publisher):
    replacement, _ = strategy_page("Replacement strategy", publisher, start_year=2026, end_year=2030)
    superseded_strategies(publisher, replacement, [0])
    count, _ = list_queries(client)
    assert 0 < count <= LIST_MAX_QUERIES
    superseded_strategies(publisher, replacement, range(1, 6))
    count_after, body = list_queries(client)
    assert count_after == count
    assert "Extra strategy 5" in body
    assert body.count(f'Replaced by <a href="{replacement.get_absolute_url()}">Replacement strategy</a>') == 6


def test_details_survive_a_new_draft_and_publish(client, publisher):
    page, content = strategy_page("Strategy to revise", publisher, start_year=2023, end_year=2025, status=S.CURRENT)
    draft = Version.objects.get_for_content(content).copy(publisher)
    copied = StrategyDetails.objects.get(extended_object=draft.content)
    assert (copied.start_year, copied.end_year, copied.status) == (2023, 2025, S.CURRENT)
    copied.end_year = 2027
    copied.save()
    draft.publish(publisher)
    body = client.get("/strategies-and-plans/").content.decode()
    assert body[body.index('id="results"') :].count("Strategy to revise") == 1
    assert "2023 to 2027" in body
    published = PageContent.objects.get(page=page, language="en")
    assert published.pk == draft.content.pk


def test_strategy_details_validation():
    with pytest.raises(ValidationError) as error:
        StrategyDetails(start_year=2025, end_year=2023, status=S.CURRENT, superseded_by_id=1).clean()
    assert set(error.value.message_dict) == {"end_year", "superseded_by"}
    assert StrategyDetails(start_year=2023, end_year=2025).period == "2023 to 2025"
    assert StrategyDetails(start_year=2022, end_year=2022).period == "2022"


# ---- Downloads -----------------------------------------------------------------------------------------


def test_download_has_the_detected_type_nosniff_and_a_safe_name(client, db):
    stored = filer_file('SEND "Plan" 2021.pdf', pdf(2))
    response = client.get(f"/documents/{stored.pk}/anything.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="send-plan-2021.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_text_download_is_not_served_as_html(client, db):
    stored = filer_file("places.csv", b"a,b\n1,2\n")
    response = client.get(f"/documents/{stored.pk}/places.csv")
    assert response["Content-Type"] == "text/csv"


@pytest.mark.parametrize("case", ["private", "refused", "missing"])
def test_downloads_that_are_not_public_documents_are_404(client, db, case):
    if case == "private":
        pk = filer_file("plan.pdf", pdf(1), is_public=False).pk
    elif case == "refused":
        pk = filer_file("plan.pdf", HTML).pk
    else:
        pk = 999_999
    assert client.get(f"/documents/{pk}/plan.pdf").status_code == 404


def test_download_refuses_post(client, db):
    stored = filer_file("plan.pdf", pdf(1))
    assert client.post(f"/documents/{stored.pk}/plan.pdf").status_code == 405


# ---- A member of staff adds a strategy through the CMS ------------------------------------------------


def add_plugin_url(placeholder):
    query = (
        f"placeholder_id={placeholder.pk}&plugin_type=DocumentPlugin&plugin_language=en&plugin_position=1&cms_path=/"
    )
    return reverse("admin:cms_placeholder_add_plugin") + "?" + query


def test_staff_add_a_strategy_with_a_pdf_and_easy_read_version_through_the_cms(client, editor, publisher):
    """Through the admin endpoints the toolbar uses: upload two files, make the page a strategy, add the
    document block, publish; the public then sees type, size and pages."""
    page, content = strategy_page("Short Breaks Plan 2026 to 2027", publisher, publish=False)
    StrategyDetails.objects.filter(extended_object=content).delete()
    client.force_login(editor)

    main = client.post(upload_url(), {"file": SimpleUploadedFile("short-breaks.pdf", pdf(6))}).json()["file_id"]
    easy = client.post(upload_url(), {"file": SimpleUploadedFile("short-breaks-easy.pdf", pdf(3))}).json()["file_id"]

    details_url = reverse("admin:documents_strategydetails_add") + f"?extended_object={content.pk}"
    response = client.post(
        details_url,
        {"kind": "plan", "status": "current", "start_year": 2026, "end_year": 2027, "last_updated": "2026-11-01"},
    )
    assert response.status_code in (200, 302), response.content
    assert StrategyDetails.objects.get(extended_object=content).period == "2026 to 2027"

    placeholder = content.get_placeholders().get(slot="documents")
    refused = client.post(
        add_plugin_url(placeholder), {"title": "Short Breaks Plan", "file": filer_file("x.pdf", HTML).pk}
    )
    assert "web page code" in refused.content.decode()
    response = client.post(
        add_plugin_url(placeholder),
        {
            "title": "Short Breaks Plan 2026 to 2027",
            "file": main,
            "alternative_kind": "easy-read",
            "alternative_file": easy,
        },
    )
    assert response.status_code == 200
    assert Document.objects.filter(placeholder=placeholder).count() == 1

    Version.objects.get_for_content(content).publish(publisher)
    client.logout()
    body = client.get(page.get_absolute_url()).content.decode()
    assert re.search(r"Short Breaks Plan 2026 to 2027 <span[^>]*>\(PDF, \d+ KB, 6 pages\)", body)
    assert re.search(r"Short Breaks Plan 2026 to 2027: easy read version <span[^>]*>\(PDF, \d+ KB, 3 pages\)", body)
    assert "Short Breaks Plan 2026 to 2027" in client.get("/strategies-and-plans/").content.decode()


def test_toolbar_offers_strategy_details_to_staff(client, editor):
    client.force_login(editor)
    content = PageContent.admin_manager.get(page__reverse_id="send-plan", language="en")
    draft = Version.objects.get_for_content(content).copy(editor)
    response = client.get(draft.content.get_absolute_url() + "?toolbar_on&edit")
    assert response.status_code == 200
    assert "Strategy or plan details" in response.content.decode()


def test_replacing_a_file_in_the_media_library_updates_the_blocks_showing_it(client, publisher):
    page, content = strategy_page("Plan with a replaced file", publisher, publish=False)
    stored = filer_file("plan.pdf", pdf(2))
    placeholder = content.get_placeholders().get(slot="documents")
    add_plugin(placeholder, "DocumentPlugin", "en", title="Plan with a replaced file", file=stored)
    Version.objects.get_for_content(content).publish(publisher)
    assert "2 pages" in client.get(page.get_absolute_url()).content.decode()

    stored.file = ContentFile(pdf(7), name="plan.pdf")
    stored.save()
    assert "7 pages" in client.get(page.get_absolute_url()).content.decode()
