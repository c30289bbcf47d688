package attack

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/huntbook/huntbook/pkg/auditpol"
	"github.com/huntbook/huntbook/pkg/inventory"
	"github.com/huntbook/huntbook/pkg/logsource"
	"github.com/huntbook/huntbook/pkg/sysmon"
)

// ChangeFor says which configuration change collects a mapped event (in
// full, when entries collect it in part already):
//
//	Sysmon 10, not collected   Sysmon: add a ProcessAccess filter (event 10): onmatch="exclude" logs all, include rules a part
//	Sysmon 10, filtered        Sysmon: widen the ProcessAccess rules (event 10) ...
//	Security 4688              audit policy: Process Creation: Success
//	Security 4688, no cmdline  audit policy: set ProcessCreationIncludeCmdLine_Enabled ...
//	Security 4663              audit policy: File System, Kernel Object, Registry or Removable Storage: Success
//	anything else              collect <event>
//
// Log names go through package logsource, so a mapping that writes
// "WinEventLog:Sysmon" gets the same answer.
func ChangeFor(ev LogEvent, entries []inventory.Entry) string {
	id, err := strconv.Atoi(strings.TrimSpace(ev.ID))
	log := ev.Channel
	if strings.TrimSpace(log) == "" {
		log = ev.Provider
	}
	if err == nil && logsource.Same(log, sysmon.Channel) {
		for _, a := range sysmon.AlwaysLogged {
			if a == id {
				return fmt.Sprintf("Sysmon: install Sysmon (event %d is always logged)", id)
			}
		}
		t, ok := sysmon.TypeOf(id)
		if !ok {
			return fmt.Sprintf("Sysmon: event %d is not one a configuration filters; upgrade Sysmon", id)
		}
		if len(entries) > 0 {
			return fmt.Sprintf("Sysmon: widen the %s rules (event %d): %s", t.Element, id, shortReason(entries[0].Reason))
		}
		return fmt.Sprintf(`Sysmon: add a %s filter (event %d): onmatch="exclude" logs all, include rules a part`, t.Element, id)
	}
	if err == nil && logsource.Same(log, auditpol.Channel) {
		if id == 4688 && len(entries) > 0 {
			for _, e := range entries {
				if len(e.PartialFor) > 0 {
					return "audit policy: set " + auditpol.CommandLinePolicy
				}
			}
		}
		prods := auditpol.Producers(id)
		if len(prods) == 0 {
			return "collect " + ev.String() + " (no audit subcategory decides it)"
		}
		var names []string
		outcome := auditpol.OnSuccess
		for _, sc := range prods {
			names = append(names, sc.Name)
			for _, p := range sc.Events {
				if p.ID == id {
					outcome = p.Outcome
				}
			}
		}
		what := "Success"
		switch outcome {
		case auditpol.OnFailure:
			what = "Failure"
		case auditpol.OnBoth:
			what = "Success and Failure"
		}
		return "audit policy: " + orList(names) + ": " + what
	}
	return "collect " + ev.String()
}

func shortReason(r string) string {
	r = strings.TrimPrefix(r, "sysmon ")
	if i := strings.Index(r, ": "); i >= 0 {
		r = r[i+2:]
	}
	if head, _, ok := strings.Cut(r, ": "); ok {
		r = head
	}
	return "now " + r
}

func orList(names []string) string {
	switch len(names) {
	case 1:
		return names[0]
	case 2:
		return names[0] + " or " + names[1]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
