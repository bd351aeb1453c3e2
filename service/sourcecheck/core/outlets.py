"""One key per outlet, however a feed or a newsroom writes its name.

The outlet arrives as free text: "Northvale Herald", "The Northvale Herald News", northvaleherald.co.uk
and https://www.northvaleherald.com/news are one outlet, and must not confirm each other as if they
were four. The key is a domain's registrable name ("northvaleherald") or the name's own words,
without the article and generic trailing words, squashed as a domain writes them. What
normalisation cannot know (a masthead whose domain is an abbreviation, two mastheads of one owner)
the policy's alias table says. Two outlets whose names normalise alike are taken for one: the
cautious side, as they then cannot confirm each other.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

_GENERIC_TRAILING = frozenset("news online com net org website web digital".split())
_HOST_PREFIXES = ("www.", "m.", "amp.", "mobile.", "edition.")
# Second-level labels under a country code ("northvaleherald.co.uk", "quill.net.au"): not the name.
_SECOND_LEVEL = frozenset("co com net org gov ac edu news".split())
_DOMAIN = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::\d+)?(?:[/?#].*)?$")
_NOT_WORD = re.compile(r"[^\w]+")


def _from_domain(host: str) -> str:
    for prefix in _HOST_PREFIXES:
        host = host.removeprefix(prefix)
    labels = host.split(".")[:-1]  # the top-level domain says nothing of the outlet
    while len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels.pop()
    return labels[-1] if labels else host


@lru_cache(maxsize=4096)  # a corpus has a few thousand outlets, met again on every lookup
def normal_outlet(name: str) -> str:
    """The outlet's key by its spelling alone: a domain's registrable name, or the name's own words."""
    text = name.strip().lower()
    domain = _DOMAIN.match(text)
    if domain and " " not in text:
        return _from_domain(domain.group(1))
    words = [w for w in _NOT_WORD.split(text) if w]
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    while len(words) > 1 and words[-1] in _GENERIC_TRAILING:
        words.pop()
    return "".join(words)  # squashed, as a domain writes the name: "Northvale Herald", northvaleherald.com


def alias_keys(aliases: Mapping[str, str]) -> dict[str, str]:
    """The alias table by key: each alias's key -> its canonical name's key."""
    return {normal_outlet(alias): normal_outlet(canonical) for alias, canonical in aliases.items()}


def outlet_key(name: str, aliases: Mapping[str, str] | None = None) -> str:
    """The outlet's key, after the alias table (alias -> canonical name) when one is given; a policy
    answers the same with its aliases read once (`Policy.outlet_key`)."""
    key = normal_outlet(name)
    return alias_keys(aliases).get(key, key) if aliases else key
