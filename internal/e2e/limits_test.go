package e2e

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// TestLimitsInput feeds inputs built to exhaust memory or time: each must
// end with exit 1 and an error. Time and peak memory are logged, not
// asserted (the machine is shared).
func TestLimitsInput(t *testing.T) {
	dir := t.TempDir()
	rec := "- technique_id: T1\n  x_mitre_is_subtechnique: true\n  log_channel: Security\n"
	bomb := rec + "  z0: &a [x, x, x, x, x, x, x, x, x, x]\n"
	for i := 1; i < 9; i++ {
		bomb += fmt.Sprintf("  z%d: &%c [%s]\n", i, 'a'+i, strings.TrimSuffix(strings.Repeat("*"+string(rune('a'+i-1))+", ", 10), ", "))
	}
	writeFile(t, filepath.Join(dir, "bomb.yaml"), []byte(bomb))
	writeFile(t, filepath.Join(dir, "line.yaml"), append([]byte("- "), bytes.Repeat([]byte("x"), 100<<20)...))
	// A sparse file larger than the 2 GiB limit: refused before reading.
	sparse, err := os.Create(filepath.Join(dir, "sparse.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := sparse.Truncate(3 << 30); err != nil {
		t.Fatal(err)
	}
	sparse.Close()
	cases := []struct{ file, want string }{
		{"bomb.yaml", "input too large: aliases"},
		{"line.yaml", "line.yaml:1:3: record 0: wrong shape"},
		{"sparse.yaml", "is more than the limit of"},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			r := huntbook(t, dir, []string{measure}, "report", "--mapping", tc.file, "-o", "out.html")
			t.Logf("exit %d in %v, peak RSS %d MB", r.code, r.elapsed.Round(1e6), r.maxRSS>>20)
			if r.code != 1 || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want 1 and %q", r.code, r.stderr, tc.want)
			}
			if _, err := os.Stat(filepath.Join(dir, "out.html")); err == nil {
				t.Error("out.html was written")
			}
		})
	}
}

// TestLimitsFetch drives --mapping URL through an httptest server on
// loopback, with the cache in a temporary XDG_CACHE_HOME.
func TestLimitsFetch(t *testing.T) {
	good := []byte("- technique_id: T1003.001\n  x_mitre_is_subtechnique: true\n  technique: LSASS Memory\n  log_channel: Security\n")
	var hits atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/good.yaml", func(w http.ResponseWriter, r *http.Request) { hits.Add(1); w.Write(good) })
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/to-file", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	})
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(int64(3)<<30))
		w.WriteHeader(http.StatusOK)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	dir := t.TempDir()
	env := []string{"XDG_CACHE_HOME=" + filepath.Join(dir, "cache")}

	for _, tc := range []struct {
		name, url, want string
	}{
		{"not http", "ftp://127.0.0.1/x.yaml", "only http and https URLs can be fetched"},
		{"file scheme", "file:///etc/passwd", "only http and https URLs can be fetched"},
		{"redirect loop", srv.URL + "/loop", "more than 5 redirects"},
		{"redirect to file", srv.URL + "/to-file", "only http and https are followed"},
		{"declared too large", srv.URL + "/huge", "is more than the limit of"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := huntbook(t, dir, append(env, measure), "top", "--mapping", tc.url)
			t.Logf("exit %d in %v, peak RSS %d MB", r.code, r.elapsed.Round(1e6), r.maxRSS>>20)
			if r.code != 1 || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want 1 and %q", r.code, r.stderr, tc.want)
			}
		})
	}

	t.Run("corrupt cache entry", func(t *testing.T) {
		u := srv.URL + "/good.yaml"
		if r := huntbook(t, dir, env, "top", "--mapping", u); r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		yamls, _ := filepath.Glob(filepath.Join(dir, "cache", "huntbook", "mappings", "*.yaml"))
		if len(yamls) != 1 {
			t.Fatalf("cache files: %q, want one .yaml", yamls)
		}
		writeFile(t, yamls[0], []byte("- technique_id: T666\n  log_channel: corrupt\n"))
		before := hits.Load()
		r := huntbook(t, dir, env, "top", "--mapping", u)
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		if !strings.Contains(r.stderr, "does not match its sha256; fetching it again") {
			t.Errorf("stderr %q does not say the cached copy was bad", r.stderr)
		}
		if hits.Load() != before+1 {
			t.Errorf("the server was asked %d times, want once more", hits.Load()-before)
		}
		if got := readFile(t, yamls[0]); got != string(good) {
			t.Errorf("the cache holds %q, want the server's copy", got)
		}
	})
}
