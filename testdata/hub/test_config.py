# The hub of notebooks/hub_test.go: deploy/jupyterhub/jupyterhub_config.py
# with test accounts instead of system ones. Everything else (proxy, copy of
# the workshop notebooks, default URL) is the documented configuration.
import os

c = get_config()  # noqa: F821
load_subconfig(os.environ["HUNTBOOK_HUB_CONFIG"])  # noqa: F821

state = os.environ["HUNTBOOK_HUB_STATE"]
# Two made-up users with a shared password, each server running as the
# test's user with its own home under the test's folder.
c.JupyterHub.authenticator_class = "jupyterhub.auth.DummyAuthenticator"
c.DummyAuthenticator.password = "workshop"
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = os.path.join(state, "home", "{username}")
c.Spawner.args = ["--allow-root"]  # the test may run as root
c.Spawner.environment = {"JUPYTER_PATH": os.environ["JUPYTER_PATH"]}  # the test's kernelspec
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120

c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ["HUNTBOOK_HUB_API_PORT"])
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:%s" % os.environ["HUNTBOOK_PROXY_API_PORT"]
c.ConfigurableHTTPProxy.pid_file = os.path.join(state, "proxy.pid")
c.JupyterHub.db_url = "sqlite:///" + os.path.join(state, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(state, "cookie_secret")
c.JupyterHub.pid_file = os.path.join(state, "hub.pid")

# The test talks to the hub's REST API as a service.
c.JupyterHub.services = [{"name": "huntbook-test", "api_token": os.environ["HUNTBOOK_HUB_TOKEN"]}]
c.JupyterHub.load_roles = [{
    "name": "huntbook-test",
    "scopes": ["admin:users", "admin:servers", "access:servers", "read:users"],
    "services": ["huntbook-test"],
}]
