package format

import (
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// Progress follows a long import. Readers call Start once they know the
// total, Add as records go by, and Finish at the end. Implementations are
// safe for concurrent use. Readers accept a nil Progress and turn it into
// Nop with Or.
type Progress interface {
	// Start announces total units ("records", "bytes"); a total of zero or
	// less means unknown.
	Start(total int64, unit string)
	// Add counts n more units done.
	Add(n int64)
	// Finish closes the display.
	Finish()
}

// Nop is a Progress that shows nothing.
type Nop struct{}

func (Nop) Start(int64, string) {}
func (Nop) Add(int64)           {}
func (Nop) Finish()             {}

var _ Progress = Nop{}
var _ Progress = (*Bar)(nil)

// Or returns p, or Nop when p is nil.
func Or(p Progress) Progress {
	if p == nil {
		return Nop{}
	}
	return p
}

// NewTerminal returns a progress bar drawn on f with the rate and the time
// left, when f is a terminal, and Nop otherwise (a pipe, a file, a CI log).
func NewTerminal(f *os.File, description string) Progress {
	if f == nil || !term.IsTerminal(int(f.Fd())) {
		return Nop{}
	}
	return NewBar(f, description)
}

// Bar draws a progress bar on any writer; NewTerminal picks it only for
// terminals.
type Bar struct {
	w     io.Writer
	desc  string
	mu    sync.Mutex
	bar   *progressbar.ProgressBar
	total int64
	count int64
}

// NewBar returns a Bar writing to w.
func NewBar(w io.Writer, description string) *Bar { return &Bar{w: w, desc: description} }

// Start implements Progress.
func (b *Bar) Start(total int64, unit string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.bar != nil {
		_ = b.bar.Finish()
	}
	if total <= 0 {
		total = -1
	}
	b.count, b.total = 0, total
	b.bar = progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(b.w),
		progressbar.OptionSetDescription(b.desc),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString(unit),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetWidth(30),
		progressbar.OptionOnCompletion(func() { _, _ = io.WriteString(b.w, "\n") }),
	)
}

// Add implements Progress.
func (b *Bar) Add(n int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.count += n
	if b.bar != nil {
		_ = b.bar.Add64(n)
	}
}

// Finish implements Progress. A bar that stops short of its total (an
// import that failed) is left where it stopped rather than filled.
func (b *Bar) Finish() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.bar == nil {
		return
	}
	if b.total > 0 && b.count < b.total {
		_ = b.bar.Exit()
	} else {
		_ = b.bar.Finish()
	}
	b.bar = nil
}

// Count is the number of units added since Start.
func (b *Bar) Count() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.count
}
