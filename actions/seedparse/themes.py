"""The controlled vocabulary of themes and the one set of rules that assigns them."""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ThemeRule:
    slug: str
    name: str
    description: str
    pattern: str

    def matches(self, text: str) -> bool:
        return re.search(self.pattern, text, re.IGNORECASE) is not None


THEMES = (
    ThemeRule(
        "green-jobs",
        "Green jobs",
        "Jobs and skills for the green transition, climate resilience and the green economy.",
        r"\bgreen (?:jobs?|economy|skills|transition)|\bclimate\b|agroecolog",
    ),
    ThemeRule(
        "youth",
        "Youth employment",
        "Young people, NEETs, graduates and youth employment programmes.",
        r"\byouth\b|\byoung (?:people|persons|jobseekers|graduates)|\bNEETs?\b|\bgraduates?\b",
    ),
    ThemeRule(
        "disability",
        "Persons with disabilities",
        "Inclusion of persons with disabilities in work and society.",
        r"disabilit|\bdiscapacidad",
    ),
    ThemeRule(
        "gender-equality",
        "Gender equality",
        "Women's employment, gender equality and non-discrimination.",
        r"\bgender\b|\bwomen\b|\bwomen[’']s\b|\bLGTBI\b|\bequal opportunities",
    ),
    ThemeRule(
        "soft-skills",
        "Soft skills",
        "Transversal, behavioural and employability skills.",
        r"\bsoft[- ]skills|\bemployability skills|\btransversal skills",
    ),
    ThemeRule(
        "labour-market-information",
        "Labour market information",
        "Labour market data, indicators, observatories and information systems (LMIS).",
        r"labou?r market (?:information|indicators|data|observatory|analysis|research|dynamics|demand)"
        r"|\bLMIS?\b|\bobservator|\bdata (?:management|architecture|governance)|labou?r demand",
    ),
    ThemeRule(
        "occupational-safety-health",
        "Occupational safety and health",
        "Health and safety at work, labour inspection of working conditions.",
        r"\bOSH\b|(?:health|safety) (?:and|&) (?:health|safety)|safety at work|satefy",
    ),
    ThemeRule(
        "social-dialogue",
        "Social dialogue",
        "Tripartite dialogue, trade unions, employers' organisations and labour disputes.",
        r"social dialogue|tripartite|trade union|workers[’'] (?:trade )?union|labou?r disputes|"
        r"professional elections|\bsocial partners\b|mediation",
    ),
    ThemeRule(
        "informal-economy",
        "Informal economy",
        "Informal work, formalisation and non-standard forms of employment.",
        r"\binformal(?:ity| economy| sector| workers| street| employ)|formali[sz]ation|"
        r"non-standard employment|digital platform",
    ),
    ThemeRule(
        "employer-services",
        "Services to employers",
        "Outreach to employers, vacancy handling and job intermediation for enterprises.",
        r"\bemployers?[’']? (?:needs|services|outreach)|services? (?:to|for) employers|outreach to employers|"
        r"with employers|job fairs|intermediation",
    ),
    ThemeRule(
        "vocational-training",
        "Vocational training and skills",
        "Vocational education and training, apprenticeships, dual training and skills development.",
        r"vocational (?:education|training)|\bVET\b|apprentice|dual training|professional training|"
        r"skills development|continuing professional",
    ),
    ThemeRule(
        "entrepreneurship",
        "Entrepreneurship",
        "Self-employment, small and medium enterprises and business creation.",
        r"entrepreneur|self[- ]employ|small and medium enterprises|\bSMEs?\b|\bMSMEs?\b|"
        r"business (?:creation|management)|income-generating",
    ),
    ThemeRule(
        "social-protection",
        "Social protection",
        "Social security, social insurance, social assistance and poverty reduction.",
        r"social (?:security|protection|insurance|assistance|health protection)|poverty|"
        r"unemployment insurance|health financing",
    ),
    ThemeRule(
        "migration",
        "Labour migration",
        "Migrant workers, internal migration and the integration of migrants.",
        r"\bmigra(?:nt|tion)",
    ),
    ThemeRule(
        "strategic-planning",
        "Strategic planning and organisation",
        "Strategies, strategic plans, organisational reviews and management of PES.",
        r"strategic (?:plan|development plan|planning|goals|orientation)|organi[sz]ational "
        r"(?:review|diagnosis|capacity|management|structure)|business model|one-stop-shop",
    ),
    ThemeRule(
        "digitalisation",
        "Digitalisation",
        "Digital tools, information systems, e-services and teleworking.",
        r"digital|\bICT\b|information (?:and communication )?(?:technology|system)|online platform|"
        r"telework|web ?tool|artificial intelligence|internet-based",
    ),
)


def themes_for(text: str) -> list[str]:
    """Slugs of every theme whose rule the text supports, in vocabulary order."""
    return [theme.slug for theme in THEMES if theme.matches(text)]
