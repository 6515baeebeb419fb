from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ruche.core.models import PublicModel
from ruche.spaces.models import Space


class Table(PublicModel):
    """A shared table in a space. Its columns and rows live in the realtime store under
    the room `table:<id>` (the Yjs structure is described in docs/tables.md)."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="tables")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def room(self) -> str:
        return f"table:{self.id}"

    @property
    def ws_path(self) -> str:
        return f"/ws/tables/{self.id}"


class TableView(PublicModel):
    """A saved way of looking at a table: sort keys, filters, a group-by column and hidden
    columns. Personal (`owner` set: only they see and change it) or shared (`owner` null:
    everyone who sees the table sees it, contributors change it). Column ids refer to the
    live document; a view naming a column deleted since simply ignores it."""

    table = models.ForeignKey(Table, on_delete=models.CASCADE, related_name="views")
    name = models.CharField(_("name"), max_length=100)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sort = models.JSONField(default=list)
    filters = models.JSONField(default=list)
    group_by = models.CharField(max_length=40, blank=True)
    hidden = models.JSONField(default=list)

    class Meta:
        ordering = ["name", "created_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def shared(self) -> bool:
        return self.owner_id is None
