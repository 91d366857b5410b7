"""A greenhouse irrigation controller: each route below is one way a
request or a scheduled job reaches one of its bugs."""

import hardware
import report
import sensors

ZONES = {
    "herbs": {"name": "herbs", "threshold": 0.25, "max_litres": 10},
    "tomatoes": {"name": "tomatoes", "max_litres": 40},  # threshold never set
}


def cascade(levels, job):
    """Runs `job` through nested controller levels (house, bench, tray);
    the same bug deeper in the stack."""
    if levels:
        return cascade(levels - 1, job)
    return job()


def morning_round():
    return sensors.zones_to_water(ZONES, sensors.READINGS)


def storm_check():
    return cascade(2, lambda: sensors.zones_to_water(ZONES, sensors.READINGS[1:]))


def probe_service():
    return sensors.calibrate({"p1": 3}, sensors.READINGS)


def weekly_calibration():
    return cascade(3, lambda: sensors.calibrate({"p1": 2, "p2": 4}, list(reversed(sensors.READINGS))))


def import_meter(text):
    return len(sensors.read_meter_log(text.splitlines()))


def reconcile_water_bill(months):
    return cascade(1, lambda: sum(len(sensors.read_meter_log(m)) for m in months))


def load_plan(entries):
    return sensors.read_schedule(entries)


def sync_from_phone(payload):
    return cascade(2, lambda: load_plan(payload["plan"]))


def water_now(zone, litres):
    return hardware.open_valve(ZONES[zone], litres)


def holiday_mode(plan):
    return cascade(2, lambda: [hardware.open_valve(ZONES[z], l) for z, l in plan])


def timer_button(minutes):
    return hardware.set_timer(minutes)


def timer_from_schedule(entries):
    return [hardware.set_timer(e["minutes"]) for e in entries]


def pressure_test():
    return hardware.start_pump(3)


def frost_protection():
    return cascade(2, lambda: hardware.start_pump(1))


report.start(
    {
        "nested-threshold": {"1": morning_round, "2": storm_check},
        "nested-offset": {"1": probe_service, "2": weekly_calibration},
        "strptime-meter": {
            "1": lambda: import_meter("2026-05-01 06:00;12\n2026-05-01 18:00;9\n01/05/2026 21:00;3"),
            "2": lambda: reconcile_water_bill([["2026-04-30 06:00;8"], ["2026-05-31 6h;4"]]),
        },
        "strptime-plan": {
            "1": lambda: load_plan([{"at": "06:30"}, {"at": "7pm"}]),
            "2": lambda: sync_from_phone({"plan": [{"at": "25:00"}]}),
        },
        "expect-valve": {"1": lambda: water_now("herbs", 12), "2": lambda: holiday_mode([("tomatoes", 30), ("herbs", 0)])},
        "expect-timer": {"1": lambda: timer_button(7), "2": lambda: timer_from_schedule([{"minutes": 10}, {"minutes": 12}])},
        "pump-chain": {"1": pressure_test, "2": frost_protection},
    }
)
