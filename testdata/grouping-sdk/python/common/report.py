"""Error reporting for the corpus's Python programs.

Wires the SDK that CP_SDK names (bugsnag | backtrace) to the capture server
at CP_ENDPOINT, then runs the route that argv selects, either catching its
error and reporting it (handled) or letting it escape to the SDK's own
excepthook (unhandled). Copied next to each program's modules by the
build, so it ships (as source or as bytecode) like any module of the app.

    python main.py BUG PATH handled|unhandled
"""

import os
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))
SDK = os.environ.get("CP_SDK")
ENDPOINT = os.environ.get("CP_ENDPOINT", "")


def _version():
    with open(os.path.join(ROOT, "VERSION"), encoding="utf-8") as f:
        return f.read().strip()


def _start_bugsnag():
    import bugsnag

    bugsnag.configure(
        api_key="0123456789abcdef0123456789abcdef",
        endpoint=ENDPOINT + "/notify",
        session_endpoint=ENDPOINT + "/sessions",
        app_version=_version(),
        release_stage="production",
        project_root=ROOT,
        asynchronous=False,
    )
    return lambda err: bugsnag.notify(err)


def _start_backtrace():
    import backtracepython

    backtracepython.initialize(
        endpoint=ENDPOINT,
        token="0123456789abcdef" * 4,
        attributes={
            "application": os.path.basename(ROOT),
            "application.version": _version(),
        },
    )
    return lambda err: backtracepython.send_last_exception()


def start(routes):
    report = _start_backtrace() if SDK == "backtrace" else _start_bugsnag()
    try:
        bug, which, mode = sys.argv[1:4]
        route = routes[bug][which]
    except (ValueError, KeyError):
        print("usage: BUG PATH handled|unhandled; bugs: " + ", ".join(routes), file=sys.stderr)
        sys.exit(64)
    if mode == "unhandled":
        route()
        print("no error", file=sys.stderr)
        sys.exit(65)
    try:
        route()
    except Exception as err:  # noqa: BLE001 - every error is reported
        report(err)
        sys.exit(1)
    print("no error", file=sys.stderr)
    sys.exit(65)
