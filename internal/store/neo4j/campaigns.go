package neo4j

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/powermap/powermap/graph"
)

var _ graph.CampaignStore = (*Store)(nil)

// Campaigns, interactions, outreach lists and job runs are nodes labelled
// :PowermapCampaign, :PowermapInteraction, :PowermapOutreach and
// :PowermapJob, never :Entity, so that no graph query, count or stream sees
// them. Each keeps its record as a JSON document (doc) beside the
// properties that queries filter and sort on: an interaction's date,
// campaign and participants, an outreach list's campaign and week (and key,
// campaign NUL week, which is unique).
var campaignSchema = []string{
	"CREATE CONSTRAINT powermap_campaign_id IF NOT EXISTS FOR (c:PowermapCampaign) REQUIRE c.id IS UNIQUE",
	"CREATE CONSTRAINT powermap_interaction_id IF NOT EXISTS FOR (i:PowermapInteraction) REQUIRE i.id IS UNIQUE",
	"CREATE CONSTRAINT powermap_outreach_key IF NOT EXISTS FOR (o:PowermapOutreach) REQUIRE o.key IS UNIQUE",
	"CREATE CONSTRAINT powermap_job_name IF NOT EXISTS FOR (j:PowermapJob) REQUIRE j.name IS UNIQUE",
}

const (
	// cypherLookupEntities follows the redirect of a merged-away id.
	cypherLookupEntities = "UNWIND $ids AS id OPTIONAL MATCH (d:Entity {id: id}) " +
		"OPTIONAL MATCH (x:PowermapRedirect {from: id}) WHERE d IS NULL " +
		"OPTIONAL MATCH (e:Entity {id: coalesce(d.id, x.to)}) " +
		"RETURN id, e IS NOT NULL AS found, coalesce(e.id, '') AS eid, coalesce(e.kind, '') AS kind, coalesce(e.name, '') AS name"
	cypherCampaign       = "MATCH (c:PowermapCampaign {id: $id}) RETURN c.doc AS doc"
	cypherCampaigns      = "MATCH (c:PowermapCampaign) RETURN c.doc AS doc ORDER BY c.id"
	cypherPutCampaign    = "MERGE (c:PowermapCampaign {id: $id}) SET c.doc = $doc"
	cypherDeleteCampaign = "MATCH (c:PowermapCampaign {id: $id}) " +
		"OPTIONAL MATCH (o:PowermapOutreach {campaign: $id}) DETACH DELETE o " +
		"WITH DISTINCT c DETACH DELETE c RETURN count(*) AS n"
	cypherCampaignExists = "OPTIONAL MATCH (c:PowermapCampaign {id: $id}) RETURN c IS NOT NULL AS found"

	cypherInteraction       = "MATCH (i:PowermapInteraction {id: $id}) RETURN i.doc AS doc"
	cypherInteractionExists = "OPTIONAL MATCH (i:PowermapInteraction {id: $id}) RETURN i IS NOT NULL AS found"
	cypherLogInteraction    = "CREATE (i:PowermapInteraction {id: $id, date: $date, campaign: $campaign, participants: $participants, doc: $doc})"
	cypherInteractions      = "MATCH (i:PowermapInteraction) " +
		"WHERE ($campaign = '' OR i.campaign = $campaign) AND ($entity = '' OR $entity IN i.participants) " +
		"AND ($since = '' OR i.date >= $since) AND ($until = '' OR i.date <= $until) " +
		"RETURN i.doc AS doc ORDER BY i.date DESC, i.id DESC LIMIT $limit"
	cypherDeleteInteraction = "MATCH (i:PowermapInteraction {id: $id}) DELETE i RETURN count(*) AS n"

	cypherSaveOutreach = "MERGE (o:PowermapOutreach {key: $key}) SET o.campaign = $campaign, o.week = $week, o.doc = $doc"
	cypherOutreach     = "MATCH (o:PowermapOutreach {key: $key}) RETURN o.doc AS doc"
	cypherWeeks        = "MATCH (o:PowermapOutreach {campaign: $campaign}) RETURN o.week AS week ORDER BY o.week"

	cypherLastRun    = "OPTIONAL MATCH (j:PowermapJob {name: $name}) RETURN j.at AS at"
	cypherSetLastRun = "MERGE (j:PowermapJob {name: $name}) SET j.at = $at"
	// cypherClaimRun first writes the job node, which takes its write lock,
	// so that two replicas claiming at once are serialized and the second
	// sees the first's claim.
	cypherClaimRun = "MERGE (j:PowermapJob {name: $name}) SET j.lock = coalesce(j.lock, 0) + 1 " +
		"WITH j WHERE (j.at IS NULL OR j.at < $at) AND " +
		"(j.claim_at IS NULL OR j.claim_at <> $at OR j.claim_holder = $holder OR j.claim_until <= $now) " +
		"SET j.claim_at = $at, j.claim_holder = $holder, j.claim_until = $until RETURN true AS claimed"
)

