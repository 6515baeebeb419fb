"""Brainstorming boards: cards, clusters of cards and dot votes, all held by the server.

The server is the authority (not a shared Yjs document) because hidden mode must keep a
card's text away from everyone but its author until the reveal; see docs/boards.md.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ruche.core.models import PublicModel, TimeStampedModel
from ruche.spaces.models import Space


class Layout(models.TextChoices):
    COLUMNS = "columns", _("Columns")
    FREE = "free", _("Free placement")


class Phase(models.TextChoices):
    COLLECT = "collect", _("Collect")
    CLUSTER = "cluster", _("Cluster")
    VOTE = "vote", _("Vote")
    CLOSED = "closed", _("Closed")


class Anonymity(models.TextChoices):
    NONE = "none", _("Authors shown")
    COLLECTION = "collection", _("Authors hidden from participants, kept for credits")
    FULL = "full", _("Full anonymity")


class DotCounts(models.TextChoices):
    LIVE = "live", _("Shown live")
    AT_END = "at_end", _("Revealed when the board closes")


class Board(PublicModel):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="boards")
    title = models.CharField(_("title"), max_length=200)
    layout = models.CharField(_("layout"), max_length=10, choices=Layout.choices,
                              default=Layout.COLUMNS)  # fmt: skip
    columns = models.JSONField(default=list)  # column names, in order
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices,
                             default=Phase.COLLECT)  # fmt: skip
    hidden = models.BooleanField(_("hidden mode"), default=False)
    revealed_at = models.DateTimeField(null=True, blank=True)
    anonymity = models.CharField(_("anonymity"), max_length=12, choices=Anonymity.choices,
                                 default=Anonymity.NONE)  # fmt: skip
    locked = models.BooleanField(_("locked"), default=False)
    dots_per_participant = models.PositiveIntegerField(_("dots per participant"), default=3)
    dot_counts = models.CharField(_("dot counts"), max_length=10, choices=DotCounts.choices,
                                  default=DotCounts.LIVE)  # fmt: skip
    timer_ends_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Cluster(PublicModel):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="clusters")
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.title


class Card(PublicModel):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="cards")
    # Kept under every anonymity setting: hidden mode and "edit your own card" need it.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("text"), max_length=2000)
    colour = models.CharField(_("colour"), max_length=7, blank=True)
    link = models.URLField(_("link"), blank=True, max_length=500)
    column = models.CharField(_("column"), max_length=100, blank=True)
    x = models.FloatField(default=0)
    y = models.FloatField(default=0)
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="cards"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:50]


class Dot(TimeStampedModel):
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="dots")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["user", "card"])]
