from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ruche.core.models import PublicModel
from ruche.spaces.models import Space


class Pad(PublicModel):
    """A live co-written document in a space. Its content lives in the realtime store
    under the room `pad:<id>`; the rich text is the Y.XmlFragment named `default`."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="pads")
    title = models.CharField(_("title"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def room(self) -> str:
        return f"pad:{self.id}"

    @property
    def ws_path(self) -> str:
        return f"/ws/pads/{self.id}"
