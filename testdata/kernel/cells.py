"""Drives huntbook's kernel through jupyter_client with cells that close
their output streams:

- a cell that closes os.Stdout or os.Stderr gets a note, and the next cells'
  output arrives.

Prints one line per check and "ALL OK" at the end; any failure raises and
exits non-zero.
"""
import os

from jupyter_client.manager import start_new_kernel

from engine import check, result  # engine.py, beside this file

NAME = os.environ.get("KERNEL_NAME", "huntbook")


def run(kc, code, allow_stdin=False, stdin_hook=None, timeout=30):
    outputs = []
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=outputs.append,
                                   allow_stdin=allow_stdin, stdin_hook=stdin_hook or no_input)
    return reply["content"], outputs


def no_input(msg):
    raise AssertionError("the kernel asked for input: %s" % msg["content"])


def stream(outputs, name="stdout"):
    return "".join(m["content"]["text"] for m in outputs
                   if m["msg_type"] == "stream" and m["content"]["name"] == name)


def stream_checks(kc):
    for name in ["Stdout", "Stderr"]:
        reply, out = run(kc, 'fmt.Println("a")\nos.%s.Close()\nfmt.Println("b")' % name)
        check("os.%s.Close(): a note" % name, reply["status"] == "ok"
              and "huntbook: this cell closed os.%s" % name in stream(out, "stderr"), (reply, out))
        reply, out = run(kc, 'fmt.Println("out")\nfmt.Fprintln(os.Stderr, "err")')
        check("os.%s.Close(): the next cell's output arrives" % name, reply["status"] == "ok"
              and stream(out) == "out\n" and stream(out, "stderr") == "err\n", (reply, out))


def main():
    km, kc = start_new_kernel(kernel_name=NAME, startup_timeout=30)
    try:
        reply, out = run(kc, 'import ("bufio"; "fmt"; "os")')
        check("imports", reply["status"] == "ok", reply)
        stream_checks(kc)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    print("ALL OK", flush=True)


if __name__ == "__main__":
    main()
