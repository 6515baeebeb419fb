"""Access gates for cohorts and their sessions: the cohort's space decides.

Members of the cohort see its sessions; its facilitators (including the community's,
whose role flows down) edit the schedule and record attendance. Other cohorts see nothing.
"""

from ruche.accounts.models import User
from ruche.cohorts.models import Cohort, CohortSession
from ruche.core.lookups import get_or_not_found
from ruche.spaces.permissions import Need, access_space


def access_cohort(actor: User, cohort_id: object, need: Need = Need.VIEW) -> Cohort:
    cohort = get_or_not_found(Cohort.objects.select_related("space", "release__module"), cohort_id)
    access_space(actor, cohort.space_id, need)
    return cohort


def access_cohort_session(actor: User, session_id: object, need: Need = Need.VIEW) -> CohortSession:
    session = get_or_not_found(CohortSession.objects.select_related("cohort__space"), session_id)
    access_space(actor, session.cohort.space_id, need)
    return session
