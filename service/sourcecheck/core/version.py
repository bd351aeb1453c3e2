"""The version of the extraction rules, recorded with every stored article.

Stored claims keep the reading of the rules that ran when their article was
ingested; the version tells which rules that was, so a corpus that mixes
readings can be found and re-extracted (`sourcecheck reextract`).

Bump EXTRACTOR_VERSION whenever extraction (segmentation, claims, attribution,
features) changes what it returns for some text. The form is the year and
month of the change, then a counter within the month: "2026.11-1", "2026.11-2".
"""

EXTRACTOR_VERSION = "2026.11-6"
