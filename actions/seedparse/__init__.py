"""Turning seed texts into plain records, free of Django so it can be tested on strings."""

from .listlayout import BULLET, parse_list
from .narrative import looks_narrative, parse_narrative
from .records import (
    ActionRecord,
    ExpertRecord,
    ParsedDocument,
    PartnerRecord,
    SeedFormatError,
    SkippedBlock,
)

__all__ = [
    "ActionRecord",
    "ExpertRecord",
    "ParsedDocument",
    "PartnerRecord",
    "SeedFormatError",
    "SkippedBlock",
    "decode",
    "parse_document",
]


def decode(raw: bytes, source_name: str) -> str:
    """The text of a seed file, or a SeedFormatError naming it."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SeedFormatError(f"{source_name}: not UTF-8 text (byte {error.start})") from error
    if "\x00" in text:
        raise SeedFormatError(f"{source_name}: contains NUL bytes; not a text file")
    return text


def parse_document(text: str, source_name: str) -> ParsedDocument:
    """Reads a seed text in whichever known layout it is written."""
    stripped = text.strip()
    if not stripped:
        raise SeedFormatError(f"{source_name}: the file is empty")
    if stripped.startswith(BULLET):
        document = parse_list(text, source_name)
        if not document.records:
            raise SeedFormatError(f"{source_name}: list layout, but no block could be read")
        return document
    if looks_narrative(stripped):
        return parse_narrative(text, source_name)
    raise SeedFormatError(
        f"{source_name}: not in a known layout (neither a '{BULLET}' list of actions "
        "nor a narrative report of a workshop, webinar or conference)"
    )
