"""The one error type a user can meet: a message key with parameters, rendered in the user's language."""
from __future__ import annotations


class RopaError(Exception):
    """An error the user can act on. ``key`` names a message in resources/i18n/messages.toml."""

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str = "nb") -> str:
        from ropa_app.i18n import t

        return t(f"error.{self.key}", lang, **self.params)

    def __str__(self) -> str:
        return self.message("en")
