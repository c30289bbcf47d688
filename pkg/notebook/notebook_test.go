package notebook

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"empty", ``, `notebook: nb.ipynb: the file ends before the notebook does (is it truncated?)`},
		{"not json", "{\n \"cells\": [,]\n}", `notebook: nb.ipynb:2:12: invalid character ',' looking for beginning of value (is this a .ipynb file?)`},
		{"trailing text", `{"nbformat": 4, "cells": []} x`, `notebook: nb.ipynb:1:30: unexpected text after the notebook's closing brace`},
		{"a list", `[]`, `notebook: nb.ipynb:1:1: want a JSON object (a notebook), found a list`},
		{"no nbformat", `{"cells": []}`, `notebook: nb.ipynb:1:1: "nbformat" is missing (is this a Jupyter notebook?)`},
		{"nbformat 3", `{"nbformat": 3, "worksheets": []}`, `notebook: nb.ipynb:1:14: nbformat 3 is not supported; convert it to nbformat 4 with: jupyter nbconvert --to notebook --nbformat 4 nb.ipynb`},
		{"nbformat string", `{"nbformat": "4"}`, `notebook: nb.ipynb:1:14: "nbformat": want a non-negative integer, found a string`},
		{"no cells", `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}}`, `notebook: nb.ipynb:1:1: "cells" is missing`},
		{"cells object", `{"nbformat": 4, "cells": {}}`, `notebook: nb.ipynb:1:26: "cells": want a list, found an object`},
		{"metadata list", `{"nbformat": 4, "metadata": [], "cells": []}`, `notebook: nb.ipynb:1:29: "metadata": want an object, found a list`},
		{"cell not object", "{\"nbformat\": 4, \"cells\": [\n 1]}", `notebook: nb.ipynb:2:2: cell 1: cell: want an object, found a number`},
		{"no cell_type", `{"nbformat": 4, "cells": [{"source": ""}]}`, `notebook: nb.ipynb:1:27: cell 1: "cell_type" is missing`},
		{"bad cell_type", `{"nbformat": 4, "cells": [{"cell_type": "python", "source": ""}]}`, `notebook: nb.ipynb:1:41: cell 1: "cell_type": want "code", "markdown" or "raw", found "python"`},
		{"no source", `{"nbformat": 4, "cells": [{"cell_type": "code"}]}`, `notebook: nb.ipynb:1:27: cell 1: "source" is missing`},
		{"source number", "{\"nbformat\": 4, \"cells\": [\n {\"cell_type\": \"markdown\", \"source\": \"\"},\n {\"cell_type\": \"code\", \"source\": 12}]}",
			`notebook: nb.ipynb:3:34: cell 2: "source": want a string or a list of strings, found a number`},
		{"source list of numbers", `{"nbformat": 4, "cells": [{"cell_type": "code", "source": ["a", 1]}]}`,
			`notebook: nb.ipynb:1:65: cell 1: "source": want a string or a list of strings, found a list holding a number`},
		{"bad id", `{"nbformat": 4, "cells": [{"cell_type": "code", "id": "a b", "source": ""}]}`,
			`notebook: nb.ipynb:1:55: cell 1: "id": "a b" is not a cell id (1 to 64 letters, digits, - and _)`},
		{"duplicate id", `{"nbformat": 4, "cells": [{"cell_type": "code", "id": "a", "source": ""}, {"cell_type": "code", "id": "a", "source": ""}]}`,
			`notebook: nb.ipynb:1:75: cell 2: "id": "a" is also the id of cell 1; cell ids must be unique`},
		{"tags not strings", `{"nbformat": 4, "cells": [{"cell_type": "code", "metadata": {"tags": [1]}, "source": ""}]}`,
			`notebook: nb.ipynb:1:61: cell 1: "metadata": "tags": want a list of strings`},
		{"execution_count string", `{"nbformat": 4, "cells": [{"cell_type": "code", "execution_count": "1", "source": ""}]}`,
			`notebook: nb.ipynb:1:68: cell 1: "execution_count": want a non-negative integer or null, found a string`},
		{"output type", `{"nbformat": 4, "cells": [{"cell_type": "code", "source": "", "outputs": [{"output_type": "pyout"}]}]}`,
			`notebook: nb.ipynb:1:91: cell 1: output 1: "output_type": want "stream", "display_data", "execute_result" or "error", found "pyout"`},
		{"stream without text", `{"nbformat": 4, "cells": [{"cell_type": "code", "source": "", "outputs": [{"output_type": "stream", "name": "stdout"}]}]}`,
			`notebook: nb.ipynb:1:75: cell 1: output 1 (stream): "text" is missing`},
		{"data not text", `{"nbformat": 4, "cells": [{"cell_type": "code", "source": "", "outputs": [{"output_type": "display_data", "data": {"text/plain": 3}}]}]}`,
			`notebook: nb.ipynb:1:130: cell 1: output 1 "text/plain": want a string or a list of strings, found a number`},
		{"traceback", `{"nbformat": 4, "cells": [{"cell_type": "code", "source": "", "outputs": [{"output_type": "error", "ename": "E", "evalue": "v", "traceback": "x"}]}]}`,
			`notebook: nb.ipynb:1:142: cell 1: output 1 "traceback": want a list, found a string`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.src), "nb.ipynb")
			if err == nil {
				t.Fatal("no error")
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error does not wrap ErrInvalid")
			}
		})
	}
}

