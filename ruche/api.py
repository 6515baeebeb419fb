"""The /api/v1 root: each app contributes its router here."""

from ruche.accounts.api import router as accounts_router
from ruche.boards.api import router as boards_router
from ruche.cohorts.api import router as cohorts_router
from ruche.core.api import build_api
from ruche.credits.api import router as credits_router
from ruche.decisions.api import router as decisions_router
from ruche.definitions.api import router as definitions_router
from ruche.glossary.api import router as glossary_router
from ruche.library.api import router as library_router
from ruche.library.api_attachments import router as library_attachments_router
from ruche.library.api_duplicates import router as library_duplicates_router
from ruche.modules.api import router as modules_router
from ruche.pads.api import router as pads_router
from ruche.pads.api_documents import router as pad_documents_router
from ruche.spaces.api import router as spaces_router
from ruche.tables.api import router as tables_router
from ruche.wiki.api import router as wiki_router
from ruche.wiki.api_documents import router as wiki_documents_router

api = build_api()
api.add_router("", accounts_router)
api.add_router("", spaces_router)
api.add_router("", modules_router)
api.add_router("", cohorts_router)
api.add_router("", pads_router)
api.add_router("", pad_documents_router)
api.add_router("", library_router)
api.add_router("", library_attachments_router)
api.add_router("", library_duplicates_router)
api.add_router("", decisions_router)
api.add_router("", tables_router)
api.add_router("", wiki_router)
api.add_router("", wiki_documents_router)
api.add_router("", boards_router)
api.add_router("", credits_router)
api.add_router("", glossary_router)
api.add_router("", definitions_router)
