import datetime

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
