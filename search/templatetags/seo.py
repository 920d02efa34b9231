"""schema.org JSON-LD for sharing and search engines. The data is JSON-encoded with <, > and & escaped as
json_script does, so no text can close the script element; a JSON data block is allowed under the CSP."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime

register = template.Library()

_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def jsonld(data):
    encoded = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(encoded))  # noqa: S308 - <, > and & are \u-escaped above


@register.simple_tag(takes_context=True)
def news_article_jsonld(context, article):
    request = context["request"]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.summary,
        "datePublished": localtime(article.publication_date).isoformat(),
        "dateModified": localtime(article.last_changed).isoformat(),
        "mainEntityOfPage": request.build_absolute_uri(article.get_absolute_url()),
        "publisher": {"@type": "Organization", "name": "Lancashire SEND Partnership"},
        "author": {"@type": "Organization", "name": "Lancashire SEND Partnership"},
    }
    if article.image_id:
        data["image"] = request.build_absolute_uri(article.image.url)
    return jsonld(data)


@register.simple_tag(takes_context=True)
def unit_jsonld(context, unit):
    """A unit is a place inside a school: schema.org School, with the host school's address."""
    request = context["request"]
    address = {
        "@type": "PostalAddress",
        "addressLocality": unit.town,
        "addressRegion": "Lancashire",
        "addressCountry": "GB",
    }
    if unit.address:
        address["streetAddress"] = ", ".join(line.strip() for line in unit.address.splitlines() if line.strip())
    if unit.postcode:
        address["postalCode"] = unit.postcode
    data = {
        "@context": "https://schema.org",
        "@type": "School",
        "name": unit.name,
        "url": request.build_absolute_uri(unit.get_absolute_url()),
        "address": address,
        "containedInPlace": {"@type": "School", "name": unit.school_name},
    }
    if unit.description:
        data["description"] = unit.description
    if unit.latitude is not None and unit.longitude is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": float(unit.latitude), "longitude": float(unit.longitude)}
    if unit.contact_email:
        data["email"] = unit.contact_email
    if unit.contact_phone:
        data["telephone"] = unit.contact_phone
    if unit.website:
        data["sameAs"] = unit.website
    return jsonld(data)
