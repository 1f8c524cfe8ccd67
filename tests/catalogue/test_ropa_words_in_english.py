"""ROPA's own words in the catalogue are read in both languages (third DPO review, finding 5): each customer duty
(ROPA's summary of what the vendor's terms leave to the company) has its English, in the same order; so has every
name ROPA gives a recipient a document implies, and every category that is ROPA's reading. The loader refuses a
vendor file that leaves one out."""
from __future__ import annotations





def test_every_customer_duty_has_its_english(catalogue):
    with_duties = [s for s in catalogue.services if s.customer_duties]
    assert len(with_duties) == 6
    distinct = set()
    for service in with_duties:
        assert len(service.customer_duties_en) == len(service.customer_duties), service.key
        for nb, en in zip(service.customer_duties, service.customer_duties_en):
            assert en.strip() and en != nb, (service.key, nb)
            assert "«" not in en and " og " not in en, en  # English, with English quotes
            assert service.duty_en(nb) == en
            distinct.add(nb)
    assert len(distinct) == 23


def test_an_add_on_keeps_the_english_of_its_base_services_duties_and_its_own(catalogue):
    addon = catalogue.resolved("talkmore/bedriftsnett/kalendersynk")
    assert len(addon.customer_duties_en) == len(addon.customer_duties) == 16
    assert addon.duty_en("Utstede nødvendige fullmakter til Kontaktperson") == \
        "Issue the necessary authorisations to the Contact person"
    assert addon.duty_en(addon.customer_duties[-1]).startswith("The customer's Contact person decides")


def test_every_name_and_reading_of_ropas_own_has_its_english(catalogue):
    recipients = [r for s in catalogue.services for r in s.recipients]
    assert recipients and all(r.name_en and r.name.lower() in r.name_en for r in recipients)
    readings = [c for s in catalogue.services for c in s.data_categories if c.content_reading]
    assert readings and all(c.name_en and c.content_en for c in readings)


def test_a_duty_without_its_english_is_refused(refusal):
    error = refusal("we4you.toml", '    "Notify the other party without undue delay on discovering a personal data '
                                   'breach (applies to both parties)",\n')
    assert (error.params["file"], error.params["field"]) == ("we4you.toml", "services[0].customer_duties_en")


def test_a_recipient_without_its_english_name_is_refused(refusal):
    error = refusal("phonero.toml", 'name_en = "Unnamed service provider (“tjenesteleverandør”)"\n')
    assert error.params["file"] == "phonero.toml"
    assert error.params["field"].endswith(".recipients[0].name_en")
