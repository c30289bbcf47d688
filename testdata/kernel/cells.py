"""Drives huntbook's kernel through jupyter_client with cells that read
standard input, close their output streams or panic:

- with allow_stdin, fmt.Scanln, fmt.Scan, fmt.Scanf and readers of os.Stdin
  ask the front end for each line (input_request on the stdin channel, prompt
  ""); without it they read end of file and the cell gets a note; an
  interrupt while a cell waits for input ends the cell, variables kept;
- a cell that closes os.Stdout or os.Stderr gets a note, and the next cells'
  output arrives;
- a runtime panic says the cell line and Go's message.

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


def answering(kc, answers, requests):
    """A stdin hook that records each input_request and answers the next line."""
    def hook(msg):
        requests.append(msg["content"])
        kc.input(answers.pop(0))
    return hook


def stdin_checks(km, kc):
    requests = []
    reply, out = run(kc, 'var name string\nfmt.Print("name? ")\nfmt.Scanln(&name)\nfmt.Println("hello", name)',
                     allow_stdin=True, stdin_hook=answering(kc, ["Ada"], requests))
    check("Scanln asks the front end", reply["status"] == "ok" and stream(out) == "name? hello Ada\n"
          and requests == [{"prompt": "", "password": False}], (reply, out, requests))

    requests = []
    code = "\n".join([
        "var a, b int", "fmt.Scanln(&a, &b)",
        "var n int", "var w string", 'fmt.Scanf("%d %s\\n", &n, &w)',
        "var c int", "fmt.Scan(&c)",
        "sc := bufio.NewScanner(os.Stdin)", "sc.Scan()", "l1 := sc.Text()", "sc.Scan()",
        "fmt.Println(a+b, n, w, c, l1, sc.Text())"])
    reply, out = run(kc, code, allow_stdin=True,
                     stdin_hook=answering(kc, ["3 4", "5 x", "9", "first", "second"], requests))
    check("Scan, Scanf and bufio.Scanner read line by line", reply["status"] == "ok"
          and stream(out) == "7 5 x 9 first second\n" and len(requests) == 5, (reply, out, requests))

    reply, out = run(kc, "_, err := fmt.Scanln(&name)\nfmt.Println(err)", allow_stdin=False)
    check("without allow_stdin: end of file and a note", reply["status"] == "ok" and stream(out) == "EOF\n"
          and "standard input is not available here" in stream(out, "stderr"), (reply, out))

    reply, out = run(kc, "kept := 7\nfmt.Scanln(&name)\nfmt.Println(\"not reached\")", allow_stdin=True,
                     stdin_hook=lambda msg: km.interrupt_kernel())
    check("an interrupt while waiting for input ends the cell", reply["status"] == "error"
          and reply["ename"] == "Interrupted" and "not reached" not in stream(out), (reply, out))
    reply, out = run(kc, "kept")
    check("... and keeps the variables", result(out) == "7", (reply, out))


def stream_checks(kc):
    for name in ["Stdout", "Stderr"]:
        reply, out = run(kc, 'fmt.Println("a")\nos.%s.Close()\nfmt.Println("b")' % name)
        check("os.%s.Close(): a note" % name, reply["status"] == "ok"
              and "huntbook: this cell closed os.%s" % name in stream(out, "stderr"), (reply, out))
        reply, out = run(kc, 'fmt.Println("out")\nfmt.Fprintln(os.Stderr, "err")')
        check("os.%s.Close(): the next cell's output arrives" % name, reply["status"] == "ok"
              and stream(out) == "out\n" and stream(out, "stderr") == "err\n", (reply, out))


def panic_checks(kc):
    reply, out = run(kc, "var xs []int\n_ = xs[3]")
    want = "cell line 2: runtime error: index out of range [3] with length 0"
    errs = [m["content"] for m in out if m["msg_type"] == "error"]
    check("a runtime panic says the cell line and Go's message", reply["status"] == "error"
          and reply["ename"] == "Panic" and reply["evalue"] == want and errs and errs[-1]["evalue"] == want, (reply, errs))


def main():
    km, kc = start_new_kernel(kernel_name=NAME, startup_timeout=30)
    try:
        reply, out = run(kc, 'import ("bufio"; "fmt"; "os")')
        check("imports", reply["status"] == "ok", reply)
        stdin_checks(km, kc)
        stream_checks(kc)
        panic_checks(kc)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    print("ALL OK", flush=True)


if __name__ == "__main__":
    main()
