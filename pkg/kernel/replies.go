package kernel

import (
	"github.com/huntbook/huntbook/pkg/notebook"
)

// The contents of the messages the kernel sends, as the Jupyter messaging
// protocol 5.3 names their fields.

type status struct {
	ExecutionState string `json:"execution_state"`
}

type statusReply struct {
	Status string `json:"status"`
}

type errorReply struct {
	Status    string   `json:"status"`
	EName     string   `json:"ename"`
	EValue    string   `json:"evalue"`
	Traceback []string `json:"traceback"`
}

type streamContent struct {
	Name string `json:"name"`
	Text string `json:"text"`
}

// displayContent is display_data's and execute_result's content.
type displayContent struct {
	Data           map[string]any `json:"data"`
	Metadata       map[string]any `json:"metadata"`
	Transient      map[string]any `json:"transient"`
	ExecutionCount *int           `json:"execution_count,omitempty"`
}

type errorMessage struct {
	EName     string   `json:"ename"`
	EValue    string   `json:"evalue"`
	Traceback []string `json:"traceback"`
}

type executeInput struct {
	Code           string `json:"code"`
	ExecutionCount int    `json:"execution_count"`
}

// executeReply is execute_reply's content: status "ok" carries
// user_expressions and payload, "error" the error, "aborted" neither.
type executeReply struct {
	Status          string         `json:"status"`
	ExecutionCount  int            `json:"execution_count"`
	UserExpressions map[string]any `json:"user_expressions,omitzero"`
	Payload         []any          `json:"payload,omitzero"`
	EName           string         `json:"ename,omitempty"`
	EValue          string         `json:"evalue,omitempty"`
	Traceback       []string       `json:"traceback,omitzero"`
}

type kernelInfoReply struct {
	Status                string       `json:"status"`
	ProtocolVersion       string       `json:"protocol_version"`
	Implementation        string       `json:"implementation"`
	ImplementationVersion string       `json:"implementation_version"`
	LanguageInfo          languageInfo `json:"language_info"`
	Banner                string       `json:"banner"`
	HelpLinks             []helpLink   `json:"help_links"`
}

type languageInfo struct {
	Name              string `json:"name"`
	Version           string `json:"version"`
	MIMEType          string `json:"mimetype"`
	FileExtension     string `json:"file_extension"`
	PygmentsLexer     string `json:"pygments_lexer"`
	CodemirrorMode    string `json:"codemirror_mode"`
	NbconvertExporter string `json:"nbconvert_exporter"`
}

type helpLink struct {
	Text string `json:"text"`
	URL  string `json:"url"`
}

type isCompleteReply struct {
	Status string  `json:"status"`
	Indent *string `json:"indent,omitempty"`
}

// cursorRequest is complete_request's and inspect_request's content.
type cursorRequest struct {
	Code      string `json:"code"`
	CursorPos int    `json:"cursor_pos"`
}

type completeReply struct {
	Status      string         `json:"status"`
	Matches     []string       `json:"matches"`
	CursorStart int            `json:"cursor_start"`
	CursorEnd   int            `json:"cursor_end"`
	Metadata    map[string]any `json:"metadata"`
}

type inspectReply struct {
	Status   string         `json:"status"`
	Found    bool           `json:"found"`
	Data     map[string]any `json:"data"`
	Metadata map[string]any `json:"metadata"`
}

type commInfoReply struct {
	Status string         `json:"status"`
	Comms  map[string]any `json:"comms"`
}

type shutdownReply struct {
	Status  string `json:"status"`
	Restart bool   `json:"restart"`
}

type commClose struct {
	CommID string         `json:"comm_id"`
	Data   map[string]any `json:"data"`
}

func bundle(o notebook.Output, count *int) displayContent {
	return displayContent{Data: o.Data, Metadata: orMap(o.Metadata), Transient: orMap(o.Transient), ExecutionCount: count}
}

func errorContent(o notebook.Output) errorMessage {
	return errorMessage{EName: o.EName, EValue: o.EValue, Traceback: traceback(o)}
}

func orMap(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// traceback is an error's traceback as Jupyter shows it: the error name in
// red, as ipykernel colours it (ansi.go).
func traceback(o notebook.Output) []string {
	if o.Traceback == nil {
		return []string{}
	}
	return ansiTraceback(o.EName, o.Traceback)
}
