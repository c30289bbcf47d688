package kernel

import (
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
)

// AbortWindow bounds how long after a failing cell the kernel keeps
// aborting execute requests that were sent before the failure could have
// been seen (see abortState).
const AbortWindow = 5 * time.Second

// abortState implements stop_on_error for requests still in flight when a
// cell fails. Notebook's Run All sends every cell at once, but through its
// server each arrives a few milliseconds after the previous one: a cell that
// fails at once (a typo) is answered before the next requests have arrived,
// so they are not yet queued. Like ipykernel, the kernel aborts what is
// queued; it then waits AbortGrace before it says idle, aborting what
// arrives meanwhile, and after that aborts each execute request of the same
// session whose header date says it was sent before that idle status: its
// client had not seen the end of the failing cell. Clients that run one cell
// after another (nbclient, jupyter_client's execute_interactive, the kernel
// test suite) wait for idle before sending the next, so their requests run,
// and the first request that runs ends the aborting.
//
// Clocks: the header dates are the client's clock. The kernel measures the
// client's offset on the failing request itself (when the kernel received
// it minus its header date: clock skew plus transit, never less than the
// skew), so a request sent after the idle status maps to a time after it,
// whatever the skew. Requests without a readable date are only aborted
// while queued or within AbortGrace.
type abortState struct {
	mu      sync.Mutex
	active  bool
	session string
	before  time.Time // client clock: requests dated before it are aborted
	until   time.Time // kernel clock: end of the window
}

// AbortGrace is how long after a failing cell's reply the kernel keeps
// aborting every execute request that arrives, before it says idle.
const AbortGrace = 30 * time.Millisecond

// failed records that m failed with stop_on_error and that its idle status
// is about to be sent.
func (a *abortState) failed(m *Message) {
	sent, err := time.Parse(time.RFC3339Nano, m.Header.Date)
	if err != nil || m.Header.Session == "" || m.Received.IsZero() {
		return
	}
	now := time.Now()
	offset := m.Received.Sub(sent)
	a.mu.Lock()
	defer a.mu.Unlock()
	a.active, a.session = true, m.Header.Session
	a.before = now.Add(-offset)
	a.until = now.Add(AbortWindow)
}

// abort reports whether the execute request m must be aborted, and ends the
// aborting when it must not.
func (a *abortState) abort(m *Message) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.active {
		return false
	}
	if time.Now().After(a.until) {
		a.active = false
		return false
	}
	if m.Header.Session != a.session {
		return false
	}
	sent, err := time.Parse(time.RFC3339Nano, m.Header.Date)
	if err != nil || !sent.Before(a.before) {
		a.active = false
		return false
	}
	return true
}

// replyAborted answers an execute request with status "aborted", between
// busy and idle as ipykernel does.
func (k *kernel) replyAborted(s zmq4.Socket, m *Message) {
	k.reply(s, m, "execute_reply", map[string]any{"status": "aborted", "execution_count": k.count})
}

// abortQueued answers "aborted" to the execute requests already waiting and
// to those arriving within AbortGrace, as stop_on_error asks, and remembers
// the failure for the requests still in flight; other requests are handled
// normally.
func (k *kernel) abortQueued(s zmq4.Socket, failed *Message, queue <-chan *Message) {
	grace := time.After(AbortGrace)
	for {
		select {
		case m, ok := <-queue:
			if !ok {
				return
			}
			if m.Header.MsgType != "execute_request" {
				k.handle(m, s, nil)
				continue
			}
			k.publish(m, "status", map[string]string{"execution_state": "busy"})
			k.replyAborted(s, m)
			k.publish(m, "status", map[string]string{"execution_state": "idle"})
		case <-grace:
			k.aborts.failed(failed)
			return
		}
	}
}
