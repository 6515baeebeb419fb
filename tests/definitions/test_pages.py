"""The pages: the space's Definitions tab, starting a process, the process page with the
right controls for each role, its plain forms, and the provenance page, in both languages."""

from django.test import Client

from ruche.definitions.models import DefinitionProcess
from tests.conftest import PASSWORD
from tests.definitions.conftest import ok


def client_as(user, language="en"):
    client = Client(headers={"accept-language": language})
    assert client.login(email=user.email, password=PASSWORD)
    return client


def test_a_facilitator_starts_a_process_from_the_space_tab(world):
    lead = client_as(world.lead)
    space_page = lead.get(f"/spaces/{world.paris.id}/").content.decode()
    assert f"/spaces/{world.paris.id}/definitions/" in space_page
    listing = lead.get(f"/spaces/{world.paris.id}/definitions/").content.decode()
    assert "Start a shared definition" in listing
    response = lead.post(f"/spaces/{world.paris.id}/definitions/", {
        "term": "Économie sociale et solidaire", "prompt": "<p>Écrivez.</p>", "language": "fr",
        "anonymity": "collection", "links": "https://www.ess-france.org ESS France",
    })  # fmt: skip
    process = DefinitionProcess.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/definitions/{process.pk}/"
    assert process.references[0]["title"] == "ESS France" and process.language == "fr"
    participants_list = client_as(world.ana).get(f"/spaces/{world.paris.id}/definitions/")
    assert "Start a shared definition" not in participants_list.content.decode()
    assert client_as(world.tom).get(f"/spaces/{world.paris.id}/definitions/").status_code == 404


def test_each_role_sees_its_controls_and_the_forms_work(world, api_as, process):
    pid = process()["id"]
    url, act = f"/definitions/{pid}/", f"/definitions/{pid}/act/"
    ana, lead, olga = client_as(world.ana), client_as(world.lead), client_as(world.olga)
    html = ana.get(url).content.decode()
    assert "Your definition" in html and "Reveal all definitions" not in html
    assert 'aria-current="step"' in html
    response = ana.post(act, {"action": "mine", "text": "SSE puts people first."}, follow=True)
    assert "SSE puts people first." in response.content.decode()
    assert "Reveal all definitions" in lead.get(url).content.decode()
    olga_html = olga.get(url).content.decode()
    assert "Your definition" not in olga_html and "Reveal all" not in olga_html
    assert olga.post(act, {"action": "mine", "text": "Mine."}).status_code == 403
    assert client_as(world.tom).get(url).status_code == 404
    refused = ana.post(act, {"action": "reveal"})
    assert refused.status_code == 403
    lead.post(act, {"action": "reveal"})
    assert "SSE puts people first." in olga.get(url).content.decode()
    problem = lead.post(act, {"action": "amend", "passage": "x", "rationale": "y"}, follow=True)
    assert "belongs to another step" in problem.content.decode()
    lead.post(act, {"action": "advance"})
    assert ok(api_as(world.lead).get(f"/definitions/{pid}"))["step"] == "ideas"
    assert "Open the board" in lead.get(url).content.decode()


def test_the_pages_speak_french(world, process):
    pid = process()["id"]
    html = client_as(world.ana, "fr").get(f"/definitions/{pid}/").content.decode()
    assert "Votre définition" in html and "Définitions individuelles" in html
    provenance = client_as(world.ana, "fr").get(f"/definitions/{pid}/provenance/")
    assert "Texte adopté" in provenance.content.decode()


def test_the_facilitator_edits_the_term_and_the_prompt_on_the_page(world, process):
    pid = process(language="es")["id"]
    lead = client_as(world.lead)
    assert "Edit the term and the prompt" in lead.get(f"/definitions/{pid}/").content.decode()
    assert "Edit the term" not in client_as(world.ana).get(f"/definitions/{pid}/").content.decode()
    form = {"action": "edit", "term": "Economía social", "prompt": "<p>¿Qué es?</p>",
            "language": "es"}  # fmt: skip
    lead.post(f"/definitions/{pid}/act/", form)
    process_row = DefinitionProcess.objects.get(pk=pid)
    assert (process_row.term, process_row.prompt, process_row.language) == (
        "Economía social", "<p>¿Qué es?</p>", "es")  # fmt: skip
    assert client_as(world.ana).post(f"/definitions/{pid}/act/", form).status_code == 403
