"""A space's licence for what its members write together. Without a row, the space inherits
its parent's licence, and the root defaults to CC BY-SA 4.0 (ruche.credits.licences)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ruche.core.models import TimeStampedModel
from ruche.credits.licences import LICENCE_CHOICES
from ruche.spaces.models import Space


class SpaceLicence(TimeStampedModel):
    space = models.OneToOneField(Space, on_delete=models.CASCADE, related_name="licence_choice")
    licence = models.CharField(_("licence"), max_length=40, choices=LICENCE_CHOICES)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.space_id}: {self.licence}"
