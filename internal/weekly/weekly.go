// Package weekly runs a job once a week at a fixed local time, by default
// Monday 07:00 in the organizers' time zone: powermap uses it to compute
// and save every active campaign's outreach list.
//
// The last run is kept in a State (the campaign store), keyed by the job's
// name, so that a run missed while the service was down is caught up when
// it starts, and a restart never runs the same week twice. Time comes from
// an injected Clock, so the schedule is tested without sleeping.
package weekly

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/powermap/powermap/graph"
)

// Schedule is a weekly instant: a weekday and a time of day in a location.
type Schedule struct {
	Weekday time.Weekday
	Hour    int
	Minute  int
	// Location is the time zone the instant is read in; nil means UTC.
	Location *time.Location
}

// Default is Monday 07:00 in loc.
func Default(loc *time.Location) Schedule {
	return Schedule{Weekday: time.Monday, Hour: 7, Location: loc}
}

// ParseSchedule reads "Mon 07:00" (a weekday's English name or its first
// three letters, any case, and a 24-hour time) in loc. Anything else is an
// Invalid error on field "schedule".
func ParseSchedule(s string, loc *time.Location) (Schedule, error) {
	bad := func() (Schedule, error) {
		reason := "must be a weekday and a time such as \"Mon 07:00\", got " + strconv.Quote(s)
		return Schedule{}, &graph.Error{Code: graph.Invalid, Message: "schedule " + reason, Details: []graph.Detail{{Field: "schedule", Reason: reason}}}
	}
	day, clock, ok := strings.Cut(strings.TrimSpace(s), " ")
	if !ok {
		return bad()
	}
	sc := Schedule{Location: loc, Weekday: -1}
	for d := time.Sunday; d <= time.Saturday; d++ {
		name := strings.ToLower(d.String())
		if l := strings.ToLower(day); l == name || l == name[:3] {
			sc.Weekday = d
		}
	}
	hh, mm, ok := strings.Cut(strings.TrimSpace(clock), ":")
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	if sc.Weekday < 0 || !ok || err1 != nil || err2 != nil || len(mm) != 2 {
		return bad()
	}
	sc.Hour, sc.Minute = h, m
	if sc.Validate() != nil {
		return bad()
	}
	return sc, nil
}

// Validate checks the time of day.
func (s Schedule) Validate() error {
	if s.Weekday < time.Sunday || s.Weekday > time.Saturday || s.Hour < 0 || s.Hour > 23 || s.Minute < 0 || s.Minute > 59 {
		return graph.Errorf("weekly.Schedule", graph.Invalid, "invalid weekly schedule %s", s)
	}
	return nil
}

// String renders "Monday 07:00 UTC".
func (s Schedule) String() string {
	return fmt.Sprintf("%s %02d:%02d %s", s.Weekday, s.Hour, s.Minute, s.loc())
}

func (s Schedule) loc() *time.Location {
	if s.Location == nil {
		return time.UTC
	}
	return s.Location
}

// on returns the scheduled instant in the week of day d (d's date in the
// schedule's location). Wall-clock arithmetic keeps 07:00 at 07:00 across
// daylight-saving changes.
func (s Schedule) on(d time.Time) time.Time {
	d = d.In(s.loc())
	delta := (int(s.Weekday) - int(d.Weekday()) + 7) % 7
	day := time.Date(d.Year(), d.Month(), d.Day()+delta, 0, 0, 0, 0, s.loc())
	return time.Date(day.Year(), day.Month(), day.Day(), s.Hour, s.Minute, 0, 0, s.loc())
}

// Prev returns the latest scheduled instant at or before t.
func (s Schedule) Prev(t time.Time) time.Time {
	at := s.on(t)
	for at.After(t) {
		at = s.on(at.AddDate(0, 0, -7))
	}
	return at
}

// Next returns the earliest scheduled instant after t.
func (s Schedule) Next(t time.Time) time.Time {
	at := s.on(t)
	for !at.After(t) {
		at = s.on(at.AddDate(0, 0, 7))
	}
	return at
}

// Clock is the time source of a Scheduler.
type Clock interface {
	Now() time.Time
	// After sends the time once d has passed, like time.After.
	After(d time.Duration) <-chan time.Time
}

// SystemClock is the real clock.
func SystemClock() Clock { return systemClock{} }

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// State keeps when each named job last ran, and who is running it now;
// graph.CampaignStore is one. When several servers share one store, the
// claim makes exactly one of them run each scheduled instant.
type State interface {
	LastRun(ctx context.Context, job string) (time.Time, error)
	SetLastRun(ctx context.Context, job string, at time.Time) error
	ClaimRun(ctx context.Context, job string, at time.Time, holder string, now, until time.Time) (bool, error)
}

