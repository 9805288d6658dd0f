package main

import (
	"fmt"
	"io"
	"strings"
)

// target is a performance goal from the issues: a benchmark's metric must
// be at most (or at least) a value on the reference 2-core machine.
type target struct {
	what      string // the goal in words
	benchmark string // benchmark name, without the -procs suffix
	unit      string
	max, min  float64 // one of them is set
}

// targets lists the goals that BENCHMARKS.md checks. A goal whose benchmark
// did not run is listed as "not run".
var targets = []target{}

func writeTargets(w io.Writer, results []result) {
	if len(targets) == 0 {
		return
	}
	fmt.Fprintf(w, "## Targets\n\n| goal | benchmark | figure | target | met |\n|---|---|---:|---:|---|\n")
	for _, t := range targets {
		figure, met := "not run", "—"
		for _, r := range results {
			if r.name != t.benchmark && !strings.HasSuffix(r.pkg+"."+r.name, t.benchmark) {
				continue
			}
			for _, m := range r.metrics {
				if m.unit != t.unit {
					continue
				}
				figure = formatValue(m.value) + " " + m.unit
				ok := (t.max == 0 || m.value <= t.max) && (t.min == 0 || m.value >= t.min)
				met = map[bool]string{true: "yes", false: "**no**"}[ok]
			}
		}
		goal := ""
		if t.max != 0 {
			goal = "≤ " + formatValue(t.max) + " " + t.unit
		} else {
			goal = "≥ " + formatValue(t.min) + " " + t.unit
		}
		fmt.Fprintf(w, "| %s | `%s` | %s | %s | %s |\n", t.what, t.benchmark, figure, goal, met)
	}
	fmt.Fprintln(w)
}
