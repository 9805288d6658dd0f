package http

import (
	"context"
	"errors"
	nethttp "net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/app"
)

// errorBody is the one JSON shape of every error response.
type errorBody struct {
	Error errorPayload `json:"error"`
}

type errorPayload struct {
	Code      graph.Code     `json:"code"`
	Message   string         `json:"message"`
	Details   []graph.Detail `json:"details,omitempty"`
	RequestID string         `json:"request_id,omitempty"`
}

// errPrecondition marks a Conflict caused by a stale If-Match header, so that
// it is answered 412 rather than 409.
var errPrecondition = app.ErrPrecondition

// errMediaType marks an Invalid error about the body's Content-Type, so that
// it is answered 415 rather than 400.
var errMediaType = errors.New("unsupported media type")

// statusOf is the only place where error codes become HTTP statuses.
func statusOf(err error, code graph.Code) int {
	switch code {
	case graph.Invalid:
		if errors.Is(err, errMediaType) {
			return nethttp.StatusUnsupportedMediaType
		}
		return nethttp.StatusBadRequest
	case graph.NotFound:
		return nethttp.StatusNotFound
	case graph.Conflict:
		if errors.Is(err, errPrecondition) {
			return nethttp.StatusPreconditionFailed
		}
		return nethttp.StatusConflict
	case graph.Unauthorized:
		return nethttp.StatusUnauthorized
	case graph.Forbidden:
		return nethttp.StatusForbidden
	case graph.Unavailable:
		return nethttp.StatusServiceUnavailable
	case graph.TooLarge:
		return nethttp.StatusRequestEntityTooLarge
	}
	return nethttp.StatusInternalServerError
}

// codeOf classifies err. It extends graph.CodeOf: a request body over its cap
// is TooLarge, and a timed-out or cancelled context is Unavailable.
func codeOf(err error) graph.Code {
	var tooBig *nethttp.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return graph.TooLarge
	}
	code := graph.CodeOf(err)
	if code == graph.Internal && (errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)) {
		return graph.Unavailable
	}
	return code
}

// defaultMessages are shown when an error carries no user-facing message.
var defaultMessages = map[graph.Code]string{
	graph.Invalid:      "the request is invalid",
	graph.NotFound:     "not found",
	graph.Conflict:     "the record changed since it was read",
	graph.Unauthorized: "a valid API token or session is required",
	graph.Forbidden:    "your role does not allow this",
	graph.Unavailable:  "the store is unavailable; try again shortly",
	graph.TooLarge:     "the request body is too large",
	graph.Internal:     "internal error",
}

// writeError builds every error response of the API. Internal errors are
// logged with the request id and answered with a generic message; the text
// of any error without a user-facing message is never sent. It aborts the
// gin chain.
func (s *Server) writeError(c *gin.Context, err error) {
	code := codeOf(err)
	status := statusOf(err, code)
	rid := requestID(c)
	log := s.logger(c)

	msg := graph.MessageOf(err)
	var details []graph.Detail
	switch code {
	case graph.Internal:
		log.Error("internal error", "err", err.Error(), "route", c.FullPath(), "method", c.Request.Method)
		msg = ""
	case graph.Unavailable:
		s.metrics.storeErrors.WithLabelValues(string(code)).Inc()
		log.Warn("store unavailable", "err", err.Error(), "route", c.FullPath())
		msg = "" // the cause may name hosts or drivers
	case graph.TooLarge:
		if msg == "" {
			msg = "the request body is larger than " + strconv.FormatInt(s.bodyLimitFor(c), 10) + " bytes"
		}
	default:
		details = graph.DetailsOf(err)
		log.Debug("request refused", "code", code, "err", err.Error())
	}
	if msg == "" {
		msg = defaultMessages[code]
	}
	switch code {
	case graph.Unauthorized:
		c.Header("WWW-Authenticate", `Bearer realm="powermap"`)
	case graph.Unavailable:
		c.Header("Retry-After", "5")
	}
	if c.Request.Context().Err() == context.Canceled && code == graph.Unavailable {
		// The client went away: nobody reads the answer.
		c.AbortWithStatus(499)
		return
	}
	c.AbortWithStatusJSON(status, errorBody{Error: errorPayload{Code: code, Message: msg, Details: details, RequestID: rid}})
}
