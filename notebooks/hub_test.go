package notebooks_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestJupyterHub starts a real JupyterHub (Debian jupyterhub 3) on loopback
// with deploy/jupyterhub/jupyterhub_config.py, npm's configurable-http-proxy
// (HUNTBOOK_CHP) and two test users; each gets a copy of workshop.ipynb in
// their home, alice fills in the reference answers and bob wrong ones, and
// both run their copy at the same time through the hub's REST API and the
// kernel websocket (testdata/hub/hub.py). Every check cell must give each
// user their own verdict.
func TestJupyterHub(t *testing.T) {
	j := setup(t)
	chp := os.Getenv("HUNTBOOK_CHP")
	if chp == "" {
		chp = "/opt/huntbook/chp/node_modules/.bin/configurable-http-proxy"
	}
	missing := ""
	if exec.Command(j.python, "-c", "import jupyterhub, jupyter_server, tornado").Run() != nil {
		missing = "Debian's jupyterhub (apt-get install jupyterhub)"
	} else if _, err := os.Stat(chp); err != nil {
		missing = "npm's configurable-http-proxy (npm install --prefix /opt/huntbook/chp configurable-http-proxy, or set HUNTBOOK_CHP)"
	}
	if missing != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing; CI must install it (.ci/run)", missing)
		}
		t.Skipf("%s is not installed", missing)
	}
	workshop := t.TempDir()
	b, err := os.ReadFile(workshopNotebook)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(workshop, "workshop.ipynb"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	ans, _ := json.Marshal(map[string]map[string]string{"alice": answers(t, "right"), "bob": answers(t, "wrong")})
	ansFile := filepath.Join(t.TempDir(), "answers.json")
	if err := os.WriteFile(ansFile, ans, 0o644); err != nil {
		t.Fatal(err)
	}
	config, _ := filepath.Abs(filepath.Join("..", "deploy", "jupyterhub", "jupyterhub_config.py"))
	script, _ := filepath.Abs(filepath.Join("..", "testdata", "hub", "hub.py"))
	cmd := exec.Command(j.python, "-u", script)
	cmd.Env = append(j.env, "HUNTBOOK_HUB_CONFIG="+config, "HUNTBOOK_CHP="+chp,
		"HUNTBOOK_WORKSHOP_DIR="+workshop, "ANSWERS="+ansFile)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "HUB OK") {
		t.Fatalf("hub.py: %v\n%s", err, out)
	}
	verdict := regexp.MustCompile(`(?m)^VERDICT (\w+) ex(\d+)-check (.*)$`)
	got := map[string]int{}
	for _, m := range verdict.FindAllStringSubmatch(string(out), -1) {
		mark := map[string]string{"alice": "✔", "bob": "✘"}[m[1]]
		if want := fmt.Sprintf("%s Exercise %s: ", mark, m[2]); !strings.HasPrefix(m[3], want) {
			t.Errorf("%s, exercise %s: %q, want it to start with %q", m[1], m[2], m[3], want)
		}
		got[m[1]]++
	}
	if got["alice"] != exercises || got["bob"] != exercises {
		t.Errorf("verdicts: %v, want %d for each user", got, exercises)
	}
	if t.Failed() {
		t.Logf("hub.py:\n%s", out)
	}
}
