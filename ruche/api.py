"""The /api/v1 root: each app contributes its router here."""

from ruche.accounts.api import router as accounts_router
from ruche.core.api import build_api
from ruche.modules.api import router as modules_router
from ruche.pads.api import router as pads_router
from ruche.spaces.api import router as spaces_router

api = build_api()
api.add_router("", accounts_router)
api.add_router("", spaces_router)
api.add_router("", modules_router)
api.add_router("", pads_router)
