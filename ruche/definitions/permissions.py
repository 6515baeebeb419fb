"""Access gates for definition processes and their amendments.

Everyone who may see the space sees its processes (others get 404). Taking part (writing
one's definition, marking ideas, amendments, support) needs CONTRIBUTE in the space:
participants and facilitators, guests only where the space lets guests edit; observers
read. Steering the process (reveal, next step, settling, adoption) is for facilitators.
"""

from ruche.accounts.models import User
from ruche.core.errors import NotFound
from ruche.core.lookups import get_or_not_found
from ruche.definitions.models import Amendment, DefinitionProcess
from ruche.spaces.permissions import Need, access_space, can


def access_process(actor: User, process_id: object, need: Need = Need.VIEW) -> DefinitionProcess:
    """The process if the actor may do `need` in its space; NotFound or Forbidden otherwise."""
    queryset = DefinitionProcess.objects.select_related("space", "board", "pad", "created_by")
    process = get_or_not_found(queryset, process_id)
    process.space = access_space(actor, process.space_id, need)
    return process


def access_amendment(actor: User, amendment_id: object, need: Need = Need.VIEW) -> Amendment:
    queryset = Amendment.objects.select_related("process__space", "author", "decision")
    amendment = get_or_not_found(queryset, amendment_id)
    amendment.process = access_process(actor, amendment.process_id, need)
    return amendment


def amendment_of_process(actor: User, process_id: object, amendment_id: object) -> str:
    """The amendment's id if it belongs to this process (a form names both); else NotFound."""
    amendment = access_amendment(actor, amendment_id)
    if str(amendment.process_id) != str(process_id):
        raise NotFound()
    return str(amendment.pk)


def may_take_part(actor: User, process: DefinitionProcess) -> bool:
    return can(actor, process.space, Need.CONTRIBUTE)


def may_facilitate(actor: User, process: DefinitionProcess) -> bool:
    return can(actor, process.space, Need.MANAGE)
