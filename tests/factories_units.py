import datetime
from decimal import Decimal

import factory

from units.models import District, Need, Phase, SendUnit, Status


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("slug",)

    name = "Burnley"
    slug = factory.LazyAttribute(lambda d: d.name.lower().replace(" ", "-"))


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need
        django_get_or_create = ("slug",)

    name = "Social communication and interaction"
    slug = factory.LazyAttribute(lambda n: n.name.lower().replace(" ", "-"))
    broad_area = "communication-and-interaction"


class SendUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SendUnit

    name = factory.Sequence(lambda n: f"Test School {n} SEND unit")
    school_name = factory.Sequence(lambda n: f"Test School {n}")
    slug = factory.Sequence(lambda n: f"test-school-{n}")
    town = "Burnley"
    district = factory.SubFactory(DistrictFactory)
    need = factory.SubFactory(NeedFactory)
    phase = Phase.PRIMARY
    status = Status.OPEN
    opening_date = datetime.date(2022, 9, 1)


class FullSendUnitFactory(SendUnitFactory):
    """A unit with every optional field filled (test data only: names and numbers are examples)."""

    urn = factory.Sequence(lambda n: f"{900000 + n}")
    address = factory.Sequence(lambda n: f"{n} Example Lane\nExample Wood")
    postcode = "BB10 1JD"
    latitude = Decimal("53.795000")
    longitude = Decimal("-2.225000")
    age_range = "Reception to Year 6"
    places = 8
    expected_opening = "Autumn term 2026"
    contact_name = "Ann Example"
    contact_email = factory.Sequence(lambda n: f"send{n}@example.org")
    contact_phone = "01282 000000"
    website = factory.Sequence(lambda n: f"https://school{n}.example.org/send")
    description = "A calm base for eight children."
    last_checked = datetime.date(2025, 1, 31)
    review_by = datetime.date(2025, 7, 31)
