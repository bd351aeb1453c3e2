"""A score response as JSON-LD: schema.org `Claim` and `ClaimReview`, sourcing in the `sc:` vocabulary.

The document carries its whole `@context` inline (schema.org as the default vocabulary, the
sourcecheck vocabulary under the `sc:` prefix), so a JSON-LD processor never has to fetch a
remote context to read it. docs/claimreview.md defines every `sc:` term.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from sourcecheck.v1 import scoring_pb2 as pb

SCHEMA = "https://schema.org/"
NAMESPACE = "https://sourcecheck.dev/ns#"
REVIEWER = "sourcecheck"

JsonObject = dict[str, Any]

CONTEXT: JsonObject = {
    "@vocab": SCHEMA,
    "schema": SCHEMA,
    "sc": NAMESPACE,
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sc:sourceKind": {"@type": "@vocab"},
    "sc:attributionChain": {"@container": "@list"},
    "sc:reasons": {"@container": "@list"},
    "sc:hedges": {"@container": "@set"},
    "sc:attributionStrength": {"@type": "xsd:double"},
    "sc:corroboration": {"@type": "xsd:double"},
    "sc:score": {"@type": "xsd:double"},
    "sc:similarity": {"@type": "xsd:double"},
    "sc:corroboratedBy": {"@container": "@set"},
    "sc:echoedBy": {"@container": "@set"},
    "sc:alsoReportedBy": {"@container": "@set"},
    "sc:contradictedBy": {"@container": "@set"},
}

# The SourceKind enum as individuals of the vocabulary: sc:NAMED_OFFICIAL, ... (docs/claimreview.md).
KIND_NAMES: dict[int, str] = {
    value: name.removeprefix("SOURCE_KIND_") for name, value in pb.SourceKind.items() if value
}


def kind_name(kind: int) -> str:
    """The scheme's name of a source kind ("ANONYMOUS"), "UNSPECIFIED" for 0 or an unknown value."""
    return KIND_NAMES.get(kind, "UNSPECIFIED")


class MatchRelation:
    """How a supporting match stands to the claim it supports."""

    INDEPENDENT = "independent"  # its origin is known and differs: corroboration
    ECHO = "echo"  # the same origin as the claim's own, repeated
    OWN_VOICE = "own voice"  # the other outlet asserts it with no source: origin unknown
    UNKNOWN = "origin unknown"  # sourced there, but this claim's own origin cannot be told


def relation(claim: pb.Claim, match: pb.Match) -> str:
    """Independent, an echo of the same origin, an outlet's own-voice report, or origin unknown here.

    `match.independent` says the origins are known and differ. Otherwise a match with no source of its
    own is an own-voice report; one with a source is an echo when this claim's origin is known (the
    service calls two known origins the same exactly when it does not call them independent, apart from
    reprints, which repeat the same copy), and of unknown relation when this claim's origin is unknown.
    """
    if match.independent:
        return MatchRelation.INDEPENDENT
    if match.kind in (pb.SOURCE_KIND_UNATTRIBUTED, pb.SOURCE_KIND_UNSPECIFIED):
        return MatchRelation.OWN_VOICE
    if claim.attribution.origin_key:
        return MatchRelation.ECHO
    return MatchRelation.UNKNOWN


def sourcing_label(score: float) -> str:
    """A textual rating of the sourcing (not of the claim's truth) for a score in [0, 1]."""
    if score < 0.35:
        return "Weakly sourced"
    if score < 0.6:
        return "Partly sourced"
    return "Well sourced"


