package main

import (
	"context"
	"fmt"
	"runtime/debug"
)

func versionCommand() *command {
	return &command{
		name:    "version",
		summary: "print the version of powermap",
		usage:   "version",
		help:    "Version prints the module version and the Go version it was built with.\n\nExample:\n  powermap version",
		run: func(ctx context.Context, m *Main, args []string) error {
			v, goVersion := "(devel)", "unknown"
			if bi, ok := debug.ReadBuildInfo(); ok {
				goVersion = bi.GoVersion
				if bi.Main.Version != "" {
					v = bi.Main.Version
				}
			}
			fmt.Fprintf(m.Stdout, "powermap %s (%s)\n", v, goVersion)
			return nil
		},
	}
}
