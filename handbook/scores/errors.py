"""The one exception every scorer raises on bad input."""

from __future__ import annotations

_SHOWN_MAX = 40  # a hostile CSV cell must not turn into a megabyte-long message


def _shown(value: object) -> object:
    if isinstance(value, str) and len(value) > _SHOWN_MAX:
        return value[:_SHOWN_MAX] + "…"
    return value


class ScoreInputError(ValueError):
    """A field's value cannot be used: names the field, the value and what is expected."""

    def __init__(self, field: str, value: object, expected: str) -> None:
        self.field = field
        self.value = _shown(value)
        self.expected = expected
        super().__init__(f"{field}: {self.value!r} is not valid; expected {expected}")