// ensureCampaignSchema creates the campaign constraints; it is a no-op when
// they exist. It runs before the writes that create records.
func (s *Store) ensureCampaignSchema(ctx context.Context) error {
	for _, q := range campaignSchema {
		if _, err := driver.ExecuteQuery(ctx, s.driver, q, nil, driver.EagerResultTransformer,
			driver.ExecuteQueryWithDatabase(s.cfg.Database), driver.ExecuteQueryWithWritersRouting()); err != nil {
			return err
		}
	}
	return nil
}

// campaignExec runs a statement in tx and discards its result.
func campaignExec(ctx context.Context, tx driver.ManagedTransaction, q string, params map[string]any) error {
	res, err := tx.Run(ctx, q, params)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	return err
}

// lookupTx reads the entities named by ids in tx and returns a graph.Lookup
// over them, for reference checks.
func lookupTx(ctx context.Context, tx driver.ManagedTransaction, ids []string) (graph.Lookup, error) {
	found := map[string]graph.Entity{}
	err := each(ctx, tx, cypherLookupEntities, map[string]any{"ids": ids}, func(rec *driver.Record) error {
		ok, err := value[bool](rec, "found")
		if err != nil || !ok {
			return err
		}
		var e graph.Entity
		id, err := value[string](rec, "id")
		if err != nil {
			return err
		}
		if e.ID, err = value[string](rec, "eid"); err != nil {
			return err
		}
		kind, err := value[string](rec, "kind")
		if err != nil {
			return err
		}
		e.Kind = graph.Kind(kind)
		if e.Name, err = value[string](rec, "name"); err != nil {
			return err
		}
		found[id] = e
		return nil
	})
	return func(id string) (graph.Entity, bool, error) {
		e, ok := found[id]
		return e, ok, nil
	}, err
}

func campaignExists(ctx context.Context, tx driver.ManagedTransaction, q, id string) (bool, error) {
	rec, err := single(ctx, tx, q, map[string]any{"id": id})
	if err != nil {
		return false, err
	}
	return value[bool](rec, "found")
}

// docOf reads the JSON document of rec into v.
func docOf(rec *driver.Record, what string, v any) error {
	doc, err := value[string](rec, "doc")
	if err != nil {
		return err
	}
	if err := json.Unmarshal([]byte(doc), v); err != nil {
		return graph.Errorf("neo4j.decode", graph.Internal, "the stored %s does not decode: %v", what, err)
	}
	return nil
}

func encodeDoc(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

func campaignRefs(c *graph.Campaign) []string {
	ids := []string{c.Issue}
	if c.Owner != "" {
		ids = append(ids, c.Owner)
	}
	for _, t := range c.Targets {
		ids = append(ids, t.Entity)
	}
	return append(ids, c.Contacts...)
}

func nowMillis() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }

// CreateCampaign stores a new campaign after checking it and what it points
// at; an existing id is a Conflict.
func (s *Store) CreateCampaign(ctx context.Context, c graph.Campaign, audit ...graph.AuditEntry) (graph.Campaign, error) {
	return s.writeCampaign(ctx, "neo4j.CreateCampaign", c, true, audit)
}

// UpdateCampaign replaces an existing campaign, keeping its CreatedAt.
func (s *Store) UpdateCampaign(ctx context.Context, c graph.Campaign, audit ...graph.AuditEntry) (graph.Campaign, error) {
	return s.writeCampaign(ctx, "neo4j.UpdateCampaign", c, false, audit)
}

