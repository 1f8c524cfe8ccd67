"""The one error type a user can meet: a message key with parameters, rendered in the user's language."""
from __future__ import annotations


class Words:
    """A parameter that is itself words: a message key (and its parameters) rendered in the language the
    message is shown in, e.g. what is wrong with a field of a vendor pack."""

    def __init__(self, key: str, /, **params: object) -> None:
        self.key, self.params = key, params

    def text(self, lang: str) -> str:
        from ropa_app.i18n import t

        return t(self.key, lang, **self.params)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Words) and (self.key, self.params) == (other.key, other.params)

    def __repr__(self) -> str:
        return f"Words({self.key!r}, **{self.params!r})"


def problem(key: str, /, **params: object) -> Words:
    """What is wrong with a field of a catalogue file or vendor pack, in the user's language."""
    return Words(f"problem.{key}", **params)


class RopaError(Exception):
    """An error the user can act on. ``key`` names a message in resources/i18n/messages.toml."""

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str = "nb") -> str:
        from ropa_app.i18n import t

        # A parameter given in both languages ({"nb": ..., "en": ...}) is shown in the message's.
        params = {k: v.get(lang, v.get("nb")) if isinstance(v, dict) and set(v) == {"nb", "en"} else
                  v.text(lang) if isinstance(v, Words) else v
                  for k, v in self.params.items()}
        return t(f"error.{self.key}", lang, **params)

    def __str__(self) -> str:
        return self.message("en")
