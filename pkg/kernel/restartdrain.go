package kernel

import (
	"time"

	"github.com/go-zeromq/zmq4"
)

// RestartDrain is how long, after the EngineRestarted reply, the kernel
// keeps answering execute requests before it restarts its engine in place.
const RestartDrain = 300 * time.Millisecond

// ENameNotRun is the ename of the error that answers an execute request the
// kernel received while its engine was restarting.
const ENameNotRun = "EngineRestarting"

// drainBeforeRestart answers the execute requests waiting on the shell
// queue, and those that arrive within RestartDrain, before the process is
// replaced: the requests a front end sends while a stuck cell is
// interrupted, or right after the EngineRestarted reply, would otherwise be
// lost with the process and their cells stay at In [*] until the user
// restarts the kernel. They get an error saying the cell was not run. Other
// shell requests (kernel_info, complete, …) are left unanswered: the front
// end asks again and the restarted kernel answers, so a client that polls
// kernel_info to see the kernel back does not mistake this one for it.
func (k *kernel) drainBeforeRestart(s zmq4.Socket, queue <-chan *Message) {
	if queue == nil {
		return
	}
	end := time.After(RestartDrain)
	for {
		select {
		case m, ok := <-queue:
			if !ok {
				return
			}
			if m.Header.MsgType == "execute_request" {
				k.notRun(s, m)
			}
		case <-end:
			return
		}
	}
}

func (k *kernel) notRun(s zmq4.Socket, m *Message) {
	const msg = "not run: the Go engine was restarting after a cell that could not be stopped; run this cell again"
	tb := []string{ansiRed + ENameNotRun + ansiReset + ": " + msg}
	k.publish(m, "status", map[string]string{"execution_state": "busy"})
	k.publish(m, "error", map[string]any{"ename": ENameNotRun, "evalue": msg, "traceback": tb})
	k.reply(s, m, "execute_reply", map[string]any{"status": "error", "execution_count": k.count,
		"ename": ENameNotRun, "evalue": msg, "traceback": tb})
	k.publish(m, "status", map[string]string{"execution_state": "idle"})
}
