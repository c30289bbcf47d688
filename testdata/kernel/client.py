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


def next_reply(kc, channel, msg_id, timeout=10):
    """Returns the next message on channel, which must answer msg_id."""
    get = kc.get_control_msg if channel is kc.control_channel else kc.get_shell_msg
    m = get(timeout=timeout)
    assert m["parent_header"].get("msg_id") == msg_id, \
        "got %s answering %s, want the reply to %s" % (m["msg_type"], m["parent_header"].get("msg_id"), msg_id)
    return m


def dropped(kc, channel):
    """Checks that the last message sent on channel was dropped: the next
    reply there answers a kernel_info_request sent after it."""
    msg = kc.session.msg("kernel_info_request", {})
    kc.session.send(channel.socket, msg)
    return next_reply(kc, channel, msg["header"]["msg_id"])["msg_type"] == "kernel_info_reply"


def alive(kc, name):
    reply, out = run(kc, "40 + 2")
    check(name + ": kernel runs cells after it", result(out) == "42", (reply, out))


def hostile(kc):
    """Messages a stranger, a replaying peer or a broken client might send.
    The kernel's log lines for them are checked by the Go test."""
    execute = {"code": 'fmt.Println("SHOULD NOT RUN")', "silent": False, "store_history": True,
               "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}
    bad = Session(key=b"not-the-key", username=kc.session.username)

    # Wrong key on control and stdin too (shell is checked above).
    bad.send(kc.control_channel.socket, "shutdown_request", content={"restart": False})
    check("bad signature on control dropped", dropped(kc, kc.control_channel))
    bad.send(kc.stdin_channel.socket, "input_reply", content={"value": "forged"})
    alive(kc, "bad signature on stdin")

    # A malformed header and a content that is not an object, correctly
    # signed; and a message without a delimiter. Raw pyzmq frames.
    sock = kc.shell_channel.socket
    for parts in ([b'{"msg_id": "m1", "msg_type":', b"{}", b"{}", b"{}"],
                  [b'{"msg_id": "m2", "msg_type": "execute_request"}', b"{}", b"{}", b'"for {}"']):
        sock.send_multipart([b"<IDS|MSG>", kc.session.sign(parts)] + parts)
        check("malformed message dropped", dropped(kc, kc.shell_channel))
    sock.send_multipart([b"no delimiter", b"{}"])
    check("delimiter-less message dropped", dropped(kc, kc.shell_channel))
    alive(kc, "malformed messages")

    # A replayed execute_request runs once.
    run(kc, "hits := 0")
    msg = kc.session.msg("execute_request", dict(execute, code="hits++"))
    kc.session.send(sock, msg)
    next_reply(kc, kc.shell_channel, msg["header"]["msg_id"])
    kc.session.send(sock, msg)  # same header, same signature
    check("replayed message dropped", dropped(kc, kc.shell_channel))
    reply, out = run(kc, "hits")
    check("replayed cell ran once", result(out) == "1", (reply, out))

    # Unknown message types get an error reply.
    msg = kc.session.msg("frobnicate_request", {})
    kc.session.send(sock, msg)
    r = next_reply(kc, kc.shell_channel, msg["header"]["msg_id"])
    check("unknown message type answered", r["msg_type"] == "frobnicate_reply"
          and r["content"]["status"] == "error" and r["content"]["ename"] == "UnknownMessageType", r)

    # Over the 64 MiB limit: the kernel closes the connection, libzmq
    # reconnects on its own and the client carries on.
    kc.session.send(sock, "execute_request", content=dict(execute, code="/" * (65 << 20)))
    alive(kc, "oversized message")

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
              and errs and errs[0]["content"]["evalue"] == "cell line 1: boom", (reply, out))

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

        hostile(kc)

        c = kc.complete("fmt.Prin", 8, reply=True, timeout=10)["content"]
        check("complete", c["matches"] == ["Print", "Printf", "Println"] and c["cursor_start"] == 4, c)
        c = kc.inspect("x", 1, reply=True, timeout=10)["content"]
        check("inspect", c["found"] and c["data"]["text/plain"].startswith("x: int = "), c)
        run(kc, 'import "github.com/huntbook/huntbook/pkg/attack"')
        c = kc.inspect("attack.Technique", 16, reply=True, timeout=10)["content"]
        check("inspect shows the doc", c["found"] and "Technique returns the view of the technique" in c["data"]["text/plain"]
              and "```go" in c["data"].get("text/markdown", ""), c)
        kc.is_complete("for {")
        c = kc.get_shell_msg(timeout=10)["content"]
        check("is_complete", c["status"] == "incomplete", c)

        # A cell blocked in compiled code: the engine restarts in place.
        pid = km.provisioner.process.pid if hasattr(km, "provisioner") else None
        reply, out = interrupt_when_busy(kc, km, "<-make(chan int)", km.interrupt_kernel)
        check("stuck cell restarts the engine", reply["status"] == "error" and reply["ename"] == "EngineRestarted"
              and "variables are gone" in reply["evalue"], reply)
        reply = None
        for _ in range(100):  # the new engine starts
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
