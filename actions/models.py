from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Count, Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .search import FtsDocumentField


class Region(models.Model):
    """A UN M49 sub-region such as "Western Africa" or "South America"."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class Country(models.Model):
    code = models.CharField(_("ISO 3166 alpha-2 code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.SET_NULL, related_name="countries"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("actions:country", args=[self.code.lower()])


class Partner(models.Model):
    """An institution that took part in actions: ministry, PES, agency, network."""

    name = models.CharField(_("name"), max_length=300)
    local_name = models.CharField(_("local-language name"), max_length=300, blank=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), null=True, blank=True, on_delete=models.SET_NULL, related_name="partners"
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="units",
        help_text=_("The institution this unit belongs to, such as the ministry of an agency."),
    )
    # How the seed loader recognises this partner again, whatever an editor renames it to.
    seed_key = models.CharField(max_length=400, unique=True, null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        label = f"{self.name} ({self.acronym})" if self.acronym else self.name
        return f"{label}, {self.country.name}" if self.country_id else label

    def get_absolute_url(self):
        return reverse("actions:partner", args=[self.slug])

    @property
    def label(self) -> str:
        """The name with its country, unless the name says it: many countries have a
        "Ministry of Labour". (The partner facet builds the same label in SQL.)"""
        if self.country_id and self.country.name not in self.name:
            return f"{self.name} ({self.country.name})"
        return self.name


class PartnerAlias(models.Model):
    """A name, local name or acronym by which the seeds refer to a partner, in its country:
    the loader finds one institution however a file writes it."""

    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="aliases")
    key = models.CharField(_("normalised name in its country"), max_length=400, unique=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("partner alias")
        verbose_name_plural = _("partner aliases")

    def __str__(self):
        return self.key


class Theme(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("actions:theme", args=[self.slug])


class ActionType(models.Model):
    """A type of the canonical vocabulary; records keep the labels as written apart."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("action type")
        verbose_name_plural = _("action types")

    def __str__(self):
        return self.name


class SourceDocument(models.Model):
    LAYOUTS = [("list", _("list of actions")), ("narrative", _("narrative report"))]

    filename = models.CharField(_("file name"), max_length=255, unique=True)
    title = models.CharField(_("title"), max_length=400)
    layout = models.CharField(_("layout"), max_length=20, choices=LAYOUTS)
    sha256 = models.CharField(_("SHA-256 of the text"), max_length=64)
    loaded_at = models.DateTimeField(_("last loaded"), auto_now=True)

    class Meta:
        ordering = ["filename"]
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")

    def __str__(self):
        return self.filename


class LinkedIds(models.Expression):
    """An expression over one of the id columns an action's row keeps for its link tables
    (theme_ids, action_type_ids, expert_origin_ids: migration 0014)."""

    def __init__(self, ids_column: str):
        super().__init__()
        self.ids_column = ids_column

    def _column(self, compiler) -> str:
        return f"{compiler.quote_name_unless_alias(compiler.query.get_initial_alias())}.{self.ids_column}"


class LinkedToAny(LinkedIds):
    """Whether an action's row lists any of the given ids in one of its id columns. Read from
    the row alone, no link table: what a filter on many actions already read wants."""

    output_field = models.BooleanField()
    conditional = True

    def __init__(self, ids_column: str, ids: list[int]):
        super().__init__(ids_column)
        self.ids = [int(pk) for pk in ids]

    def as_sql(self, compiler, connection):
        return f"{self._column(compiler)} && %s::bigint[]", (self.ids,)

    def as_sqlite(self, compiler, connection):
        placeholders = ", ".join(["%s"] * len(self.ids))
        return f"EXISTS (SELECT 1 FROM json_each({self._column(compiler)}) WHERE value IN ({placeholders}))", self.ids


class LinkedNames(LinkedIds):
    """The names of the rows an action links to through one of its id columns (its themes,
    its experts' countries), as a list in name order, read in the action's own statement
    rather than by one statement more per relation."""

    output_field = models.JSONField()

    def __init__(self, ids_column: str, model):
        super().__init__(ids_column)
        self.model = model

    def _tables(self, compiler) -> tuple[str, str]:
        return self._column(compiler), compiler.connection.ops.quote_name(self.model._meta.db_table)

    def as_sql(self, compiler, connection):
        ids, named = self._tables(compiler)
        # jsonb, which Django reads as text and decodes, as SQLite's JSON
        names = "COALESCE(jsonb_agg(n.name ORDER BY n.name, n.id), '[]')"
        return f"(SELECT {names} FROM {named} n WHERE n.id = ANY({ids}))", []

    def as_sqlite(self, compiler, connection):
        ids, named = self._tables(compiler)
        linked = f"SELECT value FROM json_each({ids})"
        # before 3.44 SQLite has no ORDER BY within an aggregate: it aggregates the rows in
        # the order the subquery gives them, as migration 0014's id arrays rely on too
        ordered = f"SELECT n.name FROM {named} n WHERE n.id IN ({linked}) ORDER BY n.name, n.id"
        return f"(SELECT json_group_array(name) FROM ({ordered}))", []


