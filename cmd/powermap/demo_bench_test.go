package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// BenchmarkDemo1M runs the real `powermap demo --entities 1000000` into a
// new embedded store, as a child process built for the run, and reports
// its peak resident memory: peak-MiB, from the child's rusage (Maxrss, in
// KiB on Linux), which counts the pages of the store's memory map it
// touched as well as its heap. Target: ≤ 2048 MiB
// (cmd/benchreport/targets.go). ns/op is the load's wall time, cpu-s/op
// its processor time (user and system), which says more on a busy machine.
func BenchmarkDemo1M(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "powermap")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	var peak, cpu float64
	n := 0
	for b.Loop() {
		n++
		cmd := exec.Command(bin, "--data", filepath.Join(dir, fmt.Sprint("data", n)), "demo", "--entities", "1000000")
		cmd.Env = append(os.Environ(), "NEO4J_URI=") // the embedded store, even under make bench's Neo4j
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			b.Fatalf("powermap demo: %v\n%s", err, out.String())
		}
		ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		if !ok {
			b.Skip("no rusage on this system")
		}
		peak = max(peak, float64(ru.Maxrss)/1024)
		cpu += time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
		if n == 1 {
			b.Logf("%s", bytes.TrimSpace(out.Bytes()))
		}
	}
	b.ReportMetric(peak, "peak-MiB")
	b.ReportMetric(cpu/float64(n), "cpu-s/op")
}