var _ State = graph.CampaignStore(nil)

// Job is the work of one run; at is the scheduled instant it runs for.
type Job func(ctx context.Context, at time.Time) error

// DefaultRetry is how long a Scheduler waits after a failed run before
// trying again.
const DefaultRetry = 15 * time.Minute

// DefaultLease is how long a claim on a run lasts: another server takes the
// run over only when the one that claimed it has not finished by then (it
// died mid-run).
const DefaultLease = time.Hour

// Scheduler runs a Job on a Schedule. Set its fields, then call Run.
type Scheduler struct {
	// Name keys the job's last run in State.
	Name     string
	Schedule Schedule
	Job      Job
	State    State
	// Holder names this process in its claims on a run (default: a random
	// id made once per Scheduler).
	Holder string
	// Clock defaults to SystemClock, Logger to discarding, Retry to
	// DefaultRetry, Lease to DefaultLease.
	Clock  Clock
	Logger *slog.Logger
	Retry  time.Duration
	Lease  time.Duration

	once sync.Once
}

func (s *Scheduler) holder() string {
	s.once.Do(func() {
		if s.Holder == "" {
			s.Holder = graph.RandomID(12)
		}
	})
	return s.Holder
}

func (s *Scheduler) clock() Clock {
	if s.Clock == nil {
		return SystemClock()
	}
	return s.Clock
}

func (s *Scheduler) log() *slog.Logger {
	if s.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Logger
}

// Due returns the scheduled instant that should have run by now, and
// whether it has not run yet: the latest instant at or before now, when the
// last recorded run is earlier than it (or there is none).
func (s *Scheduler) Due(ctx context.Context) (time.Time, bool, error) {
	at := s.Schedule.Prev(s.clock().Now())
	last, err := s.State.LastRun(ctx, s.Name)
	if err != nil {
		return at, false, err
	}
	return at, last.Before(at), nil
}

// Tick runs the job once if a scheduled instant is due, has not run, and
// no other server sharing the store has claimed it, and records it; it
// reports whether it ran. A failed job is not recorded, so that it runs
// again. Several missed weeks make one run, for the latest.
func (s *Scheduler) Tick(ctx context.Context) (bool, error) {
	at, due, err := s.Due(ctx)
	if err != nil || !due {
		return false, err
	}
	lease := s.Lease
	if lease <= 0 {
		lease = DefaultLease
	}
	now := s.clock().Now()
	claimed, err := s.State.ClaimRun(ctx, s.Name, at, s.holder(), now, now.Add(lease))
	if err != nil || !claimed {
		if !claimed && err == nil {
			s.log().InfoContext(ctx, "weekly job: another server runs it", "job", s.Name, "scheduled", at)
		}
		return false, err
	}
	log := s.log().With("job", s.Name, "scheduled", at)
	log.InfoContext(ctx, "weekly job: running")
	if err := s.Job(ctx, at); err != nil {
		log.ErrorContext(ctx, "weekly job: failed; will retry", "err", err)
		return true, err
	}
	if err := s.State.SetLastRun(ctx, s.Name, at); err != nil {
		log.ErrorContext(ctx, "weekly job: ran, but its run could not be recorded", "err", err)
		return true, err
	}
	log.InfoContext(ctx, "weekly job: done")
	return true, nil
}

// Run catches up a missed run at once, then runs the job at every
// scheduled instant until ctx is done, when it returns nil. It returns an
// error only for a bad schedule or a missing job or state.
func (s *Scheduler) Run(ctx context.Context) error {
	const op = "weekly.Run"
	if err := s.Schedule.Validate(); err != nil {
		return err
	}
	if s.Job == nil || s.State == nil || s.Name == "" {
		return graph.Errorf(op, graph.Invalid, "a weekly scheduler needs a name, a job and a state")
	}
	retry := s.Retry
	if retry <= 0 {
		retry = DefaultRetry
	}
	clock := s.clock()
	s.log().InfoContext(ctx, "weekly job scheduled", "job", s.Name, "schedule", s.Schedule.String(), "next", s.Schedule.Next(clock.Now()))
	for {
		_, err := s.Tick(ctx)
		if ctx.Err() != nil {
			return nil
		}
		now := clock.Now()
		wait := s.Schedule.Next(now).Sub(now)
		if err != nil && retry < wait {
			wait = retry
		}
		select {
		case <-ctx.Done():
			return nil
		case <-clock.After(wait):
		}
	}
}
