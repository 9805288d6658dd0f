package embedded

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/powermap/powermap/graph"
)

var _ graph.CampaignStore = (*Store)(nil)

// Campaign buckets, in the same file as the graph, created on first write.
// Keys and values:
//
//	campaigns    campaign id → JSON of graph.Campaign
//	interactions interaction id → JSON of graph.Interaction
//	outreach     campaign id, 0x00, ISO week → JSON of graph.OutreachList
//	jobs         job name → RFC 3339 time of its last run
//
// Campaign ids hold no NUL (graph.Campaign.Validate), so outreach keys are
// unambiguous, and a campaign's lists sort by week under its prefix.
var (
	bucketCampaigns    = []byte("campaigns")
	bucketInteractions = []byte("interactions")
	bucketOutreach     = []byte("outreach")
	bucketJobs         = []byte("jobs")
)

func outreachPrefix(campaign string) []byte { return append([]byte(campaign), 0) }

func outreachKey(campaign, week string) []byte { return append(outreachPrefix(campaign), week...) }

// lookupIn reads entities for reference checks inside tx.
func lookupIn(tx *bolt.Tx) graph.Lookup {
	ents := tx.Bucket(bucketEntities)
	return func(id string) (graph.Entity, bool, error) {
		if to, ok := redirectOf(tx, id); ok {
			id = to
		}
		v := ents.Get([]byte(id))
		if v == nil {
			return graph.Entity{}, false, nil
		}
		var e graph.Entity
		if err := decodeEntity(v, &e); err != nil {
			return e, false, corrupt("entity", id, err)
		}
		return e, true, nil
	}
}

func now() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }

func getJSON(b *bolt.Bucket, key []byte, what string, v any) (bool, error) {
	if b == nil {
		return false, nil
	}
	raw := b.Get(key)
	if raw == nil {
		return false, nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return false, corrupt(what, string(key), err)
	}
	return true, nil
}

func putJSON(tx *bolt.Tx, bucket, key []byte, v any) error {
	b, err := tx.CreateBucketIfNotExists(bucket)
	if err != nil {
		return err
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, raw)
}

// CreateCampaign stores a new campaign after checking it and what it points
// at; an existing id is a Conflict.
func (s *Store) CreateCampaign(ctx context.Context, c graph.Campaign, audit ...graph.AuditEntry) (graph.Campaign, error) {
	return s.writeCampaign(ctx, "embedded.CreateCampaign", c, true, audit)
}

// UpdateCampaign replaces an existing campaign, keeping its CreatedAt.
func (s *Store) UpdateCampaign(ctx context.Context, c graph.Campaign, audit ...graph.AuditEntry) (graph.Campaign, error) {
	return s.writeCampaign(ctx, "embedded.UpdateCampaign", c, false, audit)
}

func (s *Store) writeCampaign(ctx context.Context, op string, c graph.Campaign, create bool, audit []graph.AuditEntry) (graph.Campaign, error) {
	c.Normalize()
	if err := c.Validate(); err != nil {
		return graph.Campaign{}, graph.E(op, err)
	}
	audit, err := graph.PrepareAudit(audit, now())
	if err != nil {
		return graph.Campaign{}, graph.E(op, err)
	}
	err = s.update(ctx, op, func(tx *bolt.Tx) error {
		var cur graph.Campaign
		found, err := getJSON(tx.Bucket(bucketCampaigns), []byte(c.ID), "campaign", &cur)
		switch {
		case err != nil:
			return err
		case create && found:
			return graph.Errorf(op, graph.Conflict, "a campaign with id %q already exists", c.ID)
		case !create && !found:
			return notFound(op, "campaign", c.ID)
		}
		if err := c.CheckRefs(lookupIn(tx)); err != nil {
			return err
		}
		c.UpdatedAt = now()
		c.CreatedAt = c.UpdatedAt
		if found {
			c.CreatedAt = cur.CreatedAt
		}
		if err := putJSON(tx, bucketCampaigns, []byte(c.ID), c); err != nil {
			return err
		}
		return putAudit(tx, audit)
	})
	if err != nil {
		return graph.Campaign{}, err
	}
	return c, nil
}

// Campaign returns one campaign.
func (s *Store) Campaign(ctx context.Context, id string) (graph.Campaign, error) {
	const op = "embedded.Campaign"
	var c graph.Campaign
	err := s.view(ctx, op, func(tx *bolt.Tx) error {
		found, err := getJSON(tx.Bucket(bucketCampaigns), []byte(id), "campaign", &c)
		if err == nil && !found {
			return notFound(op, "campaign", id)
		}
		return err
	})
	return c, err
}