class ActionQuerySet(models.QuerySet):
    def with_list_data(self):
        """Everything a list row shows, in one statement whatever the page size: with the
        names of its themes and of its experts' countries (`theme_names`, `origin_names`)."""
        return self.select_related("partner__country", "country").annotate(
            theme_names=LinkedNames("theme_ids", Theme), origin_names=LinkedNames("expert_origin_ids", Country)
        )

    def page_with_list_data(self, start: int, stop: int, rows=None) -> list:
        """The actions from `start` to `stop` in this order, with their list data, read in
        two steps: the ids by the ordering alone, so that only narrow rows go through the
        sort, then the few rows shown with their names (from `rows`, see
        `in_order_with_list_data`)."""
        return self.in_order_with_list_data(list(self.values_list("pk", flat=True)[start:stop]), rows)

    def in_order_with_list_data(self, ids: list[int], rows=None) -> list:
        """The actions of these ids, in this order, with their list data, read from `rows`
        where given: a query set of all actions that annotates them with more."""
        rows = rows if rows is not None else type(self)(self.model, using=self.db)
        found = rows.with_list_data().in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]

    def related_to(self, action, limit=6, pool=60):
        """Other actions sharing the partner, the country or a theme: same partner first,
        then same country, then the rest, each by themes shared, then newest.

        Candidates are the `pool` newest sharing the partner, the country, or each theme,
        each read from an index in that order (migration 0007), all in one statement, so
        the cost stays flat however many actions share a big country or theme."""
        theme_ids = [theme.pk for theme in action.themes.all()]  # prefetched on the detail page
        others = self.exclude(pk=action.pk).order_by(models.F("year").desc(nulls_last=True), "title").values("pk")
        pools = []
        if action.partner_id:
            pools.append(others.filter(partner_id=action.partner_id))
        if action.country_id:
            pools.append(others.filter(country_id=action.country_id))
        links = Action.themes.through.objects.exclude(action_id=action.pk).order_by("-action_id").values("action_id")
        pools += [links.filter(theme_id=theme_id) for theme_id in theme_ids]
        # One UNION of the bounded pools: an OR of IN-subqueries would be checked on every row.
        parts, params = [], []
        for number, queryset in enumerate(pools):
            sql, part_params = queryset[:pool].query.get_compiler(using=self.db).as_sql()
            parts.append(f"SELECT * FROM ({sql}) AS pool_{number}")
            params += part_params
        candidates = RawSQL(" UNION ".join(parts), params) if parts else []
        return (
            self.filter(pk__in=candidates)
            .annotate(shared_themes=Count("themes", filter=Q(themes__in=theme_ids)))
            # what a related action shows: its link, country and year (narrow rows to sort)
            .select_related("country")
            .only("title", "slug", "year", "country__name")
            .order_by(
                models.Case(
                    models.When(partner_id=action.partner_id, then=0),
                    models.When(country_id=action.country_id, then=1),
                    default=2,
                ),
                "-shared_themes",
                models.F("year").desc(nulls_last=True),
                "title",
            )[:limit]
        )


