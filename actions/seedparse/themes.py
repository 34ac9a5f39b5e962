"""The controlled vocabulary of themes and the one set of rules that assigns them.

A theme is assigned on evidence, not on a word anywhere in the record:

- terms match whole words only ("mediation" is not found in "intermediation");
- names of institutions, programmes and events are masked first ("Ministry of Labour and
  Social Security" says nothing about social protection), and so is the partner's name;
- the action-type line never feeds themes, except through TYPE_THEMES, stated once;
- a match inside a longer match of another theme does not count ("information system"
  inside "labour market information system");
- a mention in a list of target groups or of cross-cutting goals does not count;
- what remains is evidence: a hit in the title, a hit in a sentence that states an aim,
  or mentions in two different sentences. At most MAX_THEMES themes, strongest first,
  each with the sentence that justified it.
"""

import re
from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class ThemeRule:
    slug: str
    name: str
    description: str
    # Regular expressions matched as whole words, case-insensitively; wrap an acronym in
    # (?-i:...) so that it matches in capitals only.
    terms: tuple[str, ...]

    @cached_property
    def pattern(self) -> re.Pattern:
        return re.compile(r"(?<![\w-])(?:" + "|".join(self.terms) + r")(?!\w)", re.IGNORECASE)


LABOUR = r"labou?r"

