package graph

import (
	"fmt"
	"time"
)

// Date is a calendar date with a precision: a year, a month or a day. Public
// records often give only a year ("since 2014").
type Date struct {
	t         time.Time
	precision int // 0 none, 1 year, 2 month, 3 day
}

// ParseDate parses YYYY, YYYY-MM or YYYY-MM-DD. The empty string gives the
// zero Date and no error.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	layouts := []struct {
		layout    string
		precision int
	}{{"2006-01-02", 3}, {"2006-01", 2}, {"2006", 1}}
	for _, l := range layouts {
		if len(s) != len(l.layout) {
			continue
		}
		if t, err := time.Parse(l.layout, s); err == nil {
			return Date{t: t, precision: l.precision}, nil
		}
	}
	return Date{}, fmt.Errorf("%q is not a date (want YYYY, YYYY-MM or YYYY-MM-DD)", s)
}

// IsZero reports whether d is the empty date.
func (d Date) IsZero() bool { return d.precision == 0 }

// Start is the first instant d covers.
func (d Date) Start() time.Time { return d.t }

// End is the last instant d covers: the end of its year, month or day.
func (d Date) End() time.Time {
	switch d.precision {
	case 1:
		return d.t.AddDate(1, 0, 0).Add(-time.Nanosecond)
	case 2:
		return d.t.AddDate(0, 1, 0).Add(-time.Nanosecond)
	case 3:
		return d.t.AddDate(0, 0, 1).Add(-time.Nanosecond)
	}
	return d.t
}

// Current reports whether a relationship with the given until date is still
// current at time now: an empty until is current, and so is an until that
// covers now or lies in the future. An unparsable until counts as current.
func Current(until string, now time.Time) bool {
	d, err := ParseDate(until)
	if err != nil || d.IsZero() {
		return true
	}
	return !d.End().Before(now)
}
