package app

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/graph/outreach"
	"github.com/powermap/powermap/graph/rank"
	"github.com/powermap/powermap/graph/snapshot"
	"github.com/powermap/powermap/internal/format"
)

// Caller is who asks: the audit log's name for them, and their role.
type Caller struct {
	// Actor names the caller in the audit log: "tok_1a2b (alice)", "cli".
	Actor string
	Role  graph.Role
}

// Admin is the caller the command line acts as unless told otherwise.
var Admin = Caller{Actor: "cli", Role: graph.RoleAdmin}

// seesAll reports whether the caller sees hidden records: editors and
// admins do.
func (c Caller) seesAll() bool { return c.Role.Allows(graph.RoleEditor) }

// Deps are what an App is wired to. Store is required; the rest is
// optional.
type Deps struct {
	Store graph.Store
	// Accounts keeps the audit log; nil records no audit.
	Accounts graph.AccountStore
	// Snapshots keeps the analysis snapshot of Store; nil makes one.
	Snapshots *snapshot.Manager
	// Formats offers the import and export formats; nil offers the
	// built-in ones without the FEC crosswalk.
	Formats *format.Registry
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Location is the organizers' time zone, where weeks start; nil means
	// the clock's location.
	Location *time.Location
	// Logger receives logs; nil discards them.
	Logger *slog.Logger
}

// App answers every question and makes every write, for a caller. It is
// safe for concurrent use.
type App struct {
	store    graph.Store
	accounts graph.AccountStore
	formats  *format.Registry
	now      func() time.Time
	loc      *time.Location
	log      *slog.Logger

	// all is what editors and admins see; public what viewers see.
	all, public *view
	// fence is the store version that viewers' analysis must have reached:
	// the version after the last write that may have hidden a record.
	fence atomic.Uint64
	// review caches the review queue's pairs (review.go).
	review reviewCache
}

// view is the stores, and what is computed from them, as one audience
// sees them.
type view struct {
	store     graph.Store
	campaigns graph.CampaignStore // nil when the store keeps none
	snapshots *snapshot.Manager
	outreach  *outreach.Service
	ranks     rankCache
	givers    giversCache
}

// New wires an App.
func New(d Deps) (*App, error) {
	const op = "app.New"
	if d.Store == nil {
		return nil, graph.Errorf(op, graph.Invalid, "a store is required")
	}
	a := &App{store: d.Store, accounts: d.Accounts, formats: d.Formats, now: d.Now, loc: d.Location, log: d.Logger}
	if a.now == nil {
		a.now = time.Now
	}
	if a.loc == nil {
		a.loc = a.now().Location()
	}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	if a.formats == nil {
		a.formats = format.NewRegistry(nil, nil)
	}
	snaps := d.Snapshots
	if snaps == nil {
		snaps = snapshot.NewManager(d.Store, snapshot.Options{}, a.log)
	}
	cs, _ := d.Store.(graph.CampaignStore)
	a.all = a.newView(d.Store, cs, snaps)
	ps := &publicStore{s: d.Store}
	var pcs graph.CampaignStore
	if cs != nil {
		pcs = &publicCampaigns{cs: cs, store: ps}
	}
	a.public = a.newView(ps, pcs, snapshot.NewDerived(ps, snaps, withoutHidden, a.log))
	return a, nil
}

func (a *App) newView(s graph.Store, cs graph.CampaignStore, snaps *snapshot.Manager) *view {
	v := &view{store: s, campaigns: cs, snapshots: snaps}
	if cs != nil {
		v.outreach = &outreach.Service{Graph: s, Campaigns: cs, Now: a.now, Location: a.loc, Logger: a.log}
	}
	return v
}

// Snapshots returns the manager of the full snapshot (for metrics and the
// weekly job).
func (a *App) Snapshots() *snapshot.Manager { return a.all.snapshots }

// Store returns the store the App writes to.
func (a *App) Store() graph.Store { return a.store }

// viewOf returns what the caller sees.
func (a *App) viewOf(c Caller) *view {
	if c.seesAll() {
		return a.all
	}
	return a.public
}

// snapshot returns the analysis snapshot the caller sees. A viewer's is
// never older than the last write that hid a record.
func (a *App) snapshot(ctx context.Context, c Caller) (*snapshot.Snapshot, error) {
	if c.seesAll() {
		return a.all.snapshots.Current(ctx)
	}
	fence := a.fence.Load()
	// A map with nothing hidden is its own public view: share its snapshot
	// rather than build the same one again. The loaded snapshot says which
	// case holds, so that a viewer's question reads the store's version
	// once.
	if last := a.all.snapshots.Loaded(); last != nil && last.Stats().Private == 0 {
		full, err := a.all.snapshots.Current(ctx)
		if err != nil {
			return nil, err
		}
		if full.Version() >= fence && full.Stats().Private == 0 {
			return full, nil
		}
	}
	return a.public.snapshots.AtLeast(ctx, fence)
}

