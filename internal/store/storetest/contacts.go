package storetest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/powermap/powermap/graph"
)

// testCampaignContacts: a campaign's contacts are kept in order, each
// once; a contact that is missing, an issue, an organization or a target
// is refused, naming the contact.
func testCampaignContacts(t *testing.T, open CampaignsOpener) {
	s := openCampaigns(t, open)
	ctx := t.Context()
	c := fy27("contacts")
	c.Contacts = []string{DanaWhitfield, " " + ChloeMartin, DanaWhitfield}
	got, err := s.CreateCampaign(ctx, c)
	require.NoError(t, err)
	assert.Equal(t, []string{DanaWhitfield, ChloeMartin}, got.Contacts)
	got, err = s.Campaign(ctx, "contacts")
	require.NoError(t, err)
	assert.Equal(t, []string{DanaWhitfield, ChloeMartin}, got.Contacts, "read back")

	for field, contacts := range map[string][]string{
		"contacts[1]": {ChloeMartin, "nobody"},
		"contacts[0]": {IssueFY27},
		"contacts[2]": {ChloeMartin, DanaWhitfield, RiversideCoalition},
	} {
		bad := got
		bad.Contacts = contacts
		_, err := s.UpdateCampaign(ctx, bad)
		requireCode(t, err, graph.Invalid)
		requireDetail(t, err, "contacts", field)
	}
	bad := got
	bad.Contacts = []string{AaronOrtiz}
	_, err = s.UpdateCampaign(ctx, bad)
	requireDetail(t, err, "contacts", "contacts[0]")
	assert.Contains(t, err.Error(), "is a target of the campaign")
	got, err = s.Campaign(ctx, "contacts")
	require.NoError(t, err)
	assert.Equal(t, []string{DanaWhitfield, ChloeMartin}, got.Contacts, "a refused update changes nothing")

	got.Contacts = nil
	got, err = s.UpdateCampaign(ctx, got)
	require.NoError(t, err)
	assert.Empty(t, got.Contacts)
}
