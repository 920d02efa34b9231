"""The one CSV writer for every CSV download: no cell can run as a spreadsheet formula (CSV injection).

Following OWASP's CSV injection guidance, a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return, also after leading whitespace (" =1+1": spreadsheets trim it) or as their full-width forms, is
written with a ``'`` in front, which spreadsheets show as text; every cell is quoted, so a separator inside a
cell never starts a new one. Real numbers (``-2.24``) are not formulas and are written as they are.

Used by the unit directory's export (units/exports.py) and the "You said, we did" register (feedback/views.py).
"""

import csv
import datetime
import decimal
import re

from django.http import HttpResponse

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
    if looks_like_formula(text):
        return "'" + text
    return text


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


def csv_response(filename):
    """An empty CSV download response to write into with SafeWriter."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
