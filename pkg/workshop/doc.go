// Package workshop holds the check functions of huntbook's workshop notebook
// (notebooks/workshop.ipynb): each takes the mapping and a learner's answer
// and returns a Result that says in plain words whether the answer is right,
// and gives a hint when it is not.
//
// A check computes the right answer from the mapping it is given, so the
// same exercise works on the embedded demo subset and on the full OSSEM-DM
// mapping. It never prints the answer; when an answer is wrong it names the
// learner's own wrong items and says how many are missing.
//
//	answer left empty        Result.Answered false: "not answered yet" and a hint
//	some items wrong/missing Result.Right false: what was right, what was not, a hint
//	right (order and case    Result.Right true
//	do not matter)
//
// A Result renders itself in a notebook (HTML, Markdown and text), so a
// check cell just ends with the call. The API is concrete (no generics),
// because notebook cells run in the gomacro interpreter.
//
// The analysis itself belongs to package attack; this package only grades.
package workshop
