"""Drives huntbook's kernel through jupyter_client with cells that end or
hold their engine: each must become an error reply that names the cause,
after which the kernel runs cells in a fresh engine. Prints one line per
check and "ALL OK" at the end; any failure raises and exits non-zero.
"""
import os
import queue
import sys
import time

from jupyter_client.manager import start_new_kernel

NAME = os.environ.get("KERNEL_NAME", "huntbook")


def run(kc, code, timeout=30):
    outputs = []
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=outputs.append)
    return reply["content"], outputs


def result(outputs):
    for m in outputs:
        if m["msg_type"] == "execute_result":
            return m["content"]["data"]["text/plain"]
    return None


def check(name, cond, detail=""):
    if not cond:
        raise AssertionError("%s failed: %s" % (name, detail))
    print("ok", name, flush=True)


def wait_busy(kc, msg_id, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            m = kc.get_iopub_msg(timeout=0.05)
        except queue.Empty:
            continue
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "execute_input":
            return
    raise AssertionError("the cell never started")


def shell_reply(kc, msg_id, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            m = kc.get_shell_msg(timeout=0.1)
        except queue.Empty:
            continue
        if m["parent_header"].get("msg_id") == msg_id:
            return m["content"]
    raise AssertionError("no reply")


CRASHES = [
    ("os.Exit", 'import "os"\nos.Exit(3)', "the engine process exited with status 3"),
    ("goroutine panic", 'import "time"\ngo func() { panic("boom") }()\ntime.Sleep(10 * time.Second)', "a goroutine panicked: boom"),
    ("goroutine nil dereference", 'import ("bytes"; "time")\ngo func() { var b *bytes.Buffer; b.WriteString("x") }()\ntime.Sleep(10 * time.Second)',
     "a goroutine panicked: runtime error: invalid memory address or nil pointer dereference"),
    ("stack overflow", "func f(n int) int { return f(n+1) + 1 }\nf(0)", "the stack overflowed"),
    ("runtime.Goexit", 'import "runtime"\nruntime.Goexit()', "the cell ended the engine's goroutine (runtime.Goexit)"),
]


def main():
    km, kc = start_new_kernel(kernel_name=NAME, startup_timeout=30)
    try:
        pid = km.provisioner.process.pid if hasattr(km, "provisioner") else None
        for name, code, cause in CRASHES:
            run(kc, "x := 41")
            reply, out = run(kc, code)
            errs = [m["content"] for m in out if m["msg_type"] == "error"]
            check(name + ": error reply names the cause", reply["status"] == "error" and reply["ename"] == "EngineCrashed"
                  and cause in reply["evalue"] and errs and errs[-1]["ename"] == "EngineCrashed", (reply, errs))
            reply, out = run(kc, "x")
            check(name + ": variables are gone", reply["status"] == "error", reply)
            reply, out = run(kc, "1 + 1")
            check(name + ": a fresh engine runs cells", result(out) == "2", (reply, out))
        check("same kernel process throughout", pid is None or (km.provisioner.process.pid == pid and km.is_alive()))

        # Interrupting a cell that is still compiling keeps the engine.
        run(kc, "kept := 7")
        big = ['import "fmt"', "func big() int {", "x := 0"]
        big += ["x += %d * 2 + len(fmt.Sprint(%d))" % (i, i) for i in range(60000)]
        big += ["return x", "}", "v := 1"]
        msg_id = kc.execute("\n".join(big))
        wait_busy(kc, msg_id)
        time.sleep(0.5)
        km.interrupt_kernel()
        reply = shell_reply(kc, msg_id, timeout=120)
        check("interrupt while compiling: no engine restart", reply.get("ename") != "EngineRestarted"
              and (reply["status"] == "ok" or reply.get("ename") == "Interrupted"), reply)
        reply, out = run(kc, "kept")
        check("interrupt while compiling: variables kept", result(out) == "7", (reply, out))
    except BaseException:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        raise

    # A shutdown request while a cell loops is honoured at once.
    msg_id = kc.execute("for {}")
    wait_busy(kc, msg_id)
    time.sleep(0.3)
    began = time.time()
    km.shutdown_kernel(now=False)
    took = time.time() - began
    check("shutdown during for {}", not km.is_alive() and took < 4, "took %.1f s" % took)
    kc.stop_channels()
    print("ALL OK", flush=True)


if __name__ == "__main__":
    main()
