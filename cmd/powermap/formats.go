package main

import (
	"github.com/powermap/powermap/internal/format"
	"github.com/powermap/powermap/internal/format/pmcsv"
)

// formats is the registry of every format powermap reads and writes. The
// CLI and the API share it, so both accept the same formats.
func formats() *format.Registry {
	return format.NewRegistry(
		[]format.Reader{pmcsv.Reader{}},
		[]format.Writer{pmcsv.Writer{}},
	)
}
