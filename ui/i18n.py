"""The app's language: the same messages as the core (ropa_app.i18n), plus Qt's own translations of its dialogs."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ropa_app.i18n import DEFAULT_LANGUAGE, normalise_language, t
from ropa_app.paths import resource_path

_state = {"lang": DEFAULT_LANGUAGE, "translators": []}


def current() -> str:
    return _state["lang"]


def tr(key: str, /, **params: object) -> str:
    """A UI text in the current language."""
    return t(key, _state["lang"], **params)


def set_language(lang: str) -> str:
    """Switch the language, including Qt's own dialog buttons where Qt ships a translation."""
    lang = normalise_language(lang)
    _state["lang"] = lang
    app = QCoreApplication.instance()
    for translator in _state["translators"]:
        if app:
            app.removeTranslator(translator)
    _state["translators"] = []
    locale = QLocale(QLocale.Language.NorwegianBokmal, QLocale.Country.Norway) if lang == "nb" \
        else QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    QLocale.setDefault(locale)
    if app and lang == "nb":
        # Qt ships no bokmål translation of its own dialogs; we ship one (resources/i18n/qtbase_nb.ts, compiled
        # with pyside6-lrelease) and fall back to whatever Qt has for nb.
        candidates = [(str(resource_path("i18n")), "qtbase"),
                      (QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), "qtbase")]
        for folder, name in candidates:
            translator = QTranslator(app)
            if translator.load(locale, name, "_", folder):
                app.installTranslator(translator)
                _state["translators"].append(translator)
                break
    return lang


def qt_translation_loaded() -> bool:
    return bool(_state["translators"])


def counted(key: str, count: int, /, **params: object) -> str:
    """``key`` with {count}, or its ``.one`` form when there is one of it (1 obligatorisk, 2 obligatoriske)."""
    from ropa_app.i18n import has

    one = f"{key}.one"
    return tr(one if count == 1 and has(one) else key, count=count, **params)


def gap_counts(counts: dict[str, int], line_key: str = "ui.status.gaps_line") -> str:
    """«Mangler: 1 obligatorisk · 2 bør rettes · 0 å vurdere» (status bar, the activity editor)."""
    parts = [counted(f"ui.status.gaps.{severity}", counts[severity]) for severity in ("mandatory", "warning", "notice")]
    return tr(line_key, parts=" · ".join(parts))
