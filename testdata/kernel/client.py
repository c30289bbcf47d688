"""Drives huntbook's kernel through jupyter_client, as Jupyter does.

Run by pkg/kernel's tests with JUPYTER_PATH pointing at a temporary
kernelspec named by KERNEL_NAME (default "huntbook"). Prints one line per check
and "ALL OK" at the end; any failure raises and exits non-zero.
"""
import os
import queue
import signal
import sys
import time

from jupyter_client.manager import start_new_kernel
from jupyter_client.session import Session

NAME = os.environ.get("KERNEL_NAME", "huntbook")


def run(kc, code, timeout=20):
    """Executes code; returns (reply content, list of iopub messages)."""
    outputs = []
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=outputs.append)
    return reply["content"], outputs


def stdout(outputs):
    return "".join(m["content"]["text"] for m in outputs
                   if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")


def result(outputs):
    for m in outputs:
        if m["msg_type"] == "execute_result":
            return m["content"]["data"]["text/plain"]
    return None


def check(name, cond, detail=""):
    if not cond:
        raise AssertionError("%s failed: %s" % (name, detail))
    print("ok", name, flush=True)


def interrupt_when_busy(kc, km, code, how):
    """Starts code, interrupts it once it runs, returns its reply and outputs."""
    msg_id = kc.execute(code)
    outputs = []
    busy = False
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            m = kc.get_iopub_msg(timeout=0.05)
        except queue.Empty:
            m = None
        if m and m["parent_header"].get("msg_id") == msg_id:
            outputs.append(m)
            if m["msg_type"] == "execute_input":
                busy = True
                time.sleep(0.2)  # let the cell start running
                how()
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                break
    reply = kc.get_shell_msg(timeout=10)
    assert reply["parent_header"]["msg_id"] == msg_id, "reply to another request"
    return reply["content"], outputs


def main():
    km, kc = start_new_kernel(kernel_name=NAME, startup_timeout=30)
    try:
        info = kc.kernel_info(reply=True, timeout=10)["content"]
        check("kernel_info", info["language_info"]["name"] == "go"
              and info["language_info"]["file_extension"] == ".go"
              and info["protocol_version"] == "5.3", info)

        reply, out = run(kc, 'import "fmt"\nx := 41\nfmt.Println("hi", x)')
        check("execute stdout", reply["status"] == "ok" and stdout(out) == "hi 41\n", (reply, out))
        count = reply["execution_count"]

        reply, out = run(kc, "x + 1")
        check("execute_result", result(out) == "42" and reply["execution_count"] == count + 1, out)

        reply, out = run(kc, 'panic("boom")')
        errs = [m for m in out if m["msg_type"] == "error"]
        check("error reply", reply["status"] == "error" and reply["ename"] == "Panic"
              and errs and errs[0]["content"]["evalue"] == "boom", (reply, out))

        # Interrupt by message (the kernelspec's interrupt_mode) an empty loop.
        reply, out = interrupt_when_busy(kc, km, "for {}", km.interrupt_kernel)
        check("interrupt message mode", reply["status"] == "error" and reply["ename"] == "Interrupted", reply)
        reply, out = run(kc, "x")
        check("state survives an interrupt", result(out) == "41", out)

        # Interrupt by signal, as interrupt_mode "signal" does.
        reply, out = interrupt_when_busy(kc, km, "for { x++ }", lambda: km.signal_kernel(signal.SIGINT))
        check("interrupt signal mode", reply["status"] == "error" and reply["ename"] == "Interrupted", reply)
        reply, out = run(kc, "x > 41")
        check("state survives a signal", result(out) == "true", out)

        # A message signed with the wrong key is dropped; the kernel stays alive.
        bad = Session(key=b"not-the-key", username=kc.session.username)
        bad.send(kc.shell_channel.socket, "execute_request",
                 content={"code": 'fmt.Println("SHOULD NOT RUN")', "silent": False, "store_history": True,
                          "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        try:
            m = kc.get_shell_msg(timeout=1)
            raise AssertionError("badly signed message was answered: %s" % m)
        except queue.Empty:
            pass
        check("bad signature ignored", kc.kernel_info(reply=True, timeout=10)["content"]["status"] == "ok")
        reply, out = run(kc, "x > 41")
        check("kernel alive after bad signature", result(out) == "true" and "SHOULD NOT RUN" not in stdout(out), out)

        c = kc.complete("fmt.Prin", 8, reply=True, timeout=10)["content"]
        check("complete", c["matches"] == ["Print", "Printf", "Println"] and c["cursor_start"] == 4, c)
        c = kc.inspect("x", 1, reply=True, timeout=10)["content"]
        check("inspect", c["found"] and c["data"]["text/plain"].startswith("x: int = "), c)
        kc.is_complete("for {")
        c = kc.get_shell_msg(timeout=10)["content"]
        check("is_complete", c["status"] == "incomplete", c)

        # A cell blocked in compiled code: the engine restarts in place.
        pid = km.provisioner.process.pid if hasattr(km, "provisioner") else None
        reply, out = interrupt_when_busy(kc, km, "<-make(chan int)", km.interrupt_kernel)
        check("stuck cell restarts the engine", reply["status"] == "error" and reply["ename"] == "EngineRestarted"
              and "variables are gone" in reply["evalue"], reply)
        reply = None
        for _ in range(100):  # the re-executed kernel rebinds its ports
            try:
                reply = kc.kernel_info(reply=True, timeout=1)["content"]
                break
            except (queue.Empty, TimeoutError):
                pass
        check("kernel answers after an engine restart", reply and reply["status"] == "ok", reply)
        check("same process after an engine restart", pid is None or km.provisioner.process.pid == pid)
        reply, out = run(kc, "x")
        check("variables gone after an engine restart", reply["status"] == "error" and "x" in reply["evalue"], reply)
        reply, out = run(kc, "1 + 1")
        check("cells run after an engine restart", result(out) == "2", out)

        # Restart through Jupyter (shutdown_request with restart=true, new process).
        run(kc, "y := 7")
        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=30)
        reply, out = run(kc, "y")
        check("restart clears state", reply["status"] == "error", reply)
        reply, out = run(kc, "2 * 21")
        check("cells run after restart", result(out) == "42", out)
    except BaseException:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        raise
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    check("shutdown", not km.is_alive())
    print("ALL OK", flush=True)


if __name__ == "__main__":
    main()
