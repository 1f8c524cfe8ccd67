"""Every test gets a fresh data folder and default file (the environment overrides), and Qt runs offscreen."""
from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def isolated_data(tmp_path_factory, monkeypatch):
    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("ROPA_DATA_DIR", str(data))
    monkeypatch.setenv("ROPA_FILE", str(data / "default.ropa"))
    monkeypatch.setenv("ROPA_LANG", "nb")
    return data


@pytest.fixture
def new_file(tmp_path) -> Path:
    from ropa_app.store import create_ropa

    path = tmp_path / "klient.ropa"
    create_ropa(path).close()
    return path


@pytest.fixture(scope="session")
def _sample_template(tmp_path_factory) -> Path:
    from ropa_app.sample import fill_sample_company
    from ropa_app.store import create_ropa

    path = tmp_path_factory.mktemp("sample") / "fjordlys.ropa"
    with create_ropa(path) as store:
        fill_sample_company(store)
    return path


@pytest.fixture(scope="session")
def _all_services_template(_sample_template, tmp_path_factory) -> Path:
    """The sample company with every catalogue service adopted, made once: copy it before changing it."""
    from ropa_app.adoption import adopt_services
    from ropa_app.store import open_ropa

    path = tmp_path_factory.mktemp("all") / "all.ropa"
    shutil.copy(_sample_template, path)
    with open_ropa(path) as store:
        adopt_services(store, [s.key for s in store.catalogue().services])
    return path


@pytest.fixture
def sample_file(_sample_template, tmp_path) -> Path:
    """A private copy of the sample company's file."""
    path = tmp_path / "fjordlys.ropa"
    shutil.copy(_sample_template, path)
    return path


def checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextlib.contextmanager
def read_only(path: Path):
    """Make a file or folder read-only for real, even for root (chattr +i), and undo it afterwards."""
    mode = path.stat().st_mode
    path.chmod(mode & ~0o222)
    immutable = False
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], check=True, capture_output=True)
        immutable = True
    try:
        yield path
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=True, capture_output=True)
        path.chmod(mode)


def complete_sample(store) -> None:
    """Resolve every gap of the sample company, as its privacy lead would after asking the vendors."""
    for name, countries, mechanism in (
            ("Google Analytics", ["US"], "DPF-sertifisert (Google LLC) og EUs standardkontrakter"),
            ("We4you", ["NO"], ""), ("Zisson", ["NO"], ""), ("Google Cloud", ["FI"], ""),
            ("Microsoft Outlook", ["IE", "NL"], ""), ("Zendesk", ["DE"], ""), ("Bluestone AS", ["DE"], "")):
        store.resolve_recipient(name, countries, mechanism, note="Bekreftet av leverandøren på e-post")
    ids = {a["title"]: a["id"] for a in store.activities()}
    store.set_dpa_reference("phonero/supporthenvendelser", "Phonero databehandleravtale, 01.02.2024")
    store.set_dpa_reference("phonero/nettbutikk-smart-mobilkjop", "Phonero databehandleravtale, 01.02.2024")
    telephony = ids["Telefoni og sentralbord"]
    store.update_activity(telephony, "high_risk", "no")
    # Talkmore's «Ja» to the question about transfer agreements, beside «Norge, EU»: asked and answered.
    store.update_activity(telephony, "transfers", "Talkmore bekreftet på e-post 01.03.2024: sentralbordet behandles "
                                                  "i Norge og EU; avtalene gjelder underleverandører ved behov.")
    # Patients who ring a clinic reveal that they are patients: health data, under art. 9(2)(h).
    store.update_activity(telephony, "special_categories_answer", "yes")
    store.update_activity(telephony, "special_categories", ["health"])
    store.update_activity(telephony, "art9_conditions", ["h"])
    store.update_activity(telephony, "criminal_offences_answer", "no")
    store.update_activity(telephony, "dpia_not_needed_reason", "Statistikken per operatør er slått av i "
                                                               "Bedriftsnett Admin (vurdert 01.03.2024).")
    # Every vendor category the vendors leave open, named with the clinic's own time limit (DPO audit 4, N2, N6).
    store.update_activity(telephony, "retention", (
        "Beskjeder fra sentralbordet slettes når de er fulgt opp, senest etter 30 dager.\n"
        "Anropslogg for sentralbordoperatør og notater om innringer på kø: 90 dager, satt i Bedriftsnett Admin.\n"
        "Bedriftskatalogen, status, Kalender/Fravær og Annet: viderekoblingsnummer: slettes når den ansatte slutter.\n"
        "Sentralbordanropslogg og statistikk per kø-operatør: slått av.\n"
        "Informasjonskapsler og lignende teknologier: slettes når økten i nettleseren avsluttes.\n"
        "Tilgjengelighet fra Exchange-kalenderen og emnefelt fra fravær i Exchange-kalenderen: lagres ikke.\n"
        "Oversikt over samtaler, samtalestatus og historikk på ansatte: 90 dager, satt i Bedriftsnett Admin.\n"
        "We4you (avtalt 03.03.2024): navn og telefonnummer til avdelinger og ansatte, kundekort, beskjeder og "
        "informasjon fra kunde og beskjeder på vegne av innringer slettes senest 30 dager etter oppfølging."))
    store.update_activity(ids["Brukerstøtte fra teleleverandør"], "retention", (
        "Henvendelser slettes hos oss når saken er løst. Phonero sletter e-post- og chat-henvendelser og "
        "opplysninger om bruker 12 måneder etter at saken er lukket (bekreftet av Phonero 01.02.2024)."))
    store.update_activity(ids["Administrasjon av mobilabonnement og utstyr"], "retention", (
        "Ordrebekreftelser og fakturaer oppbevares i 5 år etter regnskapsårets slutt (bokføringsloven § 13); "
        "Phonero sletter brukerinformasjon og ordrehistorikk etter de samme 5 årene (bekreftet 01.02.2024)."))
