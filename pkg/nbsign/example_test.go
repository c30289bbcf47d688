package nbsign_test

import (
	"fmt"

	"github.com/huntbook/huntbook/pkg/nbsign"
)

// The signature depends on the notebook's content, not on how it is
// written: key order, spacing and lines split or joined give the same one.
func ExampleSignature() {
	key := []byte("my notebook_secret")
	a, _ := nbsign.Signature([]byte(`{"nbformat": 4, "cells": [{"source": ["a\n", "b"]}], "metadata": {}}`), key)
	b, _ := nbsign.Signature([]byte(`{"metadata":{"signature":"sha256:old"},"cells":[{"source":"a\nb"}],"nbformat":4}`), key)
	fmt.Println(a == b, len(a))
	// Output: true 64
}
