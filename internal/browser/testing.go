package browser

import (
	"context"
	"errors"
	"os"
	"testing"
)

// ForTest starts a browser for a test and closes it when the test ends.
// Without Chromium the test is skipped, or fails when CI=true.
func ForTest(t testing.TB) *Browser {
	t.Helper()
	b, err := Start(context.Background(), Options{})
	if errors.Is(err, ErrNotFound) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v; CI=true, so a missing browser is a failure", err)
		}
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := b.Close(); err != nil {
			t.Log(err)
		}
	})
	return b
}

// PageForTest opens a tab in b that closes when the test ends.
func PageForTest(t testing.TB, b *Browser) *Page {
	t.Helper()
	p, err := b.NewPage()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}