// Campaigns lists every campaign by id.
func (s *Store) Campaigns(ctx context.Context) ([]graph.Campaign, error) {
	const op = "embedded.Campaigns"
	out := []graph.Campaign{}
	err := s.view(ctx, op, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCampaigns)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var c graph.Campaign
			if err := json.Unmarshal(v, &c); err != nil {
				return corrupt("campaign", string(k), err)
			}
			out = append(out, c)
			return nil
		})
	})
	return out, err
}

// DeleteCampaign deletes a campaign and its outreach lists.
func (s *Store) DeleteCampaign(ctx context.Context, id string, audit ...graph.AuditEntry) error {
	const op = "embedded.DeleteCampaign"
	audit, err := graph.PrepareAudit(audit, now())
	if err != nil {
		return graph.E(op, err)
	}
	return s.update(ctx, op, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCampaigns)
		if b == nil || b.Get([]byte(id)) == nil {
			return notFound(op, "campaign", id)
		}
		if err := b.Delete([]byte(id)); err != nil {
			return err
		}
		if err := putAudit(tx, audit); err != nil {
			return err
		}
		o := tx.Bucket(bucketOutreach)
		if o == nil {
			return nil
		}
		prefix := outreachPrefix(id)
		var keys [][]byte
		c := o.Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			keys = append(keys, slices.Clone(k))
		}
		for _, k := range keys {
			if err := o.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
}

// LogInteraction adds an interaction to the organizing log after checking
// it, its participants and its campaign.
func (s *Store) LogInteraction(ctx context.Context, i graph.Interaction, audit ...graph.AuditEntry) (graph.Interaction, error) {
	const op = "embedded.LogInteraction"
	if strings.TrimSpace(i.ID) == "" {
		i.ID = graph.NewInteractionID()
	}
	if i.CreatedAt.IsZero() {
		i.CreatedAt = now()
	}
	i.CreatedAt = i.CreatedAt.UTC()
	i.Normalize()
	if err := i.Validate(); err != nil {
		return graph.Interaction{}, graph.E(op, err)
	}
	audit, err := graph.PrepareAudit(audit, now())
	if err != nil {
		return graph.Interaction{}, graph.E(op, err)
	}
	err = s.update(ctx, op, func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketInteractions); b != nil && b.Get([]byte(i.ID)) != nil {
			return graph.Errorf(op, graph.Conflict, "an interaction with id %q already exists", i.ID)
		}
		if err := i.CheckRefs(lookupIn(tx)); err != nil {
			return err
		}
		if i.Campaign != "" {
			if b := tx.Bucket(bucketCampaigns); b == nil || b.Get([]byte(i.Campaign)) == nil {
				return unknownCampaign(op, &i)
			}
		}
		if err := putJSON(tx, bucketInteractions, []byte(i.ID), i); err != nil {
			return err
		}
		return putAudit(tx, audit)
	})
	if err != nil {
		return graph.Interaction{}, err
	}
	return i, nil
}

// unknownCampaign is the error for an interaction whose campaign is missing.
func unknownCampaign(op string, i *graph.Interaction) error {
	reason := "no campaign " + quoteID(i.Campaign)
	return &graph.Error{Op: op, Code: graph.Invalid, Message: "invalid interaction: campaign " + reason,
		Details: []graph.Detail{{Record: i.ID, Field: "campaign", Reason: reason}}}
}

func quoteID(s string) string { b, _ := json.Marshal(s); return string(b) }

// Interaction returns one interaction.
func (s *Store) Interaction(ctx context.Context, id string) (graph.Interaction, error) {
	const op = "embedded.Interaction"
	var i graph.Interaction
	err := s.view(ctx, op, func(tx *bolt.Tx) error {
		found, err := getJSON(tx.Bucket(bucketInteractions), []byte(id), "interaction", &i)
		if err == nil && !found {
			return notFound(op, "interaction", id)
		}
		return err
	})
	return i, err
}

// Interactions lists the log's matching entries, newest first.
func (s *Store) Interactions(ctx context.Context, q graph.InteractionQuery) ([]graph.Interaction, error) {
	const op = "embedded.Interactions"
	out := []graph.Interaction{}
	err := s.view(ctx, op, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketInteractions)
		if b == nil {
			return nil
		}
		n := 0
		return b.ForEach(func(k, v []byte) error {
			if n++; n%4096 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			var i graph.Interaction
			if err := json.Unmarshal(v, &i); err != nil {
				return corrupt("interaction", string(k), err)
			}
			if q.Match(&i) {
				out = append(out, i)
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b graph.Interaction) int { return graph.NewestFirst(&a, &b) })
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out, nil
}

// DeleteInteraction deletes one interaction.
func (s *Store) DeleteInteraction(ctx context.Context, id string, audit ...graph.AuditEntry) error {
	const op = "embedded.DeleteInteraction"
	audit, err := graph.PrepareAudit(audit, now())
	if err != nil {
		return graph.E(op, err)
	}
	return s.update(ctx, op, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketInteractions)
		if b == nil || b.Get([]byte(id)) == nil {
			return notFound(op, "interaction", id)
		}
		if err := b.Delete([]byte(id)); err != nil {
			return err
		}
		return putAudit(tx, audit)
	})
}

