package nbcli

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"
)

// The scheduling recipes in deploy/ (README "Scheduling"): what can be
// checked without a cluster or a Docker engine is checked here.

const deployImage = "registry.example.com/huntbook:latest"

func repoFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkCommandLine parses args (without the program name) through the real
// CLI: --help after them fails on an unknown flag or a bad flag value; the
// -p names must be parameters of the notebook named (looked up in the
// repository's notebooks/).
func checkCommandLine(t *testing.T, args []string) {
	t.Helper()
	if code, out, errs := run(t, "", append(append([]string{}, args...), "--help")...); code != 0 {
		t.Fatalf("huntbook %s: exit %d: %s%s", strings.Join(args, " "), code, out, errs)
	}
	if len(args) < 2 || args[0] != "run" {
		t.Fatalf("not a huntbook run command line: %q", args)
	}
	nb := filepath.Join("..", "..", "notebooks", filepath.Base(args[1]))
	code, out, errs := run(t, "", "run", nb, "--list-params")
	if code != 0 {
		t.Fatalf("%s: %s", nb, errs)
	}
	for i, a := range args {
		if a == "-p" && i+1 < len(args) {
			name, _, _ := strings.Cut(args[i+1], "=")
			if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + `\s`).MatchString(out) {
				t.Errorf("-p %s: %s has no such parameter:\n%s", name, nb, out)
			}
		}
	}
}

func TestDeployCronJob(t *testing.T) {
	var cj struct {
		Kind string
		Spec struct {
			Schedule    string
			JobTemplate struct {
				Spec struct {
					Template struct {
						Spec struct {
							SecurityContext struct {
								RunAsNonRoot bool `yaml:"runAsNonRoot"`
							} `yaml:"securityContext"`
							Containers []struct {
								Image   string
								Command []string
								Args    []string
							}
						}
					}
				}
			} `yaml:"jobTemplate"`
		}
	}
	dec := yaml.NewDecoder(bytes.NewReader(repoFile(t, "deploy/cronjob.yaml")))
	dec.KnownFields(false)
	if err := dec.Decode(&cj); err != nil {
		t.Fatal(err)
	}
	pod := cj.Spec.JobTemplate.Spec.Template.Spec
	if cj.Kind != "CronJob" || cj.Spec.Schedule == "" || len(pod.Containers) != 1 || !pod.SecurityContext.RunAsNonRoot {
		t.Fatalf("not a non-root CronJob of one container: %+v", cj)
	}
	c := pod.Containers[0]
	if c.Image != deployImage {
		t.Errorf("image %q, want %q", c.Image, deployImage)
	}
	if diff := cmp.Diff([]string{"/usr/local/bin/huntbook"}, c.Command); diff != "" {
		t.Errorf("command (-want +got):\n%s", diff)
	}
	checkCommandLine(t, c.Args)

	// README.md shows the same image and command line.
	readme := string(repoFile(t, "README.md"))
	if !strings.Contains(readme, deployImage) {
		t.Errorf("README.md does not name the image %s", deployImage)
	}
	want := "huntbook " + strings.Join(c.Args, " ")
	found := false
	sc := bufio.NewScanner(strings.NewReader(readme))
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == want {
			found = true
		}
	}
	if !found {
		t.Errorf("README.md lacks the CronJob's command line as one line:\n%s", want)
	}
	// The Dockerfile puts the binaries and the notebooks where the CronJob
	// looks: huntbook runs notebooks through huntbook-notebook beside it.
	df := string(repoFile(t, "deploy/Dockerfile"))
	for _, s := range []string{"/usr/local/bin/huntbook", "/out/huntbook-notebook /usr/local/bin/", "/notebooks", "distroless/static", "USER 65532"} {
		if !strings.Contains(df, s) {
			t.Errorf("deploy/Dockerfile lacks %q", s)
		}
	}
}

// splitExec splits a systemd ExecStart= value into words: double and single
// quotes, backslash escapes inside double quotes, $$ for a literal $.
func splitExec(s string) []string {
	var words []string
	var w strings.Builder
	in, quote := false, byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote == 0 && (c == ' ' || c == '\t'):
			if in {
				words = append(words, w.String())
				w.Reset()
				in = false
			}
			continue
		case quote == 0 && (c == '"' || c == '\''):
			quote = c
		case quote != 0 && c == quote:
			quote = 0
		case quote == '"' && c == '\\' && i+1 < len(s):
			i++
			w.WriteByte(s[i])
		case c == '$' && i+1 < len(s) && s[i+1] == '$':
			i++
			w.WriteByte('$')
		default:
			w.WriteByte(c)
		}
		in = true
	}
	if in {
		words = append(words, w.String())
	}
	return words
}

func TestDeploySystemd(t *testing.T) {
	unit := string(repoFile(t, "deploy/huntbook-report.service"))
	m := regexp.MustCompile(`(?m)^ExecStart=(.*)$`).FindStringSubmatch(unit)
	if m == nil {
		t.Fatal("no ExecStart= in deploy/huntbook-report.service")
	}
	args := splitExec(m[1])
	if args[0] != "/usr/local/bin/huntbook" {
		t.Fatalf("ExecStart runs %q", args[0])
	}
	checkCommandLine(t, args[1:])
	// The --on-failure command reaches sh with the variables for sh to expand.
	for i, a := range args {
		if a == "--on-failure" {
			if want := `mail -s "huntbook: $HUNTBOOK_NOTEBOOK $HUNTBOOK_STATUS" soc@example.com`; args[i+1] != want {
				t.Errorf("--on-failure %q, want %q", args[i+1], want)
			}
		}
	}
	// systemd's own check of both units, the binary path pointed at one
	// that exists.
	sa, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("no systemd-analyze")
	}
	dir := t.TempDir()
	exe, _ := os.Executable()
	os.WriteFile(filepath.Join(dir, "huntbook-report.service"), []byte(strings.ReplaceAll(unit, "/usr/local/bin/huntbook", exe)), 0o644)
	os.WriteFile(filepath.Join(dir, "huntbook-report.timer"), repoFile(t, "deploy/huntbook-report.timer"), 0o644)
	out, err := exec.Command(sa, "verify", filepath.Join(dir, "huntbook-report.service"), filepath.Join(dir, "huntbook-report.timer")).CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}

func TestSplitExec(t *testing.T) {
	got := splitExec(`a "b c" 'd e' "x \"y\" $$V" f$$g`)
	if diff := cmp.Diff([]string{"a", "b c", "d e", `x "y" $V`, "f$g"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