// raiseFence makes viewers' analysis wait for the store's current version:
// called after a write that may have hidden a record, before it returns.
func (a *App) raiseFence(ctx context.Context) {
	v, err := a.store.Version(context.WithoutCancel(ctx))
	if err != nil {
		// Unknown: no viewer analysis until a snapshot newer than any
		// version so far is built.
		a.log.WarnContext(ctx, "app: store version unavailable after a write", "err", err)
		v = a.fence.Load() + 1
	}
	for {
		cur := a.fence.Load()
		if v <= cur || a.fence.CompareAndSwap(cur, v) {
			return
		}
	}
}

// mayHide reports whether applying b can hide a record from viewers: it
// writes an entity that is hidden.
func mayHide(b *graph.Batch) bool {
	for i := range b.Entities {
		if hidden(&b.Entities[i]) {
			return true
		}
	}
	return false
}

// need refuses a caller below role min.
func need(c Caller, min graph.Role, op string) error {
	if c.Role.Allows(min) {
		return nil
	}
	if !c.Role.Valid() {
		return graph.Errorf(op, graph.Unauthorized, "a valid API token or session is required")
	}
	return graph.Errorf(op, graph.Forbidden, "your role (%s) does not allow this; it needs %s", c.Role, min)
}

// entry describes something the caller did, now, for the audit log.
func (a *App) entry(c Caller, action, target string, details map[string]string) graph.AuditEntry {
	actor := c.Actor
	if actor == "" {
		actor = "anonymous"
	}
	return graph.AuditEntry{At: a.now(), Actor: actor, Action: action, Target: target, Details: details}
}

// auditBatch returns a graph.Batch.Audit that records the caller's write of
// target in the batch's own transaction, so that no write commits without
// its entry. describe names the action and details from what the batch
// did; an empty action records nothing.
func (a *App) auditBatch(c Caller, target string, describe func(graph.Stats) (action string, details map[string]string)) func(graph.Stats) []graph.AuditEntry {
	base := a.entry(c, "", target, nil)
	return func(st graph.Stats) []graph.AuditEntry {
		action, details := describe(st)
		if action == "" {
			return nil
		}
		e := base
		e.Action, e.Details = action, details
		return []graph.AuditEntry{e}
	}
}

// always describes every batch with one action and no details.
func always(action string) func(graph.Stats) (string, map[string]string) {
	return func(graph.Stats) (string, map[string]string) { return action, nil }
}

// audit records, on its own, something the caller did that writes nothing
// to the stores (an export). A failure to record is logged. Writes record
// their entry in their own transaction instead: see auditBatch.
func (a *App) audit(ctx context.Context, c Caller, action, target string, details map[string]string) {
	if a.accounts == nil {
		return
	}
	e := a.entry(c, action, target, details)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := a.accounts.AppendAudit(ctx, e); err != nil {
		a.log.ErrorContext(ctx, "audit entry lost", "action", action, "target", target, "actor", e.Actor, "err", err.Error())
	}
}

// resolve finds the entity a caller means by ref, an id or an unambiguous
// name, as that caller sees the map. Errors name the request field.
func (a *App) resolve(ctx context.Context, v *view, field, ref string) (graph.Entity, error) {
	e, err := graph.Resolve(ctx, v.store, ref)
	if err == nil {
		return e, nil
	}
	code := graph.CodeOf(err)
	if code != graph.NotFound && code != graph.Invalid {
		return e, err
	}
	msg := graph.MessageOf(err)
	if code == graph.Invalid {
		err = errors.Join(ErrAmbiguous, err)
	}
	return e, &graph.Error{Op: "app.resolve", Code: code, Message: msg, Details: []graph.Detail{{Field: field, Reason: msg}}, Err: err}
}

// ErrAmbiguous marks the Invalid error of a name that matches several
// entities: the command line exits 2 on it, as on any usage error.
var ErrAmbiguous = errors.New("ambiguous entity name")

// rankCache keeps the rankings computed on a view's current snapshot: they
// are costly (betweenness runs for seconds) and the web UI asks for the
// same ones again. A new snapshot empties it.
type rankCache struct {
	mu     sync.Mutex
	snap   *snapshot.Snapshot
	m      map[string]*rank.Result
	starts map[string]*rank.Result // rankstart.go
}

const rankCacheMax = 64

func (rc *rankCache) get(snap *snapshot.Snapshot, key string) (*rank.Result, bool) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.snap != snap {
		return nil, false
	}
	res, ok := rc.m[key]
	return res, ok
}

// Listing pages: DefaultPageSize items unless asked, at most MaxPageSize.
const (
	DefaultPageSize = 100
	MaxPageSize     = 1000
)

// Page is one page of a listing; Next is the cursor of the next page, empty
// on the last.
type Page[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next,omitempty"`
}

// pageOf cuts items (fetched with one more than limit) into a page.
func pageOf[T any](items []T, limit int, id func(*T) string) Page[T] {
	if items == nil {
		items = []T{}
	}
	if limit > 0 && len(items) > limit {
		return Page[T]{Items: items[:limit], Next: id(&items[limit-1])}
	}
	return Page[T]{Items: items}
}

func trim(s string) string { return strings.TrimSpace(s) }
