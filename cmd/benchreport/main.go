// Command benchreport runs powermap's Go benchmarks and writes their figures
// to BENCHMARKS.md, together with the machine they ran on and the exact
// command, so that every figure can be reproduced. `make bench` runs it.
//
// Benchmarks report their own units with b.ReportMetric (ties/s, p50-ms,
// bytes/tie...); benchreport copies every metric it sees into one table per
// package, and marks each figure that has a target as met or missed.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, log io.Writer) error {
	fs := flag.NewFlagSet("benchreport", flag.ContinueOnError)
	out := fs.String("out", "BENCHMARKS.md", "where to write the report")
	bench := fs.String("bench", ".", "benchmarks to run (go test -bench)")
	benchtime := fs.String("benchtime", "1x", "go test -benchtime")
	pkgs := fs.String("pkgs", "./...", "packages, space-separated")
	timeout := fs.String("timeout", "120m", "go test -timeout")
	extra := fs.String("extra", "", "files of extra results in benchmark format to include (space-separated), e.g. browser figures")
	note := fs.String("note", "", "a paragraph to print under the command, e.g. how a report was assembled")
	from := fs.String("from", "", "write the report from this saved output of an earlier run (its first line names the command) instead of running")
	update := fs.String("update", "", "an earlier report (usually BENCHMARKS.md) whose figures are kept for every benchmark this run does not produce, so that -bench can re-measure a few")
	if err := fs.Parse(args); err != nil {
		return err
	}
	goArgs := append([]string{"test", "-run", "^$", "-bench", *bench, "-benchmem", "-benchtime", *benchtime, "-timeout", *timeout, "-count", "1"}, strings.Fields(*pkgs)...)
	command := "go " + strings.Join(goArgs, " ")

	var raw bytes.Buffer
	var runErr error
	var took time.Duration
	if *from != "" {
		b, err := os.ReadFile(*from)
		if err != nil {
			return err
		}
		raw.Write(b)
		if first, _, ok := strings.Cut(string(b), "\n"); ok && strings.HasPrefix(first, "running: ") {
			command = strings.TrimPrefix(first, "running: ")
		}
		if strings.Contains(raw.String(), "\nFAIL") {
			runErr = fmt.Errorf("some benchmarks failed")
		}
	} else {
		fmt.Fprintln(log, "running:", command)
		cmd := exec.CommandContext(ctx, "go", goArgs...)
		cmd.Stdout = io.MultiWriter(&raw, log)
		cmd.Stderr = io.MultiWriter(&raw, os.Stderr)
		began := time.Now()
		runErr = cmd.Run()
		took = time.Since(began)
	}

	results := parse(&raw)
	for _, f := range strings.Fields(*extra) {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		results = append(results, parse(bytes.NewReader(b))...)
	}
	if *update != "" {
		b, err := os.ReadFile(*update)
		if err != nil {
			return err
		}
		kept, written := keepOthers(string(b), results)
		if len(kept) > 0 {
			results = append(results, kept...)
			runs := append(earlierRuns(string(b), written),
				fmt.Sprintf("- `%s`: %s", *bench, time.Now().UTC().Format("2006-01-02 15:04 MST")))
			*note = strings.TrimSpace(runsHeading + "\n\n" + strings.Join(runs, "\n") + "\n\n" + *note)
		}
	}
	var doc bytes.Buffer
	writeReport(&doc, results, command, took, runErr, *note)
	if err := os.WriteFile(*out, doc.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(log, "wrote %s (%d benchmarks)\n", *out, len(results))
	if runErr != nil {
		return fmt.Errorf("go test failed: %w (partial figures written)", runErr)
	}
	return nil
}

// result is one benchmark line.
type result struct {
	pkg     string
	name    string
	n       int64
	metrics []metric
}

type metric struct {
	value float64
	unit  string
}

// parse reads `go test -bench` output: "pkg: X" lines name the package, and
// each "BenchmarkX-2  N  v unit  v unit..." line is one result.
func parse(r io.Reader) []result {
	var out []result
	pkg := ""
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = strings.TrimSpace(p)
			continue
		}
		if !strings.HasPrefix(line, "Benchmark") {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 4 || len(f)%2 != 0 {
			continue
		}
		n, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			continue
		}
		res := result{pkg: pkg, name: trimProcs(f[0]), n: n}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			res.metrics = append(res.metrics, metric{v, f[i+1]})
		}
		out = append(out, res)
	}
	return out
}

// runsHeading starts the list of the runs a combined report holds.
const runsHeading = "Figures from more than one run of the command above, with these -bench patterns (the latest run of a benchmark wins):"

// earlierRuns lists the runs an earlier report holds: the list under
// runsHeading when it has one, else its own run, written at written.
func earlierRuns(report, written string) []string {
	if _, list, ok := strings.Cut(report, runsHeading+"\n\n"); ok {
		var runs []string
		for _, line := range strings.Split(list, "\n") {
			if !strings.HasPrefix(line, "- ") {
				break
			}
			runs = append(runs, line)
		}
		return runs
	}
	return []string{"- every benchmark: " + strings.TrimPrefix(written, "on ")}
}

