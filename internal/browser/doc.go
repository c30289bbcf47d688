// Package browser is a small harness that drives a real headless Chromium
// from Go tests with chromedp: it starts Debian's /usr/bin/chromium in a
// fresh profile, opens pages, records what a page says on its console, the
// uncaught exceptions, browser log errors (blocked or failed loads, Content
// Security Policy violations), dialogs (alert, confirm, prompt: recorded and
// dismissed) and every network request, and takes screenshots.
//
// Chromium starts with --headless --no-sandbox --disable-gpu
// --disable-background-networking --disable-component-update --disable-sync
// --no-first-run and a temporary --user-data-dir that Close removes.
// HUNTBOOK_CHROMIUM names another binary.
//
// ForTest is the entry point for tests: it skips the test when no Chromium
// is installed, and fails it when the environment variable CI is "true", so
// that a CI machine without a browser cannot pass silently.
//
// The package knows nothing of huntbook's pages; the report, runner and
// hardening tests bring their own assertions.
package browser
