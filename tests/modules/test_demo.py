"""The demo tells the pilots' story: module v1, two cohorts switched to distance, a fork."""

from ruche.accounts.models import User
from ruche.cohorts.models import Adaptation, Cohort
from ruche.demo.services import demo_load
from ruche.modules.models import Module, ModuleRelease
from ruche.modules.selectors import module_diff, module_lineage


def test_demo_modules_pilots_and_fork(db):
    demo_load()
    counts = (Module.objects.count(), ModuleRelease.objects.count(), Adaptation.objects.count())
    demo_load()
    assert (
        Module.objects.count(),
        ModuleRelease.objects.count(),
        Adaptation.objects.count(),
    ) == counts
    camille = User.objects.get(email="camille.roussel@example.org")
    original = Module.objects.get(title__startswith="Integrating the Social")
    assert original.units.count() == 8
    lineage = module_lineage(actor=camille, module_id=original.pk)
    (fork,) = lineage["forks"]
    diff = module_diff(
        actor=camille,
        module_id=original.pk,
        from_version="1",
        to_version="1",
        to_module_id=fork["module_id"],
    )
    assert [a["title"] for a in diff["activities"]["added"]] == [
        "Getting started with our online tools"
    ]
    assert diff["activities"]["changed"][0]["fields"]["kind"] == {
        "from": "field_visit",
        "to": "guest_talk",
    }
    for cohort in Cohort.objects.all():
        kinds = set(cohort.adaptations.values_list("kind", flat=True))
        assert {"mode_changed", "cancelled", "added"} <= kinds
        modes = list(cohort.sessions.order_by("starts_at").values_list("mode", flat=True))
        assert modes[:4] == ["in_person"] * 4 and set(modes[4:]) == {"distance"}
