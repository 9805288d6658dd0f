// Command powermap is the power-mapping engine and service for community
// organizers: it serves the API and web UI, imports and exports maps, and
// answers "who knows X?" and "who holds influence?" from the command line.
//
// main stays thin: it reads flags and the environment into a Config, wires
// the concrete parts by hand, and runs one command.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := NewMain()
	os.Exit(m.Run(ctx, os.Args[1:]))
}

// Exit codes.
const (
	exitOK      = 0
	exitRuntime = 1
	exitUsage   = 2
)

// Main holds what every command needs: output streams, the environment and
// the configuration built from flags and environment.
type Main struct {
	Stdout io.Writer
	Stderr io.Writer
	Stdin  io.Reader
	// Getenv reads the environment (os.Getenv in production).
	Getenv func(string) string
	Config Config
	// serving is set by the serve command: it logs at info by default, and
	// an embedded store keeps its change log.
	serving bool
}

// NewMain returns a Main wired to the process's streams and environment.
func NewMain() *Main {
	return &Main{Stdout: os.Stdout, Stderr: os.Stderr, Stdin: os.Stdin, Getenv: os.Getenv}
}

// command is one subcommand of powermap.
type command struct {
	name    string
	summary string
	// usage is the synopsis line after "powermap".
	usage string
	// help explains the command and gives examples.
	help string
	// flags registers the command's own flags; run gets the positional
	// arguments.
	flags func(fs *flag.FlagSet, m *Main)
	run   func(ctx context.Context, m *Main, args []string) error
}

func (m *Main) commands() []*command {
	return []*command{
		serveCommand(), importCommand(), exportCommand(), demoCommand(),
		pathsCommand(), rankCommand(), tokenCommand(), versionCommand(),
		campaignCommand(), logCommand(), gridCommand(), outreachCommand(), briefCommand(),
		dedupeCommand(), giversCommand(),
		eventCommand(), driveCommand(), turnoutCommand(), questionsCommand(), speakerCommand(),
		leadersCommand(), ballotCommand(), backupCommand(), restoreCommand(),
	}
}

// usageError is an error in how powermap was called: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// Run runs powermap with args (without the program name) and returns the
// exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	m.Config = DefaultConfig()
	m.Config.FromEnv(m.Getenv)

	global := flag.NewFlagSet("powermap", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	m.Config.globalFlags(global)
	help := global.Bool("help", false, "")
	global.BoolVar(help, "h", false, "")
	if err := global.Parse(args); err != nil {
		fmt.Fprintf(m.Stderr, "powermap: %v\n\n", err)
		m.printUsage(m.Stderr)
		return exitUsage
	}
	rest := global.Args()
	if *help || len(rest) == 0 || rest[0] == "help" && len(rest) == 1 {
		m.printUsage(m.Stdout)
		if len(rest) == 0 && !*help {
			return exitUsage
		}
		return exitOK
	}
	name := rest[0]
	if name == "help" {
		name, rest = rest[1], []string{rest[1], "--help"}
	}
	cmd := m.lookup(name)
	if cmd == nil {
		fmt.Fprintf(m.Stderr, "powermap: unknown command %q\n\n", name)
		m.printUsage(m.Stderr)
		return exitUsage
	}

	fs := flag.NewFlagSet("powermap "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	m.Config.globalFlags(fs)
	if cmd.flags != nil {
		cmd.flags(fs, m)
	}
	positional, err := parseInterleaved(fs, rest[1:])
	if errors.Is(err, flag.ErrHelp) {
		m.printCommandHelp(m.Stdout, cmd, fs)
		return exitOK
	}
	if err == nil {
		err = m.Config.Validate()
	}
	if err == nil {
		err = cmd.run(ctx, m, positional)
	}
	return m.report(cmd, fs, err)
}

// report prints err and picks the exit code.
func (m *Main) report(cmd *command, fs *flag.FlagSet, err error) int {
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue) || isFlagError(err) || errors.Is(err, app.ErrAmbiguous):
		fmt.Fprintf(m.Stderr, "powermap %s: %v\n\nusage: powermap %s\nRun 'powermap %s --help' for details and examples.\n", cmd.name, err, cmd.usage, cmd.name)
		return exitUsage
	default:
		printError(m.Stderr, "powermap "+cmd.name, err)
		if graph.CodeOf(err) == graph.Unavailable && m.Config.Neo4j.URI != "" {
			fmt.Fprintf(m.Stderr, "  (is Neo4j running at %s? check NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD)\n", m.Config.Neo4j.URI)
		}
		return exitRuntime
	}
}