THEMES = (
    ThemeRule(
        "green-jobs",
        "Green jobs",
        "Jobs and skills for the green transition, climate resilience and the green economy.",
        (
            r"green (?:jobs?|economy|skills|transition|growth|employment|sectors?|recovery)",
            r"climate(?: change)?",
            r"agro-?ecolog\w*",
            r"renewable energ(?:y|ies)",
            r"circular economy",
            r"just transition",
            r"decarboni[sz]ation",
            r"emplois? verts?",
            r"empleos? verdes?",
            r"empregos? verdes?",
        ),
    ),
    ThemeRule(
        "youth",
        "Youth employment",
        "Young people, NEETs, young graduates and young entrepreneurs, youth employment programmes.",
        (
            r"youths?",
            # only the word "young", so that "young entrepreneurs" is entrepreneurship too
            r"young(?= (?:people|persons|men|women|workers|jobseekers|job-seekers|job seekers|graduates|"
            r"entrepreneurs|adults|unemployed|talent))",
            r"(?-i:NEETs?)",
            r"(?:school|university) (?:leavers|graduates)",
            r"graduates",
            r"youngsters",
            r"jóvenes",
            r"jovens",
            r"jeunes",
            r"juventud",
            r"juventude",
            r"jeunesse",
        ),
    ),
    ThemeRule(
        "disability",
        "Persons with disabilities",
        "Inclusion of persons with disabilities in work and society.",
        (r"disabilit(?:y|ies)", r"disabled", r"discapacidad", r"handicap(?:s|ped)?", r"deficiência"),
    ),
    ThemeRule(
        "gender-equality",
        "Gender equality",
        "Women's employment, gender equality and non-discrimination at work.",
        (
            r"gender",
            r"wom[ae]n(?:[’']s)?",
            r"girls",
            r"female",
            r"(?-i:LGB?TBI\+?|LGBTQ?I?\+?)",
            r"gender pay gap",
            r"maternity",
            r"mujeres",
            r"femmes",
            r"mulheres",
            r"género",
        ),
    ),
    ThemeRule(
        "soft-skills",
        "Soft skills",
        "Transversal, behavioural and employability skills.",
        (
            r"soft[- ]skills?",
            r"employability skills",
            r"transversal (?:skills|competences)",
            r"life skills",
            r"socio-?emotional skills",
            r"competencias blandas",
        ),
    ),
    ThemeRule(
        "labour-market-information",
        "Labour market information",
        "Labour market data, analysis, skills needs forecasting, observatories and information systems (LMIS).",
        (
            rf"{LABOUR} market(?: and skills?)? (?:information(?: systems?)?|intelligence|indicators?|data|"
            r"observator(?:y|ies)|analys[ie]s|research|dynamics|demand|statistics|trends|needs|monitoring|surveys?|forecasts?|"
            r"forecasting)",
            rf"{LABOUR} (?:demand|force surveys?|statistics)",
            r"(?-i:LMIS?)",
            r"observator(?:y|ies)",
            r"skills? (?:needs|anticipation|forecasting|intelligence|mismatch(?:es)?|gaps? analysis)",
            r"data (?:governance|collection|analysis)",
            r"(?:collection|analysis)(?: and analysis)? of (?:labou?r market )?data",
            r"occupational (?:classification|forecasts?|outlook)",
            r"informaci[oó]n (?:del mercado laboral|sobre el mercado de trabajo)",
            r"information sur le marché du travail",
        ),
    ),
    ThemeRule(
        "occupational-safety-health",
        "Occupational safety and health",
        "Health and safety at work and working conditions that endanger workers.",
        (
            r"(?-i:OSH)",
            r"occupational (?:safety|health|accidents?|diseases?|risks?)",
            r"(?:health|safety) (?:and|&) (?:health|safety)",
            r"safety at work",
            r"safe and healthy",
            r"(?:work|workplace|industrial) accidents?",
            r"seguridad y salud",
            r"santé et sécurité",
            r"segurança e saúde",
        ),
    ),
    ThemeRule(
        "social-dialogue",
        "Social dialogue",
        "Tripartite dialogue, trade unions, employers' organisations, collective bargaining and labour disputes.",
        (
            r"social dialogue",
            r"tripartit\w*",
            r"(?:trade|workers[’']?|labou?r) unions?",
            r"employers[’']? (?:organi[sz]ations?|associations?)",
            r"collective (?:bargaining|agreements?|labou?r disputes?)",
            rf"{LABOUR} (?:disputes?|conflicts?|relations)",
            r"industrial relations",
            r"mediation",
            r"conciliation",
            r"arbitration",
            r"professional elections",
            r"social partners",
            r"diálogo social",
            r"dialogue social",
        ),
    ),
    ThemeRule(
        "informal-economy",
        "Informal economy",
        "Informal work, formalisation, undeclared work and non-standard forms of employment.",
        (
            r"informality",
            r"informal (?:economy|sector|work\w*|employment|jobs?|vendors|traders|street|enterprises|"
            r"businesses|economic units|employ\w*)",
            r"transition (?:to|towards) formality",
            r"formali[sz](?:ation|e|ing)(?= of (?:the )?(?:informal|economy|employment|work|jobs|enterprises|"
            r"businesses|workers|micro|street))",
            r"undeclared work",
            r"non-standard (?:forms of )?employment",
            r"(?:digital )?platform (?:work|workers|economy)",
            r"gig economy",
            r"economía informal",
            r"économie informelle",
            r"economia informal",
        ),
    ),
    ThemeRule(
        "employer-services",
        "Services to employers",
        "Outreach to employers, vacancy handling, job fairs and job matching between jobseekers and employers.",
        (
            r"employers?[’']? (?:needs|services|outreach|engagement|relations(?:hips)?|partnerships?|contacts?)",
            r"services? (?:offered |provided |delivered )?(?:to|for) (?:the )?employers",
            r"outreach to (?:the )?employers",
            r"job fairs?",
            r"vacanc(?:y|ies)",
            r"job[- ]matching",
            r"(?:job|labou?r market|labou?r|employment) intermediation",
            r"intermediation",
            r"employer relationships",
            r"(?:relationships?|communication|partnerships?) with (?:the )?"
            r"(?:employers|companies|private firms|enterprises)",
            r"services? (?:provided )?to (?:the )?(?:companies|enterprises)",
            r"(?:recruitment|hiring) needs",
            r"match(?:ing)? (?:of )?labou?r (?:market )?(?:demand|supply)(?: and (?:labou?r )?(?:demand|supply))?",
            r"matching (?:of )?(?:supply and demand|labou?r supply and demand|jobseekers|job-seekers)",
            r"intermediación laboral",
        ),
    ),
    ThemeRule(
        "vocational-training",
        "Vocational training and skills",
        "Vocational education and training, apprenticeships, dual training and skills development.",
        (
            r"vocational (?:education|training|skills|qualifications?|schools?|centres?|centers?)",
            r"(?-i:T?VET)",
            r"apprentice(?:s|ships?)?",
            r"dual (?:training|system|education|vocational)",
            r"professional training",
            r"skills development",
            r"(?:up|re)-?skilling",
            r"(?:continuing|further) (?:professional |vocational )?(?:training|education)",
            r"training (?:of|for) (?:the )?(?:jobseekers|job-seekers|job seekers|unemployed)",
            r"(?:skills|technical) training",
            r"training (?:programmes?|programs?|curricul(?:um|a)|centres?|centers?|institutions?|providers?)",
            r"curricul(?:um|a)",
            r"qualifications? frameworks?",
            r"formación profesional",
            r"formation professionnelle",
            r"formação profissional",
        ),
    ),
    ThemeRule(
        "entrepreneurship",
        "Entrepreneurship",
        "Self-employment, small and medium enterprises, business creation and income-generating activities.",
        (
            r"entrepreneur\w*",
            r"self[- ]employ\w*",
            r"(?:micro,? )?small and medium(?:[- ]sized)? enterprises",
            r"(?-i:M?SMEs?)",
            r"business (?:creation|start-ups?|development services|management|plans?|incubat\w*)",
            r"start-ups?",
            r"income[- ]generating",
            r"emprendimiento",
            r"empreendedorismo",
            r"entrepreneuriat",
        ),
    ),
    ThemeRule(
        "social-protection",
        "Social protection",
        "Social security, pensions, social insurance, unemployment benefits, social assistance and poverty reduction.",
        (
            r"social (?:security|protection|insurance|assistance|benefits?|health protection|safety nets?|welfare)",
            r"pensions?",
            r"unemployment (?:insurance|benefits?|protection|allowances?)",
            r"poverty",
            r"cash transfers?",
            r"health (?:insurance|financing|coverage)",
            r"protección social",
            r"seguridad social",
            r"protection sociale",
            r"sécurité sociale",
            r"proteção social",
            r"segurança social",
        ),
    ),
    ThemeRule(
        "migration",
        "Labour migration",
        "Migrant workers, emigration and return, integration of migrants and refugees in work.",
        (
            r"(?:e|im)?migra(?:nts?|tion|tory)",
            r"refugees?",
            r"diasporas?",
            rf"{LABOUR} mobility",
            r"migrantes",
            r"migración",
            r"migração",
        ),
    ),
    ThemeRule(
        "strategic-planning",
        "Strategic planning and organisation",
        "Strategies and strategic plans of institutions, organisational reviews, structures and management of PES.",
        (
            r"strategic (?:plans?|planning|development plans?|orientations?|management)",
            r"management strateg(?:y|ies)",
            r"managerial (?:arrangements|capacit(?:y|ies)|skills|tools)",
            r"internal organi[sz]ation",
            r"organi[sz]ational (?:capacit(?:y|ies)|matters|needs)",
            r"(?:PES|public employment services?) reforms?",
            r"reform of (?:the )?(?:PES|public employment services?|employment services)",
            r"decentrali[sz]ed (?:models?|services)",
            r"organi[sz]ational (?:review|diagnosis|assessment|structures?|management|development|chart|change|reform)",
            r"institutional (?:review|diagnosis|assessment|structures?|reform)",
            r"business (?:models?|process(?:es)?)",
            r"one[- ]stop[- ]shops?",
            r"performance management",
            r"change management",
            r"functional (?:review|analysis)",
            r"restructur(?:ing|ed)",
        ),
    ),
    ThemeRule(
        "digitalisation",
        "Digitalisation",
        "Digital tools and e-services, information systems, online platforms, artificial intelligence, telework.",
        (
            r"digital\w*",
            r"(?-i:ICTs?)",
            r"information (?:and communication )?technolog(?:y|ies)",
            r"(?:IT|information|management information|case management) systems?",
            r"e-services?",
            r"online (?:platforms?|services?|tools?|portals?|registration)",
            r"web[- ]?(?:tools?|portals?|platforms?|sites?)",
            r"artificial intelligence",
            r"(?-i:AI)",
            r"telework\w*",
            r"remote work(?:ing)?",
            r"internet-based",
            r"software",
            r"databases?",
            r"data (?:management|architecture)(?: systems?)?",
            r"e-government",
            r"chatbots?",
        ),
    ),
    ThemeRule(
        "child-labour",
        "Child labour",
        "Prevention and elimination of child labour.",
        (
            rf"child {LABOUR}",
            r"working children",
            r"trabajo infantil",
            r"travail des enfants",
            r"trabalho infantil",
        ),
    ),
    ThemeRule(
        "labour-inspection",
        "Labour inspection",
        "Labour inspectorates and the inspection and enforcement of labour standards at workplaces.",
        (
            r"inspect(?:ion|ions|ors?|orates?)",
            rf"enforcement of {LABOUR} (?:laws?|standards|legislation)",
            r"inspecci[oó]n (?:del|de) trabajo",
            r"inspection du travail",
            r"inspeção do trabalho",
        ),
    ),
    ThemeRule(
        "labour-law",
        "Labour law and regulation",
        "Labour codes, employment legislation and regulations, regulation of employment agencies, labour rights.",
        (
            rf"{LABOUR} (?:laws?|codes?|legislation|rights|standards|regulations?)",
            r"employment (?:laws?|legislation|contracts?|protection legislation)",
            r"(?:regulatory|normative) frameworks?",
            rf"legislation on {LABOUR}",
            r"private employment agencies",
            r"temporary work agencies",
            r"minimum wages?",
            r"working time",
            r"dismissals?",
            r"derecho laboral",
            r"droit du travail",
            r"código del trabajo",
            r"code du travail",
        ),
    ),
    ThemeRule(
        "guidance-counselling",
        "Guidance and counselling for jobseekers",
        "Profiling, individual counselling, career guidance, activation and job-search assistance for jobseekers.",
        (
            r"(?:career|vocational|employment|professional|individual|occupational) guidance",
            r"career (?:cent(?:er|re)s?|services|counsell?ing|development services)",
            r"guidance (?:and|&) counsell?ing",
            r"counsell?(?:ing|ors?)",
            r"profiling",
            r"job[- ]search(?: assistance| support| skills| training| techniques)?",
            r"activation",
            r"case management",
            r"individual action plans?",
            r"services? (?:to|for) (?:the )?(?:jobseekers|job-seekers|job seekers|unemployed)",
            r"orientación (?:laboral|profesional|vocacional)",
            r"orientation professionnelle",
        ),
    ),
    ThemeRule(
        "employment-policy",
        "Employment policy and programmes",
        "National employment policies and strategies, active labour market policies and programmes, their evaluation.",
        (
            r"employment polic(?:y|ies)",
            r"(?:national )?employment strateg(?:y|ies)",
            rf"active {LABOUR} market (?:polic(?:y|ies)|programmes?|programs?|measures)",
            r"(?-i:ALMPs?)",
            rf"{LABOUR} market (?:polic(?:y|ies)|programmes?|programs?|measures)",
            r"employment (?:programmes?|programs?|measures|promotion|plans?|creation)",
            r"strateg(?:y|ies) (?:for|on) (?:the promotion of )?(?:employment|jobs|decent work)",
            r"promotion of (?:employment|decent work)",
            r"polic(?:y|ies) (?:for|on) the promotion of(?= (?:\w+ )?(?:jobs|employment))",
            r"job creation",
            r"public works",
            r"wage subsid(?:y|ies)",
            r"pol[ií]ticas? (?:activas? )?de empleo",
            r"politiques? (?:actives? )?(?:de l[’']emploi|d[’']emploi)",
        ),
    ),
)

