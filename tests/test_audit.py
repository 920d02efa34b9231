"""The change log (audit app, django-auditlog) and the publishing history next to it: what is recorded, against
whom, what is never recorded (commenters' personal data, password hashes), who can read it (Publishers), that
nobody can edit it, and that it stays off the public page cache's invalidation path."""

import datetime
import io
import json

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.auth.models import Group, Permission, update_last_login
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from djangocms_versioning.constants import PUBLISHED

from audit.context import system_actor
from audit.models import ChangeRecord, PublishingEvent
from audit.registry import AUDITED_MODELS, HIDDEN
from documents.models import StrategyDetails
from feedback.models import Status, Submission, Theme
from localoffer import pagecache
from units.models import District, Figure, SendUnit

from .factories import StaffUserFactory, UserFactory
from .factories_documents import filer_file
from .test_feedback import admin_post, make_submission, ready_to_publish, valid
from .test_publishing import make_draft, publish_url

CHANGES = "/admin/audit/changerecord/"
HISTORY = "/admin/audit/publishingevent/"


def entries_for(obj):
    return ChangeRecord.objects.get_for_object(obj).order_by("-timestamp", "-pk")


def everything_logged():
    """Every stored column of every log row, as one text: what a leak would show up in."""
    rows = LogEntry.objects.values(
        "object_repr", "changes", "changes_text", "serialized_data", "additional_data", "object_pk"
    )
    return json.dumps(list(rows), default=str)


def admin_form_data(client, url):
    """The values an admin change form shows, ready to post back (so a test changes only what it means to)."""
    form = client.get(url).context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else value
    return data


@pytest.fixture
def superuser(seeded):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


# What is recorded -----------------------------------------------------------------------------------------------


def test_every_kind_of_record_the_issue_names_is_followed():
    followed = {model._meta.label for model in auditlog.get_models()}
    assert followed >= {
        "units.SendUnit",
        "units.Figure",
        "units.District",
        "units.Need",
        "feedback.Theme",
        "feedback.Submission",
        "documents.StrategyDetails",
        "filer.File",
        "filer.Image",
        "filer.Folder",
        "auth.User",
        "auth.Group",
        "news.Category",
        "news.Article",
    }
    assert followed == set(AUDITED_MODELS)


def test_a_publisher_changing_a_unit_records_who_when_and_the_old_and_new_values(client, publisher):
    unit = SendUnit.objects.get(slug="barden-primary-school")
    url = reverse("admin:units_sendunit_change", args=[unit.pk])
    client.force_login(publisher)
    data = admin_form_data(client, url)
    old_name, old_places = unit.name, unit.places
    data.update(name="Barden Primary School SEND base", places="14")
    before = datetime.datetime.now(datetime.UTC)

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    entry = entries_for(unit).first()
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == publisher
    assert entry.actor_email == publisher.email
    assert entry.remote_addr == "127.0.0.1"
    assert entry.timestamp >= before
    assert entry.changes_dict["name"] == [old_name, "Barden Primary School SEND base"]
    assert entry.changes_dict["places"] == [str(old_places) if old_places is not None else "None", "14"]
    # Only what changed; timestamps and the derived search text are noise.
    assert "updated_at" not in entry.changes_dict and "search_text" not in entry.changes_dict


def test_related_records_are_named_not_numbered(publisher):
    unit = SendUnit.objects.get(slug="barden-primary-school")
    old_district = unit.district.name
    unit.district = District.objects.get(slug="chorley")
    with set_actor(publisher):
        unit.save()
    assert entries_for(unit).first().changes_dict["district"] == [old_district, "Chorley"]


def test_deleting_a_record_is_logged_with_its_last_values(publisher):
    figure = Figure.objects.first()
    pk, value = figure.pk, figure.value
    with set_actor(publisher):
        figure.delete()
    entry = ChangeRecord.objects.filter(content_type=ContentType.objects.get_for_model(Figure), object_id=pk).first()
    assert entry.action == LogEntry.Action.DELETE
    assert entry.actor == publisher
    assert entry.changes_dict["value"] == [str(value), "None"]


