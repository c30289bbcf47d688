// Package yamlnode holds what huntbook's YAML readers (mappings, inventories,
// frames, Sigma rules) share on top of yaml.v3's node tree: the position of
// a yaml.v3 error, names of node kinds for messages, a budget for following
// aliases, and the refusal of merge keys.
//
//	Position(err)       line 3 and "did not find expected key" from "yaml: line 3: did not find expected key"
//	KindName(n)         "a list", "a mapping", "an alias", "nothing" (null), a quoted scalar
//	Budget.Follow(n)    n itself, or the node an alias names, counting each step against the budget
//	IsMerge(key)        true for "<<" (tag !!merge): YAML 1.1 merge keys, which huntbook's
//	                    readers refuse with the position rather than read as a key named "<<"
//
// Readers keep their own error types; this package returns positions and
// plain errors for them to wrap.
package yamlnode
