"""Access gates for modules and their elements.

A module belongs to a space (usually the community). Members of that space can read it;
its facilitators co-author it (edit, publish, fork); members who may contribute comment.
"""

from typing import TypeVar

from django.db.models import Model

from ruche.accounts.models import User
from ruche.core.errors import NotFound
from ruche.core.lookups import get_or_not_found
from ruche.modules.models import (
    Comment,
    LearningActivity,
    Module,
    ModuleRelease,
    ModuleSession,
    Unit,
)
from ruche.spaces.permissions import Need, access_space

M = TypeVar("M", bound=Model)


def _get(model: type[M], object_id: object, *related: str) -> M:
    return get_or_not_found(model._default_manager.select_related(*related), object_id)


def access_module(actor: User, module_id: object, need: Need = Need.VIEW) -> Module:
    module = _get(Module, module_id, "space")
    access_space(actor, module.space_id, need)
    return module


def access_unit(actor: User, unit_id: object, need: Need = Need.VIEW) -> Unit:
    unit = _get(Unit, unit_id, "module")
    access_space(actor, unit.module.space_id, need)
    return unit


def access_module_session(actor: User, session_id: object, need: Need = Need.VIEW) -> ModuleSession:
    session = _get(ModuleSession, session_id, "unit__module")
    access_space(actor, session.unit.module.space_id, need)
    return session


def access_learning_activity(
    actor: User, activity_id: object, need: Need = Need.VIEW
) -> LearningActivity:
    activity = _get(LearningActivity, activity_id, "session__unit__module")
    access_space(actor, activity.session.unit.module.space_id, need)
    return activity


def access_release(actor: User, module_id: object, number: int) -> ModuleRelease:
    module = access_module(actor, module_id, Need.VIEW)
    try:
        return ModuleRelease.objects.select_related("module").get(module=module, number=number)
    except ModuleRelease.DoesNotExist as exc:
        raise NotFound() from exc


def access_comment(actor: User, comment_id: object, need: Need = Need.VIEW) -> Comment:
    comment = _get(Comment, comment_id, "module")
    access_space(actor, comment.module.space_id, need)
    return comment
