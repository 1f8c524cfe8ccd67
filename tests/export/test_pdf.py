"""The PDF register: what it says (pypdf and pdftotext), fonts, bookmarks, metadata, hostile text, determinism."""
from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from ropa_app.adoption import adopt_services
from ropa_app.columns import gap_text
from ropa_app.export import export_register
from ropa_app.export.pdf import render_pdf
from ropa_app.i18n import t
from ropa_app.register import build_register
from ropa_app.store import open_ropa

MADE_AT = dt.datetime(2026, 11, 24, 9, 5, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
PDFTOTEXT = shutil.which("pdftotext")
SECTION_KEYS = ("organisation", "activities", "processors", "sub_processors", "transfers", "sources", "gaps", "change_log")
HOSTILE = "=HYPERLINK(\"x\") <b>bold</b> & <i> \x01\x07 🙂 שלום مرحبا"


def render(register, lang: str = "nb", progress=None) -> bytes:
    buf = io.BytesIO()
    render_pdf(register, lang, buf, progress or (lambda fraction, message: None))
    return buf.getvalue()


def register_of(path: Path, *, all_services: bool = False):
    with open_ropa(path) as store:
        if all_services:
            adopt_services(store, [s.key for s in store.catalogue().services])
        return build_register(store, made_at=MADE_AT)


def flat(text: str) -> str:
    """Whitespace-normalised text: cell and line wrapping must not matter to the assertions."""
    return " ".join(text.split())


class Pdf:
    """A rendered PDF with its text per page, read by pypdf and (when installed) pdftotext in content order."""

    def __init__(self, data: bytes, tmp: Path) -> None:
        self.data = data
        self.reader = PdfReader(io.BytesIO(data))
        self.pages = [p.extract_text() for p in self.reader.pages]
        self.text = flat("\n".join(self.pages))
        self.poppler_pages: list[str] = []
        if PDFTOTEXT:
            path = tmp / "register.pdf"
            path.write_bytes(data)
            out = subprocess.run([PDFTOTEXT, "-raw", str(path), "-"], check=True, capture_output=True).stdout
            self.poppler_pages = out.decode("utf-8").split("\f")[: len(self.pages)]

    def texts(self) -> list[str]:
        """The whole text once per extractor."""
        return [self.text] + ([flat("\n".join(self.poppler_pages))] if self.poppler_pages else [])


@pytest.fixture(scope="module")
def sample_register(_sample_template, tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "fjordlys.ropa"
    shutil.copy(_sample_template, path)
    return register_of(path)


@pytest.fixture(scope="module")
def sample_pdf(sample_register, tmp_path_factory) -> Pdf:
    return Pdf(render(sample_register), tmp_path_factory.mktemp("pdf"))


@pytest.fixture(scope="module")
def full_register(_sample_template, tmp_path_factory):
    """The sample company with every catalogue service adopted, and the catalogue's vendor and sub-processor names."""
    path = tmp_path_factory.mktemp("pdf") / "all.ropa"
    shutil.copy(_sample_template, path)
    with open_ropa(path) as store:
        catalogue = store.catalogue()
        names = {catalogue.vendor(s.vendor).name for s in catalogue.services}
        names |= {p.name for s in catalogue.services for p in s.sub_processors}
    return register_of(path, all_services=True), names


# --- what it says ----------------------------------------------------------------------------------------

def test_cover_names_the_register_the_company_and_the_date(sample_pdf, sample_register):
    cover = flat(sample_pdf.pages[0])
    assert "Protokoll over behandlingsaktiviteter" in cover
    assert "Fjordlys Fysioterapi AS" in cover
    assert "914 653 223" in cover
    assert "24. november 2026 kl. 09.05" in cover
    approved = sum(1 for e in sample_register.entries if e.status == "approved")
    assert f"{approved} godkjent" in cover
    assert f"{len(sample_register.entries) - approved} utkast" in cover
    from ropa_app.processor_register import gaps_of_parts

    # the gaps of the controller's register, which this copy holds (not the processor's, art. 30(2))
    mandatory = sum(1 for g in gaps_of_parts(sample_register) if g.severity == "mandatory")
    assert f"Mangler (obligatorisk): {mandatory}" in cover
    assert "Side 1 av" not in cover  # no footer on the cover


def test_every_page_but_the_cover_has_a_page_x_of_y_footer(sample_pdf):
    n = len(sample_pdf.pages)
    assert n > 5
    for extractor in ([flat(p) for p in sample_pdf.pages], [flat(p) for p in sample_pdf.poppler_pages]):
        for number, text in enumerate(extractor[1:], start=2):
            assert f"Side {number} av {n}" in text
            assert "24. november 2026 kl. 09.05" in text


def test_every_section_heading_and_activity_appears(sample_pdf, sample_register):
    for text in sample_pdf.texts():
        for key in SECTION_KEYS:
            assert t(f"pdf.section.{key}", "nb") in text
        assert "Innhold" in text
        for number, entry in enumerate(sample_register.entries, 1):
            assert f"{number}. {entry.title}" in text
        # The switchboard's sub-processors name no location: unknown, never "no transfers".
        assert t("pdf.empty.transfers", "nb") not in text
        transfers = text.split(t("pdf.section.transfers", "nb"))[-1].split(t("pdf.section.sources", "nb"))[0]
        assert "Zisson" in transfers and t("register.unknown", "nb") in transfers
        from ropa_app.processor_register import gaps_of_parts

        for gap in gaps_of_parts(sample_register):  # the controller's register's: the copy holds that one
            assert flat(gap_text(gap, "nb")) in text


def test_the_contents_gives_the_page_each_heading_is_on(sample_pdf, sample_register):
    if not sample_pdf.poppler_pages:
        pytest.skip("pdftotext is not installed")
    toc = {m.group(1).strip(): int(m.group(2))
           for m in re.finditer(r"^\s*(.+?)\s*\.*\s+(\d+)\s*$", sample_pdf.poppler_pages[1], re.MULTILINE)}
    headings = [t(f"pdf.section.{k}", "nb") for k in SECTION_KEYS]
    headings += [f"{n}. {e.title}" for n, e in enumerate(sample_register.entries, 1)]
    for heading in headings:
        assert heading in toc, heading
        assert heading in flat(sample_pdf.poppler_pages[toc[heading] - 1]), heading


def test_an_activity_table_running_onto_a_new_page_says_so(sample_pdf, sample_register):
    assert f"1. {sample_register.entries[0].title} (fortsatt)" in sample_pdf.text


def test_english(sample_register, tmp_path):
    pdf = Pdf(render(sample_register, "en"), tmp_path)
    assert "Record of processing activities" in flat(pdf.pages[0])
    assert "24 November 2026 09:05" in flat(pdf.pages[0])
    assert f"Page 2 of {len(pdf.pages)}" in flat(pdf.pages[1])
    for key in SECTION_KEYS:
        assert t(f"pdf.section.{key}", "en") in pdf.text
    assert pdf.reader.trailer["/Root"]["/Lang"] == "en"


def test_with_every_service_adopted_every_vendor_and_sub_processor_is_named(full_register, tmp_path):
    register, names = full_register
    assert len(names) > 10
    pdf = Pdf(render(register), tmp_path)
    for text in pdf.texts():
        for name in names:
            assert flat(name) in text, name


# --- the file itself -------------------------------------------------------------------------------------

def _fonts(reader: PdfReader) -> list:
    fonts = []

    def walk(resources) -> None:
        resources = resources.get_object() if resources is not None else {}
        for font in (resources.get("/Font") or {}).values():
            fonts.append(font.get_object())
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                walk(xobject.get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return fonts


def test_only_dejavu_is_used_and_it_is_embedded(sample_pdf):
    fonts = _fonts(sample_pdf.reader)
    assert fonts
    for font in fonts:
        assert "DejaVu" in font["/BaseFont"], font["/BaseFont"]
        assert "/FontFile2" in font["/FontDescriptor"].get_object()
    names = {str(f["/BaseFont"]).split("+")[-1] for f in fonts}
    assert {"DejaVuSans", "DejaVuSans-Bold"} <= names


def test_bookmarks_per_section_and_per_activity_point_at_their_pages(sample_pdf, sample_register):
    reader = sample_pdf.reader
    top = [item for item in reader.outline if not isinstance(item, list)]
    titles = [item.title for item in top]
    for key in SECTION_KEYS:
        assert t(f"pdf.section.{key}", "nb") in titles
    children = next(item for item in reader.outline if isinstance(item, list))
    assert [c.title for c in children] == [f"{n}. {e.title}" for n, e in enumerate(sample_register.entries, 1)]
    for item in top[1:] + children:  # the first is the cover
        page = reader.get_destination_page_number(item)
        assert item.title in flat(sample_pdf.pages[page]), item.title


def test_metadata(sample_pdf):
    meta = sample_pdf.reader.metadata
    assert meta.title == "Protokoll over behandlingsaktiviteter – Fjordlys Fysioterapi AS"
    assert meta.author == "Fjordlys Fysioterapi AS"
    assert meta.creator == "ROPA"
    assert "artikkel 30" in meta.subject
    assert meta["/CreationDate"].startswith("D:20261124090500+01")
    assert sample_pdf.reader.trailer["/Root"]["/Lang"] == "nb-NO"
    assert len(sample_pdf.reader.pages[0].mediabox) == 4
    assert [round(float(x)) for x in sample_pdf.reader.pages[0].mediabox[2:]] == [595, 842]  # A4


def test_the_same_register_gives_the_same_pdf(sample_register, sample_pdf):
    again = render(sample_register)
    assert again == sample_pdf.data
    assert [p.extract_text() for p in PdfReader(io.BytesIO(again)).pages] == sample_pdf.pages


def test_progress_is_reported_in_order_and_translated(sample_register):
    calls = []
    render(sample_register, progress=lambda fraction, message: calls.append((fraction, message)))
    fractions = [f for f, _ in calls]
    assert 4 <= len(calls) <= 15
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert all(message and not message.startswith("pdf.") for _, message in calls)


def test_export_register_writes_a_pdf(sample_register, tmp_path):
    target = export_register(sample_register, "pdf", tmp_path / "protokoll.pdf")
    assert target.read_bytes().startswith(b"%PDF-")
    assert list(tmp_path.iterdir()) == [target]


# --- hostile and unusual registers -----------------------------------------------------------------------

def test_an_empty_register_builds(new_file, tmp_path):
    pdf = Pdf(render(register_of(new_file)), tmp_path)
    for key in ("activities", "processors", "sub_processors", "transfers"):
        assert t(f"pdf.empty.{key}", "nb") in pdf.text
    assert f"Side 2 av {len(pdf.pages)}" in pdf.text


def test_transfers_are_listed_with_country_and_mechanism(tmp_path, _sample_template):
    path = tmp_path / "transfer.ropa"
    shutil.copy(_sample_template, path)
    with open_ropa(path) as store:
        store.resolve_recipient("Zisson", ["US"], mechanism="EUs standardkontrakter (2021/914)")
        register = build_register(store, made_at=MADE_AT)
    assert register.transfers
    pdf = Pdf(render(register), tmp_path)
    section = pdf.text.split(t("pdf.section.transfers", "nb"))[-1]
    assert "Zisson" in section and "EUs standardkontrakter (2021/914)" in section
    assert t(f"country.status.{register.transfers[0].status}", "nb") in section
    assert t("pdf.empty.transfers", "nb") not in pdf.text


def _fill_hostile(store, text: str, long_text: str) -> None:
    from ropa_app.domain import ACTIVITY_FIELDS, ORGANISATION_FIELDS

    org = {name: text for name, spec in ORGANISATION_FIELDS.items() if spec.kind in ("text", "longtext")}
    org["address"] = long_text
    store.update_organisation(**org)
    store.add_joint_controller(name=text, contact=text, responsibilities=long_text)
    activity = store.add_activity(text)
    for name, spec in ACTIVITY_FIELDS.items():
        if spec.kind in ("text", "longtext"):
            store.update_activity(activity, name, text)
        elif spec.kind == "list":
            store.update_activity(activity, name, [text, long_text[:500]])
    for name in ("purpose", "security_measures", "retention", "notes"):
        store.update_activity(activity, name, long_text)
    store.add_activity(long_text)  # a 40,000-character title
    adopt_services(store, [s.key for s in store.catalogue().services][:3])
    store.resolve_recipient("Zendesk", ["US"], mechanism=long_text)


def test_hostile_text_in_every_user_field_prints_as_itself(new_file, tmp_path):
    words = "Lorem ipsum <dolor> & sit amet, " * 1250  # 40,000 characters with spaces
    with open_ropa(new_file) as store:
        _fill_hostile(store, HOSTILE, words)
        store.add_activity("x" * 40_000, purpose="🙂" * 40_000 + "\n" * 3000 + "שלום " * 8000)
        register = build_register(store, made_at=MADE_AT)
    pdf = Pdf(render(register), tmp_path)
    for text in pdf.texts():
        assert "<b>bold</b> & <i>" in text
        assert '=HYPERLINK("x")' in text
        assert "Lorem ipsum <dolor> & sit amet," in text
    assert len(pdf.pages) > 20


def test_long_text_is_cut_into_pieces_that_fit_a_page():
    from ropa_app.export.pdf_style import FRAME_HEIGHT, split_long, styles

    style = styles()["cell"]
    for text in ("W" * 40_000, "🙂" * 40_000, "\n" * 5_000, ("ord " * 20 + "\n") * 2_000, "x" * 3):
        pieces = split_long(text, 90, style)
        assert "".join(pieces).replace("\n", "") == text.replace("\n", "")
        for piece in pieces:
            lines = sum(max(1, -(-len(line) * style.fontSize // 84)) for line in piece.split("\n"))
            assert lines * style.leading < FRAME_HEIGHT / 1.5, (text[:10], lines)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(purpose=st.text(), subjects=st.lists(st.text(), max_size=3), title=st.text(min_size=1))
def test_any_unicode_text_builds(new_file, purpose, subjects, title):
    with open_ropa(new_file) as store:
        activity = store.activity_by_title("Hypotese") or store.add_activity("Hypotese")
        store.update_activity(activity, "purpose", purpose)
        store.update_activity(activity, "data_subjects", subjects)
        store.update_organisation(name=title)
        register = build_register(store, made_at=MADE_AT, include_change_log=False)
    data = render(register)
    assert data.startswith(b"%PDF-") and len(PdfReader(io.BytesIO(data)).pages) >= 3
