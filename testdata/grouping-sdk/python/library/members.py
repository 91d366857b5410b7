"""Members, loans and fines."""

from catalog import read_json
from checks import _fail, require

MEMBERS = {
    "m1": {"name": "Ada", "fines": 0.0, "loans": 2, "visits": 10, "suspended": False},
    "m2": {"name": "Lin", "fines": None, "loans": 0, "visits": 0, "suspended": True},
}


def recommend(books, member):
    """Books for a member, ranked by how often they are borrowed per copy."""

    def _score(book):
        return book["loans"] / book["copies"] + (member["loans"] > 5)

    return sorted(books, key=_score, reverse=True)


def rank_members(members):
    """Most loyal first: loans per visit."""

    def _score(member):
        return member["loans"] / member["visits"]

    return sorted(members, key=_score, reverse=True)


def checkout_book(member, book):
    if member["suspended"]:
        _fail("member is suspended", member=member["name"])
    require(book["copies"] > 0, "no copy left", isbn=book["isbn"])
    return (member["name"], book["isbn"])


def renew_loan(member, weeks):
    if weeks > 4:
        _fail("loans renew for at most four weeks", weeks=weeks)
    return weeks


def import_members(text):
    return {m["id"]: m for m in read_json(text, "member list")}
