"""The licences a space may choose for its joint productions (SPDX identifiers, as modules)."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Licence:
    id: str
    name: str | Promise
    url: str

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "name": str(self.name), "url": self.url}


ALL_RIGHTS_RESERVED = "all-rights-reserved"
DEFAULT_LICENCE = "CC-BY-SA-4.0"
LICENCES: dict[str, Licence] = {
    licence.id: licence
    for licence in [
        Licence("CC-BY-SA-4.0", "CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
        Licence("CC-BY-4.0", "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
        Licence(
            "CC-BY-NC-SA-4.0",
            "CC BY-NC-SA 4.0",
            "https://creativecommons.org/licenses/by-nc-sa/4.0/",
        ),
        Licence("CC0-1.0", "CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
        Licence(ALL_RIGHTS_RESERVED, _("All rights reserved"), ""),
    ]
}
LICENCE_CHOICES = [(licence.id, licence.name) for licence in LICENCES.values()]


def licence_find(licence_id: str) -> Licence | None:
    """The licence with this id (case-insensitive: modules write `CC-BY-SA-4.0`), or None."""
    wanted = (licence_id or "").strip().lower()
    return next((lic for key, lic in LICENCES.items() if key.lower() == wanted), None)
