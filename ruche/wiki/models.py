"""Wiki pages of a space: a tree of titled pages whose text is a real-time document
(room `wiki:<uuid>`), with old slugs kept as aliases, a link index and visits."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ruche.core.models import PublicModel
from ruche.spaces.models import Space


class WikiPage(PublicModel):
    """A page of a space's wiki. Its text lives in the realtime store under `wiki:<id>`."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="wiki_pages")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=220)
    is_home = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept by the link index refresh (ruche.wiki.links): when and by whom the text changed.
    edited_at = models.DateTimeField(null=True, blank=True, db_index=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    indexed_update_id = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["space", "slug"], name="wiki_page_slug_unique"),
            models.UniqueConstraint(
                fields=["space"], condition=models.Q(is_home=True), name="wiki_one_home"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def room(self) -> str:
        return f"wiki:{self.id}"

    @property
    def ws_path(self) -> str:
        return f"/ws/wikis/{self.id}"


class WikiSlugAlias(models.Model):
    """A slug a page had before a rename: its address still leads to the page."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField(max_length=220)
    page = models.ForeignKey(WikiPage, on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["space", "slug"], name="wiki_alias_slug_unique"),
        ]

    def __str__(self) -> str:
        return self.slug


class WikiLink(models.Model):
    """A link in a page's text: to a page of the same wiki (`to_page`), to a missing one
    (`to_title`, a red link), or to another Ruche object (`to_kind`, `to_object`; a page
    of another wiki is the kind `wiki_page`), whose title when the page was last refreshed
    is `object_title` (the text of links still showing it follows renames)."""

    from_page = models.ForeignKey(WikiPage, on_delete=models.CASCADE, related_name="links_out")
    to_page = models.ForeignKey(
        WikiPage, null=True, on_delete=models.CASCADE, related_name="links_in"
    )
    to_title = models.CharField(max_length=200, blank=True)
    to_kind = models.CharField(max_length=20, blank=True, default="")
    to_object = models.UUIDField(null=True, blank=True)
    object_title = models.CharField(max_length=1000, blank=True, default="")

    class Meta:
        indexes = [
            models.Index(fields=["to_title"], name="wiki_link_title"),
            models.Index(fields=["to_kind", "to_object"], name="wiki_link_object"),
        ]

    def __str__(self) -> str:
        return f"{self.from_page_id} -> {self.to_page_id or self.to_object or self.to_title}"


class WikiSearch(models.Model):
    """The page's title and text folded for the full-text index (migration 0002)."""

    page = models.OneToOneField(WikiPage, on_delete=models.CASCADE, related_name="search")
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(blank=True)

    def __str__(self) -> str:
        return str(self.page_id)


class WikiVisit(models.Model):
    """When a person last opened a page: what changed since is shown to them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    page = models.ForeignKey(WikiPage, on_delete=models.CASCADE, related_name="visits")
    visited_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "page"], name="wiki_visit_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} saw {self.page_id}"