func (s *Store) writeCampaign(ctx context.Context, op string, c graph.Campaign, create bool, audit []graph.AuditEntry) (graph.Campaign, error) {
	c.Normalize()
	if err := c.Validate(); err != nil {
		return graph.Campaign{}, wrap(ctx, op, err)
	}
	audit, err := graph.PrepareAudit(audit, nowMillis())
	if err != nil {
		return graph.Campaign{}, wrap(ctx, op, err)
	}
	if create {
		if err := s.ensureCampaignSchema(ctx); err != nil {
			return graph.Campaign{}, wrap(ctx, op, err)
		}
	}
	return writeAccount(ctx, s, op, func(tx driver.ManagedTransaction) (graph.Campaign, error) {
		out := c
		rec, err := single(ctx, tx, cypherCampaign, map[string]any{"id": c.ID})
		if err != nil {
			return out, err
		}
		var cur graph.Campaign
		switch {
		case create && rec != nil:
			return out, graph.Errorf(op, graph.Conflict, "a campaign with id %q already exists", c.ID)
		case !create && rec == nil:
			return out, graph.Errorf(op, graph.NotFound, "no campaign with id %q", c.ID)
		case rec != nil:
			if err := docOf(rec, "campaign", &cur); err != nil {
				return out, err
			}
		}
		lookup, err := lookupTx(ctx, tx, campaignRefs(&c))
		if err != nil {
			return out, err
		}
		if err := c.CheckRefs(lookup); err != nil {
			return out, err
		}
		out.UpdatedAt = nowMillis()
		out.CreatedAt = out.UpdatedAt
		if rec != nil {
			out.CreatedAt = cur.CreatedAt
		}
		doc, err := encodeDoc(out)
		if err != nil {
			return out, err
		}
		if err := campaignExec(ctx, tx, cypherPutCampaign, map[string]any{"id": c.ID, "doc": doc}); err != nil {
			return out, err
		}
		return out, appendAudit(ctx, tx, audit)
	})
}

// Campaign returns one campaign.
func (s *Store) Campaign(ctx context.Context, id string) (graph.Campaign, error) {
	const op = "neo4j.Campaign"
	return readTx(ctx, s, op, func(tx driver.ManagedTransaction) (graph.Campaign, error) {
		var c graph.Campaign
		rec, err := single(ctx, tx, cypherCampaign, map[string]any{"id": id})
		switch {
		case err != nil:
			return c, err
		case rec == nil:
			return c, graph.Errorf(op, graph.NotFound, "no campaign with id %q", id)
		}
		return c, docOf(rec, "campaign", &c)
	})
}

// Campaigns lists every campaign by id.
func (s *Store) Campaigns(ctx context.Context) ([]graph.Campaign, error) {
	return readTx(ctx, s, "neo4j.Campaigns", func(tx driver.ManagedTransaction) ([]graph.Campaign, error) {
		out := []graph.Campaign{}
		err := each(ctx, tx, cypherCampaigns, nil, func(rec *driver.Record) error {
			var c graph.Campaign
			err := docOf(rec, "campaign", &c)
			out = append(out, c)
			return err
		})
		return out, err
	})
}

// DeleteCampaign deletes a campaign and its outreach lists.
func (s *Store) DeleteCampaign(ctx context.Context, id string, audit ...graph.AuditEntry) error {
	const op = "neo4j.DeleteCampaign"
	audit, err := graph.PrepareAudit(audit, nowMillis())
	if err != nil {
		return wrap(ctx, op, err)
	}
	_, err = writeAccount(ctx, s, op, func(tx driver.ManagedTransaction) (bool, error) {
		rec, err := single(ctx, tx, cypherDeleteCampaign, map[string]any{"id": id})
		if err != nil {
			return false, err
		}
		if rec == nil {
			return false, graph.Errorf(op, graph.NotFound, "no campaign with id %q", id)
		}
		if n, err := value[int64](rec, "n"); err != nil || n == 0 {
			if err == nil {
				err = graph.Errorf(op, graph.NotFound, "no campaign with id %q", id)
			}
			return false, err
		}
		return true, appendAudit(ctx, tx, audit)
	})
	return err
}

