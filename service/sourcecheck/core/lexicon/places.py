"""Countries and the adjectives of their peoples. Country names come from the ISO 3166 tables of
`pycountry`."""

from __future__ import annotations

import pycountry


def _country_names() -> frozenset[str]:
    names: set[str] = set()
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                names.add(value)
                names.add(value.split(",")[0])
    return frozenset(names)


# English names in common use that ISO 3166 spells otherwise ("Türkiye", "Russian Federation").
_EXONYMS = frozenset(
    [
        "Turkey",
        "Russia",
        "Britain",
        "Great Britain",
        "UK",
        "U.K.",
        "US",
        "U.S.",
        "USA",
        "America",
        "Ivory Coast",
        "Burma",
        "Kosovo",
        "Holland",
        "Macedonia",
        "Brunei",
        "Cape Verde",
        "Swaziland",
        "East Timor",
        "Vatican",
        "Czechia",
        "South Korea",
        "North Korea",
        "Gaza",
        "West Bank",
    ]
)

COUNTRIES = _country_names() | _EXONYMS


def _demonyms() -> dict[str, str]:
    """ "syrian" -> "syria", "israeli" -> "israel": a people's adjective and its country are one
    term for matching. Regular endings are derived from the country names; irregular ones listed."""
    irregular = {
        "turkish": "turkey",
        "british": "britain",
        "french": "france",
        "german": "germany",
        "dutch": "netherlands",
        "chinese": "china",
        "japanese": "japan",
        "spanish": "spain",
        "polish": "poland",
        "swedish": "sweden",
        "danish": "denmark",
        "finnish": "finland",
        "irish": "ireland",
        "swiss": "switzerland",
        "greek": "greece",
        "thai": "thailand",
        "filipino": "philippines",
        "lebanese": "lebanon",
        "sudanese": "sudan",
        "afghan": "afghanistan",
        "vietnamese": "vietnam",
        "portuguese": "portugal",
        "norwegian": "norway",
        "peruvian": "peru",
        "ukrainian": "ukraine",
        "belgian": "belgium",
        "egyptian": "egypt",
        "saudi": "saudi arabia",
    }
    out: dict[str, str] = dict(irregular)
    for name in COUNTRIES:
        country = name.lower()
        if " " in country or not country.isalpha() or len(country) < 4:
            continue
        if country.endswith("a"):
            endings = [country + "n"]  # Syria, Kenya
        elif country.endswith("y"):
            endings = [country[:-1] + "ian"]  # Italy
        elif country.endswith("o"):
            endings = [country[:-1] + "an"]  # Mexico
        elif country.endswith("e"):
            endings = [country + "an"]  # Chile
        else:
            endings = [country + "i", country + "ian"]  # Israel, Iran, Egypt
        for demonym in endings:
            out.setdefault(demonym, country)
    return out


DEMONYMS = _demonyms()

# Endings of the adjectives of peoples ("Syrian", "Chinese", "Turkish", "Israeli"): a nationality
# describing someone, not a name.
DEMONYM_ENDINGS = ("ian", "an", "ese", "ish", "i")
