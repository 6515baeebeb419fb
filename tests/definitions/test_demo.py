"""The demo holds the Paris cohort's finished definition of the SSE, traceable to everyone's
first ideas; loading the demo again makes nothing twice."""

from ruche.accounts.models import User
from ruche.definitions.models import DefinitionProcess
from ruche.demo.people import FACILITATORS
from ruche.demo.services import demo_load
from tests.definitions.conftest import ok


def test_the_demo_cohort_adopted_its_definition_of_sse(db, api_as):
    demo_load()
    demo_load()
    process = DefinitionProcess.objects.get()
    assert process.step == "adopted" and process.glossary_version_id
    assert "one person, one vote" in process.final_text
    lead = User.objects.get(email=FACILITATORS[0].email)
    chain = ok(api_as(lead).get(f"/definitions/{process.pk}/provenance"))
    assert len(chain["individual"]) == 5 and len(chain["contributors"]) == 5
    assert [a["status"] for a in chain["amendments"]] == ["accepted", "rejected"]
    assert max(i["dots"] for i in chain["ideas"]) == 5
