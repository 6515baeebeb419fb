"""A space's documentary library: CSL-JSON items with tags, collections and notes.

The CSL item is the native record (`Item.csl`); a few of its values are copied into indexed
columns for sorting, filtering and duplicate detection. Versions follow the Zotero Web API:
the library version rises by one on every write, and each object keeps the library version
of its last change.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ruche.core.models import PublicModel, TimeStampedModel
from ruche.spaces.models import Space


class Library(models.Model):
    """One per space, created on first use; holds the library version counter."""

    space = models.OneToOneField(Space, on_delete=models.CASCADE, related_name="library")
    version = models.BigIntegerField(default=0)
    citation_style = models.CharField(max_length=100, default="apa")

    def __str__(self) -> str:
        return f"library of {self.space_id}"


class Tag(models.Model):
    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["library", "name"], name="library_tag_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Collection(PublicModel):
    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="collections")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    name = models.CharField(_("name"), max_length=200)
    version = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


SEARCH_COVER = ["id", "trashed_at", "library", "item_type", "year", "title_key",
                "first_creator", "created_at", "version", "added_by"]  # fmt: skip


class Item(PublicModel):
    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="items")
    csl = models.JSONField(default=dict)
    citation_key = models.CharField(max_length=200, blank=True)
    item_type = models.CharField(max_length=40, db_index=True)
    title = models.CharField(max_length=1000, blank=True)
    title_key = models.CharField(max_length=300, blank=True, db_index=True)
    year = models.IntegerField(null=True, blank=True, db_index=True)
    doi = models.CharField(max_length=300, blank=True, db_index=True)
    isbn = models.CharField(max_length=40, blank=True, db_index=True)
    first_creator = models.CharField(max_length=300, blank=True)
    creators_text = models.TextField(blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="items")
    collections = models.ManyToManyField(Collection, blank=True, related_name="items")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.BigIntegerField(default=0, db_index=True)
    trashed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["title_key"]
        indexes = [
            models.Index(fields=["library", "version"], name="library_item_lib_version"),
            # A search reaches its matches by id and filters and sorts them from here alone.
            models.Index(fields=SEARCH_COVER, name="library_item_search_cover"),
        ]

    def __str__(self) -> str:
        return self.title or str(self.id)


class Note(TimeStampedModel):
    """A rich-text note on an item (HTML, sanitised on the way in)."""

    id = models.BigAutoField(primary_key=True)
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="notes")
    html = models.TextField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]


class Attachment(PublicModel):
    """A file attached to an item, kept in the `library` storage and served only through
    the gated download view. `text` is what was extracted for search (PDFs)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(max_length=255)
    storage_key = models.CharField(max_length=500, unique=True)
    content_type = models.CharField(max_length=100)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    text = models.TextField(blank=True)
    text_warning = models.CharField(max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name


class ItemSearch(models.Model):
    """The searchable text of an item; its integer id is the full-text index's row id."""

    id = models.BigAutoField(primary_key=True)
    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="search")
    # A copy of the item's library, so a search never has to visit the items it rejects.
    library = models.ForeignKey(
        Library, null=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    body = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"search text of {self.item_id}"


class Deletion(models.Model):
    """A tombstone: an item removed for good, so `?since=` can tell clients to drop it."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="deletions")
    item_id = models.UUIDField()
    version = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return f"{self.item_id} deleted at version {self.version}"


class WriteToken(models.Model):
    """A client's write token: the same create sent twice answers the first result."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    item_ids = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["library", "token"], name="library_write_token_unique")
        ]

    def __str__(self) -> str:
        return self.token


class CitationStyle(TimeStampedModel):
    """A CSL style uploaded by a facilitator for this library."""

    id = models.BigAutoField(primary_key=True)
    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="styles")
    slug = models.SlugField(max_length=100)
    title = models.CharField(max_length=300)
    xml = models.TextField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["library", "slug"], name="library_style_unique_slug")
        ]


class FormattedEntry(models.Model):
    """An item as one CSL style and locale format it: citeproc-py's sort keys and entry.

    A cache: a row is used only while the item's CSL data (`digest`) and the style's XML
    (`style_hash`) are those it was made from, so an edited item or a re-uploaded style is
    formatted again. Numbered styles also record the positions the numbers came from."""

    id = models.BigAutoField(primary_key=True)
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    style_hash = models.CharField(max_length=64)
    locale = models.CharField(max_length=20)
    digest = models.CharField(max_length=64)
    sort_keys = models.JSONField(null=True)  # null: keys that JSON cannot carry
    registered_at = models.IntegerField(default=0)
    html = models.TextField(null=True)  # null: citeproc-py rendered nothing for the item
    position = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["style_hash", "locale", "item"], name="library_formatted_entry_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id} in {self.style_hash[:8]} {self.locale}"
