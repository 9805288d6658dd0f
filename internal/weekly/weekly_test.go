package weekly_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/store/embedded"
	"github.com/powermap/powermap/internal/weekly"
)

// clock is a manual clock: time moves only when the test sets it, and the
// test learns through waiting when the scheduler has gone to sleep.
type clock struct {
	mu      sync.Mutex
	now     time.Time
	timers  []timer
	waiting chan time.Duration
}

type timer struct {
	at time.Time
	ch chan time.Time
}

func newClock(now time.Time) *clock { return &clock{now: now, waiting: make(chan time.Duration, 16)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	ch := make(chan time.Time, 1)
	c.timers = append(c.timers, timer{c.now.Add(d), ch})
	c.mu.Unlock()
	c.waiting <- d
	return ch
}

// set moves the clock to t and fires the timers that are due.
func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
	kept := c.timers[:0]
	for _, tm := range c.timers {
		if !tm.at.After(t) {
			tm.ch <- t
		} else {
			kept = append(kept, tm)
		}
	}
	c.timers = kept
}

// sleeping waits until the scheduler waits on the clock, and returns how
// long it asked to wait.
func (c *clock) sleeping(t *testing.T) time.Duration {
	t.Helper()
	select {
	case d := <-c.waiting:
		return d
	case <-t.Context().Done():
		t.Fatal("the scheduler never waited")
	}
	return 0
}

// newState returns a real store to keep the job's runs.
func newState(t *testing.T) *embedded.Store {
	t.Helper()
	s, err := embedded.Open(t.TempDir(), embedded.WithoutSync())
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// recorder is a job that records the instants it ran for.
type recorder struct {
	mu   sync.Mutex
	runs []time.Time
	fail int // fail this many times first
}

func (r *recorder) job(_ context.Context, at time.Time) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail > 0 {
		r.fail--
		return errors.New("store unavailable")
	}
	r.runs = append(r.runs, at)
	return nil
}

func (r *recorder) got() []time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]time.Time(nil), r.runs...)
}

var ny = func() *time.Location {
	l, err := time.LoadLocation("America/New_York")
	if err != nil {
		return time.FixedZone("EST", -5*3600)
	}
	return l
}()

func at(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, ny) }

// start runs a scheduler in the background until the test ends.
func start(t *testing.T, s *weekly.Scheduler) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	stop = func() {
		cancel()
		select {
		case err := <-done:
			require.NoError(t, err)
		case <-time.After(10 * time.Second):
			t.Fatal("the scheduler did not stop")
		}
	}
	t.Cleanup(func() { cancel() })
	return stop
}

func TestSchedule(t *testing.T) {
	s := weekly.Default(ny)
	assert.Equal(t, "Monday 07:00 America/New_York", s.String())
	// Sunday 29 November 2026, 20:00.
	sun := at(2026, 11, 29, 20)
	assert.Equal(t, at(2026, 11, 30, 7), s.Next(sun))
	assert.Equal(t, at(2026, 11, 23, 7), s.Prev(sun))
	mon7 := at(2026, 11, 30, 7)
	assert.Equal(t, mon7, s.Prev(mon7), "an instant is its own Prev")
	assert.Equal(t, at(2026, 12, 7, 7), s.Next(mon7))
	assert.Equal(t, mon7, s.Prev(mon7.Add(time.Minute)))

	// Daylight saving ends on Sunday 1 November 2026: 07:00 stays 07:00.
	next := s.Next(at(2026, 10, 27, 12))
	assert.Equal(t, at(2026, 11, 2, 7), next)
	assert.Equal(t, 7, next.Hour())
	assert.Equal(t, 7*24*time.Hour+time.Hour, next.Sub(at(2026, 10, 26, 7)), "that week is an hour longer")

	p, err := weekly.ParseSchedule("fri 16:30", time.UTC)
	require.NoError(t, err)
	assert.Equal(t, weekly.Schedule{Weekday: time.Friday, Hour: 16, Minute: 30, Location: time.UTC}, p)
	p, err = weekly.ParseSchedule("Monday 07:00", ny)
	require.NoError(t, err)
	assert.Equal(t, weekly.Default(ny), p)
	for _, bad := range []string{"", "monday", "mon 7", "mon 25:00", "mon 07:60", "someday 07:00", "mon 07:0"} {
		_, err := weekly.ParseSchedule(bad, ny)
		assert.Equal(t, graph.Invalid, graph.CodeOf(err), "%q", bad)
	}
}

// The normal run: last week ran; the service starts on Sunday evening,
// sleeps until Monday 07:00, runs once, and sleeps a week.
func TestNormalRun(t *testing.T) {
	clk := newClock(at(2026, 11, 29, 20))
	state := newState(t)
	require.NoError(t, state.SetLastRun(t.Context(), "outreach", at(2026, 11, 23, 7)))
	rec := &recorder{}
	stop := start(t, &weekly.Scheduler{Name: "outreach", Schedule: weekly.Default(ny), Job: rec.job, State: state, Clock: clk})

	assert.Equal(t, 11*time.Hour, clk.sleeping(t), "nothing to catch up: it sleeps until Monday 07:00")
	assert.Empty(t, rec.got())
	clk.set(at(2026, 11, 30, 7))
	assert.Equal(t, 7*24*time.Hour, clk.sleeping(t))
	assert.Equal(t, []time.Time{at(2026, 11, 30, 7)}, rec.got(), "it ran once, for Monday 07:00")
	last, _ := state.LastRun(t.Context(), "outreach")
	assert.True(t, at(2026, 11, 30, 7).Equal(last), "recorded: %v", last)

	clk.set(at(2026, 12, 7, 7))
	clk.sleeping(t)
	assert.Len(t, rec.got(), 2, "and again the next Monday")
	stop()
}

