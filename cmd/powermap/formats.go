package main

import (
	"context"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
	"github.com/powermap/powermap/internal/format/congress"
	"github.com/powermap/powermap/internal/format/fec"
	"github.com/powermap/powermap/internal/format/gexf"
	"github.com/powermap/powermap/internal/format/graphml"
	"github.com/powermap/powermap/internal/format/kumu"
	"github.com/powermap/powermap/internal/format/littlesis"
	"github.com/powermap/powermap/internal/format/openstates"
	"github.com/powermap/powermap/internal/format/pmcsv"
	"github.com/powermap/powermap/internal/format/pmjson"
)

// formats is the registry of every format powermap reads and writes. The
// CLI and the API share it, so both accept the same formats. s is the store
// imports go to: FEC data links candidates to officials already in it. It
// may be nil when only the names are wanted.
func formats(s graph.Store) *format.Registry {
	officials := func(ctx context.Context) (map[string]string, error) {
		if s == nil {
			return nil, nil
		}
		return fec.OfficialsFromStore(ctx, s)
	}
	return format.NewRegistry(
		[]format.Reader{
			pmcsv.Reader{}, pmjson.Reader{}, openstates.Reader{}, congress.Reader{},
			fec.Reader{Officials: officials}, littlesis.Reader{}, kumu.Reader{},
		},
		[]format.Writer{
			pmjson.Writer{}, pmcsv.Writer{}, &graphml.Writer{}, &gexf.Writer{}, kumu.Writer{},
		},
	)
}
