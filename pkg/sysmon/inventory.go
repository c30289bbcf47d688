package sysmon

import (
	"strconv"

	"github.com/huntbook/huntbook/pkg/inventory"
)

// Inventory returns the inventory entries for the events the configuration
// has Sysmon log: one per event ID of every event type whose State is
// full or partial (partial with the reason), then the always-logged
// events 4, 16 and 255. Event types huntbook does not know have no ID and
// give no entry.
func (c *Config) Inventory() []inventory.Entry {
	var out []inventory.Entry
	for _, e := range c.Events {
		if e.State == Off {
			continue
		}
		for _, id := range e.IDs {
			out = append(out, inventory.Entry{Channel: Channel, Provider: Provider, EventID: strconv.Itoa(id),
				Partial: e.State == Partial, Reason: "sysmon " + e.Element + ": " + e.Reason})
		}
	}
	for _, id := range AlwaysLogged {
		out = append(out, inventory.Entry{Channel: Channel, Provider: Provider, EventID: strconv.Itoa(id),
			Reason: "sysmon: always logged, no configuration filters it"})
	}
	return out
}
