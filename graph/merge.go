package graph

import (
	"context"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Redirect says that entity From was merged into entity To: a store that
// keeps it answers From's id with To (see MergeStore).
type Redirect struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// MergeSide is every record a merge touched, as it was before the merge
// (Merge.Before) or as the merge left it (Merge.After). A record whose id is
// on one side only was created or deleted by the merge.
type MergeSide struct {
	Entities      []Entity       `json:"entities,omitempty"`
	Relationships []Relationship `json:"relationships,omitempty"`
	Campaigns     []Campaign     `json:"campaigns,omitempty"`
	Interactions  []Interaction  `json:"interactions,omitempty"`
	Redirects     []Redirect     `json:"redirects,omitempty"`
}

// MergeCounts says what a merge moved from the merged-away entity to the
// kept one.
type MergeCounts struct {
	// Ties re-pointed (stances excluded), and Stances (SUPPORTS, OPPOSES).
	Ties    int `json:"ties"`
	Stances int `json:"stances"`
	// SelfLoops are ties between the two entities, dropped.
	SelfLoops int `json:"self_loops"`
	// StancesSuperseded are the merged-away entity's stances on issues
	// the kept one already has a stance on: the kept one's stands, and
	// these are dropped, so that an entity keeps one alignment per issue.
	StancesSuperseded int `json:"stances_superseded"`
	// Targets are campaign targets; Campaigns counts campaigns whose issue
	// or owner was the merged-away entity.
	Targets      int `json:"targets"`
	Campaigns    int `json:"campaigns"`
	Interactions int `json:"interactions"`
	// Redirects are earlier merges into the merged-away entity, now
	// pointing at the kept one.
	Redirects int `json:"redirects"`
}

// Merge is the record of one merge: entity Drop merged into entity Keep.
// It holds every record the merge touched, before and after, so that
// Unmerge can put them back exactly.
type Merge struct {
	ID       string    `json:"id"`
	Keep     string    `json:"keep"`
	Drop     string    `json:"drop"`
	KeepName string    `json:"keep_name"`
	DropName string    `json:"drop_name"`
	At       time.Time `json:"at"`
	By       string    `json:"by,omitempty"`
	// UndoneAt and UndoneBy are set once the merge is undone.
	UndoneAt time.Time   `json:"undone_at,omitzero"`
	UndoneBy string      `json:"undone_by,omitempty"`
	Moved    MergeCounts `json:"moved"`
	// DroppedTies are the ids of the ties between the two entities, which
	// would have joined the kept entity to itself, and of superseded
	// stances (MergeCounts.StancesSuperseded).
	DroppedTies []string  `json:"dropped_ties,omitempty"`
	Before      MergeSide `json:"before"`
	After       MergeSide `json:"after"`
}

// Undone reports whether the merge was undone.
func (m *Merge) Undone() bool { return !m.UndoneAt.IsZero() }

// Summary returns the merge without its Before and After records, as a
// listing shows it.
func (m Merge) Summary() Merge {
	m.Before, m.After = MergeSide{}, MergeSide{}
	return m
}

// NewMergeID makes a merge id: "mg_" and 16 random hex digits.
func NewMergeID() string { return "mg_" + RandomID(8) }

// MergeRequest asks a MergeStore to merge entity Drop into entity Keep.
type MergeRequest struct {
	// ID names the merge; empty makes one (NewMergeID).
	ID         string
	Keep, Drop string
	// By names who merges, for the record; At is when (zero: now).
	By string
	At time.Time
	// Audit describes the merge in the audit log, in the merge's own
	// transaction; it may be called more than once and must have no side
	// effects.
	Audit func(Merge) []AuditEntry
}

// UnmergeRequest asks a MergeStore to undo merge ID.
type UnmergeRequest struct {
	ID    string
	By    string
	At    time.Time
	Audit func(Merge) []AuditEntry
}

// MergeStore merges duplicate entities and undoes merges. Both store
// backends implement it beside Store and CampaignStore, in the same
// database, and pass the conformance cases in internal/store/storetest.
//
// A merge of Drop into Keep is one transaction: Keep absorbs Drop
// (AbsorbEntity), Drop's ties move to Keep (RepointTie; a tie between the
// two is dropped), Drop's campaign targets, campaign issue and owner refs
// and interaction participants become Keep, and Drop is deleted. Drop's id
// stays an alias of Keep through a Redirect: from then on the store answers
// Entity(Drop) and Neighbors(Drop) with Keep, and Apply writes an upsert of
// Drop onto Keep (AbsorbEntity) and re-points a relationship that names Drop
// (Batch.Redirect). Deleting Drop's id deletes nothing: it is NotFound. The
// stored outreach lists are history and keep the ids they were made with.
type MergeStore interface {
	// Merge merges r.Drop into r.Keep and saves the Merge record with the
	// write. A Keep that is itself an alias id is followed to its entity. A
	// missing entity is NotFound; a Drop already merged away is a Conflict
	// naming the merge; merging an entity into itself, or an issue with
	// something that is not, is Invalid (see PlanMerge).
	Merge(ctx context.Context, r MergeRequest) (Merge, error)
	// Unmerge undoes merge r.ID: every record the merge touched gets back
	// its content from before the merge, records the merge created are
	// deleted, and the redirect goes. The Merge record is kept, marked
	// undone. When any record the merge wrote has changed since (a later
	// write, or a later merge), nothing is written and the error is a
	// Conflict with one Detail per changed record (see
	// Merge.UndoConflicts). A missing id is NotFound; an undone merge is a
	// Conflict.
	Unmerge(ctx context.Context, r UnmergeRequest) (Merge, error)
	// MergeRecord returns one merge with its Before and After records, or
	// NotFound.
	MergeRecord(ctx context.Context, id string) (Merge, error)
	// Merges lists merges newest first (by At, then id), as Summary, at
	// most limit (0: all).
	Merges(ctx context.Context, limit int) ([]Merge, error)
}

// MergeInput is what a store reads for PlanMerge, in the merge's
// transaction.
type MergeInput struct {
	Keep, Drop Entity
	// Ties are every relationship with Keep or Drop at either end.
	Ties []Relationship
	// Campaigns and Interactions may be all of them, or only those that
	// name Drop; the others are left alone.
	Campaigns    []Campaign
	Interactions []Interaction
	// Redirects are those whose To is Drop (others are ignored).
	Redirects []Redirect
}

// PlanMerge computes the merge of in.Drop into in.Keep: the records before
// and after. r gives the id, time and author. It touches no store: a store
// writes m.Forward() and saves m in one transaction.
func PlanMerge(r MergeRequest, in MergeInput) (Merge, error) {
	const op = "graph.PlanMerge"
	keep, drop := in.Keep, in.Drop
	if keep.ID == drop.ID {
		return Merge{}, &Error{Op: op, Code: Invalid, Message: "cannot merge " + quote(keep.ID) + " into itself",
			Details: []Detail{{Field: "drop", Reason: "names the same entity as keep"}}}
	}
	if (keep.Kind == KindIssue) != (drop.Kind == KindIssue) {
		reason := quote(drop.ID) + " is " + article(drop.Kind) + " and " + quote(keep.ID) + " is " + article(keep.Kind) + ": an issue merges only with an issue"
		return Merge{}, &Error{Op: op, Code: Invalid, Message: "cannot merge: " + reason, Details: []Detail{{Field: "drop", Reason: reason}}}
	}
	m := Merge{ID: r.ID, Keep: keep.ID, Drop: drop.ID, KeepName: keep.Name, DropName: drop.Name, At: r.At.UTC(), By: r.By}
	if m.ID == "" {
		m.ID = NewMergeID()
	}
	if m.At.IsZero() {
		m.At = time.Now().UTC()
	}
	m.At = m.At.Truncate(time.Millisecond)

	kept := AbsorbEntity(keep, drop)
	m.Before.Entities = []Entity{keep, drop}
	m.After.Entities = []Entity{kept}

	// Ties: Keep's own stay; Drop's move. Ids taken by Keep's ties (and by
	// ties already moved) are not reused, so that parallel ties stay two.
	taken := map[string]bool{}
	ties := append([]Relationship(nil), in.Ties...)
	sort.Slice(ties, func(i, j int) bool { return ties[i].ID < ties[j].ID })
	var dropTies []Relationship
	keepStances := map[string]bool{} // issues keep has a stance on
	for _, t := range ties {
		if t.Source == drop.ID || t.Target == drop.ID {
			dropTies = append(dropTies, t)
			continue
		}
		taken[t.ID] = true
		if info, ok := t.Type.Info(); ok && info.Stance && t.Source == keep.ID {
			keepStances[t.Target] = true
		}
	}
	for _, t := range dropTies {
		m.Before.Relationships = append(m.Before.Relationships, t)
		if t.Other(drop.ID) == keep.ID {
			m.DroppedTies = append(m.DroppedTies, t.ID)
			m.Moved.SelfLoops++
			continue
		}
		if info, ok := t.Type.Info(); ok && info.Stance && t.Source == drop.ID && keepStances[t.Target] {
			m.DroppedTies = append(m.DroppedTies, t.ID)
			m.Moved.StancesSuperseded++
			continue
		}
		moved := RepointTie(t, drop.ID, keep.ID, func(id string) bool { return taken[id] })
		taken[moved.ID] = true
		m.After.Relationships = append(m.After.Relationships, moved)
		if info, ok := t.Type.Info(); ok && info.Stance {
			m.Moved.Stances++
		} else {
			m.Moved.Ties++
		}
	}

	var ds []Detail
	for _, c := range in.Campaigns {
		nc, targets, refs, d := repointCampaign(c, drop.ID, &kept)
		ds = append(ds, d...)
		if targets+refs == 0 {
			continue
		}
		nc.UpdatedAt = m.At
		m.Moved.Targets += targets
		if refs > 0 {
			m.Moved.Campaigns++
		}
		m.Before.Campaigns = append(m.Before.Campaigns, c)
		m.After.Campaigns = append(m.After.Campaigns, nc)
	}
	if len(ds) > 0 {
		return Merge{}, &Error{Op: op, Code: Invalid, Message: "cannot merge: " + ds[0].String(), Details: ds}
	}
	for _, i := range in.Interactions {
		if !containsString(i.Participants, drop.ID) {
			continue
		}
		ni := i
		ni.Participants = make([]string, len(i.Participants))
		for k, p := range i.Participants {
			if p == drop.ID {
				p = keep.ID
			}
			ni.Participants[k] = p
		}
		ni.Normalize()
		m.Moved.Interactions++
		m.Before.Interactions = append(m.Before.Interactions, i)
		m.After.Interactions = append(m.After.Interactions, ni)
	}
	for _, x := range in.Redirects {
		if x.To != drop.ID {
			continue
		}
		m.Moved.Redirects++
		m.Before.Redirects = append(m.Before.Redirects, x)
		m.After.Redirects = append(m.After.Redirects, Redirect{From: x.From, To: keep.ID})
	}
	m.After.Redirects = append(m.After.Redirects, Redirect{From: drop.ID, To: keep.ID})
	return m, nil
}

// repointCampaign returns c with drop replaced by keep: as a target (a
// target keep already is wins), as issue and as owner. It counts targets
// and other refs changed, and refuses a target that would not be an
// official.
func repointCampaign(c Campaign, drop string, keep *Entity) (Campaign, int, int, []Detail) {
	nc := c
	var targets, refs int
	var ds []Detail
	if c.Issue == drop {
		nc.Issue = keep.ID
		refs++
	}
	if c.Owner == drop {
		nc.Owner = keep.ID
		refs++
	}
	_, keepIsTarget := c.Target(keep.ID)
	nc.Targets = nil
	for _, t := range c.Targets {
		if t.Entity == drop {
			targets++
			if keepIsTarget {
				continue
			}
			if keep.Kind != KindOfficial {
				ds = append(ds, Detail{Record: c.ID, Field: "targets", Reason: quote(drop) + " is a target of campaign " + quote(c.ID) + ", and " + quote(keep.ID) + " is " + article(keep.Kind) + ", not an official"})
			}
			t.Entity = keep.ID
		}
		nc.Targets = append(nc.Targets, t)
	}
	if c.Targets != nil && nc.Targets == nil {
		nc.Targets = []Target{}
	}
	return nc, targets, refs, ds
}

// AbsorbEntity returns keep with drop folded in: drop's name and aliases
// become aliases of keep (but not keep's own name), labels are united, Ours
// and Private hold if either holds, and every text field or prop keep
// lacks is taken from drop. Keep's id and kind stay.
func AbsorbEntity(keep, drop Entity) Entity {
	out := keep
	out.Aliases = append([]string(nil), keep.Aliases...)
	for _, a := range append([]string{drop.Name}, drop.Aliases...) {
		if a != keep.Name {
			out.Aliases = append(out.Aliases, a)
		}
	}
	out.Labels = append(append([]string(nil), keep.Labels...), drop.Labels...)
	out.Ours = keep.Ours || drop.Ours
	out.Private = keep.Private || drop.Private
	for _, f := range []struct {
		dst *string
		src string
	}{
		{&out.Title, drop.Title}, {&out.Party, drop.Party}, {&out.Chamber, drop.Chamber},
		{&out.District, drop.District}, {&out.OrgType, drop.OrgType}, {&out.Email, drop.Email},
		{&out.Phone, drop.Phone}, {&out.Notes, drop.Notes}, {&out.SourceURL, drop.SourceURL},
	} {
		if *f.dst == "" {
			*f.dst = f.src
		}
	}
	if len(drop.Props) > 0 {
		props := make(map[string]string, len(keep.Props)+len(drop.Props))
		for k, v := range drop.Props {
			props[k] = v
		}
		for k, v := range keep.Props {
			props[k] = v
		}
		out.Props = props
	}
	out.Normalize()
	return out
}

// RepointTie returns r with entity from replaced by to at either end. A
// derived id (DefaultRelationshipID, alone or with a "/" qualifier) is
// derived again from the new ends, so that it stays valid; when taken says
// that id is in use by another tie, "/" and from are added (then "-2",
// "-3"...) so that the two parallel ties stay distinct records. Any other id
// is kept.
func RepointTie(r Relationship, from, to string, taken func(id string) bool) Relationship {
	old := DefaultRelationshipID(r.Source, r.Target, r.Type)
	if r.Source == from {
		r.Source = to
	}
	if r.Target == from {
		r.Target = to
	}
	derived := DefaultRelationshipID(r.Source, r.Target, r.Type)
	switch {
	case r.ID == old:
		r.ID = derived
	case strings.HasPrefix(r.ID, old+"/"):
		r.ID = derived + r.ID[len(old):]
	default:
		return r
	}
	if taken != nil && taken(r.ID) {
		base := r.ID + "/" + from
		r.ID = base
		for n := 2; taken(r.ID); n++ {
			r.ID = base + "-" + strconv.Itoa(n)
		}
	}
	return r
}

// Redirect rewrites a prepared batch for a store that keeps redirects:
// lookup(id) returns the entity an alias id was merged into. An upsert of
// an alias id becomes an upsert of its entity, absorbed into it
// (AbsorbEntity onto the batch's own record of that entity, or else onto
// base's answer, the stored one); a relationship end that names an alias
// id is re-pointed (RepointTie), and a relationship that would then join an
// entity to itself is dropped. Deletes and expectations are not rewritten.
// It reports whether it changed anything.
func (b *Batch) Redirect(lookup func(id string) (string, bool), base func(id string) (Entity, bool, error)) (bool, error) {
	changed := false
	out := make([]Entity, 0, len(b.Entities))
	pos := make(map[string]int, len(b.Entities))
	var moved []Entity
	for _, e := range b.Entities {
		if _, ok := lookup(e.ID); ok {
			moved = append(moved, e)
			continue
		}
		if _, ok := pos[e.ID]; !ok {
			pos[e.ID] = len(out)
		}
		out = append(out, e)
	}
	for _, e := range moved {
		to, _ := lookup(e.ID)
		changed = true
		if j, ok := pos[to]; ok {
			out[j] = AbsorbEntity(out[j], e)
			continue
		}
		k, found, err := base(to)
		if err != nil {
			return changed, err
		}
		if !found {
			// The redirect leads nowhere: write the record as given.
			k = e
		} else {
			k = AbsorbEntity(k, e)
		}
		pos[k.ID] = len(out)
		out = append(out, k)
	}
	if changed {
		b.Entities = out
	}
	rels := b.Relationships[:0:0]
	for _, r := range b.Relationships {
		r2 := r
		for _, end := range []string{r.Source, r.Target} {
			if to, ok := lookup(end); ok {
				r2 = RepointTie(r2, end, to, nil)
			}
		}
		if r2.ID != r.ID || r2.Source != r.Source || r2.Target != r.Target {
			changed = true
			if r2.Source == r2.Target {
				continue
			}
		}
		rels = append(rels, r2)
	}
	b.Relationships = rels
	return changed, nil
}

// Forward is the change a merge writes: deletes of the records it removed,
// upserts of every record it leaves.
func (m *Merge) Forward() MergeChange { return changeBetween(&m.Before, &m.After) }

// Backward is the change that undoes the merge.
func (m *Merge) Backward() MergeChange { return changeBetween(&m.After, &m.Before) }

// MergeChange is a set of writes across the stores, from one MergeSide to
// another.
type MergeChange struct {
	// Batch deletes and upserts entities and relationships. It has no
	// Audit; the store adds the merge's.
	Batch Batch
	// Campaigns and Interactions are replaced whole.
	Campaigns    []Campaign
	Interactions []Interaction
	// PutRedirects are written, DeleteRedirects (their From ids) removed.
	PutRedirects    []Redirect
	DeleteRedirects []string
}

func changeBetween(from, to *MergeSide) MergeChange {
	var c MergeChange
	ents := map[string]bool{}
	for _, e := range to.Entities {
		ents[e.ID] = true
	}
	for _, e := range from.Entities {
		if !ents[e.ID] {
			c.Batch.DeleteEntities = append(c.Batch.DeleteEntities, e.ID)
		}
	}
	rels := map[string]bool{}
	for _, r := range to.Relationships {
		rels[r.ID] = true
	}
	gone := map[string]bool{}
	for _, id := range c.Batch.DeleteEntities {
		gone[id] = true
	}
	for _, r := range from.Relationships {
		// Deleting an entity deletes its ties; listing them too would make
		// the second delete NotFound.
		if !rels[r.ID] && !gone[r.Source] && !gone[r.Target] {
			c.Batch.DeleteRelationships = append(c.Batch.DeleteRelationships, r.ID)
		}
	}
	c.Batch.Entities = append([]Entity(nil), to.Entities...)
	c.Batch.Relationships = append([]Relationship(nil), to.Relationships...)
	c.Campaigns = to.Campaigns
	c.Interactions = to.Interactions
	reds := map[string]bool{}
	for _, x := range to.Redirects {
		reds[x.From] = true
	}
	for _, x := range from.Redirects {
		if !reds[x.From] {
			c.DeleteRedirects = append(c.DeleteRedirects, x.From)
		}
	}
	c.PutRedirects = to.Redirects
	return c
}

// UndoConflicts compares the records a merge wrote (After) with cur, the
// same records as they are now (absent when deleted), and returns a Detail
// for each that changed since, and for each record the merge deleted that
// exists again. A store refuses Unmerge with a Conflict when there is any.
func (m *Merge) UndoConflicts(cur MergeSide) []Detail {
	var ds []Detail
	check := func(field, id string, was, now any, wasThere, isThere bool) {
		switch {
		case wasThere && !isThere:
			ds = append(ds, Detail{Record: id, Field: field, Reason: "deleted since the merge"})
		case !wasThere && isThere:
			ds = append(ds, Detail{Record: id, Field: field, Reason: "the merge removed it, and it exists again"})
		case wasThere && !sameJSON(was, now):
			ds = append(ds, Detail{Record: id, Field: field, Reason: "changed since the merge"})
		}
	}
	{
		now := map[string]Entity{}
		for _, e := range cur.Entities {
			now[e.ID] = e
		}
		after := map[string]Entity{}
		for _, e := range m.After.Entities {
			after[e.ID] = e
		}
		for _, id := range sideIDs(m.Before.Entities, m.After.Entities, func(e Entity) string { return e.ID }) {
			a, inA := after[id]
			n, inN := now[id]
			check("entity", id, a.Revision(), n.Revision(), inA, inN)
		}
	}
	{
		now := map[string]Relationship{}
		for _, r := range cur.Relationships {
			now[r.ID] = r
		}
		after := map[string]Relationship{}
		for _, r := range m.After.Relationships {
			after[r.ID] = r
		}
		for _, id := range sideIDs(m.Before.Relationships, m.After.Relationships, func(r Relationship) string { return r.ID }) {
			a, inA := after[id]
			n, inN := now[id]
			check("relationship", id, a.Revision(), n.Revision(), inA, inN)
		}
	}
	{
		now := map[string]Campaign{}
		for _, c := range cur.Campaigns {
			now[c.ID] = c
		}
		for _, c := range m.After.Campaigns {
			n, ok := now[c.ID]
			check("campaign", c.ID, c, n, true, ok)
		}
	}
	{
		now := map[string]Interaction{}
		for _, i := range cur.Interactions {
			now[i.ID] = i
		}
		for _, i := range m.After.Interactions {
			n, ok := now[i.ID]
			check("interaction", i.ID, i, n, true, ok)
		}
	}
	{
		now := map[string]string{}
		for _, x := range cur.Redirects {
			now[x.From] = x.To
		}
		for _, x := range m.After.Redirects {
			to, ok := now[x.From]
			check("redirect", x.From, x.To, to, true, ok)
		}
	}
	return ds
}

// UndoConflict is the Conflict error for UndoConflicts' details.
func (m *Merge) UndoConflict(op string, ds []Detail) error {
	return &Error{Op: op, Code: Conflict, Details: ds,
		Message: "cannot undo merge " + m.ID + ": " + strconv.Itoa(len(ds)) + " record(s) it wrote changed since; first: " + ds[0].String()}
}

// Touched lists the ids, per kind, of every record on either side of the
// merge: what a store reads to check UndoConflicts.
func (m *Merge) Touched() (entities, relationships, campaigns, interactions, redirects []string) {
	entities = sideIDs(m.Before.Entities, m.After.Entities, func(e Entity) string { return e.ID })
	relationships = sideIDs(m.Before.Relationships, m.After.Relationships, func(r Relationship) string { return r.ID })
	campaigns = sideIDs(m.Before.Campaigns, m.After.Campaigns, func(c Campaign) string { return c.ID })
	interactions = sideIDs(m.Before.Interactions, m.After.Interactions, func(i Interaction) string { return i.ID })
	redirects = sideIDs(m.Before.Redirects, m.After.Redirects, func(x Redirect) string { return x.From })
	return
}

func sideIDs[T any](a, b []T, id func(T) string) []string {
	seen := map[string]bool{}
	var out []string
	for _, xs := range [][]T{a, b} {
		for _, x := range xs {
			if k := id(x); !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// SortMerges orders merges newest first: by At, then by id.
func SortMerges(ms []Merge) {
	sort.Slice(ms, func(i, j int) bool {
		if !ms[i].At.Equal(ms[j].At) {
			return ms[i].At.After(ms[j].At)
		}
		return ms[i].ID > ms[j].ID
	})
}

// MergeAuditDetails describes a merge for its audit entry.
func MergeAuditDetails(m *Merge) map[string]string {
	d := map[string]string{
		"merge":        m.ID,
		"drop":         m.Drop,
		"ties":         strconv.Itoa(m.Moved.Ties),
		"stances":      strconv.Itoa(m.Moved.Stances),
		"self_loops":   strconv.Itoa(m.Moved.SelfLoops),
		"superseded":   strconv.Itoa(m.Moved.StancesSuperseded),
		"targets":      strconv.Itoa(m.Moved.Targets),
		"campaigns":    strconv.Itoa(m.Moved.Campaigns),
		"interactions": strconv.Itoa(m.Moved.Interactions),
		"redirects":    strconv.Itoa(m.Moved.Redirects),
	}
	if len(m.DroppedTies) > 0 {
		d["dropped_ties"] = strings.Join(m.DroppedTies, " ")
	}
	return d
}