def test_strategy_details_and_media_files_are_logged(publisher):
    details = StrategyDetails.objects.first()
    file = filer_file("report.txt", b"First version")
    with set_actor(publisher):
        details.status = StrategyDetails.Status.SUPERSEDED
        details.save()
        file.file = ContentFile(b"Second version", name="report.txt")
        file.name = "Annual report"
        file.save()
    assert entries_for(details).first().changes_dict["status"][1] == "superseded"
    changes = entries_for(file).first().changes_dict
    assert changes["name"] == ["", "Annual report"]
    assert changes["sha1"][0] != changes["sha1"][1]  # the file behind it was replaced


def test_seed_site_changes_are_recorded_as_the_system(client, publisher):
    seeded_entries = ChangeRecord.objects.filter(actor=None, additional_data__source="manage.py seed_site")
    assert seeded_entries.filter(content_type=ContentType.objects.get_for_model(SendUnit)).exists()

    with system_actor("manage.py import_units"):
        District.objects.create(name="Nowhere", slug="nowhere")
    entry = ChangeRecord.objects.filter(object_repr="Nowhere").get()
    assert entry.actor is None and entry.additional_data == {"source": "manage.py import_units"}

    client.force_login(publisher)
    html = client.get(CHANGES, {"q": "Nowhere"}).content.decode()
    assert "system (manage.py import_units)" in html


def test_a_unit_import_by_csv_is_logged_against_the_importer(client, superuser):
    """The admin import (django-import-export saves row by row) goes through the same signals."""
    from .test_units import GOOD_ROW

    client.force_login(superuser)
    upload = io.BytesIO(
        ("slug,name,school_name,town,district,phase,need,status,opening_date,postcode\n" + GOOD_ROW).encode()
    )
    upload.name = "units.csv"
    preview = client.post(
        reverse("admin:units_sendunit_import"), {"resource": "0", "format": "0", "import_file": upload}
    )
    assert not SendUnit.objects.filter(slug="new-unit").exists()  # a dry run: its log rows were rolled back too
    assert not ChangeRecord.objects.filter(object_repr="New SEND unit").exists()
    confirm = preview.context["confirm_form"].initial
    response = client.post(reverse("admin:units_sendunit_process_import"), {**confirm, "resource": "0"})
    assert response.status_code == 302
    entry = entries_for(SendUnit.objects.get(slug="new-unit")).get()
    assert entry.action == LogEntry.Action.CREATE and entry.actor == superuser


# What is never recorded -----------------------------------------------------------------------------------------


def test_a_commenters_name_email_and_words_never_reach_the_log(client, publisher):
    submission = make_submission(
        comment="Words only zqxwv wrote", name="Zqxwv Person", email="zqxwv@example.org", reply_consent=True
    )
    client.force_login(publisher)
    response = admin_post(client, submission, status=Status.IN_REVIEW, staff_notes="Rang Zqxwv Person back")
    assert response.status_code == 302
    response = admin_post(client, submission, **ready_to_publish())
    assert response.status_code == 302

    updates = list(entries_for(submission).filter(action=LogEntry.Action.UPDATE))
    assert [entry.actor for entry in updates] == [publisher, publisher]
    assert updates[-1].changes_dict["status"] == ["new", "in-review"]
    assert updates[0].changes_dict["status"] == ["in-review", "published"]
    assert "zqxwv" not in everything_logged().lower()

    # The promised purge leaves no copy behind in the log either.
    Submission.objects.filter(pk=submission.pk).update(created_at=submission.created_at - datetime.timedelta(days=999))
    call_command("purge_feedback_personal_data", stdout=io.StringIO())
    submission.refresh_from_db()
    assert (submission.name, submission.email) == ("", "")
    assert "zqxwv" not in everything_logged().lower()


def test_a_visitors_comment_writes_nothing_to_the_log(client, seeded):
    before = LogEntry.objects.count()
    response = client.post(
        "/have-your-say/", valid(comment="Anonymous words", name="Visitor", email="v@example.org", reply_consent="on")
    )
    assert response.status_code == 302
    assert Submission.objects.filter(comment="Anonymous words").exists()
    assert LogEntry.objects.count() == before