# The only way an action-type label counts towards a theme: one mention, like a sentence.
TYPE_THEMES = {
    "information management systems": "digitalisation",
    "organisation/business strategy & planning": "strategic-planning",
}

MAX_THEMES = 4

# Words that head the name of an institution.
INSTITUTION_HEADS = (
    "Ministry|Ministries|Minister|Ministerio|Ministère|Ministério|Office|Agency|Agencies|Agence|Agencia|"
    "Department|Directorate|Direction|Dirección|Secretariat|Secretaría|Institute|Instituto|Institut|"
    "Council|Commission|Bank|Association|Federation|Confederation|Organisation|Organization|Authority|"
    "Bureau|Chamber|Union|Center|Centre|Centro|Pôle"
)
# Words that head the name of a service, programme, fund or event. In a title, only an
# institution's name is masked: the one that receives the action ("Capacity building of the
# Bureau of Job Creation") says nothing of its subject, but the service or programme it works
# on does ("M&E tools for the Vocational Counselling Service", "Green Jobs Programme development").
WORK_HEADS = (
    "Fund|Fondo|Programme|Program|Project|Partnership|Partnerships|Initiative|Network|Service|Services|"
    "Servicio|Conference|Forum|Summit|Unit|Unidad"
)
NAME_HEADS = f"{INSTITUTION_HEADS}|{WORK_HEADS}"
CONNECTORS = "of|and|for|the|in|on|de|del|des|du|la|le|y|et|e|da|do|das|dos|&"
CAPITALISED = r"[A-ZÀ-Ý][\w’'\-]*\*?"
# "Ministry of Employment, Vocational Training, and Handicrafts" is one name.
TITLE_CASE_RUN = re.compile(rf"{CAPITALISED}(?:(?:,?\s+|,\s+(?:and\s+)?)(?:(?:{CONNECTORS})\s+)*{CAPITALISED})+")
# Sentences that list cross-cutting goals or SDGs describe the frame, not the action.
CROSS_CUTTING = re.compile(r"cross-?cutting|\bSDGs?\b|Sustainable Development Goals?", re.IGNORECASE)
AIM = re.compile(
    r"\b(?:aim(?:s|ed|ing)?|objectives?|purpose|goals?|focus(?:ed|ing|es)?|dedicated to|devoted to|"
    r"designed to|sought to|intended to|wished to|wanted to|in order to|with a view to|requested|"
    r"in view to|contributions? (?:on|to)|presentations? on|expertise\b[^.;]{0,30}?\b(?:on|in)|advice on|"
    r"support (?:on|in))\b",
    re.IGNORECASE,
)
# What follows these words in an aim sentence is its setting, not its aim.
CONTEXT = re.compile(r"\b(?:in response to|in the context of|given|due to|because of|amid|against the backdrop of)\b")
TARGET_GROUPS = re.compile(
    r"\b(?:women|youth|young people|persons with disabilities|people with disabilities|migrants|refugees|"
    r"older (?:workers|persons|people)|the elderly|minorities|Roma|long-term unemployed|vulnerable groups|"
    r"rural (?:population|workers|people)|indigenous (?:peoples?|people)|NEETs?|low-skilled (?:workers|people))\b",
    re.IGNORECASE,
)
LIST_GAP = re.compile(r"^(?:\s*,\s*|\s+and\s+|\s+or\s+|\s*,\s*and\s+|\s*,\s*or\s+|\s+as well as\s+)$")
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z(“\"‘'0-9])|\n+")