def iso_time(stamp_seconds: int) -> str:
    return datetime.fromtimestamp(stamp_seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _quote(text: str) -> str:
    return quote(text, safe="-._~")


def article_iri(article_id: str) -> str:
    return f"urn:sourcecheck:article:{_quote(article_id)}"


def claim_iri(article_id: str, claim_id: str) -> str:
    return f"urn:sourcecheck:claim:{_quote(article_id)}:{_quote(claim_id)}"


def review_iri(article_id: str, claim_id: str) -> str:
    return f"urn:sourcecheck:review:{_quote(article_id)}:{_quote(claim_id)}"


def _publisher(outlet: str) -> JsonObject:
    return {"@type": "Organization", "name": outlet}


def article_node(article: pb.Article) -> JsonObject:
    """The scored article as a schema.org NewsArticle."""
    node: JsonObject = {"@type": "NewsArticle", "@id": article_iri(article.id), "identifier": article.id}
    if article.url:
        node["url"] = article.url
    if article.title:
        node["headline"] = article.title
    node["publisher"] = _publisher(article.outlet)
    if article.HasField("published_at"):
        node["datePublished"] = iso_time(article.published_at.seconds)
    node["inLanguage"] = article.language or "en"
    return node


def _match_article(match: pb.Match) -> JsonObject:
    node: JsonObject = {
        "@type": "NewsArticle",
        "@id": article_iri(match.article_id),
        "identifier": match.article_id,
        "publisher": _publisher(match.outlet),
    }
    if match.HasField("published_at"):
        node["datePublished"] = iso_time(match.published_at.seconds)
    return node


def first_appearance(article: pb.Article, claim: pb.Claim) -> JsonObject:
    """The earliest article, by publication time, among this one and the claim's supporting matches.

    Articles without a time cannot be placed and are passed over; on a tie the scored article wins,
    then the earlier match in the response. With no time anywhere it is the scored article.
    """
    best = article_node(article)
    best_time = article.published_at.seconds if article.HasField("published_at") else None
    for match in claim.supporting:
        if not match.HasField("published_at"):
            continue
        when = match.published_at.seconds
        if best_time is None or when < best_time:
            best, best_time = _match_article(match), when
    return best


def _related(match: pb.Match) -> JsonObject:
    return {
        "@type": "Claim",
        "@id": claim_iri(match.article_id, match.claim_id),
        "text": match.text,
        "appearance": _match_article(match),
        "sc:sourceKind": f"sc:{kind_name(match.kind)}",
        "sc:similarity": match.similarity,
        "sc:independent": match.independent,
    }


def _source(source: pb.Source) -> JsonObject:
    node: JsonObject = {"@type": "sc:Source", "sc:sourceKind": f"sc:{kind_name(source.kind)}"}
    if source.name:
        node["name"] = source.name
    if source.role:
        node["sc:role"] = source.role
    if source.count:
        node["sc:count"] = source.count
    return node


def claim_node(
    article: pb.Article, claim: pb.Claim, policy_version: str, extractor_version: str = ""
) -> JsonObject:
    """One claim as a schema.org Claim with its sourcing and its relations to other outlets' claims."""
    attribution = claim.attribution
    node: JsonObject = {
        "@type": "Claim",
        "@id": claim_iri(article.id, claim.id),
        "identifier": claim.id,
        "text": claim.text,
        "appearance": article_node(article),
        "firstAppearance": first_appearance(article, claim),
        "sc:sourceKind": f"sc:{kind_name(attribution.kind)}",
    }
    if attribution.source:
        node["sc:source"] = attribution.source
    if attribution.origin_key:
        node["sc:originKey"] = attribution.origin_key
    node["sc:attributionChain"] = [_source(s) for s in attribution.chain]
    node["sc:hedged"] = attribution.hedged
    node["sc:hedges"] = list(attribution.hedges)
    node["sc:independentOrigins"] = claim.independent_origins
    node["sc:attributionStrength"] = claim.attribution_strength
    node["sc:corroboration"] = claim.corroboration
    node["sc:score"] = claim.score
    node["sc:reasons"] = list(claim.reasons)
    node["sc:policyVersion"] = policy_version
    if extractor_version:
        node["sc:extractorVersion"] = extractor_version
    groups: dict[str, list[JsonObject]] = {
        "sc:corroboratedBy": [],
        "sc:echoedBy": [],
        "sc:alsoReportedBy": [],
    }
    prop = {
        MatchRelation.INDEPENDENT: "sc:corroboratedBy",
        MatchRelation.ECHO: "sc:echoedBy",
        MatchRelation.OWN_VOICE: "sc:alsoReportedBy",
        MatchRelation.UNKNOWN: "sc:alsoReportedBy",
    }
    for match in claim.supporting:
        groups[prop[relation(claim, match)]].append(_related(match))
    groups["sc:contradictedBy"] = [_related(m) for m in claim.contradicting]
    node.update({name: values for name, values in groups.items() if values})
    return node


def claim_review(
    article: pb.Article, claim: pb.Claim, policy_version: str, extractor_version: str = ""
) -> JsonObject:
    """A ClaimReview of one claim: its sourcing score as a rating on a 0..1 scale."""
    return {
        "@type": "ClaimReview",
        "@id": review_iri(article.id, claim.id),
        "claimReviewed": claim.text,
        "itemReviewed": claim_node(article, claim, policy_version, extractor_version),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": claim.score,
            "bestRating": 1,
            "worstRating": 0,
            "alternateName": sourcing_label(claim.score),
            "ratingExplanation": " ".join(claim.reasons),
        },
        "author": {"@type": "Organization", "name": REVIEWER, "url": "https://sourcecheck.dev"},
        "reviewAspect": "sourcing",
    }


def document(article: pb.Article, response: pb.ScoreArticleResponse) -> JsonObject:
    """The JSON-LD document of a score response: one ClaimReview per claim, in body order."""
    return {
        "@context": CONTEXT,
        "@graph": [
            claim_review(article, claim, response.policy_version, response.extractor_version)
            for claim in response.claims
        ],
    }
