package auditpol

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/huntbook/huntbook/pkg/inventory"
)

// The Security log.
const (
	Channel  = "Security"
	Provider = "Microsoft-Windows-Security-Auditing"
)

// CommandLineComponent is the data component (as OSSEM-DM names it) that
// 4688 informs only with its command line.
const CommandLineComponent = "command execution"

// CommandLinePolicy names the setting that puts the command line in 4688.
const CommandLinePolicy = `ProcessCreationIncludeCmdLine_Enabled (Administrative Templates > System > Audit Process Creation > "Include command line in process creation events")`

// State is how much of an event a policy has Windows write.
type State string

const (
	Full    State = "full"
	Partial State = "partial"
	Off     State = "off"
)

// Event is what a policy does with one Security event.
type Event struct {
	ID     int    `json:"id"`
	State  State  `json:"state"`
	Reason string `json:"reason"`
	// Enabled are the producing subcategories whose setting writes it (in
	// full or in part); Disabled the others, which "enable next" names.
	Enabled  []string `json:"enabled"`
	Disabled []string `json:"disabled"`
	// PartialFor limits a Partial state to data components: 4688 without
	// its command line is partial for "command execution" only.
	PartialFor []string `json:"partial_for,omitempty"`
}

// Events returns, for every event some subcategory produces, what the
// policy does with it, by event ID. An event is full when every
// subcategory that produces it audits the outcome it is written for
// (success, failure, or both), partial when some do or when only one of
// the two outcomes of a "success and failure" event is audited, off when
// none does. A subcategory the policy does not list counts as not audited.
// cmdLine says whether ProcessCreationIncludeCmdLine_Enabled is set: when
// it is not, 4688 is partial for CommandLineComponent.
func (p *Policy) Events(cmdLine bool) []Event {
	type prod struct {
		sc   Subcategory
		o    Outcome
		also bool
	}
	by := make(map[int][]prod)
	for _, sc := range Subcategories {
		for _, e := range sc.Events {
			by[e.ID] = append(by[e.ID], prod{sc, e.Outcome, alsoListed[sc.Name][e.ID]})
		}
	}
	ids := make([]int, 0, len(by))
	for id := range by {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	// The setting of each subcategory, the last row winning.
	settings := make(map[string]Setting)
	for _, e := range p.Entries {
		settings[strings.ToLower(e.Name)] = e.Setting
	}
	out := make([]Event, 0, len(ids))
	for _, id := range ids {
		e := Event{ID: id, Enabled: []string{}, Disabled: []string{}}
		full, some, need := 0, 0, 0
		var parts []string
		for _, pr := range by[id] {
			st, listed := settings[strings.ToLower(pr.sc.Name)]
			if !pr.also {
				need++
			}
			switch {
			case pr.o == OnBoth && st == SuccessAndFailure, pr.o != OnBoth && st.Audits(pr.o):
				if !pr.also {
					full++
				}
				e.Enabled = append(e.Enabled, pr.sc.Name)
				parts = append(parts, pr.sc.Name+": "+st.String())
			case pr.o == OnBoth && st != None:
				some++
				if pr.also {
					some++
				}
				e.Enabled = append(e.Enabled, pr.sc.Name)
				parts = append(parts, fmt.Sprintf("%s: %s only (the event is written on success and failure)", pr.sc.Name, st))
			default:
				e.Disabled = append(e.Disabled, pr.sc.Name)
				if !listed {
					parts = append(parts, pr.sc.Name+": not in the policy")
				} else {
					parts = append(parts, fmt.Sprintf("%s: %s (the event is written on %s)", pr.sc.Name, st, pr.o))
				}
			}
		}
		switch {
		case full == need && need > 0:
			e.State = Full
		case full+some == 0 && len(e.Enabled) == 0:
			e.State = Off
		default:
			e.State = Partial
		}
		e.Reason = strings.Join(parts, "; ")
		if id == 4688 && e.State != Off && !cmdLine {
			e.State = Partial
			e.PartialFor = []string{CommandLineComponent}
			e.Reason += "; without the command line: " + CommandLinePolicy + " is not set"
		}
		out = append(out, e)
	}
	return out
}

// Inventory returns the inventory entries for the events the policy has
// Windows write (State full or partial), in event ID order.
func (p *Policy) Inventory(cmdLine bool) []inventory.Entry {
	var out []inventory.Entry
	for _, e := range p.Events(cmdLine) {
		if e.State == Off {
			continue
		}
		out = append(out, inventory.Entry{Channel: Channel, Provider: Provider, EventID: strconv.Itoa(e.ID),
			Partial: e.State == Partial, PartialFor: e.PartialFor, Reason: "audit policy: " + e.Reason})
	}
	return out
}
