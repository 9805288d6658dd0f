package graph_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

func TestRelationshipValidate(t *testing.T) {
	base := func() graph.Relationship {
		return graph.Relationship{Source: "a", Target: "b", Type: graph.Knows}
	}
	cases := []struct {
		name   string
		edit   func(r *graph.Relationship)
		field  string
		reason string
	}{
		{"ok", func(r *graph.Relationship) {}, "", ""},
		{"empty source", func(r *graph.Relationship) { r.Source = " " }, "source", "must not be empty"},
		{"empty target", func(r *graph.Relationship) { r.Target = "" }, "target", "must not be empty"},
		{"self loop", func(r *graph.Relationship) { r.Target = "a" }, "target", "itself"},
		{"unknown type", func(r *graph.Relationship) { r.Type = "LIKES" }, "type", "allowed: ADVISES"},
		{"strength above one", func(r *graph.Relationship) { r.Strength = 1.5 }, "strength", "(0,1]"},
		{"negative strength", func(r *graph.Relationship) { r.Strength = -0.1 }, "strength", "(0,1]"},
		{"strength one", func(r *graph.Relationship) { r.Strength = 1 }, "", ""},
		{"bad since", func(r *graph.Relationship) { r.Since = "2020-13-01" }, "since", "not a date"},
		{"until before since", func(r *graph.Relationship) { r.Since = "2020-05"; r.Until = "2019" }, "until", "before since"},
		{"until in the same year as since", func(r *graph.Relationship) { r.Since = "2020-05-02"; r.Until = "2020" }, "", ""},
		{"negative amount", func(r *graph.Relationship) { r.Amount = -5 }, "amount", "negative"},
		{"NaN amount", func(r *graph.Relationship) { r.Amount = math.NaN() }, "amount", "finite"},
		{"infinite amount", func(r *graph.Relationship) { r.Amount = math.Inf(1) }, "amount", "finite"},
		{"NaN strength", func(r *graph.Relationship) { r.Strength = math.NaN() }, "strength", "(0,1]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := base()
			c.edit(&r)
			r.Normalize()
			err := r.Validate()
			if c.field == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, graph.Invalid, graph.CodeOf(err))
			ds := graph.DetailsOf(err)
			require.NotEmpty(t, ds)
			assert.Equal(t, c.field, ds[0].Field)
			assert.Contains(t, ds[0].Reason, c.reason)
		})
	}
}

func TestRelationshipNormalize(t *testing.T) {
	r := graph.Relationship{Source: " b ", Target: "a", Type: "knows"}
	r.Normalize()
	assert.Equal(t, graph.Knows, r.Type)
	assert.Equal(t, 0.5, r.Strength, "type default strength")
	assert.Equal(t, "KNOWS:a~b", r.ID, "symmetric ids are order-free")

	d := graph.Relationship{Source: "b", Target: "a", Type: graph.WorksFor}
	d.Normalize()
	assert.Equal(t, "WORKS_FOR:b>a", d.ID)
}

func TestEntityValidate(t *testing.T) {
	cases := []struct {
		e     graph.Entity
		field string
	}{
		{graph.Entity{ID: "p1", Kind: "person", Name: "Ana"}, ""},
		{graph.Entity{ID: "", Kind: "person", Name: "Ana"}, "id"},
		{graph.Entity{ID: "p1", Kind: "person", Name: "  "}, "name"},
		{graph.Entity{ID: "p1", Kind: "robot", Name: "Ana"}, "kind"},
		{graph.Entity{ID: "p1", Kind: "Official", Name: "Ana"}, ""},
	}
	for _, c := range cases {
		e := c.e
		e.Normalize()
		err := e.Validate()
		if c.field == "" {
			assert.NoError(t, err)
			continue
		}
		require.Error(t, err)
		assert.Equal(t, c.field, graph.DetailsOf(err)[0].Field)
	}
}

