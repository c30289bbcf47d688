// Package csp builds the Content Security Policy of huntbook's HTML pages:
// no request to anywhere (images only as data: URIs, inline styles), and
// only the scripts named by their SHA-256 hashes may run, so that markup
// that slipped through escaping or sanitising stays inert.
package csp

import (
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// Hash is a script's CSP source expression: 'sha256-…' without quotes.
func Hash(script string) string {
	sum := sha256.Sum256([]byte(script))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

// Policy is the policy that lets exactly the given scripts run.
func Policy(scripts ...string) string {
	hashes := make([]string, len(scripts))
	for i, s := range scripts {
		hashes[i] = "'" + Hash(s) + "'"
	}
	src := "'none'"
	if len(hashes) > 0 {
		src = strings.Join(hashes, " ")
	}
	return "default-src 'none'; script-src " + src + "; style-src 'unsafe-inline'; img-src data:; " +
		"form-action 'none'; base-uri 'none'"
}
