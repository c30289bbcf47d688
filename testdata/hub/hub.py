"""Starts a real JupyterHub on loopback and runs the workshop for two users
through the hub's REST API, as two students in a class would.

Run by notebooks/hub_test.go, which sets HUNTBOOK_HUB_CONFIG (the documented
configuration), HUNTBOOK_CHP (npm's proxy), HUNTBOOK_WORKSHOP_DIR, JUPYTER_PATH
(the kernelspec) and ANSWERS (a JSON file: user -> {cell id: source}).
alice fills in the reference answers, bob wrong ones; both run every code
cell of their own copy of workshop.ipynb at the same time, and the script
prints each check cell's verdict as "VERDICT user cell text".
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid

from tornado import gen, ioloop, websocket

HERE = os.path.dirname(os.path.abspath(__file__))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def main():
    state = tempfile.mkdtemp(prefix="hub-")
    token = uuid.uuid4().hex
    port = free_port()
    env = dict(os.environ, HUNTBOOK_HUB_STATE=state, HUNTBOOK_HUB_TOKEN=token, HUNTBOOK_HUB_PORT=str(port),
               HUNTBOOK_HUB_API_PORT=str(free_port()), HUNTBOOK_PROXY_API_PORT=str(free_port()))
    log = open(os.path.join(state, "hub.log"), "w+")
    hub = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", os.path.join(HERE, "test_config.py")],
                           cwd=state, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = "http://127.0.0.1:%d" % port
    ok = False
    try:
        run(base, token, hub)
        ok = True
    finally:
        hub.terminate()
        try:
            hub.wait(timeout=30)
        except subprocess.TimeoutExpired:
            hub.kill()
        if not ok:
            log.seek(0)
            print("--- hub log ---\n" + log.read(), flush=True)


def api(base, token, method, path, body=None, timeout=60):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, method=method, data=data,
                                 headers={"Authorization": "token " + token, "Content-Type": "application/json"})
    raw = urllib.request.urlopen(req, timeout=timeout).read()
    return json.loads(raw) if raw else None


def run(base, token, hub):
    for _ in range(600):
        if hub.poll() is not None:
            raise AssertionError("the hub exited with status %s" % hub.returncode)
        try:
            api(base, token, "GET", "/hub/api/")
            break
        except Exception:
            time.sleep(0.1)
    else:
        raise AssertionError("the hub did not answer")
    print("ok hub up", flush=True)
    answers = json.load(open(os.environ["ANSWERS"]))
    users = sorted(answers)
    api(base, token, "POST", "/hub/api/users", {"usernames": users})
    for u in users:
        api(base, token, "POST", "/hub/api/users/%s/server" % u)
    for u in users:
        for _ in range(1200):
            model = api(base, token, "GET", "/hub/api/users/" + u)
            if model.get("servers", {}).get("", {}).get("ready"):
                break
            time.sleep(0.1)
        else:
            raise AssertionError("the server of %s did not start" % u)
    print("ok servers of %s running" % ", ".join(users), flush=True)

    results, errors = {}, {}

    def student(u):
        try:
            results[u] = workshop(base, token, u, answers[u])
        except BaseException as e:  # reported by the main thread
            errors[u] = e

    threads = [threading.Thread(target=student, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(600)
    if errors:
        raise AssertionError("workshop failed: %r" % errors)
    for u in users:
        for cell, text in results[u]:
            print("VERDICT %s %s %s" % (u, cell, text.replace("\n", " ")), flush=True)
    print("HUB OK", flush=True)


def workshop(base, token, user, answers):
    """Fills the answers into the user's own copy, then runs its cells."""
    path = "/user/%s/api/contents/workshop.ipynb" % user
    model = api(base, token, "GET", path)
    nb = model["content"]
    for cell in nb["cells"]:
        if cell.get("id") in answers:
            cell["source"] = answers[cell["id"]]
    api(base, token, "PUT", path, {"type": "notebook", "format": "json", "content": nb})
    nb = api(base, token, "GET", path)["content"]  # what the student saved
    kernel = api(base, token, "POST", "/user/%s/api/kernels" % user, {"name": "huntbook"})
    try:
        codes = [(c.get("id"), c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
        return ioloop.IOLoop().run_sync(lambda: execute(base, token, user, kernel["id"], codes), timeout=600)
    finally:
        api(base, token, "DELETE", "/user/%s/api/kernels/%s" % (user, kernel["id"]))


@gen.coroutine
def execute(base, token, user, kernel, codes):
    url = base.replace("http", "ws", 1) + "/user/%s/api/kernels/%s/channels?token=%s" % (user, kernel, token)
    ws = yield websocket.websocket_connect(url)
    session = uuid.uuid4().hex
    verdicts = []
    for cell, code in codes:
        msg_id = uuid.uuid4().hex
        ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "username": user, "session": session, "msg_type": "execute_request",
                       "version": "5.3", "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
            "parent_header": {}, "metadata": {}, "buffers": [], "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        status, result, idle = None, "", False
        while status is None or not idle:  # the reply (shell) and the outputs (iopub) come in either order
            raw = yield ws.read_message()
            if raw is None:
                raise AssertionError("%s: the websocket closed" % user)
            m = json.loads(raw)
            if m.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if m["msg_type"] == "execute_result":
                result = m["content"]["data"].get("text/plain", "")
            elif m["msg_type"] == "error":
                result = "ERROR %s: %s" % (m["content"]["ename"], m["content"]["evalue"])
            elif m["msg_type"] == "execute_reply":
                status = m["content"]["status"]
            elif m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                idle = True
        if status != "ok":
            raise AssertionError("%s: cell %s: %s %s" % (user, cell, status, result))
        if cell and cell.endswith("-check"):
            verdicts.append((cell, result))
    ws.close()
    return verdicts


if __name__ == "__main__":
    main()