@dataclass(frozen=True)
class ThemeEvidence:
    slug: str
    # The sentence (or title, or action-type label) that justified the theme.
    sentence: str
    score: int
    # True when the theme rests on two plain mentions only, no title hit or stated aim.
    weak: bool


@dataclass(frozen=True)
class _Hit:
    slug: str
    start: int
    end: int


def mask_names(text: str, names=(), heads: str = NAME_HEADS) -> str:
    """The text with the names of institutions, programmes and events (runs of capitalised
    words with one of `heads` in them) and the given names blanked out, keeping every
    other character in place."""
    for name in sorted((n for n in names if n and len(n) > 3), key=len, reverse=True):
        text = re.sub(re.escape(name), lambda m: " " * len(m.group(0)), text, flags=re.IGNORECASE)
    head = re.compile(rf"\b(?:{heads})\b")

    def blank(match: re.Match) -> str:
        run = match.group(0)
        return " " * len(run) if head.search(run) else run

    return TITLE_CASE_RUN.sub(blank, text)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


def _hits(text: str) -> list[_Hit]:
    """Every theme term in the text, without those inside a longer term of another theme."""
    hits = [_Hit(t.slug, m.start(), m.end()) for t in THEMES for m in t.pattern.finditer(text) if m.group(0)]
    return [
        hit
        for hit in hits
        if not any(
            other.slug != hit.slug
            and other.start <= hit.start
            and hit.end <= other.end
            and other.end - other.start > hit.end - hit.start
            for other in hits
        )
    ]