// printError writes err for a person: the user-facing message and every
// detail, and the internal cause only when there is no message.
func printError(w io.Writer, prefix string, err error) {
	msg := graph.MessageOf(err)
	if msg == "" {
		msg = err.Error()
	}
	fmt.Fprintf(w, "%s: %s\n", prefix, msg)
	details := graph.DetailsOf(err)
	for i, d := range details {
		if i == 50 {
			fmt.Fprintf(w, "  ... and %d more\n", len(details)-50)
			break
		}
		fmt.Fprintf(w, "  %s\n", d)
	}
}

// flagError marks errors from flag parsing.
type flagError struct{ error }

func isFlagError(err error) bool {
	var fe flagError
	return errors.As(err, &fe)
}

// parseInterleaved parses flags that may come before, between or after the
// positional arguments: `powermap import PATH --format csv` works too. A
// lone "--" ends the flags.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, flagError{err}
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

func (m *Main) lookup(name string) *command {
	for _, c := range m.commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

func (m *Main) printUsage(w io.Writer) {
	fmt.Fprint(w, `powermap maps who holds power and who can reach them.

usage: powermap [--data DIR] COMMAND [flags] [args]

Commands:
`)
	cmds := m.commands()
	sort.Slice(cmds, func(i, j int) bool { return cmds[i].name < cmds[j].name })
	for _, c := range cmds {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Storage: the embedded store in --data DIR (default ./powermap-data) unless
NEO4J_URI is set; then Neo4j, with NEO4J_USER, NEO4J_PASSWORD and
NEO4J_DATABASE. import, demo, serve, log, token create and campaign create
make the embedded store when it is not there yet; the other commands need
one.

Start here:
  powermap serve --demo          serve the demo map at http://127.0.0.1:8080
  powermap paths --to "Fenna Oakenshield"
  powermap COMMAND --help        details and examples for one command

Exit codes: 0 success, 1 runtime error, 2 usage error.
`)
}

// printCommandHelp writes a command's help: what it is for, details and
// examples, then its own flags and the global ones, each with its default.
func (m *Main) printCommandHelp(w io.Writer, c *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: powermap %s\n\n%s\n", c.usage, strings.TrimSpace(c.help))
	var cfg Config
	global := flag.NewFlagSet("", flag.ContinueOnError)
	cfg.globalFlags(global)
	var own, shared []*flag.Flag
	fs.VisitAll(func(f *flag.Flag) {
		if global.Lookup(f.Name) != nil {
			shared = append(shared, f)
		} else {
			own = append(own, f)
		}
	})
	if len(own) > 0 {
		fmt.Fprintln(w, "\nFlags:")
		printFlags(w, own)
	}
	fmt.Fprintln(w, "\nGlobal flags, for every command:")
	printFlags(w, shared)
}

// printFlags lists flags as they are typed, --name VALUE, each with its
// usage and, when it is not the zero value, its default.
func printFlags(w io.Writer, flags []*flag.Flag) {
	for _, f := range flags {
		arg, usage := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if len(f.Name) == 1 {
			line = "  -" + f.Name
		}
		if arg != "" {
			line += " " + arg
		}
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			def := f.DefValue
			if g, ok := f.Value.(flag.Getter); ok {
				if _, isString := g.Get().(string); isString {
					def = strconv.Quote(def)
				}
			}
			usage += " (default " + def + ")"
		}
		fmt.Fprintf(w, "%s\n      %s\n", line, usage)
	}
}
