package graph

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseIdentifierRef(t *testing.T) {
	tests := []struct {
		ref  string
		want Identifier
		ok   bool
	}{
		{"bioguide:S001217", Identifier{SchemeBioguide, "S001217"}, true},
		{"bioguide:s001217", Identifier{SchemeBioguide, "S001217"}, true},
		{"fec:H8IL09067", Identifier{SchemeFEC, "H8IL09067"}, true},
		{"littlesis:1234", Identifier{SchemeLittleSis, "1234"}, true},
		{"ocd-person/3a57e816-1e10-58b5-8394-0272542ca567", Identifier{SchemeOCDPerson, "ocd-person/3a57e816-1e10-58b5-8394-0272542ca567"}, true},
		{"ocd-organization/x", Identifier{SchemeOCDOrganization, "ocd-organization/x"}, true},
		{"wikipedia:Rick Scott", Identifier{}, false}, // weak
		{"twitter:SenRickScott", Identifier{}, false}, // unknown
		{"bioguide:", Identifier{}, false},
		{"bioguide:S 1", Identifier{}, false},
		{"ocd-person/", Identifier{}, false},
		{"sen-07", Identifier{}, false},
	}
	for _, tc := range tests {
		got, ok := ParseIdentifierRef(tc.ref)
		assert.Equal(t, tc.ok, ok, tc.ref)
		assert.Equal(t, tc.want, got, tc.ref)
		if ok {
			back, _ := ParseIdentifierRef(got.String())
			assert.Equal(t, got, back, "String reads back: %s", got)
		}
	}
}

func TestIdentifiersOnEntity(t *testing.T) {
	e := Entity{ID: "x", Kind: KindOfficial, Name: "X", Props: map[string]string{"id.fec": " h8il09067 | S0IL00204|h8il09067 ", "id.twitter": "x", "id.": "junk", "other": "1"}}
	e.AddIdentifier(SchemeBioguide, "b000001")
	e.AddIdentifier(SchemeFEC, "S0IL00204")
	e.AddIdentifier("Wikidata", "q1")
	e.AddIdentifier(SchemeICPSR, "")
	e.Normalize()
	assert.Equal(t, "H8IL09067|S0IL00204", e.Props["id.fec"])
	assert.Equal(t, []Identifier{{SchemeBioguide, "B000001"}, {SchemeFEC, "H8IL09067"}, {SchemeFEC, "S0IL00204"},
		{"twitter", "x"}, {SchemeWikidata, "Q1"}}, e.Identifiers())
	assert.Equal(t, []Identifier{{SchemeBioguide, "B000001"}, {SchemeFEC, "H8IL09067"}, {SchemeFEC, "S0IL00204"},
		{SchemeWikidata, "Q1"}}, e.StrongIdentifiers())
	require.NoError(t, e.Validate())

	e.AddIdentifier(SchemeBioguide, "B000002")
	e.Props["id.votesmart"] = "1 2"
	ds := DetailsOf(e.Validate())
	fields := map[string]bool{}
	for _, d := range ds {
		fields[d.Field] = true
	}
	assert.Equal(t, map[string]bool{"props.id.bioguide": true, "props.id.votesmart": true}, fields, "%v", ds)

	assert.Error(t, CheckLookup([]Identifier{{SchemeWikipedia, "X"}}))
	assert.NoError(t, CheckLookup([]Identifier{{SchemeBioguide, "X"}}))
}

func ExampleEntity_AddIdentifier() {
	e := Entity{ID: "bioguide:S001217", Kind: KindOfficial, Name: "Rick Scott"}
	e.AddIdentifier(SchemeBioguide, "S001217")
	e.AddIdentifier(SchemeFEC, "S8FL00273")
	e.AddIdentifier(SchemeWikipedia, "Rick Scott")
	for _, id := range e.StrongIdentifiers() {
		fmt.Println(id)
	}
	fmt.Println(e.Props["id.fec"])
	// Output:
	// bioguide:S001217
	// fec:S8FL00273
	// S8FL00273
}