// LogInteraction adds an interaction to the organizing log after checking
// it, its participants and its campaign.
func (s *Store) LogInteraction(ctx context.Context, i graph.Interaction, audit ...graph.AuditEntry) (graph.Interaction, error) {
	const op = "neo4j.LogInteraction"
	if strings.TrimSpace(i.ID) == "" {
		i.ID = graph.NewInteractionID()
	}
	if i.CreatedAt.IsZero() {
		i.CreatedAt = nowMillis()
	}
	i.CreatedAt = i.CreatedAt.UTC()
	i.Normalize()
	if err := i.Validate(); err != nil {
		return graph.Interaction{}, wrap(ctx, op, err)
	}
	audit, err := graph.PrepareAudit(audit, nowMillis())
	if err != nil {
		return graph.Interaction{}, wrap(ctx, op, err)
	}
	if err := s.ensureCampaignSchema(ctx); err != nil {
		return graph.Interaction{}, wrap(ctx, op, err)
	}
	doc, err := encodeDoc(i)
	if err != nil {
		return graph.Interaction{}, wrap(ctx, op, err)
	}
	return writeAccount(ctx, s, op, func(tx driver.ManagedTransaction) (graph.Interaction, error) {
		if taken, err := campaignExists(ctx, tx, cypherInteractionExists, i.ID); err != nil {
			return i, err
		} else if taken {
			return i, graph.Errorf(op, graph.Conflict, "an interaction with id %q already exists", i.ID)
		}
		lookup, err := lookupTx(ctx, tx, i.Participants)
		if err != nil {
			return i, err
		}
		if err := i.CheckRefs(lookup); err != nil {
			return i, err
		}
		if i.Campaign != "" {
			if ok, err := campaignExists(ctx, tx, cypherCampaignExists, i.Campaign); err != nil {
				return i, err
			} else if !ok {
				reason := "no campaign " + quoteText(i.Campaign)
				return i, &graph.Error{Op: op, Code: graph.Invalid, Message: "invalid interaction: campaign " + reason,
					Details: []graph.Detail{{Record: i.ID, Field: "campaign", Reason: reason}}}
			}
		}
		if err := campaignExec(ctx, tx, cypherLogInteraction, map[string]any{"id": i.ID, "date": i.Date, "campaign": i.Campaign,
			"participants": i.Participants, "doc": doc}); err != nil {
			return i, err
		}
		return i, appendAudit(ctx, tx, audit)
	})
}

func quoteText(s string) string { b, _ := json.Marshal(s); return string(b) }

// Interaction returns one interaction.
func (s *Store) Interaction(ctx context.Context, id string) (graph.Interaction, error) {
	const op = "neo4j.Interaction"
	return readTx(ctx, s, op, func(tx driver.ManagedTransaction) (graph.Interaction, error) {
		var i graph.Interaction
		rec, err := single(ctx, tx, cypherInteraction, map[string]any{"id": id})
		switch {
		case err != nil:
			return i, err
		case rec == nil:
			return i, graph.Errorf(op, graph.NotFound, "no interaction with id %q", id)
		}
		return i, docOf(rec, "interaction", &i)
	})
}

// Interactions lists the log's matching entries, newest first.
func (s *Store) Interactions(ctx context.Context, q graph.InteractionQuery) ([]graph.Interaction, error) {
	params := map[string]any{"campaign": q.Campaign, "entity": q.Entity, "since": q.Since, "until": q.Until, "limit": limitParam(q.Limit)}
	return readTx(ctx, s, "neo4j.Interactions", func(tx driver.ManagedTransaction) ([]graph.Interaction, error) {
		out := []graph.Interaction{}
		err := each(ctx, tx, cypherInteractions, params, func(rec *driver.Record) error {
			var i graph.Interaction
			err := docOf(rec, "interaction", &i)
			out = append(out, i)
			return err
		})
		return out, err
	})
}

// DeleteInteraction deletes one interaction.
func (s *Store) DeleteInteraction(ctx context.Context, id string, audit ...graph.AuditEntry) error {
	const op = "neo4j.DeleteInteraction"
	audit, err := graph.PrepareAudit(audit, nowMillis())
	if err != nil {
		return wrap(ctx, op, err)
	}
	_, err = writeAccount(ctx, s, op, func(tx driver.ManagedTransaction) (bool, error) {
		rec, err := single(ctx, tx, cypherDeleteInteraction, map[string]any{"id": id})
		if err != nil {
			return false, err
		}
		if n, err := value[int64](rec, "n"); err != nil || n == 0 {
			if err == nil {
				err = graph.Errorf(op, graph.NotFound, "no interaction with id %q", id)
			}
			return false, err
		}
		return true, appendAudit(ctx, tx, audit)
	})
	return err
}

func outreachKey(campaign, week string) string { return campaign + "\x00" + week }

