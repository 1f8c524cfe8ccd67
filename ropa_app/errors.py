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

        # A parameter given in both languages ({"nb": ..., "en": ...}) is shown in the message's.
        params = {k: v.get(lang, v.get("nb")) if isinstance(v, dict) and set(v) == {"nb", "en"} else v
                  for k, v in self.params.items()}
        return t(f"error.{self.key}", lang, **params)

    def __str__(self) -> str:
        return self.message("en")
