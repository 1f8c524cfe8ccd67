"""Generate a large ROPA file for benchmarks: every catalogue service adopted and thousands of activities.

    python -m sample_data.generate OUT.ropa --activities 2000
"""
from __future__ import annotations

import argparse
import random
from pathlib import Path

from ropa_app.adoption import adopt_services
from ropa_app.store import create_ropa

AREAS = ["Kundeservice", "Administrasjon", "Økonomi", "Salg", "Drift", "Personal", "Markedsføring"]
SUBJECTS = ["kunder", "ansatte", "innringere", "leverandører", "besøkende", "søkere", "pasienter"]
CATEGORIES = ["kontaktopplysninger", "fødselsnummer", "kontonummer", "anropslogg", "e-post", "ordrehistorikk",
              "helseopplysninger", "bilder", "lokasjon"]
WORDS = ("behandle registrere følge opp sende motta kunder ansatte avtale faktura timebestilling levering "
         "reklamasjon opplæring rekruttering nyhetsbrev henvendelse svar service kvalitet").split()


def generate(path: Path, activities: int = 2000, seed: int = 1) -> Path:
    rng = random.Random(seed)
    with create_ropa(path) as store:
        catalogue = store.catalogue()
        with store.transaction():
            store.update_organisation(name="Storfirma Generert AS", org_number="923609016",
                                      email="personvern@storfirma.example", phone="+47 22 00 00 00")
            adopt_services(store, [s.key for s in catalogue.services])
            service_keys = [s.key for s in catalogue.services]
            for i in range(activities):
                activity_id = store.add_activity(
                    f"Behandling {i + 1:05d}: {' '.join(rng.sample(WORDS, 3))}",
                    area=rng.choice(AREAS),
                    purpose=" ".join(rng.choices(WORDS, k=rng.randint(8, 40))).capitalize() + ".",
                    data_subjects=rng.sample(SUBJECTS, rng.randint(1, 3)),
                    data_categories=rng.sample(CATEGORIES, rng.randint(1, 4)),
                    legal_basis=rng.sample(["a", "b", "c", "f"], rng.randint(0, 2)),
                    owner_name=f"Ansatt {rng.randint(1, 200)}",
                    retention=f"{rng.randint(1, 10)} år etter siste kontakt" if rng.random() > 0.2 else "",
                    security_measures="Tilgangsstyring og logging" if rng.random() > 0.3 else "",
                    status=rng.choice(["draft", "approved"]),
                )
                for key in rng.sample(service_keys, rng.randint(0, 2)):
                    store.adopt_service(key, activity_id)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--activities", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    generate(args.out, args.activities, args.seed)
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