func TestRead(t *testing.T) {
	src := `{
 "cells": [
  {"cell_type": "markdown", "metadata": {}, "source": ["# Title\n", "text"]},
  {"cell_type": "code", "execution_count": 3, "id": "p", "metadata": {"tags": ["parameters"], "n": 1.50},
   "outputs": [
    {"output_type": "stream", "name": "stdout", "text": ["a\n", "b"]},
    {"output_type": "execute_result", "execution_count": 3, "metadata": {},
     "data": {"text/plain": ["1"], "application/json": {"a": [1, 2]}, "image/png": "iVBO\n"}},
    {"output_type": "error", "ename": "Panic", "evalue": "boom", "traceback": ["Panic: boom"]}
   ],
   "source": "var n = 1"}
 ],
 "metadata": {"kernelspec": {"name": "huntbook"}},
 "nbformat": 4,
 "nbformat_minor": 4
}`
	nb, err := Parse([]byte(src), "nb.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	three := 3
	want := &Notebook{
		Metadata: map[string]any{"kernelspec": map[string]any{"name": "huntbook"}},
		NBFormat: 4, NBFormatMinor: 4,
		Cells: []Cell{
			{Type: Markdown, Source: "# Title\ntext", Metadata: map[string]any{}},
			{ID: "p", Type: Code, Source: "var n = 1", ExecutionCount: &three,
				Metadata: map[string]any{"tags": []any{"parameters"}, "n": jsonNumber("1.50")},
				Outputs: []Output{
					{Type: Stream, Name: "stdout", Text: "a\nb"},
					{Type: ExecuteResult, ExecutionCount: &three, Metadata: map[string]any{},
						Data: map[string]any{"text/plain": "1", "application/json": map[string]any{"a": []any{jsonNumber("1"), jsonNumber("2")}}, "image/png": "iVBO\n"}},
					{Type: Error, EName: "Panic", EValue: "boom", Traceback: []string{"Panic: boom"}},
				}},
		},
	}
	if diff := cmp.Diff(want, nb); diff != "" {
		t.Errorf("notebook (-want +got):\n%s", diff)
	}
	if got := nb.Find(TagParameters); got != 1 {
		t.Errorf("Find(parameters) = %d, want 1", got)
	}
}

// TestWriteGolden writes a notebook as Jupyter would and reads it back.
func TestWriteGolden(t *testing.T) {
	nb, err := ReadFile(filepath.Join("..", "..", "testdata", "runner", "basics.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := nb.Write(&buf); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, filepath.Join("..", "..", "testdata", "runner", "notebook-write.golden"), buf.Bytes())
	back, err := Parse(buf.Bytes(), "written")
	if err != nil {
		t.Fatal(err)
	}
	if back.NBFormatMinor != 5 {
		t.Errorf("written nbformat_minor = %d, want 5", back.NBFormatMinor)
	}
	for i, c := range back.Cells {
		if c.ID == "" {
			t.Errorf("cell %d has no id after Write", i+1)
		}
		back.Cells[i].ID = nb.Cells[i].ID
	}
	back.NBFormatMinor = nb.NBFormatMinor
	if diff := cmp.Diff(nb, back); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestIDs(t *testing.T) {
	nb := &Notebook{Cells: []Cell{{Type: Code}, {Type: Code, ID: "cell-1"}, {Type: Raw, ID: "x"}, {Type: Raw}}}
	if diff := cmp.Diff([]string{"cell-1-2", "cell-1", "x", "cell-4"}, nb.ids()); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
}

func TestRunRecord(t *testing.T) {
	nb := &Notebook{}
	if r, err := nb.Run(); r != nil || err != nil {
		t.Fatalf("Run() on a fresh notebook = %v, %v", r, err)
	}
	want := &Run{Version: "v1", Notebook: "a.ipynb", SHA256: "ab", Status: StatusError,
		Parameters: []Parameter{{Name: "n", Type: "int", Value: "3"}},
		Failure:    &Failure{Cell: 2, CellID: "c", EName: "Panic", EValue: "x", Stopped: true},
		Cells:      []CellRun{{Cell: 1, ID: "a", Status: StatusOK, Duration: 0.5}}}
	if err := nb.SetRun(want); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := nb.Write(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := Parse(buf.Bytes(), "x")
	if err != nil {
		t.Fatal(err)
	}
	got, err := back.Run()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("run record (-want +got):\n%s", diff)
	}
}

// FuzzRead checks that Read never panics and that what it accepts survives
// Write and Read unchanged.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"basics.ipynb", "fails.ipynb", "params.ipynb"} {
		if b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "runner", name)); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"nbformat": 4, "cells": [{"cell_type": "code", "source": ["a\n", "b"], "outputs": [{"output_type": "stream", "name": "stdout", "text": "x"}]}]}`))
	f.Add([]byte(`{"nbformat": 4, "cells": [{"cell_type": "raw", "id": "a", "source": "", "attachments": {"a.png": {"image/png": "AA=="}}}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		nb, err := Parse(b, "fuzz")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "notebook: fuzz") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		var buf bytes.Buffer
		if err := nb.Write(&buf); err != nil {
			t.Fatalf("Write: %v", err)
		}
		back, err := Parse(buf.Bytes(), "written")
		if err != nil {
			t.Fatalf("reading what Write wrote: %v\n%s", err, buf.Bytes())
		}
		var again bytes.Buffer
		if err := back.Write(&again); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(buf.String(), again.String()); diff != "" {
			t.Fatalf("second round trip differs (-first +second):\n%s", diff)
		}
	})
}
