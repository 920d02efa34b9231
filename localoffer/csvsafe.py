"""The one CSV writer for every CSV download: no cell can run as a spreadsheet formula (CSV injection).

Following OWASP's CSV injection guidance, a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return, also after leading whitespace (" =1+1": spreadsheets trim it) or as their full-width forms, is
written with a ``'`` in front, which spreadsheets show as text; every cell is quoted, so a separator inside a
cell never starts a new one. Real numbers (``-2.24``) are not formulas and are written as they are.

Used by the unit directory's export (units/exports.py), the "You said, we did" register (feedback/views.py) and,
as ``SafeCSV``, the admin's import and export of units (units/admin.py).
"""

import csv
import datetime
import decimal
import io
import re

import tablib
from django.http import HttpResponse
from import_export.formats.base_formats import CSV

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
NUMBER_RE = re.compile(r"[+-]?\d+(\.\d+)?")


def safe_cell(value):
    """The text a cell should hold: "" for None, ISO dates, numbers as they are, formula-like text defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, decimal.Decimal)):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    text = str(value)
    if needs_quote(text):
        return "'" + text
    return text


def needs_quote(text):
    """Formula-like text, and text that would read as such once restore_cell() took a quote off ("'=1"), so
    that an export re-imports exactly."""
    return looks_like_formula(text.lstrip("'"))


def restore_cell(text):
    """The text safe_cell() was given: the protective quote taken off again (for imports of our own CSV)."""
    return text[1:] if text.startswith("'") and needs_quote(text[1:]) else text


def looks_like_formula(text):
    if NUMBER_RE.fullmatch(text.strip()):
        return False
    return text[:1] in FORMULA_STARTS or text.lstrip()[:1] in FORMULA_STARTS


class SafeWriter:
    """csv.writer with every cell passed through safe_cell(); rows are lists, or dicts when ``fieldnames``."""

    def __init__(self, file, fieldnames=None):
        self.fieldnames = list(fieldnames) if fieldnames is not None else None
        self._writer = csv.writer(file, quoting=csv.QUOTE_ALL)

    def writeheader(self):
        self._writer.writerow(self.fieldnames)

    def writerow(self, row):
        if isinstance(row, dict):
            row = [row.get(name) for name in self.fieldnames]
        self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


class SafeCSV(CSV):
    """django-import-export's CSV format (the admin's Import/Export buttons), written by SafeWriter; an import
    takes the protective quotes off again, so an exported file re-imports unchanged."""

    def export_data(self, dataset, **kwargs):
        out = io.StringIO()
        writer = SafeWriter(out, dataset.headers)
        writer.writeheader()
        writer.writerows(dataset)
        return out.getvalue()

    def create_dataset(self, in_stream, **kwargs):
        dataset = super().create_dataset(in_stream, **kwargs)
        restored = tablib.Dataset(headers=dataset.headers)
        for row in dataset:
            restored.append([restore_cell(value) if isinstance(value, str) else value for value in row])
        return restored


def csv_response(filename):
    """An empty CSV download response to write into with SafeWriter."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
