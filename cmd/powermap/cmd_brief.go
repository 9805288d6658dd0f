package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/powermap/powermap/internal/app"
	"github.com/powermap/powermap/internal/brief"
)

func briefCommand() *command {
	var official, formatName, out string
	return &command{
		name:    "brief",
		summary: "the one-page brief to carry into a meeting with an official (HTML, PDF or JSON)",
		usage:   "brief --official REF [--format html|pdf|json] [--out FILE]",
		help: `Brief writes the legislator brief: one printable page about an official
to carry into a meeting with them. It answers the organizing method's
questions in order:

  1. their agenda: recorded stances on issues, committee seats
  2. who funds them: the top PACs and individual donors by cycle, with
     totals (gifts to them and to the campaign committees they lead, as
     the FEC import records them)
  3. their inner circle, with roles
  4. who we know: our best introduction paths, direct ties first
  5. our history with them: the organizing log with them and their staff,
     commitments, follow-ups owed
  6. our constituents in their district (ours named; clients and private
     contacts only counted, and only for editors and admins)
  7. the open asks: our active campaigns that target them

A REF is an id or a name that matches exactly one official.

Formats:
  html  a self-contained page (CSS inside) that prints on at most two A4 or
        Letter pages; open it in a browser and print, or send it
  pdf   that page printed by headless Chromium; needs Chromium or Google
        Chrome on PATH (chromium, chromium-browser, google-chrome) or
        CHROMIUM=/path/to/chrome, and --out
  json  the brief as the API answers GET /api/v1/entities/{id}/brief

The brief shows what the caller may see: --as viewer leaves out every
client and private record, from names and from counts and totals alike.

Examples:
  powermap brief --official "Zoë Gingerhook" --out gingerhook.html
  powermap --as viewer brief --official sen-03 --format pdf --out public.pdf
  powermap brief --official sen-03 --format json | jq .funding`,
		flags: func(fs *flag.FlagSet, m *Main) {
			fs.StringVar(&official, "official", "", "the official (`REF`: an id or unique name; required)")
			fs.StringVar(&formatName, "format", "html", "`FORMAT`: html, pdf or json")
			fs.StringVar(&out, "out", "", "write to this `FILE` (default: standard output; pdf needs it)")
		},
		run: func(ctx context.Context, m *Main, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected argument %q (name the official with --official)", args[0])
			}
			if official == "" {
				return usagef("--official is required")
			}
			chromium := ""
			switch formatName {
			case "html", "json":
			case "pdf":
				if out == "" {
					return usagef("--format pdf writes a file: give --out FILE.pdf")
				}
				var err error
				if chromium, err = brief.FindChromium(m.Getenv); err != nil {
					return err
				}
			default:
				return usagef("--format must be html, pdf or json, not %q", formatName)
			}
			return m.withApp(ctx, m.openReadOnly, "", func(a *app.App) error {
				b, err := a.Brief(ctx, m.caller(), official)
				if err != nil {
					return err
				}
				write := func(w io.Writer) error {
					if formatName == "json" {
						enc := json.NewEncoder(w)
						enc.SetIndent("", "  ")
						return enc.Encode(b)
					}
					return brief.WriteHTML(w, b)
				}
				switch {
				case formatName == "pdf":
					var page bytes.Buffer
					if err := brief.WriteHTML(&page, b); err != nil {
						return err
					}
					if err := brief.WritePDF(ctx, chromium, page.Bytes(), out); err != nil {
						return err
					}
				case out == "":
					return write(m.Stdout)
				default:
					if err := writeFile(out, write); err != nil {
						return err
					}
				}
				fmt.Fprintf(m.Stderr, "wrote the brief of %s to %s\n", b.Official.Name, out)
				return nil
			})
		},
	}
}
