"""Server time of the public pages at growing corpus sizes, on the database in use.

For each size it replaces the generated corpus (the seeds stay), then requests each kind of
page --repeat times through Django's test client with the facet cache emptied before every
request, so every figure is a cold computation, and prints p50, p95 and queries per page.
The front page and a deep page are also measured ("…_kept") with the whole corpus's counts
kept as they are between two writes (WHOLE_CORPUS_CACHE_SECONDS), counted by one untimed
request of the front page after the cache is emptied, as by the first visitor after a write.
Each page is requested once before it is timed, and what those requests loaded is then left
out of the garbage collector's full passes, as a gunicorn worker does (pesknow.gunicorn).
"""

import gc
import statistics
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from actions import corpus, search
from actions.models import Action, Country, Theme

COMMON_WORDS = ["employment", "labour", "services", "public"]
MEDIUM_WORDS = ["green jobs", "youth", "digital", "women", "informal", "disabilities", "migration"]
# words in a row, as people search: glossary phrases, matched in all their wordings
PHRASES = ["green jobs", "youth employment", "labour market information", "public employment services"]
RARE_WORDS = ["apprenticeship", "braille", "tourism", "pensions", "agroecology", "mining", "cooperatives"]
EXPORT_ROWS = 1000
# the pages measured with the whole corpus's counts kept; each is also measured cold, without "_kept"
WHOLE_CORPUS_KEPT = {"front_kept", "deep_page_kept"}


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated corpus sizes")
        parser.add_argument("--repeat", type=int, default=50, help="requests per kind of page")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="measure a corpus of the first size already in place, without rewriting it",
        )

    def handle(self, *args, sizes, repeat, seed, reuse, **options):
        if not Action.objects.exclude(source__filename=corpus.SOURCE_NAME).exists():
            raise CommandError("The corpus is recombined from the seeds: run load_seeds first.")
        for size in [int(n) for n in sizes.split(",")]:
            in_place = Action.objects.filter(source__filename=corpus.SOURCE_NAME).count()
            if reuse and in_place == size:
                self.stdout.write(f"\n{connection.vendor}, {Action.objects.count():,} actions (corpus in place)")
                self._measure(size, repeat, 0)
                continue
            report = corpus.generate(size, seed)
            self.stdout.write(f"\n{connection.vendor}, {Action.objects.count():,} actions in all: {report}")
            self._measure(size, repeat, report.rate)

    def _measure(self, size, repeat, rate):
        pages = self._pages()
        self.stdout.write(f"{'page':14} {'url':58} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        summary = {}
        client = Client(headers={"X-Forwarded-Proto": "https"})
        with override_settings(EXPORT_MAX_ROWS=EXPORT_ROWS, ALLOWED_HOSTS=["*"]):
            for urls in pages.values():
                self._get(client, urls[0])
            gc.freeze()
            for name, urls in pages.items():
                timings, queries = [], 0
                for number in range(repeat):
                    cache.clear()
                    if name in WHOLE_CORPUS_KEPT:
                        self._get(client, "/")
                    reset_queries()  # with DEBUG on, the log is capped and a full one miscounts
                    url = urls[number % len(urls)]
                    with CaptureQueriesContext(connection) as captured:
                        started = time.perf_counter()
                        self._get(client, url)
                        timings.append((time.perf_counter() - started) * 1000)
                    queries = max(queries, len(captured.captured_queries))
                p95 = statistics.quantiles(timings, n=20)[-1] if len(timings) > 1 else timings[0]
                self.stdout.write(
                    f"{name:14} {urls[0][:58]:58} {statistics.median(timings):8.1f} {p95:8.1f} {queries:8d}"
                )
                summary[name] = p95
        gc.unfreeze()
        self.stdout.write(
            f"N={size} vendor={connection.vendor} write_rate={rate:.0f} "
            + " ".join(f"p95_{name}_ms={value:.0f}" for name, value in summary.items())
        )

    def _get(self, client, url):
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")

    def _pages(self) -> dict[str, list[str]]:
        """The URLs of each kind of page, chosen from the data so that each is what it says."""
        total = Action.objects.count()
        country = Country.objects.annotate(n=Count("actions_received")).order_by("-n").first()
        theme = Theme.objects.annotate(n=Count("actions")).order_by("-n").first()
        year = Action.objects.values("year").annotate(n=Count("id")).order_by("-n").first()["year"]
        slugs = list(Action.objects.order_by("?").values_list("slug", flat=True)[:50])
        deep_page = f"/?page={min(settings.MAX_BROWSE_PAGE, max(1, total // settings.ACTIONS_PER_PAGE // 2))}"
        return {
            "front": ["/"],
            "front_kept": ["/"],
            "common_word": [f"/?q={self._word(COMMON_WORDS, total, 0.5, 1.0)}"],
            "medium_query": [f"/?q={self._word(MEDIUM_WORDS, total, 0.05, 0.2)}"],
            "rare_query": [f"/?q={self._word(RARE_WORDS, total, 0.0001, 0.01)}"],
            "misspelt": ["/?q=emplyoment"],
            "phrase": [f"/?q={self._word(PHRASES, total, 0.01, 0.5)}"],
            "most_words": [f"/?q={self._words_seldom_together()}"],
            # a glossary phrase of many wordings in nearly half the actions, within the
            # biggest country, as "youth employment peru" is read
            "phrase_in_country": [f"/?q={self._word(PHRASES, total, 0.3, 0.6)}&country={country.code}"],
            "three_facets": [f"/?country={country.code}&theme={theme.slug}&year={year}"],
            "deep_page": [deep_page],
            "deep_page_kept": [deep_page],
            "detail": [f"/actions/{slug}/" for slug in slugs],
            "export_1000": [f"/export.json?country={country.code}"],
            "country_page": [f"/countries/{country.code.lower()}/"],
            "theme_page": [f"/themes/{theme.slug}/"],
            "map": ["/map/"],
            "flows": ["/flows/"],
        }

    def _words_seldom_together(self) -> str:
        """A common word and a rare one that fewer actions than a page holds have both: the
        page falls back to the actions having most of the words."""
        pairs = [f"{common} {rare}" for rare in RARE_WORDS for common in COMMON_WORDS]
        for pair in pairs:
            if search.search(Action.objects.all(), search.parse(pair)).count() < settings.ACTIONS_PER_PAGE:
                return pair.replace(" ", "+")
        return pairs[0].replace(" ", "+")

    def _word(self, words, total, low, high) -> str:
        """The first word whose share of actions lies in [low, high], else the closest."""
        shares = {}
        for word in words:
            share = search.search(Action.objects.all(), search.parse(word)).count() / total
            if low <= share <= high:
                return word.replace(" ", "+")
            shares[word] = share
        middle = (low + high) / 2
        return min(shares, key=lambda word: abs(shares[word] - middle)).replace(" ", "+")
