"""Scrapy's CSV and XML exporters, made faithful to nested and missing values.

* CSV: a nested field (authors, links, discovery, metadata…) is one cell of JSON, not a
  Python repr (``{'via': 'start'}``) nobody can parse back.
* XML: a missing value (``null``) is an empty element, not the text ``None``; booleans
  are ``true``/``false`` as in JSON.
"""

from __future__ import annotations

import json

from scrapy.exporters import CsvItemExporter, XmlItemExporter


class JsonCellCsvItemExporter(CsvItemExporter):
    def serialize_field(self, field, name, value):
        if isinstance(value, (dict, list, tuple)):
            return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return super().serialize_field(field, name, value)


class NullFreeXmlItemExporter(XmlItemExporter):
    def _export_xml_field(self, name, serialized_value, depth):
        if serialized_value is None:
            serialized_value = ""
        elif isinstance(serialized_value, bool):
            serialized_value = "true" if serialized_value else "false"
        super()._export_xml_field(name, serialized_value, depth)
