"""A lending library's back office: each route below is one way a request
or a batch job reaches one of its bugs."""

import catalog
import members
import report


def walk_branches(depth, visit):
    """Visits the branches one level at a time; the bug fires at the last:
    the recursion puts the same bug deeper in the stack."""
    if depth > 1:
        return walk_branches(depth - 1, visit)
    return visit()


def print_shelf_labels():
    return [b["title"] for b in catalog.shelve_by_decade(catalog.BOOKS)]


def rebuild_branch_shelves():
    return walk_branches(3, lambda: catalog.shelve_by_decade(list(reversed(catalog.BOOKS))))


def insurance_quote(markup):
    return sum(catalog.replacement_costs(catalog.BOOKS, markup))


def yearly_audit(isbns):
    books = [b for b in catalog.BOOKS if b["isbn"] in isbns]
    return walk_branches(2, lambda: catalog.replacement_costs(books, 1.1))


def home_page(member_id):
    return [b["title"] for b in members.recommend(catalog.BOOKS, members.MEMBERS[member_id])[:2]]


def weekly_newsletter():
    picks = walk_branches(2, lambda: members.recommend(catalog.BOOKS[1:], members.MEMBERS["m2"]))
    return len(picks)


def loyalty_board():
    return members.rank_members(list(members.MEMBERS.values()))


def annual_awards():
    return walk_branches(3, lambda: members.rank_members([members.MEMBERS["m2"]]))


def desk_checkout(member_id, isbn):
    book = next(b for b in catalog.BOOKS if b["isbn"] == isbn)
    return members.checkout_book(members.MEMBERS[member_id], book)


def self_service_kiosk(member_id):
    return walk_branches(2, lambda: desk_checkout(member_id, "111"))


def renew_online(weeks):
    return members.renew_loan(members.MEMBERS["m1"], weeks)


def renew_by_phone(requests):
    return [members.renew_loan(members.MEMBERS[m], w) for m, w in requests]


def nightly_catalog_sync(text):
    return len(catalog.load_catalog(text))


def restore_backup(texts):
    return walk_branches(2, lambda: [catalog.load_catalog(t) for t in texts])


def import_member_file(text):
    return len(members.import_members(text))


def migrate_branch(texts):
    return sum(len(members.import_members(t)) for t in texts)


report.start(
    {
        "lambda-decade": {"1": print_shelf_labels, "2": rebuild_branch_shelves},
        "lambda-costs": {"1": lambda: insurance_quote(1.2), "2": lambda: yearly_audit({"111", "222"})},
        "nested-recommend": {"1": lambda: home_page("m1"), "2": weekly_newsletter},
        "nested-rank": {"1": loyalty_board, "2": annual_awards},
        "fail-suspended": {"1": lambda: desk_checkout("m2", "222"), "2": lambda: self_service_kiosk("m2")},
        "fail-renew": {"1": lambda: renew_online(6), "2": lambda: renew_by_phone([("m1", 2), ("m2", 8)])},
        "json-catalog": {"1": lambda: nightly_catalog_sync('[{"isbn": "1"},]'), "2": lambda: restore_backup(["[]", "{isbn: 2}"])},
        "json-members": {"1": lambda: import_member_file('[{"id": "m9"'), "2": lambda: migrate_branch(['[]', "[{'id': 'm8'}]"])},
    }
)
