package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/huntbook/huntbook/internal/progress"
	"github.com/huntbook/huntbook/pkg/attack"
	"github.com/huntbook/huntbook/pkg/ossem"
	"github.com/huntbook/huntbook/pkg/stix"
)

// attackSource is --attack BUNDLE: an ATT&CK release in which a command
// sees the mapping's techniques (current, renamed, moved, deprecated,
// revoked, unknown) and, where the release has analytics, the events it
// cites that the mapping lacks and the reverse.
type attackSource struct {
	bundle  string
	version string
	// digest: as source's.
	digest bool
}

func (a *attackSource) addFlags(cmd *cobra.Command, withVersion bool) {
	f := cmd.Flags()
	f.StringVar(&a.bundle, "attack", "", "ATT&CK STIX bundle to see the answer in: a file, an http(s) URL, - , or enterprise-attack, ics-attack, mobile-attack for MITRE's current ones (cached)")
	if withVersion {
		f.StringVar(&a.version, "attack-version", "", "the ATT&CK release a bundle is, when it does not say (default: stated in the bundle, or inferred and labelled so)")
	}
}

// load reads the bundle; nil when --attack was not given.
func (a *attackSource) load(cmd *cobra.Command, s IO) (*stix.Bundle, error) {
	if a.bundle == "" {
		return nil, nil
	}
	bar := progress.NewBytes(s.Err, progress.Enabled(s.Err, s.Quiet(), s.Env))
	defer lessGC(stix.Resolve(a.bundle))()
	b, err := stix.Load(cmd.Context(), a.bundle, ossem.Options{
		Stdin:    s.In,
		NoDigest: !a.digest,
		Logf:     func(format string, args ...any) { fmt.Fprintf(s.Err, "huntbook: "+format+"\n", args...) },
		Progress: bar.Update,
	}, stix.Options{Release: a.version})
	bar.Done()
	return b, err
}

// writeStatus writes what the release says of one technique of the mapping.
func writeStatus(w io.Writer, o *attack.Overlay, st *attack.TechniqueStatus) {
	fmt.Fprintf(w, "\n%s.\n", st.Note(o.Release))
	if st.State.Retired() || st.State == attack.Unknown {
		fmt.Fprintln(w, "The answer above rests on a technique that is no longer current.")
	}
	if len(st.DeprecatedSources) > 0 {
		fmt.Fprintf(w, "It rests on data sources the release has deprecated: %s (ATT&CK v18 replaced data sources with detection strategies and analytics).\n",
			strings.Join(st.DeprecatedSources, ", "))
	}
	if !st.Analytics {
		if st.State != attack.Unknown && !(st.State == attack.Deprecated) {
			fmt.Fprintln(w, "The release has no analytics for it to compare events with.")
		}
		return
	}
	list := func(title string, xs []string) {
		if len(xs) == 0 {
			fmt.Fprintf(w, "%s: none.\n", title)
			return
		}
		fmt.Fprintf(w, "%s (%d): %s\n", title, len(xs), strings.Join(xs, ", "))
	}
	list("Events MITRE's analytics cite that the mapping does not map (in logs the mapping knows)", st.AttackOnly)
	list("Events the mapping maps that no analytic cites", st.MappingOnly)
}

// writeRetired writes a note on the techniques of ids that the release
// retired; nothing when none is.
func writeRetired(w io.Writer, o *attack.Overlay, ids []string) {
	var notes []string
	seen := map[string]bool{}
	for _, id := range ids {
		st := o.Of(id)
		if st == nil || seen[st.ID] || !(st.State.Retired() || st.State == attack.Unknown) {
			continue
		}
		seen[st.ID] = true
		notes = append(notes, st.Note(o.Release))
	}
	if len(notes) == 0 {
		fmt.Fprintf(w, "\nIn %s every technique above is current.\n", o.Release)
		return
	}
	fmt.Fprintf(w, "\nIn %s, %d of the techniques above are no longer current; answers about them rest on retired techniques:\n", o.Release, len(notes))
	for _, n := range notes {
		fmt.Fprintf(w, "  %s\n", n)
	}
}

// retiredInBundle explains an ID the bundle-made mapping has no rows for:
// revoked or deprecated in that release, or not in it.
func retiredInBundle(b *stix.Bundle, id string, err error) error {
	t := b.Technique(id)
	switch {
	case t == nil:
		return fmt.Errorf("%w; %s is not in %s", err, strings.ToUpper(strings.TrimSpace(id)), b.Label())
	case t.Replacement() != nil:
		r := t.Replacement()
		return fmt.Errorf("%s (%s) is revoked in %s: use %s (%s)", t.ID, t.Name, b.Label(), r.ID, r.Name)
	case !t.Live():
		return fmt.Errorf("%s (%s) is deprecated in %s, with no replacement", t.ID, t.Name, b.Label())
	}
	return err
}