// keepOthers reads the "Every figure" tables of an earlier report and
// returns its results for every benchmark that results lacks, with the
// time the report says it was written.
func keepOthers(report string, results []result) ([]result, string) {
	have := map[[2]string]bool{}
	for _, r := range results {
		have[[2]string{r.pkg, r.name}] = true
	}
	written := "earlier"
	if _, rest, ok := strings.Cut(report, "(cmd/benchreport) on "); ok {
		if when, _, ok := strings.Cut(rest, ". "); ok {
			written = "on " + when
		}
	}
	var kept []result
	pkg, inFigures := "", false
	for _, line := range strings.Split(report, "\n") {
		switch {
		case strings.HasPrefix(line, "## "):
			inFigures = line == "## Every figure"
		case inFigures && strings.HasPrefix(line, "### "):
			pkg = strings.TrimPrefix(line, "### ")
			if pkg == "(other)" {
				pkg = ""
			}
		case inFigures && strings.HasPrefix(line, "| Benchmark"):
			cells := strings.Split(strings.Trim(line, "| "), " | ")
			if len(cells) != 3 || have[[2]string{pkg, cells[0]}] {
				continue
			}
			n, err := strconv.ParseInt(cells[1], 10, 64)
			if err != nil {
				continue
			}
			r := result{pkg: pkg, name: cells[0], n: n}
			for _, part := range strings.Split(cells[2], ", ") {
				v, unit, ok := strings.Cut(part, " ")
				x, err := strconv.ParseFloat(v, 64)
				if ok && err == nil {
					r.metrics = append(r.metrics, metric{x, unit})
				}
			}
			kept = append(kept, r)
		}
	}
	return kept, written
}

// trimProcs drops the -GOMAXPROCS suffix of a benchmark name.
func trimProcs(name string) string {
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		if _, err := strconv.Atoi(name[i+1:]); err == nil {
			return name[:i]
		}
	}
	return name
}

func writeReport(w io.Writer, results []result, command string, took time.Duration, runErr error, note string) {
	fmt.Fprintf(w, "# powermap benchmarks\n\n")
	fmt.Fprintf(w, "Written by `make bench` (cmd/benchreport) on %s. Do not edit by hand: run `make bench` again.\n\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(w, "## Machine\n\n")
	for _, kv := range machine() {
		fmt.Fprintf(w, "- **%s:** %s\n", kv[0], kv[1])
	}
	fmt.Fprintf(w, "\n## Command\n\n```\n%s\n```\n\n", command)
	if took > 0 {
		fmt.Fprintf(w, "It ran for %s.", took.Round(time.Second))
	}
	if runErr != nil {
		fmt.Fprintf(w, " **It failed (%v); the figures below are partial.**", runErr)
	}
	fmt.Fprintf(w, "\n\n")
	if note != "" {
		fmt.Fprintf(w, "%s\n\n", note)
	}
	writeTargets(w, results)

	byPkg := map[string][]result{}
	var pkgs []string
	for _, r := range results {
		if _, ok := byPkg[r.pkg]; !ok {
			pkgs = append(pkgs, r.pkg)
		}
		byPkg[r.pkg] = append(byPkg[r.pkg], r)
	}
	sort.Strings(pkgs)
	fmt.Fprintf(w, "## Every figure\n\n")
	for _, p := range pkgs {
		name := p
		if name == "" {
			name = "(other)"
		}
		fmt.Fprintf(w, "### %s\n\n| benchmark | runs | figures |\n|---|---:|---|\n", name)
		for _, r := range byPkg[p] {
			var parts []string
			for _, m := range r.metrics {
				parts = append(parts, formatValue(m.value)+" "+m.unit)
			}
			fmt.Fprintf(w, "| %s | %d | %s |\n", r.name, r.n, strings.Join(parts, ", "))
		}
		fmt.Fprintln(w)
	}
}

func formatValue(v float64) string {
	switch {
	case v == 0:
		return "0"
	case v >= 1e6 || v < 1e-3 && v > -1e-3:
		return strconv.FormatFloat(v, 'g', 4, 64)
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// machine describes the computer: CPU, cores, memory, OS, Go.
func machine() [][2]string {
	cpu := "unknown"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "model name"); ok {
				cpu = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	mem := "unknown"
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				kb, _ := strconv.ParseFloat(strings.Fields(v)[0], 64)
				mem = fmt.Sprintf("%.1f GiB", kb/(1<<20))
			}
		}
	}
	return [][2]string{
		{"CPU", cpu},
		{"cores (GOMAXPROCS)", strconv.Itoa(runtime.GOMAXPROCS(0))},
		{"memory", mem},
		{"OS/arch", runtime.GOOS + "/" + runtime.GOARCH},
		{"Go", runtime.Version()},
	}
}
