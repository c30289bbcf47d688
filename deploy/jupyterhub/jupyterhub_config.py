# JupyterHub for huntbook workshops: Debian's jupyterhub 3 with the
# configurable-http-proxy from npm, huntbook's kernel installed system-wide,
# and the workshop notebooks copied into each user's home at first start.
# The README's "Jupyter front ends" section says how to set it up; the test
# notebooks/hub_test.go runs a hub with this file (two users, through the
# hub's REST API).
#
#   jupyterhub -f /etc/huntbook/jupyterhub_config.py
#
# Settings can be overridden with environment variables (the test does):
#   HUNTBOOK_HUB_IP, HUNTBOOK_HUB_PORT   where the hub listens (127.0.0.1:8000)
#   HUNTBOOK_CHP                         the proxy: npm's configurable-http-proxy
#   HUNTBOOK_WORKSHOP_DIR                the notebooks each user gets a copy of
import os
import pwd
import shutil

c = get_config()  # noqa: F821 (JupyterHub defines it)

c.JupyterHub.ip = os.environ.get("HUNTBOOK_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("HUNTBOOK_HUB_PORT", "8000"))

# Debian 12's node-configurable-http-proxy 4.5.3 does not start ("Cannot find
# module 'commander'"); the one from npm does (5.3.0 when tested):
#   npm install --prefix /opt/huntbook/chp configurable-http-proxy
c.ConfigurableHTTPProxy.command = [
    os.environ.get("HUNTBOOK_CHP", "/opt/huntbook/chp/node_modules/.bin/configurable-http-proxy")
]

# Users log in with their system account (PAM) and get a server running as
# themselves (LocalProcessSpawner); the hub runs as root for that.
c.JupyterHub.authenticator_class = "jupyterhub.auth.PAMAuthenticator"
c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
# The classic Notebook interface (nbclassic), where the workshop was tried.
c.Spawner.default_url = "/tree"

WORKSHOP = os.environ.get("HUNTBOOK_WORKSHOP_DIR", "/usr/local/share/huntbook/workshop")


def home_of(spawner):
    """The user's home: the spawner's own idea of it, else the account's."""
    home = getattr(spawner, "home_dir", "")
    if home:
        return home, None
    pw = pwd.getpwnam(spawner.user.name)
    return pw.pw_dir, pw


def copy_workshop(spawner):
    """Copies the workshop notebooks into the user's home once: a notebook
    the user already has (and may have worked in) is never replaced."""
    home, pw = home_of(spawner)
    os.makedirs(home, 0o755, exist_ok=True)
    for name in sorted(os.listdir(WORKSHOP)):
        if not name.endswith(".ipynb"):
            continue
        dest = os.path.join(home, name)
        if os.path.exists(dest):
            continue
        shutil.copyfile(os.path.join(WORKSHOP, name), dest)
        if pw is not None and os.geteuid() == 0:
            os.chown(dest, pw.pw_uid, pw.pw_gid)


c.Spawner.pre_spawn_hook = copy_workshop
