"""Matching across outlets: what makes two reports of one claim independent."""

from sourcecheck.core import Article, extract
from sourcecheck.core.match import judge
from sourcecheck.core.model import CorpusClaim
from sourcecheck.engine import load_policy


def one_claim(body: str, outlet: str):
    (claim,) = extract(Article(id=outlet, outlet=outlet, body=body))
    return claim


def corpus(claim, outlet: str) -> CorpusClaim:
    return CorpusClaim(article_id=outlet, outlet=outlet, published=None, claim=claim)


def test_the_same_quotation_is_one_speaker_however_each_outlet_names_them() -> None:
    quote = '"The water rose over the bridge in ten minutes and nobody could cross it,"'
    named = one_claim(f"{quote} farmer Hanne Solvik said.", "Morning Ledger")
    unnamed = one_claim(f"{quote} a resident of the valley told reporters.", "Evening Courier")
    assert named.origin_key != unnamed.origin_key
    match = judge(named, corpus(unnamed, "Evening Courier"), load_policy().matching)
    assert match is not None
    assert not match.independent


def test_different_speakers_of_one_fact_are_independent() -> None:
    a = one_claim("The bridge over the river Lenne collapsed on Tuesday, mayor Hanne Solvik said.", "Ledger")
    b = one_claim("The bridge over the river Lenne collapsed on Tuesday, the fire brigade said.", "Courier")
    match = judge(a, corpus(b, "Courier"), load_policy().matching)
    assert match is not None
    assert match.independent


def test_the_story_topic_tells_claims_apart_less_than_their_own_facts() -> None:
    from sourcecheck.core.features import features
    from sourcecheck.core.match import TermWeights, similarity

    body = (
        "The flood reached Dorrow on Monday. The flood closed the Dorrow school. "
        "The flood cut power to Dorrow for a day. The flood drowned cattle near Dorrow."
    )
    weights = TermWeights(extract(Article(id="a", outlet="Ledger", body=body)))
    topic = (features("The flood hit Dorrow."), features("Dorrow saw the flood rise."))
    facts = (features("The school closed."), features("The school was closed."))
    assert weights["flood"] < weights["school"]
    assert similarity(*topic, weights) < similarity(*topic)
    assert similarity(*facts, weights) >= similarity(*facts) - 1e-9


def test_a_peoples_adjective_meets_its_country() -> None:
    from sourcecheck.core.features import features

    assert features("Norwegian ships left the port.").terms & features("Ships left Norway.").terms >= {
        "norway"
    }
    assert features("Two Iraqis and a Mexican were hurt.").terms >= {"iraq", "mexico"}


def test_an_article_confirms_a_claim_once_with_its_closest_sentence() -> None:
    from sourcecheck.core import score

    policy = load_policy()
    mine = Article(
        id="a", outlet="Ledger", body="Floods killed 12 people in the town of Dorrow on Monday, police said."
    )
    theirs = Article(
        id="b",
        outlet="Courier",
        body=(
            "Floods killed 12 people in Dorrow on Monday, police said.\n\n"
            "Police said the Monday floods in Dorrow killed 12 people and cut power to the town."
        ),
    )
    (claim,) = extract(mine)
    others = [CorpusClaim("b", "Courier", None, c) for c in extract(theirs)]
    assert all(judge(claim, o, policy.matching) is not None for o in others)  # both sentences match alone
    (scored,) = score(mine, (claim,), {claim.id: others}, policy)
    assert [m.other.claim.text for m in scored.supporting] == [others[0].claim.text]


def test_an_article_that_prints_the_same_copy_is_one_report() -> None:
    from sourcecheck.core import score

    policy = load_policy()
    rest = (
        "The river burst its banks after three days of rain and cut the main road to the coast.\n\n"
        "Rescue teams from two nearby towns searched the flooded valley through the night."
    )
    mine = Article(
        id="a",
        outlet="Ledger",
        body=f"Floods killed 12 people in Dorrow on Monday, the mayor said.\n\n{rest}",
    )
    # The same copy, its first sentence edited to name the source another way.
    theirs = Article(
        id="b",
        outlet="Courier",
        body=(
            "Floods in Dorrow on Monday killed 12 people, mayor Ines Calder told reporters at the town hall."
            f"\n\n{rest}"
        ),
    )
    claims = extract(mine)
    others = [CorpusClaim("b", "Courier", None, c) for c in extract(theirs)]
    first = judge(claims[0], others[0], policy.matching)
    assert first is not None and first.independent  # alone, the edited sentence looks like a second source
    scored = score(mine, claims, {c.id: others for c in claims}, policy)
    (match,) = scored[0].supporting
    assert match.same_copy and not match.independent
    assert scored[0].corroboration == 0
    assert any("print the same copy" in r for r in scored[0].reasons)
