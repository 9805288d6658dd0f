package neo4j

import (
	"context"
	"errors"
	"net"
	"strings"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/powermap/powermap/graph"
)

// msgUnavailable is the user-facing message of every error that comes from
// not reaching Neo4j; the cause stays in Error.Err, for the logs.
const msgUnavailable = "store unavailable"

// wrap turns an error from the driver, from ctx or from this package into a
// *graph.Error that names op and carries a code. A *graph.Error passes
// through with op added when it has none.
func wrap(ctx context.Context, op string, err error) error {
	if err == nil {
		return nil
	}
	var ge *graph.Error
	if errors.As(err, &ge) && ge.Code != "" {
		if ge.Op == "" {
			ge.Op = op
		}
		return err
	}
	// The driver reports a cancelled context in several shapes (a
	// connectivity error, a usage error); the context itself is the truth.
	if cerr := ctx.Err(); cerr != nil {
		return &graph.Error{Op: op, Code: graph.Unavailable, Message: "request " + cancelWord(cerr), Err: cerr}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &graph.Error{Op: op, Code: graph.Unavailable, Message: "request " + cancelWord(err), Err: err}
	}
	code, msg := classify(err)
	return &graph.Error{Op: op, Code: code, Message: msg, Err: err}
}

func cancelWord(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "timed out"
	}
	return "cancelled"
}

// classify maps a driver error to a code and a user-facing message.
func classify(err error) (graph.Code, string) {
	var limit *driver.TransactionExecutionLimit
	if errors.As(err, &limit) {
		// Retries ran out; the last attempt tells why.
		if n := len(limit.Errors); n > 0 {
			if code, msg := classify(limit.Errors[n-1]); code != graph.Internal {
				return code, msg
			}
		}
		return graph.Unavailable, msgUnavailable
	}
	var conn *driver.ConnectivityError
	if errors.As(err, &conn) {
		return graph.Unavailable, msgUnavailable
	}
	var auth *driver.InvalidAuthenticationError
	if errors.As(err, &auth) {
		return graph.Unavailable, msgUnavailable
	}
	var dbErr *driver.Neo4jError
	if errors.As(err, &dbErr) {
		switch {
		case dbErr.Code == "Neo.ClientError.Schema.ConstraintValidationFailed":
			return graph.Conflict, "a record with this id already exists"
		case strings.HasPrefix(dbErr.Code, "Neo.ClientError.Security."),
			strings.HasPrefix(dbErr.Code, "Neo.TransientError."),
			dbErr.Code == "Neo.ClientError.Database.DatabaseNotFound",
			dbErr.Code == "Neo.ClientError.Cluster.NotALeader",
			dbErr.Code == "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase":
			return graph.Unavailable, msgUnavailable
		case strings.HasPrefix(dbErr.Code, "Neo.ClientError.Transaction.TransactionTimedOut"):
			return graph.Unavailable, "request timed out"
		}
		return graph.Internal, "store error"
	}
	var netErr net.Error
	if errors.As(err, &netErr) {
		return graph.Unavailable, msgUnavailable
	}
	// The pool's own errors are internal types of the driver; recognise
	// them by their text.
	text := err.Error()
	for _, s := range []string{
		"connection refused",
		"Timeout while waiting for connection",
		"No idle connections",
		"Pool closed",
		"closed driver",
		"could not find any servers",
		"i/o timeout",
		"broken pipe",
		"connection reset",
		"EOF",
	} {
		if strings.Contains(text, s) {
			return graph.Unavailable, msgUnavailable
		}
	}
	return graph.Internal, "store error"
}
