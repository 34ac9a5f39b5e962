"""A synthetic corpus for load tests and benchmarks, recombined from the seeded actions.

Real catalogues are skewed: a few countries, partners and themes account for most
actions and a long tail for the rest, and words follow the same pattern. The corpus
keeps that shape by drawing everything with Zipf-like weights from what the seeds hold:
their sentences (so word frequencies resemble real texts: "employment" is common,
"apprenticeship" rare), titles, partners, countries, themes, action types and expert
origins. The same --seed gives the same corpus.
"""

import random
import re
from dataclasses import dataclass
from itertools import accumulate

from django.db import connection, transaction

from . import facets, search
from .models import Action, ActionType, Country, Partner, SourceDocument, Theme

SOURCE_NAME = "generated-corpus"
BATCH = 5000
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


@dataclass
class Skewed:
    """Draws items with weight 1 / rank ** exponent: the first few dominate, the tail stays."""

    items: list
    exponent: float = 1.0

    def __post_init__(self):
        self.cumulative = list(accumulate(1 / (rank**self.exponent) for rank in range(1, len(self.items) + 1)))

    def pick(self, rng: random.Random):
        return rng.choices(self.items, cum_weights=self.cumulative)[0]

    def sample(self, rng: random.Random, count: int) -> list:
        chosen = []
        for _ in range(count * 3):
            item = self.pick(rng)
            if item not in chosen:
                chosen.append(item)
            if len(chosen) == count:
                break
        return chosen


def generate(count: int, seed: int = 1) -> int:
    """Replaces the generated actions with `count` new ones; returns how many were written."""
    seeded = list(Action.objects.exclude(source__filename=SOURCE_NAME).prefetch_related("themes", "action_types"))
    if not seeded:
        raise ValueError("the corpus is recombined from the seeded actions: run load_seeds first")
    rng = random.Random(seed)
    pools = _pools(seeded, rng)
    source, _ = SourceDocument.objects.update_or_create(
        filename=SOURCE_NAME, defaults={"title": "Generated corpus", "layout": "list", "sha256": str(seed)}
    )
    with transaction.atomic():
        Action.objects.filter(source=source).delete()
        Partner.objects.filter(slug__startswith="corpus-").delete()
        partners = _partners(pools, rng, count)
        for first in range(0, count, BATCH):
            _write_batch(range(first, min(first + BATCH, count)), source, partners, pools, rng)
        search.add_to_vocabulary(" ".join(pools["sentences"].items + pools["titles"].items))
        transaction.on_commit(facets.invalidate)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return count


def _pools(seeded: list[Action], rng: random.Random) -> dict:
    sentences = [s.strip() for a in seeded for s in SENTENCE_END.split(a.description) if len(s.split()) >= 5]
    rng.shuffle(sentences)
    countries = list(Country.objects.order_by("code"))
    seeded_codes = [a.country_id for a in seeded if a.country_id]
    by_use = sorted(countries, key=lambda c: (-seeded_codes.count(c.pk), rng.random()))
    origin_ids = [pk for a in seeded for pk in a.expert_origins.values_list("pk", flat=True)]
    origins = sorted({*origin_ids}, key=lambda pk: -origin_ids.count(pk))
    themes = [t.pk for a in seeded for t in a.themes.all()]
    types = [t.pk for a in seeded for t in a.action_types.all()]
    return {
        "sentences": Skewed(sentences, 0.6),
        "titles": Skewed(sorted({a.title for a in seeded}), 0.3),
        "countries": Skewed(by_use, 1.1),
        "origins": Skewed(origins, 1.0),
        "themes": Skewed(sorted(set(themes), key=lambda pk: -themes.count(pk)), 0.8),
        "types": Skewed(sorted(set(types), key=lambda pk: -types.count(pk)), 0.9),
        "partner_names": Skewed(sorted({p.name for p in Partner.objects.exclude(slug__startswith="corpus-")}), 0.5),
        "names": {
            **{("themes", t.pk): t.name for t in Theme.objects.all()},
            **{("action_types", t.pk): t.name for t in ActionType.objects.all()},
            **{("expert_origins", c.pk): c.name for c in countries},
        },
        "kinds": Skewed(["action"] * 16 + ["workshop", "webinar", "seminar", "conference", "forum", "meeting"], 0.0),
    }


def _partners(pools, rng: random.Random, count: int) -> Skewed:
    """A few big institutions and a long tail: one partner per 100 actions, at least 50."""
    partners = []
    for number in range(max(50, count // 100)):
        country = pools["countries"].pick(rng)
        name = pools["partner_names"].pick(rng)
        partners.append(
            Partner(name=f"{name}, {country.name}"[:300], country=country, slug=f"corpus-{number}", seed_key=None)
        )
    return Skewed(Partner.objects.bulk_create(partners, batch_size=BATCH), 1.0)


def _write_batch(numbers, source, partners: Skewed, pools, rng: random.Random) -> None:
    actions, links = [], []
    for number in numbers:
        partner = partners.pick(rng)
        country = partner.country if rng.random() < 0.9 else pools["countries"].pick(rng)
        title = pools["titles"].pick(rng)
        if rng.random() < 0.5:
            title = f"{title} ({country.name})"
        themes = pools["themes"].sample(rng, rng.choice([1, 1, 2, 2, 3, 4]))
        types = pools["types"].sample(rng, rng.choice([1, 1, 2]))
        origins = pools["origins"].sample(rng, rng.choice([0, 1, 1, 2, 2, 3]))
        links_of = {"themes": themes, "action_types": types, "expert_origins": origins}
        description = " ".join(pools["sentences"].pick(rng) for _ in range(rng.randint(3, 9)))
        actions.append(
            Action(
                title=title[:500],
                slug=f"corpus-{number}",
                description=description,
                kind=pools["kinds"].pick(rng),
                partner=partner,
                country=country,
                year=rng.choices(range(2005, 2027), weights=range(1, 23))[0] if rng.random() < 0.95 else None,
                source=source,
                seed_key=f"corpus-{number}",
                search_context="\n".join(
                    [partner.name, country.name]
                    + [pools["names"][relation, pk] for relation, pks in links_of.items() for pk in pks]
                ),
            )
        )
        links.append((themes, types, origins))
    created = Action.objects.bulk_create(actions, batch_size=BATCH)
    for relation, position in (("themes", 0), ("action_types", 1), ("expert_origins", 2)):
        through = getattr(Action, relation).through
        target = getattr(Action, relation).field.m2m_reverse_field_name() + "_id"
        through.objects.bulk_create(
            [
                through(action_id=action.pk, **{target: pk})
                for action, link in zip(created, links, strict=True)
                for pk in link[position]
            ],
            batch_size=BATCH,
        )
