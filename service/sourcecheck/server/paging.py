"""Page tokens (AIP-158): opaque to callers, and checked when they come back.

A token is the last id of the page it ends, prefixed and encoded as URL-safe base64: a caller cannot
build one by hand by accident, and one that does not decode is refused rather than read as an id.
"""

from __future__ import annotations

import base64
import binascii

_PREFIX = "after:"


def encode(last_id: str) -> str:
    return base64.urlsafe_b64encode((_PREFIX + last_id).encode("utf-8")).decode("ascii")


def decode(token: str) -> str | None:
    """The id a token continues after ("" for no token), or None for a token this API did not give."""
    if not token:
        return ""
    try:
        text = base64.urlsafe_b64decode(token.encode("ascii")).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        return None
    return text.removeprefix(_PREFIX) if text.startswith(_PREFIX) else None
