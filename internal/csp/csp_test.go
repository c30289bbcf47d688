package csp

import "testing"

func TestPolicy(t *testing.T) {
	if got, want := Hash(""), "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="; got != want {
		t.Errorf("Hash(\"\") = %s, want %s", got, want)
	}
	want := "default-src 'none'; script-src 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'"
	if got := Policy(""); got != want {
		t.Errorf("Policy = %s", got)
	}
	if got := Policy(); got != "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'" {
		t.Errorf("Policy() = %s", got)
	}
}