// SaveOutreach stores a campaign's list for its week, replacing any earlier
// one.
func (s *Store) SaveOutreach(ctx context.Context, l graph.OutreachList, audit ...graph.AuditEntry) error {
	const op = "embedded.SaveOutreach"
	if err := l.Validate(); err != nil {
		return graph.E(op, err)
	}
	audit, err := graph.PrepareAudit(audit, now())
	if err != nil {
		return graph.E(op, err)
	}
	l = l.StripComparison()
	l.ComputedAt = l.ComputedAt.UTC()
	return s.update(ctx, op, func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketCampaigns); b == nil || b.Get([]byte(l.Campaign)) == nil {
			return notFound(op, "campaign", l.Campaign)
		}
		if err := putJSON(tx, bucketOutreach, outreachKey(l.Campaign, l.Week), l); err != nil {
			return err
		}
		return putAudit(tx, audit)
	})
}

// Outreach returns the list stored for a campaign and week.
func (s *Store) Outreach(ctx context.Context, campaign, week string) (graph.OutreachList, error) {
	const op = "embedded.Outreach"
	var l graph.OutreachList
	err := s.view(ctx, op, func(tx *bolt.Tx) error {
		found, err := getJSON(tx.Bucket(bucketOutreach), outreachKey(campaign, week), "outreach list", &l)
		if err == nil && !found {
			return graph.Errorf(op, graph.NotFound, "no outreach list of campaign %s for week %s", quoteID(campaign), quoteID(week))
		}
		return err
	})
	return l, err
}

// OutreachWeeks lists the weeks with a stored list, oldest first.
func (s *Store) OutreachWeeks(ctx context.Context, campaign string) ([]string, error) {
	const op = "embedded.OutreachWeeks"
	out := []string{}
	err := s.view(ctx, op, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketOutreach)
		if b == nil {
			return nil
		}
		prefix := outreachPrefix(campaign)
		c := b.Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			out = append(out, string(k[len(prefix):]))
		}
		return nil
	})
	return out, err
}

// LastRun returns when a job last ran, or the zero time.
func (s *Store) LastRun(ctx context.Context, job string) (time.Time, error) {
	const op = "embedded.LastRun"
	var at time.Time
	err := s.view(ctx, op, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketJobs)
		if b == nil {
			return nil
		}
		if v := b.Get([]byte(job)); v != nil {
			if err := at.UnmarshalText(v); err != nil {
				return corrupt("job", job, err)
			}
		}
		return nil
	})
	return at, err
}

// jobClaim is a live claim on a job's run, kept in bucketJobs under the
// job's name plus claimSuffix.
type jobClaim struct {
	At     time.Time `json:"at"`
	Holder string    `json:"holder"`
	Until  time.Time `json:"until"`
}

const claimSuffix = "\x00claim"

// ClaimRun claims a job's run for holder (see graph.CampaignStore).
func (s *Store) ClaimRun(ctx context.Context, job string, at time.Time, holder string, now, until time.Time) (bool, error) {
	const op = "embedded.ClaimRun"
	claimed := false
	err := s.update(ctx, op, func(tx *bolt.Tx) error {
		claimed = false
		b, err := tx.CreateBucketIfNotExists(bucketJobs)
		if err != nil {
			return err
		}
		if v := b.Get([]byte(job)); v != nil {
			var last time.Time
			if err := last.UnmarshalText(v); err != nil {
				return corrupt("job", job, err)
			}
			if !last.Before(at) {
				return nil
			}
		}
		if v := b.Get([]byte(job + claimSuffix)); v != nil {
			var c jobClaim
			if err := json.Unmarshal(v, &c); err != nil {
				return corrupt("job claim", job, err)
			}
			if c.At.Equal(at) && c.Holder != holder && now.Before(c.Until) {
				return nil
			}
		}
		v, err := json.Marshal(jobClaim{At: at.UTC(), Holder: holder, Until: until.UTC()})
		if err != nil {
			return err
		}
		claimed = true
		return b.Put([]byte(job+claimSuffix), v)
	})
	return claimed, err
}

// SetLastRun records when a job ran.
func (s *Store) SetLastRun(ctx context.Context, job string, at time.Time) error {
	const op = "embedded.SetLastRun"
	v, err := at.MarshalText()
	if err != nil {
		return graph.E(op, graph.Invalid, err)
	}
	return s.update(ctx, op, func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketJobs)
		if err != nil {
			return err
		}
		return b.Put([]byte(job), v)
	})
}
