"""The JSON shape of a library mark and its certificates, with its OpenAPI schema."""

from ipp.clock import iso
from ipp.marks.models import Mark, MarkCertificate

_STRINGS = {"type": "array", "items": {"type": "string"}}
CERTIFICATE_SCHEMA = {"type": "object", "required": ["id", "filename", "content_type", "size"],
                      "properties": {"id": {"type": "integer"}, "filename": {"type": "string"},
                                     "content_type": {"type": "string"},
                                     "size": {"type": "integer"},
                                     "uploaded_at": {"type": "string"}}}
MARK_SCHEMA = {
    "type": "object", "required": ["id", "office", "number", "text", "status"],
    "properties": {
        "id": {"type": "integer"}, "office": {"type": "string"}, "number": {"type": "string"},
        "text": {"type": "string"}, "aliases": _STRINGS,
        "nice_classes": {"type": "array", "items": {"type": "integer"}},
        "territories": _STRINGS,
        "status": {"type": "string", "enum": ["registered", "expired", "cancelled", "pending"]},
        "registered_on": {"type": ["string", "null"]}, "expires_on": {"type": ["string", "null"]},
        "owner": {"type": "string"}, "review_note": {"type": "string"},
        "certificates": {"type": "array", "items": CERTIFICATE_SCHEMA}},
    "example": {"id": 7, "office": "USPTO", "number": "1234567", "text": "NIMBUS",
                "aliases": ["ニンバス"], "nice_classes": [25], "territories": ["US"],
                "status": "pending", "registered_on": "2015-01-01", "expires_on": "2030-01-01",
                "owner": "Nimbus Inc", "review_note": "", "certificates": []},
}
MARK_INPUT_SCHEMA = {
    "type": "object", "required": ["office", "number", "text", "nice_classes"],
    "properties": {
        "office": {"type": "string", "maxLength": 20}, "number": {"type": "string", "maxLength": 64},
        "text": {"type": "string", "maxLength": 300}, "aliases": _STRINGS,
        "nice_classes": {"type": "array", "items": {"type": "integer", "minimum": 1,
                                                    "maximum": 45}},
        "territories": _STRINGS, "registered_on": {"type": ["string", "null"], "format": "date"},
        "expires_on": {"type": ["string", "null"], "format": "date"}},
    "example": {"office": "USPTO", "number": "1234567", "text": "NIMBUS",
                "aliases": ["ニンバス"], "nice_classes": [25], "registered_on": "2015-01-01",
                "expires_on": "2030-01-01"},
}


def certificate_json(cert: MarkCertificate) -> dict:
    return {"id": cert.id, "filename": cert.filename, "content_type": cert.content_type,
            "size": cert.size, "uploaded_at": iso(cert.uploaded_at)}


def mark_json(mark: Mark, owner: str, certificates: list[MarkCertificate] = ()) -> dict:
    return {"id": mark.id, "office": mark.office, "number": mark.number, "text": mark.text,
            "aliases": list(mark.aliases), "nice_classes": list(mark.nice_classes),
            "territories": list(mark.territories), "status": mark.status,
            "registered_on": mark.registered_on.isoformat() if mark.registered_on else None,
            "expires_on": mark.expires_on.isoformat() if mark.expires_on else None,
            "owner": owner, "review_note": mark.review_note or "",
            "certificates": [certificate_json(c) for c in certificates]}
