package main

import (
	"context"
	"time"

	"github.com/powermap/powermap/internal/app"
)

// caller is who the command acts as.
func (m *Main) caller() app.Caller {
	c := app.Admin
	if m.Config.As != "" {
		c.Role = m.Config.As
	}
	return c
}

// newApp wires the use-case layer over an open store, in the organizers'
// time zone.
func (m *Main) newApp(s backend) (*app.App, error) {
	loc, err := m.timeZone("")
	if err != nil {
		return nil, err
	}
	return app.New(app.Deps{Store: s, Accounts: s, Formats: formats(s), Location: loc, Logger: m.Logger(),
		Now: func() time.Time { return time.Now().In(loc) }})
}

// withApp opens the store with open (m.openStore, or m.openReadOnly for a
// command that only reads), wires the app over it, and runs fn.
func (m *Main) withApp(ctx context.Context, open func(context.Context) (backend, error), fn func(a *app.App) error) error {
	s, err := open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	a, err := m.newApp(s)
	if err != nil {
		return err
	}
	return fn(a)
}