def test_user_and_group_changes_are_logged_without_the_password(superuser):
    user = StaffUserFactory(username="newstaff")
    editors = Group.objects.get(name="Editors")
    permission = Permission.objects.get(codename="view_sendunit")
    with set_actor(superuser):
        user.set_password("a brand new passphrase 123")
        user.first_name = "Nadia"
        user.save()
        user.groups.add(editors)
        editors.permissions.add(permission)
        editors.name = "Editors (drafts only)"
        editors.save()

    user_changes = [entry.changes_dict for entry in entries_for(user).filter(actor=superuser)]
    assert {"groups": {"type": "m2m", "operation": "add", "objects": ["Editors"]}} in user_changes
    field_changes = next(changes for changes in user_changes if "first_name" in changes)
    assert field_changes["password"] == [HIDDEN, HIDDEN]
    group_changes = [entry.changes_dict for entry in entries_for(editors).filter(actor=superuser)]
    assert {"name": ["Editors", "Editors (drafts only)"]} in group_changes
    assert any(changes.get("permissions", {}).get("objects") == [str(permission)] for changes in group_changes)

    text = everything_logged()
    assert user.password not in text and "pbkdf2" not in text and "a brand new passphrase" not in text


def test_signing_in_is_not_a_change(seeded):
    user = StaffUserFactory(username="signin")
    before = entries_for(user).count()
    update_last_login(None, user)  # what every sign-in does
    assert entries_for(user).count() == before


# Who can read it, and that nobody can edit it -------------------------------------------------------------------


@pytest.mark.parametrize("url", [CHANGES, HISTORY])
def test_editors_cannot_see_the_log(client, editor, url):
    client.force_login(editor)
    assert client.get(url).status_code == 403
    assert "Change log" not in client.get("/admin/").content.decode()


def test_publishers_find_the_log_in_the_admin(client, publisher):
    client.force_login(publisher)
    html = client.get("/admin/").content.decode()
    assert "Change log" in html and CHANGES in html and HISTORY in html
    assert client.get(CHANGES).status_code == 200
    assert client.get(HISTORY).status_code == 200