class Action(models.Model):
    class Kind(models.TextChoices):
        ACTION = "action", _("Action")
        WORKSHOP = "workshop", _("Workshop")
        WEBINAR = "webinar", _("Webinar")
        CONFERENCE = "conference", _("Conference")
        SEMINAR = "seminar", _("Seminar")
        FORUM = "forum", _("Forum")
        MEETING = "meeting", _("Meeting")
        STUDY_VISIT = "study_visit", _("Study visit")
        TRAINING = "training", _("Training")
        EVENT = "event", _("Other event")

    title = models.CharField(_("title"), max_length=500)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ACTION, db_index=True)
    code = models.CharField(_("action code"), max_length=20, blank=True, help_text=_("For example 2023-11."))
    status = models.CharField(_("status"), max_length=60, blank=True)
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        db_index=False,  # action_partner_newest leads with it (migration 0015)
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("beneficiary country"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions_received",
        db_index=False,  # action_country_newest leads with it (migration 0015)
    )
    expert_origins = models.ManyToManyField(
        Country, verbose_name=_("expert origin countries"), blank=True, related_name="actions_given_expertise"
    )
    countries_involved = models.ManyToManyField(
        Country, verbose_name=_("countries represented"), blank=True, related_name="actions_involved"
    )
    organisers = models.ManyToManyField(
        Partner, verbose_name=_("organisers"), blank=True, related_name="actions_organised"
    )
    participants = models.ManyToManyField(
        Partner, verbose_name=_("participating institutions"), blank=True, related_name="actions_participated"
    )
    action_types = models.ManyToManyField(
        ActionType, verbose_name=_("action types"), blank=True, related_name="actions"
    )
    action_type_labels = models.JSONField(
        _("action types as written"), default=list, blank=True, help_text=_("The labels of the source text.")
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="actions")
    theme_evidence = models.JSONField(
        _("evidence for the themes"),
        default=dict,
        blank=True,
        help_text=_("For each theme found in the text, the sentence that justified it."),
    )
    # action_newest_first leads with it (migration 0015)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    published_on = models.DateField(
        _("publication date"), null=True, blank=True, help_text=_("When the source text was published.")
    )
    part_of = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="includes",
        help_text=_("The larger action this one belongs to."),
        db_index=False,  # action_parts_newest leads with it (migration 0016)
    )
    needs_review = models.BooleanField(_("needs review"), default=False, db_index=True)
    review_reasons = models.JSONField(
        _("reasons for review"), default=list, blank=True, help_text=_("The fields the loader was unsure of.")
    )
    referenced_codes = models.JSONField(_("codes of actions referred to"), default=list, blank=True)
    source = models.ForeignKey(
        SourceDocument,
        verbose_name=_("source document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    position = models.PositiveIntegerField(_("line in the source document"), null=True, blank=True)
    # Identity of a seeded record within its source document, stable across reloads.
    seed_key = models.CharField(max_length=120, blank=True, editable=False)
    # The values the loader last wrote; a field whose value differs was changed by an editor.
    seed_values = models.JSONField(default=dict, blank=True, editable=False)
    # Names of the partner, countries, themes and types, so a search finds them (kept by actions.search).
    search_context = models.TextField(blank=True, editable=False)
    # Spanish, French and Portuguese stems of the action's words (kept by actions.search); the
    # database default lets bulk loads that do not compute them leave them out.
    search_stems = models.TextField(blank=True, editable=False, default="", db_default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    # Every change with who made it and the values before and after; the loader signs its
    # own. Derived text and the loader's bookkeeping are left out.
    history = HistoricalRecords(
        excluded_fields=["search_context", "search_stems", "seed_values", "updated_at"],
        m2m_fields=[expert_origins, countries_involved, organisers, participants, action_types, themes],
    )

    class Meta:
        ordering = [models.F("year").desc(nulls_last=True), "title"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        permissions = [("review_action", _("Can mark an action as reviewed"))]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "seed_key"], condition=~Q(seed_key=""), name="unique_seed_record_per_source"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="action_ends_after_it_starts",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("actions:detail", kwargs={"slug": self.slug})


class Expert(models.Model):
    """A named person who brought expertise to an action."""

    action = models.ForeignKey(Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="experts")
    name = models.CharField(_("name"), max_length=200)
    institution = models.CharField(_("institution"), max_length=300, blank=True)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), null=True, blank=True, on_delete=models.SET_NULL, related_name="experts"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        constraints = [models.UniqueConstraint(fields=["action", "name"], name="unique_expert_per_action")]

    def __str__(self):
        return self.name


class DeletedSeedRecord(models.Model):
    """A seeded action an editor deleted. The loader reports it instead of creating it again;
    deleting this tombstone (or restoring the action from its history) brings it back."""

    source = models.ForeignKey(
        SourceDocument, verbose_name=_("source document"), on_delete=models.CASCADE, related_name="deleted_records"
    )
    seed_key = models.CharField(_("key in the source"), max_length=120)
    title = models.CharField(_("title"), max_length=400)
    deleted_at = models.DateTimeField(_("deleted at"), auto_now_add=True)
    deleted_by = models.CharField(_("deleted by"), max_length=150, blank=True)

    class Meta:
        ordering = ["-deleted_at"]
        verbose_name = _("deleted seed record")
        verbose_name_plural = _("deleted seed records")
        constraints = [models.UniqueConstraint(fields=["source", "seed_key"], name="one_tombstone_per_seed_record")]

    def __str__(self):
        return self.title


class SearchTermManager(models.Manager):
    # A backup names words by themselves: restoring then meets the words the restored
    # actions put back in the vocabulary, instead of colliding with them.
    def get_by_natural_key(self, term):
        return self.get(term=term)


class SearchTerm(models.Model):
    """A word of the indexed texts: the vocabulary that corrects misspelt queries."""

    term = models.CharField(max_length=60, unique=True)

    objects = SearchTermManager()

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return self.term

    def natural_key(self):
        return (self.term,)


class SearchDocument(models.Model):
    """PostgreSQL only (the table stays empty on SQLite): the weighted full-text vector of
    an action, in a table of its own so that the actions table stays narrow for the scans
    that count facets. A trigger on actions_action keeps it (migration 0005)."""

    action = models.OneToOneField(Action, primary_key=True, on_delete=models.CASCADE, related_name="search_document")
    vector = SearchVectorField()

    def __str__(self):
        return f"search document of action {self.action_id}"


class SearchEntry(models.Model):
    """SQLite only: a row of the FTS5 table that migration 0002 creates and triggers keep.
    Joined to its action so that matching and bm25 ranking run once per query."""

    action = models.OneToOneField(
        Action,
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="search_entry",
    )
    document = FtsDocumentField(db_column="actions_action_fts")

    class Meta:
        managed = False
        db_table = "actions_action_fts"

    def __str__(self):
        return f"search entry of action {self.action_id}"