func TestEntityNormalizeAndRevision(t *testing.T) {
	a := graph.Entity{ID: "p1", Kind: "person", Name: "Ana", Labels: []string{"Staff", "board", "staff"}, Props: map[string]string{}}
	b := graph.Entity{ID: "p1", Kind: "person", Name: "Ana ", Labels: []string{"board", "staff"}}
	a.Normalize()
	b.Normalize()
	assert.Equal(t, []string{"board", "staff"}, a.Labels)
	assert.Nil(t, a.Props)
	assert.Equal(t, a.Revision(), b.Revision())
	b.Ours = true
	assert.NotEqual(t, a.Revision(), b.Revision())
}

func TestEntityKindsAndPrivacy(t *testing.T) {
	pac := graph.Entity{Kind: graph.KindDonor, OrgType: "pac"}
	person := graph.Entity{Kind: graph.KindDonor}
	assert.True(t, pac.IsOrganization())
	assert.False(t, person.IsOrganization())
	client := graph.Entity{Labels: []string{graph.LabelClient}}
	assert.True(t, client.IsPrivate())
}

func TestParseRelType(t *testing.T) {
	for in, want := range map[string]graph.RelType{"knows": graph.Knows, "friend of": graph.FriendOf, "Works-For": graph.WorksFor} {
		got, err := graph.ParseRelType(in)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
	_, err := graph.ParseRelType("LIKES")
	require.Error(t, err)
	for _, name := range graph.TypeNames() {
		assert.Contains(t, err.Error(), name, "the error lists every allowed type")
	}
}

func TestVocabulary(t *testing.T) {
	for _, info := range graph.Types() {
		assert.Truef(t, info.DefaultStrength > 0 && info.DefaultStrength <= 1, "%s default strength", info.Type)
		assert.Falsef(t, info.Stance && info.Introduces, "%s: a stance carries no introduction", info.Type)
		assert.Equal(t, strings.ToUpper(string(info.Type)), string(info.Type))
	}
	for _, s := range []graph.RelType{graph.Supports, graph.Opposes} {
		info, _ := s.Info()
		assert.True(t, info.Stance)
	}
}

func TestBatchPrepare(t *testing.T) {
	b := &graph.Batch{
		Entities: []graph.Entity{
			{ID: "p1", Kind: "person", Name: "Ana"},
			{ID: "p1", Kind: "official", Name: "Ana"},
			{ID: "p2", Kind: "person", Name: "Ben"},
			{ID: "p2", Kind: "person", Name: "Ben"},
		},
		Relationships: []graph.Relationship{{Source: "p1", Target: "p2", Type: "KNOWS", Strength: 2}},
	}
	err := b.Prepare()
	require.Error(t, err)
	ds := graph.DetailsOf(err)
	require.Len(t, ds, 2, "%v", ds)
	assert.Equal(t, "p1", ds[0].Record)
	assert.Contains(t, ds[0].Reason, "duplicate id")
	assert.Equal(t, "strength", ds[1].Field)
	assert.Equal(t, "KNOWS:p1~p2", ds[1].Record)
}

func TestCurrent(t *testing.T) {
	now, _ := graph.ParseDate("2026-11-29")
	assert.True(t, graph.Current("", now.Start()))
	assert.True(t, graph.Current("2026", now.Start()), "a year covers its last day")
	assert.True(t, graph.Current("2026-11-29", now.Start()))
	assert.False(t, graph.Current("2026-10", now.Start()))
	assert.False(t, graph.Current("2019-01-01", now.Start()))
}

func TestCodeOfContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.Equal(t, graph.Unavailable, graph.CodeOf(ctx.Err()))
	assert.Equal(t, graph.Unavailable, graph.CodeOf(fmt.Errorf("wrapped: %w", ctx.Err())))
	assert.Equal(t, graph.Internal, graph.CodeOf(errors.New("boom")))
	assert.Equal(t, graph.NotFound, graph.CodeOf(graph.E("op", graph.NotFound, ctx.Err())), "an explicit code wins")
}
