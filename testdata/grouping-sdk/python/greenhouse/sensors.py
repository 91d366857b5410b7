"""Soil sensors and the logs they write."""

from datetime import datetime

READINGS = [
    {"probe": "p1", "zone": "herbs", "moisture": 0.31, "raw": 512},
    {"probe": "p9", "zone": "tomatoes", "moisture": 0.12, "raw": 498},
]


def for_each_reading(readings, callback):
    """The dispatcher every consumer of readings goes through."""
    return [callback(r) for r in readings]


def zones_to_water(zones, readings):
    def on_reading(reading):
        return reading["moisture"] < zones[reading["zone"]]["threshold"]

    return for_each_reading(readings, on_reading)


def calibrate(offsets, readings):
    def on_reading(reading):
        return reading["raw"] - offsets[reading["probe"]]

    return for_each_reading(readings, on_reading)


def read_meter_log(lines):
    """`2026-05-01 06:00;12` lines: when, and how many litres."""
    out = []
    for line in lines:
        when, litres = line.split(";")
        out.append((datetime.strptime(when, "%Y-%m-%d %H:%M"), float(litres)))
    return out


def read_schedule(entries):
    return sorted(datetime.strptime(e["at"], "%H:%M").time() for e in entries)
