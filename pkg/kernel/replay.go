package kernel

import (
	"encoding/hex"
	"sync"
)

// ReplayWindow is how many signatures the kernel remembers to refuse
// replayed messages: the last 65,536 messages received on shell, control
// and stdin together, from every session (jupyter_client's Session keeps as
// many). A signature covers the header, whose msg_id and date are new for
// every message, so a signature seen twice is a copy of an earlier message.
const ReplayWindow = 1 << 16

// replayCache is a bounded set of recently seen signatures: when full, the
// oldest is forgotten first. Keys are the 32 bytes of the HMAC, so a full
// cache holds about 5 MB.
type replayCache struct {
	mu     sync.Mutex
	window int
	seen   map[[32]byte]struct{}
	ring   [][32]byte // seen's keys in arrival order; once full, the oldest is at next
	next   int
}

func newReplayCache(window int) *replayCache {
	return &replayCache{window: window, seen: make(map[[32]byte]struct{}, min(window, 1024))}
}

// add records a hex signature and reports whether it is new. A signature
// that is not 64 hex digits (signing is off) is never recorded: with no key
// there is nothing to tell a replay from a forgery.
func (c *replayCache) add(sig []byte) bool {
	var key [32]byte
	if len(sig) != 2*len(key) {
		return true
	}
	if _, err := hex.Decode(key[:], sig); err != nil {
		return true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.seen[key]; ok {
		return false
	}
	if len(c.ring) < c.window {
		c.ring = append(c.ring, key)
	} else {
		delete(c.seen, c.ring[c.next])
		c.ring[c.next] = key
		c.next = (c.next + 1) % c.window
	}
	c.seen[key] = struct{}{}
	return true
}