// SaveOutreach stores a campaign's list for its week, replacing any earlier
// one.
func (s *Store) SaveOutreach(ctx context.Context, l graph.OutreachList, audit ...graph.AuditEntry) error {
	const op = "neo4j.SaveOutreach"
	if err := l.Validate(); err != nil {
		return wrap(ctx, op, err)
	}
	audit, err := graph.PrepareAudit(audit, nowMillis())
	if err != nil {
		return wrap(ctx, op, err)
	}
	l = l.StripComparison()
	l.ComputedAt = l.ComputedAt.UTC()
	doc, err := encodeDoc(l)
	if err != nil {
		return wrap(ctx, op, err)
	}
	if err := s.ensureCampaignSchema(ctx); err != nil {
		return wrap(ctx, op, err)
	}
	_, err = writeAccount(ctx, s, op, func(tx driver.ManagedTransaction) (bool, error) {
		if ok, err := campaignExists(ctx, tx, cypherCampaignExists, l.Campaign); err != nil {
			return false, err
		} else if !ok {
			return false, graph.Errorf(op, graph.NotFound, "no campaign with id %q", l.Campaign)
		}
		if err := campaignExec(ctx, tx, cypherSaveOutreach, map[string]any{"key": outreachKey(l.Campaign, l.Week),
			"campaign": l.Campaign, "week": l.Week, "doc": doc}); err != nil {
			return false, err
		}
		return true, appendAudit(ctx, tx, audit)
	})
	return err
}

// Outreach returns the list stored for a campaign and week.
func (s *Store) Outreach(ctx context.Context, campaign, week string) (graph.OutreachList, error) {
	const op = "neo4j.Outreach"
	return readTx(ctx, s, op, func(tx driver.ManagedTransaction) (graph.OutreachList, error) {
		var l graph.OutreachList
		rec, err := single(ctx, tx, cypherOutreach, map[string]any{"key": outreachKey(campaign, week)})
		switch {
		case err != nil:
			return l, err
		case rec == nil:
			return l, graph.Errorf(op, graph.NotFound, "no outreach list of campaign %s for week %s", quoteText(campaign), quoteText(week))
		}
		return l, docOf(rec, "outreach list", &l)
	})
}

// OutreachWeeks lists the weeks with a stored list, oldest first.
func (s *Store) OutreachWeeks(ctx context.Context, campaign string) ([]string, error) {
	return readTx(ctx, s, "neo4j.OutreachWeeks", func(tx driver.ManagedTransaction) ([]string, error) {
		out := []string{}
		err := each(ctx, tx, cypherWeeks, map[string]any{"campaign": campaign}, func(rec *driver.Record) error {
			w, err := value[string](rec, "week")
			out = append(out, w)
			return err
		})
		return out, err
	})
}

// LastRun returns when a job last ran, or the zero time.
func (s *Store) LastRun(ctx context.Context, job string) (time.Time, error) {
	return readTx(ctx, s, "neo4j.LastRun", func(tx driver.ManagedTransaction) (time.Time, error) {
		rec, err := single(ctx, tx, cypherLastRun, map[string]any{"name": job})
		if err != nil || rec == nil {
			return time.Time{}, err
		}
		v, _ := rec.Get("at")
		if v == nil {
			return time.Time{}, nil
		}
		at, ok := v.(time.Time)
		if !ok {
			return time.Time{}, errField("at", v)
		}
		return at, nil
	})
}

// ClaimRun claims a job's run for holder (see graph.CampaignStore).
func (s *Store) ClaimRun(ctx context.Context, job string, at time.Time, holder string, now, until time.Time) (bool, error) {
	const op = "neo4j.ClaimRun"
	if err := s.ensureCampaignSchema(ctx); err != nil {
		return false, wrap(ctx, op, err)
	}
	params := map[string]any{"name": job, "at": at.UTC(), "holder": holder, "now": now.UTC(), "until": until.UTC()}
	return writeAccount(ctx, s, op, func(tx driver.ManagedTransaction) (bool, error) {
		rec, err := single(ctx, tx, cypherClaimRun, params)
		return rec != nil, err
	})
}

// SetLastRun records when a job ran.
func (s *Store) SetLastRun(ctx context.Context, job string, at time.Time) error {
	const op = "neo4j.SetLastRun"
	if err := s.ensureCampaignSchema(ctx); err != nil {
		return wrap(ctx, op, err)
	}
	_, err := writeAccount(ctx, s, op, func(tx driver.ManagedTransaction) (bool, error) {
		return true, campaignExec(ctx, tx, cypherSetLastRun, map[string]any{"name": job, "at": at.UTC()})
	})
	return err
}
