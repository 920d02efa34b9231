"""The one synonym list (search/synonyms.py) behind site search, the directory's keyword search and the ORUK
API's `search`, and the Need filter labels derived from it. Runs on SQLite and PostgreSQL."""

import re

import pytest

from search.synonyms import SYNONYMS, Term, described, expand, matching_q, whole_words_pattern
from units.models import Need, SendUnit

from .factories_units import NeedFactory, SendUnitFactory

LIST = "/send-units/"
# The seed's units for social communication and interaction needs (seven of the nine).
SCI_UNITS = {
    "st-leonards-voluntary-aided-church-of-england-primary-school",
    "delph-side-community-primary-school",
    "highfield-community-primary-school",
    "barden-primary-school",
    "walverden-primary-school",
    "morecambe-bay-community-primary-school",
    "ashton-community-science-college",
}
BURNLEY_SCI = {"st-leonards-voluntary-aided-church-of-england-primary-school", "barden-primary-school"}


def directory_slugs(client, query, **params):
    response = client.get(LIST, {"q": query, **params})
    assert response.status_code == 200
    return {unit.slug for unit in response.context["paginator"].object_list}


# The list and expand() ------------------------------------------------------------------------------------


def test_every_term_belongs_to_one_group_only():
    seen = {}
    for group in SYNONYMS:
        for term in group.terms:
            key = " ".join(re.findall(r"\w+", term.lower()))
            assert key not in seen, f"{term!r} is in two groups"
            seen[key] = group


def test_expand_gives_each_word_or_phrase_with_its_alternatives():
    asd, burnley = expand("ASD Burnley")
    assert asd.typed == "asd"
    assert {"autism", "autistic", "asc", "social communication"} <= set(asd.alternatives)
    assert "asd" not in asd.alternatives
    assert burnley == Term("burnley")


@pytest.mark.parametrize(
    "text, typed, alternative",
    [
        ("EHC plan", "ehc plan", "education health and care plan"),  # the longest phrase wins over "EHC"
        ("education, health and care plan", "education health and care plan", "ehcp"),
        ("EHCPs", "ehcps", "ehcp"),  # a plural finds the singular's synonyms (and the singular itself)
        ("SENDCo", "sendco", "senco"),
        ("special educational needs co-ordinator", "special educational needs co ordinator", "sendco"),
        ("SEMH", "semh", "social emotional and mental health"),
        ("speech and language", "speech and language", "slcn"),
    ],
)
def test_phrases_plurals_and_punctuation_are_recognised(text, typed, alternative):
    (term,) = expand(text)
    assert term.typed == typed
    assert alternative in term.alternatives


def test_expand_drops_repeats_and_stops_at_the_limit():
    assert expand("autism Autism AUTISM") == expand("autism")
    assert len(expand(" ".join(f"word{n}" for n in range(50)))) == 10
    assert expand("") == expand("<>&;\x00") == []


def test_whole_words_pattern_works_in_python_as_in_the_database():
    pattern = re.compile(whole_words_pattern(["asd", "education health and care plan"]))
    assert pattern.search("support for asd.")
    assert pattern.search("their education, health and care plans")
    assert not pattern.search("glasdale school")


# The directory's keyword search --------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["autism", "Autistic", "ASD", "asc", "autism spectrum condition"])
def test_autism_finds_the_social_communication_units_in_the_directory(client, seeded, query):
    assert directory_slugs(client, query) == SCI_UNITS


def test_synonyms_combine_with_other_words_and_filters(client, seeded):
    assert directory_slugs(client, "ASD Burnley") == BURNLEY_SCI
    assert directory_slugs(client, "autism", district="burnley") == BURNLEY_SCI
    assert directory_slugs(client, "SEMH") == {"barrowford-primary-school"}
    assert directory_slugs(client, "burn") >= BURNLEY_SCI  # typed words still match inside words, as before


def test_a_synonym_is_matched_as_a_whole_word_only(client, seeded):
    other = NeedFactory(name="Generic learning difficulties", broad_area="cognition-and-learning")
    SendUnitFactory(slug="glasdale", school_name="Glasdale Casc School", need=other)
    SendUnitFactory(slug="described", description="Support for autistic children.", need=other)
    SendUnitFactory(slug="ehcp", description="Every child here has an education, health and care plan.", need=other)
    found = directory_slugs(client, "autism")
    assert "described" in found and "glasdale" not in found
    assert directory_slugs(client, "EHCPs") == {"ehcp"}


def test_the_queryset_search_used_by_the_api_expands_too(seeded):
    slugs = set(SendUnit.objects.public().search("autism Burnley").values_list("slug", flat=True))
    assert slugs == BURNLEY_SCI


def test_bad_text_never_breaks_the_search(client, seeded):
    for query in ["(asd", "autism|x", "[^a-z]", "\\", "a\x00sd", "-autism", '"autism', "%", "_"]:
        assert client.get(LIST, {"q": query}).status_code == 200


def test_matching_q_over_mixed_case_fields(seeded):
    unit = SendUnit.objects.get(slug="barden-primary-school")
    unit.description = "A unit for Autistic children"
    unit.save()
    query = matching_q("ASD", ["description"], lowercase=False)
    assert list(SendUnit.objects.filter(query).values_list("slug", flat=True)) == ["barden-primary-school"]


def test_directory_search_queries_do_not_grow_with_synonyms(client, seeded, django_assert_max_num_queries):
    client.get(LIST, {"q": "Burnley"})
    with django_assert_max_num_queries(16):
        client.get(LIST, {"q": "autism EHCP SENCO SEMH Burnley"})


# Need filter labels --------------------------------------------------------------------------------------


def test_need_labels_say_what_they_include():
    assert (
        described("Social communication and interaction") == "Social communication and interaction (including autism)"
    )
    assert described("Social, emotional and mental health") == "Social, emotional and mental health (SEMH)"
    assert described("Generic learning difficulties") == "Generic learning difficulties"


def test_need_filter_options_use_the_labels_and_keep_their_values(client, seeded):
    html = client.get(LIST).content.decode()
    sci = "Social communication and interaction (including autism)"
    assert f'<option value="social-communication-and-interaction">{sci}</option>' in html
    assert (
        '<option value="social-emotional-and-mental-health">Social, emotional and mental health (SEMH)</option>' in html
    )
    filtered = client.get(LIST, {"need": "social-communication-and-interaction"})
    assert {unit.slug for unit in filtered.context["paginator"].object_list} == SCI_UNITS


def test_a_need_renamed_by_staff_gets_its_label_from_the_data(client, seeded):
    need = Need.objects.get(slug="generic-learning-difficulties")
    need.name = "Social communication needs"
    need.save()
    html = client.get(LIST).content.decode()
    assert 'value="generic-learning-difficulties">Social communication needs (including autism)</option>' in html
    assert described("Autism and social communication") == "Autism and social communication"  # says it already


def test_need_labels_are_escaped(client, seeded):
    NeedFactory(name="<b>Sensory</b> needs", slug="sensory", broad_area="sensory-and-physical")
    html = client.get(LIST).content.decode()
    assert "&lt;b&gt;Sensory&lt;/b&gt; needs" in html
    assert "<b>Sensory</b>" not in html
