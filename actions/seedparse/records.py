"""Plain records the parsers produce and the loader saves."""

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .themes import ThemeEvidence


class SeedFormatError(ValueError):
    """A seed file that cannot be read as a whole: empty, not UTF-8, unknown layout."""


@dataclass(frozen=True)
class PartnerRecord:
    name: str
    local_name: str = ""
    acronym: str = ""
    country: str | None = None
    # the institution a unit belongs to ("State Employment Agency" of a ministry)
    parent: "PartnerRecord | None" = None
    # how the text calls it elsewhere: "the National Center for the Promotion of Employment (ONE)"
    other_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExpertRecord:
    name: str
    institution: str = ""
    country: str | None = None


@dataclass
class ActionRecord:
    key: str
    line: int
    kind: str
    title: str
    description: str = ""
    partner: PartnerRecord | None = None
    country: str | None = None
    expert_origins: list[str] = field(default_factory=list)
    action_types: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    # theme slug -> the sentence that justified it
    theme_evidence: dict[str, str] = field(default_factory=dict)
    status: str = ""
    code: str = ""
    referenced_codes: list[str] = field(default_factory=list)
    year: int | None = None
    start_date: date | None = None
    end_date: date | None = None
    # when the source text was published ("News 27/04/2023"), not when the event took place
    published_on: date | None = None
    organisers: list[PartnerRecord] = field(default_factory=list)
    participants: list[PartnerRecord] = field(default_factory=list)
    countries_involved: list[str] = field(default_factory=list)
    experts: list[ExpertRecord] = field(default_factory=list)
    # Field names whose value the parser guessed rather than read plainly.
    uncertain: list[str] = field(default_factory=list)

    def take_themes(self, evidence: list["ThemeEvidence"]) -> None:
        """Themes with their justifying sentences; none, or one resting on two passing
        mentions only, is for an editor to check."""
        self.themes = [item.slug for item in evidence]
        self.theme_evidence = {item.slug: item.sentence for item in evidence}
        if not evidence or any(item.weak for item in evidence):
            self.uncertain.append("themes")


@dataclass(frozen=True)
class SkippedBlock:
    line: int
    reason: str


@dataclass
class ParsedDocument:
    layout: str  # "list" or "narrative"
    title: str
    records: list[ActionRecord]
    skipped: list[SkippedBlock] = field(default_factory=list)
