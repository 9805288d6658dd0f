package main

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/powermap/powermap/graph"
)

func tokenCommand() *command {
	var (
		role string
		name string
	)
	return &command{
		name:    "token",
		summary: "create, list and revoke API tokens",
		usage:   "token create --role viewer|editor|admin --name NAME | token list | token revoke ID",
		help: `Token makes, lists and revokes the API tokens that let people and scripts
use the API and sign in to the web UI.

A viewer reads; an editor also writes and imports; an admin also manages
tokens and reads the audit log. A new token's secret is printed once: only a
hash of it is kept.

Examples:
  powermap token create --role editor --name "Maria (field organizer)"
  powermap token list
  powermap token revoke tok_3f9a1c2b`,
		flags: func(fs *flag.FlagSet, m *Main) {
			fs.StringVar(&role, "role", "viewer", "the `ROLE` of a new token: viewer, editor or admin")
			fs.StringVar(&name, "name", "", "who or what the new token is for")
		},
		run: func(ctx context.Context, m *Main, args []string) error {
			if len(args) == 0 {
				return usagef("give a subcommand: create, list or revoke")
			}
			sub, args := args[0], args[1:]
			switch sub {
			case "create", "list":
				if len(args) > 0 {
					return usagef("token %s takes no arguments", sub)
				}
			case "revoke":
				if len(args) != 1 {
					return usagef("token revoke takes one token ID")
				}
			default:
				return usagef("unknown subcommand %q: want create, list or revoke", sub)
			}
			var r graph.Role
			if sub == "create" {
				var err error
				if r, err = graph.ParseRole(role); err != nil {
					return usagef("--role: %s", errorText(err))
				}
				if name == "" {
					return usagef("--name is required: say who the token is for")
				}
			}
			open := m.openExisting // revoke changes a token
			switch sub {
			case "create":
				open = m.openStore
			case "list":
				open = m.openReadOnly
			}
			s, err := open(ctx)
			if err != nil {
				return err
			}
			defer s.Close()
			now := time.Now()
			switch sub {
			case "create":
				secret, t, err := graph.NewToken(name, r, now)
				if err != nil {
					return err
				}
				if err := s.CreateToken(ctx, t, graph.AuditEntry{At: now, Actor: "cli", Action: "token.create", Target: t.ID,
					Details: map[string]string{"name": t.Name, "role": string(t.Role)}}); err != nil {
					return err
				}
				fmt.Fprintf(m.Stderr, "created %s token %s for %q; the secret below is shown only once:\n", t.Role, t.ID, t.Name)
				fmt.Fprintln(m.Stdout, secret)
			case "list":
				ts, err := s.Tokens(ctx)
				if err != nil {
					return err
				}
				tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tROLE\tNAME\tCREATED\tSTATUS")
				for _, t := range ts {
					status := "active"
					if !t.Active() {
						status = "revoked " + t.RevokedAt.Format(time.DateOnly)
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", t.ID, t.Role, t.Name, t.CreatedAt.Format(time.DateOnly), status)
				}
				return tw.Flush()
			case "revoke":
				if _, err := s.RevokeToken(ctx, args[0], now, graph.AuditEntry{At: now, Actor: "cli", Action: "token.revoke", Target: args[0]}); err != nil {
					return err
				}
				fmt.Fprintf(m.Stdout, "revoked %s\n", args[0])
			}
			return nil
		},
	}
}