def _in_target_group_list(sentence: str, hit: _Hit) -> bool:
    """True when the hit is one of three or more groups listed together."""
    groups = list(TARGET_GROUPS.finditer(sentence))
    for index, group in enumerate(groups):
        if not (group.start() <= hit.start < group.end() or hit.start <= group.start() < hit.end):
            continue
        run = 1
        for step in (-1, 1):
            position = index
            while 0 <= position + step < len(groups):
                left, right = sorted((groups[position], groups[position + step]), key=lambda g: g.start())
                if not LIST_GAP.match(sentence[left.end() : right.start()]):
                    break
                run += 1
                position += step
        return run >= 3
    return False


def assign_themes(title: str, text: str, action_types=(), names=()) -> list[ThemeEvidence]:
    """The themes the record gives evidence for, strongest first, at most MAX_THEMES."""
    title_hits: dict[str, str] = {}
    aims: dict[str, str] = {}
    # slug -> {(sentence, term as written)}: two of them are two independent mentions
    mentions: dict[str, dict[tuple[str, str], None]] = {}
    masked_title = mask_names(title, names, heads=INSTITUTION_HEADS)
    for hit in _hits(masked_title):
        if not _in_target_group_list(masked_title, hit):
            title_hits.setdefault(hit.slug, title)
    for original in sentences(text):
        masked = mask_names(original, names)
        if CROSS_CUTTING.search(masked):
            continue
        aim = AIM.search(masked)
        context = CONTEXT.search(masked) if aim else None
        for hit in _hits(masked):
            if _in_target_group_list(masked, hit):
                continue
            if aim and (context is None or hit.start < context.start()):
                aims.setdefault(hit.slug, original)
            mentions.setdefault(hit.slug, {})[(original, masked[hit.start : hit.end].lower())] = None
    for label in action_types:
        slug = TYPE_THEMES.get(label.strip().lower())
        if slug:
            mentions.setdefault(slug, {})[(label, label)] = None
    found = []
    for rule in THEMES:
        slug = rule.slug
        said = [sentence for sentence, _ in mentions.get(slug, {})]
        if slug not in title_hits and slug not in aims and len(said) < 2:
            continue
        score = 3 * (slug in title_hits) + 2 * (slug in aims) + len(said)
        sentence = title_hits.get(slug) or aims.get(slug) or said[0]
        found.append(ThemeEvidence(slug, sentence, score, weak=slug not in title_hits and slug not in aims))
    found.sort(key=lambda evidence: -evidence.score)
    return found[:MAX_THEMES]
