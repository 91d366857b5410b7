"""Valves, timers and the pump, behind small checks."""

PUMP_DEVICE = "/nonexistent/dev/pump0"


class PumpError(RuntimeError):
    """The pump could not be started."""


def _expect(condition, message):
    # Hardware invariants: an AssertionError names the broken one.
    assert condition, message


def open_valve(zone, litres):
    _expect(0 < litres <= zone.get("max_litres", 50), f"zone {zone['name']}: {litres} l out of range")
    return {"zone": zone["name"], "litres": litres}


def set_timer(minutes):
    _expect(minutes % 5 == 0, f"timers run in 5-minute steps, not {minutes}")
    return minutes


def start_pump(pressure):
    try:
        with open(PUMP_DEVICE, "wb") as dev:
            dev.write(bytes([pressure]))
    except OSError as exc:
        raise PumpError(f"pump did not start at pressure {pressure}") from exc
