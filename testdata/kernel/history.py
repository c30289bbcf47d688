"""Drives huntbook's kernel through jupyter_client across two kernel
launches: the second kernel's history_request (tail, range, search) still
returns the first one's cells, as ipykernel's history.sqlite does. Prints one
line per check and "ALL OK" at the end; any failure raises and exits
non-zero.
"""
import os

from jupyter_client.manager import start_new_kernel

from engine import check  # engine.py, beside this file

NAME = os.environ.get("KERNEL_NAME", "huntbook")


def history(kc, **req):
    reply = kc.history(raw=True, reply=True, timeout=20, **req)["content"]
    check("history_request %s answers" % req, reply["status"] == "ok", reply)
    return [tuple(h) if not isinstance(h[2], list) else (h[0], h[1], tuple(h[2])) for h in reply["history"]]


def launch(cells):
    km, kc = start_new_kernel(kernel_name=NAME, startup_timeout=30)
    for code in cells:
        reply = kc.execute_interactive(code, timeout=30, output_hook=lambda m: None)["content"]
        check("ran %r" % code, reply["status"] == "ok", reply)
    return km, kc


def stop(km, kc):
    kc.stop_channels()
    km.shutdown_kernel(now=False)


def main():
    km, kc = launch(["first := 41", "first + 1"])
    stop(km, kc)

    km, kc = launch(['second := "x"'])
    try:
        tail = history(kc, hist_access_type="tail", n=3)
        check("tail reaches the earlier session", tail == [(1, 1, "first := 41"), (1, 2, "first + 1"), (2, 1, 'second := "x"')], tail)
        earlier = history(kc, hist_access_type="range", session=-1, start=1, output=True)
        check("range of the session before, with outputs", earlier == [(1, 1, ("first := 41", None)), (1, 2, ("first + 1", "42"))], earlier)
        current = history(kc, hist_access_type="range", session=0, start=1)
        check("range of this session", current == [(2, 1, 'second := "x"')], current)
        found = history(kc, hist_access_type="search", pattern="first*", unique=True)
        check("search over both sessions", found == [(1, 1, "first := 41"), (1, 2, "first + 1")], found)
    finally:
        stop(km, kc)
    print("ALL OK", flush=True)


if __name__ == "__main__":
    main()
