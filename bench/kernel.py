#!/usr/bin/env python3
"""Benchmark of huntbook's Jupyter kernel through jupyter_client (not a test).

  go build -o /tmp/hb/ ./cmd/...
  /tmp/hb/huntbook kernel install --prefix /tmp/hb/jp
  JUPYTER_PATH=/tmp/hb/jp/share/jupyter python3 bench/kernel.py [--kernel huntbook] [--launches 5] [--cells 20]

Reports, as medians:
  ready       launch (KernelManager.start_kernel) to the first kernel_info_reply
  wait_ready  launch to the end of jupyter_client's wait_for_ready (adds its
              own 0.2 s iopub flush, the same for every kernel)
  round trip  execute_request of a trivial cell ("1") to both its
              execute_reply and its idle status
Targets: ready <= 0.35 s, round trip <= 2 ms.
"""
import argparse
import statistics
import time

from jupyter_client.manager import KernelManager


def ready_time(name):
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.kernel_info()
    while True:
        m = kc.get_shell_msg(timeout=30)
        if m["msg_type"] == "kernel_info_reply":
            break
    ready = time.perf_counter() - t0
    kc.wait_for_ready(timeout=30)
    wait_ready = time.perf_counter() - t0
    return km, kc, ready, wait_ready


def round_trip(kc, code="1"):
    t0 = time.perf_counter()
    msg_id = kc.execute(code)
    while kc.get_shell_msg(timeout=10)["parent_header"].get("msg_id") != msg_id:
        pass
    while True:
        m = kc.get_iopub_msg(timeout=10)
        if (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status"
                and m["content"]["execution_state"] == "idle"):
            break
    return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", default="huntbook")
    ap.add_argument("--launches", type=int, default=5)
    ap.add_argument("--cells", type=int, default=20)
    args = ap.parse_args()

    readies, waits, trips = [], [], []
    for _ in range(args.launches):
        km, kc, ready, wait_ready = ready_time(args.kernel)
        readies.append(ready)
        waits.append(wait_ready)
        round_trip(kc)  # warm-up
        trips.extend(round_trip(kc) for _ in range(args.cells))
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    print("kernel %s, %d launches, %d cells each" % (args.kernel, args.launches, args.cells))
    print("ready       median %.3f s  (min %.3f, max %.3f)" % (statistics.median(readies), min(readies), max(readies)))
    print("wait_ready  median %.3f s" % statistics.median(waits))
    print("round trip  median %.2f ms (min %.2f, max %.2f)" % (
        1000 * statistics.median(trips), 1000 * min(trips), 1000 * max(trips)))


if __name__ == "__main__":
    main()
