"""The Jupyter project's kernel test suite (jupyter_kernel_test) run on huntbook's kernel.

Run by pkg/kernel's TestKernelTestSuite with JUPYTER_PATH naming a
temporary kernelspec "huntbook". Every test of the suite has samples here
except test_pager: huntbook's kernel sends no pager payloads (inspection
answers inspect_request; there is no "?name" syntax in Go cells).
"""
import unittest

import jupyter_kernel_test


class HuntbookKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "huntbook"
    language_name = "go"
    file_extension = ".go"

    code_hello_world = 'import "fmt"\nfmt.Println("hello, world")'
    code_stderr = 'import (\n\t"fmt"\n\t"os"\n)\nfmt.Fprintln(os.Stderr, "to stderr")'

    completion_samples = [
        {"text": "fmt.Sprin", "matches": {"Sprint", "Sprintf", "Sprintln"}},
        {"text": "display.HT", "matches": {"HTML", "HTMLer"}},
    ]

    complete_code_samples = ["x := 1", 'import "fmt"\nfmt.Println(1)', "func f() int {\n\treturn 1\n}\nf()"]
    incomplete_code_samples = ["for {", "func f() {", "s := `raw", "x := []int{\n1,"]
    invalid_code_samples = ["x := := 1", "}", "fmt.Println(1))"]

    code_generate_error = 'panic("boom")'

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": '"a" + "b"', "result": "ab"},
        {"code": "6 * 7", "result": "42"},
    ]
    code_history_pattern = "6 *"
    supported_history_operations = ("tail", "range", "search")

    code_display_data = [
        {"code": 'Display(display.HTML("<b>bold</b>"))', "mime": "text/html"},
        {"code": 'Display(display.Markdown("*it*"))', "mime": "text/markdown"},
        {"code": 'Display(display.SVG("<svg xmlns=\\"http://www.w3.org/2000/svg\\"></svg>"))', "mime": "image/svg+xml"},
    ]

    code_inspect_sample = "fmt.Println"

    code_clear_output = 'import "fmt"\nfmt.Println("first")\ndisplay.ClearOutput(false)\nfmt.Println("second")'

    def test_pager(self):
        raise unittest.SkipTest("huntbook's kernel sends no pager payloads: Go cells have no ?name help syntax; "
                                "help comes through inspect_request (test_inspect)")


if __name__ == "__main__":
    unittest.main(verbosity=2)
