"""The catalogue: books, shelves and recommendations."""

import json

BOOKS = [
    {"isbn": "111", "title": "Dune", "year": 1965, "loans": 40, "copies": 2, "price": 9.5},
    {"isbn": "222", "title": "Emma", "year": 1815, "loans": 12, "copies": 1, "price": None},
    {"isbn": "333", "title": "Ubik", "year": None, "loans": 7, "copies": 0, "price": 7.0},
]


class DataError(Exception):
    """A data file could not be read."""


def shelve_by_decade(books):
    """Shelf order: by decade of publication."""
    return sorted(books, key=lambda b: b["year"] // 10)


def replacement_costs(books, markup):
    """What replacing each book would cost the insurer."""
    return list(map(lambda b: round(b["price"] * markup, 2), books))


def read_json(text, what):
    """Every data file goes through here, so errors name the file's role."""
    try:
        return json.loads(text)
    except ValueError as exc:
        raise DataError(f"cannot read {what}") from exc


def load_catalog(text):
    return [b["isbn"] for b in read_json(text, "catalogue")]
