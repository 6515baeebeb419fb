"""Access gates for cohorts and their sessions: the cohort's space decides.

Members of the cohort see its sessions; its facilitators (including the community's,
whose role flows down) edit the schedule and record attendance. Other cohorts see nothing.
"""

from django.core.exceptions import ValidationError

from ruche.accounts.models import User
from ruche.cohorts.models import Cohort, CohortSession
from ruche.core.errors import NotFound
from ruche.spaces.permissions import Need, access_space


def access_cohort(actor: User, cohort_id: object, need: Need = Need.VIEW) -> Cohort:
    try:
        cohort = Cohort.objects.select_related("space", "release__module").get(pk=str(cohort_id))
    except (Cohort.DoesNotExist, ValueError, ValidationError) as exc:
        raise NotFound() from exc
    access_space(actor, cohort.space_id, need)
    return cohort


def access_cohort_session(actor: User, session_id: object, need: Need = Need.VIEW) -> CohortSession:
    try:
        session = CohortSession.objects.select_related("cohort__space").get(pk=str(session_id))
    except (CohortSession.DoesNotExist, ValueError, ValidationError) as exc:
        raise NotFound() from exc
    access_space(actor, session.cohort.space_id, need)
    return session
