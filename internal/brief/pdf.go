package brief

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/powermap/powermap/graph"
)

// ChromiumEnv names the environment variable that points at a Chromium or
// Chrome binary for PDF output.
const ChromiumEnv = "CHROMIUM"

// chromiumNames are the binaries looked up on PATH, in order.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "headless_shell"}

// FindChromium returns the Chromium binary that makes PDFs: $CHROMIUM when
// set, else the first of chromium, chromium-browser, google-chrome... on
// PATH. Without one the error, Unavailable, says what to install.
func FindChromium(getenv func(string) string) (string, error) {
	const op = "brief.FindChromium"
	if p := strings.TrimSpace(getenv(ChromiumEnv)); p != "" {
		found, err := exec.LookPath(p)
		if err != nil {
			return "", graph.Errorf(op, graph.Unavailable, "%s=%s is not an executable Chromium: %v", ChromiumEnv, p, err)
		}
		return found, nil
	}
	for _, name := range chromiumNames {
		if found, err := exec.LookPath(name); err == nil {
			return found, nil
		}
	}
	return "", graph.Errorf(op, graph.Unavailable,
		"PDF output needs Chromium or Google Chrome: install it (Debian/Ubuntu: apt-get install chromium) "+
			"or set %s to its path; or write --format html and print that page from a browser", ChromiumEnv)
}

// PDFTimeout bounds one Chromium run.
const PDFTimeout = 90 * time.Second

// WritePDF prints the HTML page html to a PDF file at out with headless
// Chromium (binary chromium), in a fresh profile that is removed after.
func WritePDF(ctx context.Context, chromium string, html []byte, out string) error {
	const op = "brief.WritePDF"
	dir, err := os.MkdirTemp("", "powermap-brief-")
	if err != nil {
		return graph.E(op, err)
	}
	defer os.RemoveAll(dir)
	page := filepath.Join(dir, "brief.html")
	if err := os.WriteFile(page, html, 0o600); err != nil {
		return graph.E(op, err)
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return graph.E(op, err)
	}
	tmp := filepath.Join(dir, "brief.pdf")
	ctx, cancel := context.WithTimeout(ctx, PDFTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
		"--user-data-dir="+filepath.Join(dir, "profile"),
		"--no-pdf-header-footer", "--print-to-pdf-no-header",
		"--print-to-pdf="+tmp, "file://"+filepath.ToSlash(page))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	runErr := cmd.Run()
	b, readErr := os.ReadFile(tmp)
	if runErr != nil || readErr != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
		msg := strings.TrimSpace(lastLines(stderr.String(), 5))
		cause := errors.Join(runErr, readErr)
		return &graph.Error{Op: op, Code: graph.Unavailable, Err: errors.Join(cause, errors.New(msg)),
			Message: "Chromium (" + chromium + ") did not print the brief to PDF" + suffix(msg)}
	}
	if err := os.WriteFile(abs, b, 0o644); err != nil {
		return graph.E(op, err)
	}
	return nil
}

func suffix(msg string) string {
	if msg == "" {
		return ""
	}
	return ": " + msg
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
