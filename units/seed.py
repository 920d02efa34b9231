"""The nine SEND units and the capacity figures named in the Partnership's page. Nothing here is invented:
fields the page does not give (URN, address, postcode, places per unit, contacts) stay empty."""

import datetime

from django.utils.text import slugify

from .models import BroadArea, District, Figure, Need, Phase, SendUnit, Status

DISTRICTS = [
    "Burnley",
    "Chorley",
    "Fylde",
    "Hyndburn",
    "Lancaster",
    "Pendle",
    "Preston",
    "Ribble Valley",
    "Rossendale",
    "South Ribble",
    "West Lancashire",
    "Wyre",
]

SCI = "Social communication and interaction"
SEMH = "Social, emotional and mental health"
GLD = "Generic learning difficulties"
NEEDS = [
    (SCI, BroadArea.COMMUNICATION),
    (SEMH, BroadArea.SEMH),
    (GLD, BroadArea.COGNITION),
]

# (host school, town, district, phase, need, year, month) as the seed page lists them.
UNITS = [
    (
        "St Leonard's Voluntary Aided Church of England Primary School",
        "Burnley",
        "Burnley",
        Phase.PRIMARY,
        SCI,
        2021,
        9,
    ),
    ("Barrowford Primary School", "Barrowford", "Pendle", Phase.PRIMARY, SEMH, 2021, 9),
    ("Delph Side Community Primary School", "Skelmersdale", "West Lancashire", Phase.PRIMARY, SCI, 2022, 1),
    ("Highfield Community Primary School", "Chorley", "Chorley", Phase.PRIMARY, SCI, 2022, 2),
    ("Barden Primary School", "Burnley", "Burnley", Phase.PRIMARY, SCI, 2022, 4),
    ("Walverden Primary School", "Nelson", "Pendle", Phase.PRIMARY, SCI, 2022, 4),
    ("Morecambe Bay Community Primary School", "Morecambe", "Lancaster", Phase.PRIMARY, SCI, 2022, 9),
    ("Seven Stars Primary School", "Leyland", "South Ribble", Phase.PRIMARY, GLD, 2022, 9),
    ("Ashton Community Science College", "Preston", "Preston", Phase.SECONDARY, SCI, 2022, 9),
]

SOURCE = "Lancashire SEND Partnership news page"
FIGURES = [
    (Figure.Kind.OPEN_PLACES, 144, ""),
    (Figure.Kind.DUE_TO_OPEN, 4, "in 2023"),
    (Figure.Kind.NEW_PLACES, 88, "by the start of the 2024/25 academic year"),
    (Figure.Kind.UNDER_CONSIDERATION, 40, ""),
]


def seed(stdout):
    districts = {
        name: District.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0] for name in DISTRICTS
    }
    needs = {
        name: Need.objects.get_or_create(slug=slugify(name), defaults={"name": name, "broad_area": area})[0]
        for name, area in NEEDS
    }
    created = 0
    for school, town, district, phase, need, year, month in UNITS:
        name = f"{school} SEND unit"
        _, was_created = SendUnit.objects.get_or_create(
            slug=slugify(school),
            defaults={
                "name": name,
                "school_name": school,
                "town": town,
                "district": districts[district],
                "phase": phase,
                "need": needs[need],
                "status": Status.OPEN,
                "opening_date": datetime.date(year, month, 1),
            },
        )
        created += was_created
    for kind, value, period in FIGURES:
        Figure.objects.get_or_create(kind=kind, defaults={"value": value, "period": period, "source": SOURCE})
    stdout.write(f"SEND units: {created} created, {len(UNITS) - created} already there")