@pytest.mark.parametrize("who", ["publisher", "superuser"])
def test_nobody_can_add_change_or_delete_an_entry(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    entry = ChangeRecord.objects.filter(content_type=ContentType.objects.get_for_model(SendUnit)).first()
    change_url = reverse("admin:audit_changerecord_change", args=[entry.pk])
    original = (entry.object_repr, entry.changes)

    page = client.get(change_url)
    assert page.status_code == 200  # readable
    assert 'name="_save"' not in page.content.decode() and "Delete" not in page.content.decode()
    assert client.post(change_url, {"object_repr": "Rewritten"}).status_code == 403
    assert client.get(reverse("admin:audit_changerecord_add")).status_code == 403
    assert client.post(reverse("admin:audit_changerecord_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    client.post(CHANGES, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"})
    entry.refresh_from_db()
    assert (entry.object_repr, entry.changes) == original

    event = PublishingEvent.objects.first()
    assert client.get(reverse("admin:audit_publishingevent_change", args=[event.pk])).status_code == 200
    assert (
        client.post(reverse("admin:audit_publishingevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    )
    assert client.get(reverse("admin:audit_publishingevent_add")).status_code == 403
    assert PublishingEvent.objects.filter(pk=event.pk).exists()


def test_no_permission_to_edit_the_log_exists_to_be_granted(db):
    codenames = set(Permission.objects.filter(content_type__app_label="audit").values_list("codename", flat=True))
    assert codenames == {"view_changerecord", "view_publishingevent"}


# Finding things in it ---------------------------------------------------------------------------------------------


def unit_change(actor, name):
    unit = SendUnit.objects.get(slug="barden-primary-school")
    unit.name = name
    with set_actor(actor):
        unit.save()
    return unit


def test_the_log_filters_by_model_actor_and_date_and_searches_values(client, publisher, editor):
    unit_change(editor, "Renamed by the editor qq1")
    theme = Theme.objects.first()
    theme.name = "Renamed theme qq2"
    with set_actor(publisher):
        theme.save()
    client.force_login(publisher)

    def listed(**params):
        return [row.object_repr for row in client.get(CHANGES, params).context["cl"].result_list]

    unit_type = ContentType.objects.get_for_model(SendUnit).pk
    assert set(listed(model=unit_type)) >= {"Renamed by the editor qq1"}
    assert "Renamed theme qq2" not in listed(model=unit_type)
    assert listed(who=editor.pk) == ["Renamed by the editor qq1"]
    assert "Renamed by the editor qq1" not in listed(who="system")
    assert listed(q="qq2") == ["Renamed theme qq2"]  # searches the new values
    today = timezone.localdate()
    assert "Renamed theme qq2" in listed(timestamp__year=today.year, timestamp__month=today.month)
    assert listed(timestamp__gte=(timezone.now() + datetime.timedelta(days=1)).isoformat()) == []


@pytest.mark.parametrize("params", [{"who": "nobody"}, {"model": "units"}, {"timestamp__year": "soon"}])
def test_bad_filter_values_are_not_a_500(client, publisher, params):
    client.force_login(publisher)
    assert client.get(CHANGES, params).status_code in (200, 302)


def test_an_entry_shows_each_changed_field_with_its_old_and_new_value(client, publisher):
    unit = unit_change(publisher, "Barden <b>unit</b>")
    client.force_login(publisher)
    html = client.get(reverse("admin:audit_changerecord_change", args=[entries_for(unit).first().pk])).content.decode()
    assert "Barden Primary School SEND unit" in html
    assert "Barden &lt;b&gt;unit&lt;/b&gt;" in html and "<b>unit</b>" not in html


def queries_to_list(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), len(response.context["cl"].result_list)


def test_log_list_queries_are_bounded_and_do_not_grow_with_the_entries(client, publisher, editor):
    client.force_login(publisher)
    queries_to_list(client, CHANGES)  # warm the content type cache
    unit_change(publisher, "A first name")
    few = queries_to_list(client, CHANGES)
    for n in range(30):
        unit_change(editor if n % 2 else publisher, f"Name {n}")
    many = queries_to_list(client, CHANGES)
    assert many[1] == 100  # a full page
    assert many[0] == few[0] <= 15


# Publishing history ---------------------------------------------------------------------------------------------


def test_publishing_history_lists_who_published_what_and_when(client, editor, publisher):
    draft = make_draft(editor)
    client.force_login(publisher)
    client.post(publish_url(draft))
    event = PublishingEvent.objects.filter(version=draft, new_state=PUBLISHED).get()
    assert event.user == publisher

    response = client.get(HISTORY, {"user__id__exact": publisher.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert str(draft.content) in html
    assert "Published" in html and "publisher" in html
    assert reverse("admin:djangocms_versioning_pagecontentversion_changelist") in html


def test_publishing_history_queries_are_bounded_and_do_not_grow_with_the_events(client, editor, publisher):
    client.force_login(publisher)
    queries_to_list(client, HISTORY)
    make_draft(editor).publish(publisher)
    few = queries_to_list(client, HISTORY)
    for _ in range(5):
        make_draft(editor).publish(publisher)
    many = queries_to_list(client, HISTORY)
    assert many[1] > few[1]
    assert many[0] == few[0] <= 18


# The public page cache --------------------------------------------------------------------------------------------


def test_the_log_is_not_a_cache_invalidating_model():
    labels = {label.lower() for label in settings.CACHE_INVALIDATING_MODELS}
    assert not labels & {"auditlog.logentry", "audit.changerecord", "djangocms_versioning.statetracking"}


def test_writing_the_log_does_not_drop_the_page_cache(client, seeded, superuser):
    assert client.get("/about/")["X-Page-Cache"] == "miss"
    assert client.get("/about/")["X-Page-Cache"] == "hit"
    generation = pagecache.current_generation()
    before = LogEntry.objects.count()

    with set_actor(superuser):
        group = Group.objects.get(name="Editors")
        group.name = "Editors renamed"
        group.save()  # a logged change that is not public
        LogEntry.objects.log_create(group, action=LogEntry.Action.UPDATE, changes={"name": ["a", "b"]})

    assert LogEntry.objects.count() == before + 2
    assert pagecache.current_generation() == generation
    assert client.get("/about/")["X-Page-Cache"] == "hit"


def test_anonymous_pages_never_touch_the_log(client, seeded):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/send-units/barden-primary-school/").status_code == 200
    assert not [q for q in queries.captured_queries if "auditlog" in q["sql"]]
