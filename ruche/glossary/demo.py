"""Demo glossary of the community: SSE words with French translations, one proposal awaiting
approval and one entry re-opened for revision. Idempotent: existing terms are left alone."""

from ruche.demo.people import COMMUNITY
from ruche.demo.services import DemoWorld, demo_loader_register
from ruche.glossary.models import GlossaryEntry
from ruche.glossary.services import (
    glossary_entry_adopt,
    glossary_entry_propose,
    glossary_entry_reopen,
    glossary_entry_translate,
    glossary_entry_update,
)
from ruche.glossary.texts import term_key

ENTRIES = [
    (
        "Social and Solidarity Economy", ["SSE", "ESS"],
        "Economic activities that put people and the common good before profit: "
        "cooperatives, mutuals, associations, foundations and social enterprises, run "
        "democratically, with profits mainly reinvested in their purpose.",
        "Économie sociale et solidaire",
        "Les activités économiques qui placent les personnes et le bien commun avant le profit "
        ": coopératives, mutuelles, associations, fondations et entreprises sociales, gérées "
        "démocratiquement, leurs bénéfices surtout réinvestis dans leur objet.",
    ),
    (
        "Vocational education and training", ["VET"],
        "Education and training that give people the knowledge, skills and attitudes of a "
        "trade or profession, at school, in apprenticeships or at work.",
        "Enseignement et formation professionnels",
        "L’enseignement et la formation qui donnent les savoirs, savoir-faire et attitudes "
        "d’un métier, à l’école, en apprentissage ou au travail.",
    ),
    (
        "Cooperative", [],
        "An enterprise owned and democratically run by its members (one member, one vote), "
        "who share its results.",
        "Coopérative",
        "Une entreprise détenue et gérée démocratiquement par ses membres (une personne, une "
        "voix), qui en partagent les résultats.",
    ),
    (
        "Work-integration enterprise", [],
        "An enterprise whose purpose is to bring people far from employment back to work, "
        "through a real job with training and support.",
        "Entreprise d’insertion",
        "Une entreprise dont l’objet est de ramener vers l’emploi des personnes qui en sont "
        "éloignées, par un vrai travail accompagné et formé.",
    ),
    (
        "Social enterprise", [],
        "A business whose main aim is a social or environmental impact rather than profit "
        "for its owners.",
        "", "",
    ),
]  # fmt: skip


@demo_loader_register
def load_glossary(world: DemoWorld) -> None:
    community = world.space(COMMUNITY)
    camille, giulia = world.person("camille.roussel"), world.person("giulia.bernardi")
    louise = world.person("louise.martin")
    existing = set(GlossaryEntry.objects.filter(space=community).values_list("term_key", flat=True))
    for term, variants, text, fr_term, fr_text in ENTRIES:
        if term_key(term) in existing:
            continue
        version = glossary_entry_adopt(
            actor=camille, space=community, term=term, definition_html=f"<p>{text}</p>",
            language="en", contributors=[camille, giulia, louise],
        )  # fmt: skip
        if variants:
            glossary_entry_update(actor=camille, entry_id=version.entry_id, variants=variants)
        if fr_text:
            glossary_entry_translate(actor=louise, entry_id=version.entry_id, language="fr",
                                     term=fr_term, definition_html=f"<p>{fr_text}</p>")  # fmt: skip
        if term == "Social enterprise":
            glossary_entry_reopen(actor=camille, entry_id=version.entry_id,
                                  reason="Does it include associations? To discuss in Toulouse.")  # fmt: skip
    if term_key("Communs") not in existing:
        glossary_entry_propose(
            actor=louise, space_id=community.pk, term="Communs", language="fr",
            definition_html="<p>Des ressources partagées, gérées par une communauté selon des "
            "règles qu’elle se donne.</p>", variants=["commun"],
        )  # fmt: skip