// The catch-up: the service was down for three Mondays; it starts on a
// Wednesday and runs at once, once, for the latest missed Monday.
func TestCatchUpAfterDowntime(t *testing.T) {
	clk := newClock(at(2026, 12, 2, 15))
	state := newState(t)
	require.NoError(t, state.SetLastRun(t.Context(), "outreach", at(2026, 11, 9, 7)))
	rec := &recorder{}
	stop := start(t, &weekly.Scheduler{Name: "outreach", Schedule: weekly.Default(ny), Job: rec.job, State: state, Clock: clk})
	d := clk.sleeping(t)
	assert.Equal(t, []time.Time{at(2026, 11, 30, 7)}, rec.got(), "one catch-up run, for the latest Monday")
	assert.Equal(t, at(2026, 12, 7, 7).Sub(at(2026, 12, 2, 15)), d, "then it sleeps until next Monday")
	stop()

	// A first start ever counts as a missed run too: this week gets a list.
	rec = &recorder{}
	stop = start(t, &weekly.Scheduler{Name: "fresh", Schedule: weekly.Default(ny), Job: rec.job, State: newState(t), Clock: clk})
	clk.sleeping(t)
	assert.Equal(t, []time.Time{at(2026, 11, 30, 7)}, rec.got())
	stop()
}

// No double run across a restart: the service runs on Monday 07:00, stops,
// and starts again at 09:00 on the same state: nothing runs until next
// Monday.
func TestNoDoubleRunAcrossRestart(t *testing.T) {
	clk := newClock(at(2026, 11, 30, 6))
	state := newState(t)
	require.NoError(t, state.SetLastRun(t.Context(), "outreach", at(2026, 11, 23, 7)))
	rec := &recorder{}
	s := &weekly.Scheduler{Name: "outreach", Schedule: weekly.Default(ny), Job: rec.job, State: state, Clock: clk}
	stop := start(t, s)
	clk.sleeping(t)
	clk.set(at(2026, 11, 30, 7))
	clk.sleeping(t)
	stop()
	require.Len(t, rec.got(), 1)

	clk.set(at(2026, 11, 30, 9))
	stop = start(t, &weekly.Scheduler{Name: "outreach", Schedule: weekly.Default(ny), Job: rec.job, State: state, Clock: clk})
	assert.Equal(t, 7*24*time.Hour-2*time.Hour, clk.sleeping(t))
	assert.Len(t, rec.got(), 1, "the restart did not run the week again")
	clk.set(at(2026, 12, 7, 7))
	clk.sleeping(t)
	assert.Equal(t, []time.Time{at(2026, 11, 30, 7), at(2026, 12, 7, 7)}, rec.got())
	stop()
}

// A failed run is not recorded: it is retried after Retry, then recorded.
func TestRetryAfterFailure(t *testing.T) {
	clk := newClock(at(2026, 11, 30, 7))
	state := newState(t)
	rec := &recorder{fail: 2}
	stop := start(t, &weekly.Scheduler{Name: "outreach", Schedule: weekly.Default(ny), Job: rec.job, State: state, Clock: clk, Retry: 10 * time.Minute})
	assert.Equal(t, 10*time.Minute, clk.sleeping(t), "a failure retries soon")
	last, _ := state.LastRun(t.Context(), "outreach")
	assert.True(t, last.IsZero(), "a failed run is not recorded")
	clk.set(at(2026, 11, 30, 7).Add(10 * time.Minute))
	assert.Equal(t, 10*time.Minute, clk.sleeping(t))
	clk.set(at(2026, 11, 30, 7).Add(20 * time.Minute))
	assert.Equal(t, 7*24*time.Hour-20*time.Minute, clk.sleeping(t))
	assert.Equal(t, []time.Time{at(2026, 11, 30, 7)}, rec.got(), "the run is for the scheduled instant")
	last, _ = state.LastRun(t.Context(), "outreach")
	assert.True(t, at(2026, 11, 30, 7).Equal(last), "recorded: %v", last)
	stop()
}

// The state lives in the store's file: a restart of the process (closing
// and reopening the store) does not run the week again.
func TestStateOnStore(t *testing.T) {
	dir := t.TempDir()
	open := func() *embedded.Store {
		s, err := embedded.Open(dir, embedded.WithoutSync())
		require.NoError(t, err)
		return s
	}
	rec := &recorder{}
	clk := newClock(at(2026, 11, 30, 8))
	st := open()
	sch := &weekly.Scheduler{Name: "weekly-outreach", Schedule: weekly.Default(ny), Job: rec.job, State: st, Clock: clk}
	ran, err := sch.Tick(t.Context())
	require.NoError(t, err)
	assert.True(t, ran)
	require.NoError(t, st.Close())

	st = open()
	defer st.Close()
	sch.State = st
	ran, err = sch.Tick(t.Context())
	require.NoError(t, err)
	assert.False(t, ran, "the run was kept in the store")
	_, due, err := sch.Due(t.Context())
	require.NoError(t, err)
	assert.False(t, due)
	assert.Len(t, rec.got(), 1)
}

func TestRunRefusesBadSetup(t *testing.T) {
	err := (&weekly.Scheduler{Name: "x", Schedule: weekly.Schedule{Hour: 25}, Job: (&recorder{}).job, State: newState(t)}).Run(t.Context())
	assert.Equal(t, graph.Invalid, graph.CodeOf(err))
	err = (&weekly.Scheduler{Name: "x", Schedule: weekly.Default(nil)}).Run(t.Context())
	assert.Equal(t, graph.Invalid, graph.CodeOf(err))
}
