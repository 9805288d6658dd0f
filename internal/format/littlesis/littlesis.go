// Package littlesis reads LittleSis bulk data: entities.json and
// relationships.json, each a JSON array of records (or a JSON:API document
// whose "data" holds them), in LittleSis's API shape ({"id", "attributes":
// {...}}) or flat. Both files are streamed record by record.
//
// Entities: id "littlesis:<id>"; primary_ext Person is a person (an
// official when its types include ElectedRepresentative or PublicOfficial),
// Org an organization whose OrgType is its first other type; the other types
// become labels; aliases, blurb (Notes) and website (Props) are kept.
//
// The 12 relationship categories map onto powermap's vocabulary, from
// entity1 to entity2, keeping Props category, description1, description2,
// currency and goods, Amount, Since (start_date) and Until (end_date):
//
//	1 Position      WORKS_FOR; BOARD_OF when the description says board,
//	                director or trustee; LEADS when it says CEO, president,
//	                chief executive, chair, founder or executive director
//	2 Education     MEMBER_OF (the student of the school)
//	3 Membership    MEMBER_OF
//	4 Family        FAMILY_OF
//	5 Donation      DONATED_TO
//	6 Transaction   CLIENT_OF (entity1 paid entity2 for goods or services)
//	7 Lobbying      LOBBIES
//	8 Social        FRIEND_OF
//	9 Professional  COLLEAGUE_OF
//	10 Ownership    LEADS (an owner controls what it owns)
//	11 Hierarchy    MEMBER_OF (the child organization of its parent)
//	12 Generic      KNOWS
//
// is_current false without an end_date sets Until to the date of
// updated_at: the tie had ended by then, and no later date is known.
package littlesis

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
)

// Name is the format's name on the command line.
const Name = "littlesis"

const op = "littlesis.Read"

// Categories maps LittleSis relationship category ids to their names.
var Categories = map[int]string{1: "Position", 2: "Education", 3: "Membership", 4: "Family", 5: "Donation", 6: "Transaction",
	7: "Lobbying", 8: "Social", 9: "Professional", 10: "Ownership", 11: "Hierarchy", 12: "Generic"}

var categoryTypes = map[int]graph.RelType{1: graph.WorksFor, 2: graph.MemberOf, 3: graph.MemberOf, 4: graph.FamilyOf, 5: graph.DonatedTo,
	6: graph.ClientOf, 7: graph.Lobbies, 8: graph.FriendOf, 9: graph.ColleagueOf, 10: graph.Leads, 11: graph.MemberOf, 12: graph.Knows}

// TypeOf maps a category and the relationship's descriptions to a type.
func TypeOf(category int, descriptions ...string) (graph.RelType, bool) {
	t, ok := categoryTypes[category]
	if !ok {
		return "", false
	}
	if category == 1 {
		d := strings.ToLower(strings.Join(descriptions, " "))
		switch {
		case containsAny(d, "board", "director", "trustee") && !strings.Contains(d, "executive director"):
			return graph.BoardOf, true
		case containsAny(d, "ceo", "chief executive", "president", "chair", "founder", "executive director"):
			return graph.Leads, true
		}
	}
	return t, true
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// ID is the entity id of a LittleSis entity.
func ID(id int64) string { return "littlesis:" + strconv.FormatInt(id, 10) }

type entityAttrs struct {
	ID         int64    `json:"id"`
	Name       string   `json:"name"`
	Blurb      string   `json:"blurb"`
	Website    string   `json:"website"`
	PrimaryExt string   `json:"primary_ext"`
	Types      []string `json:"types"`
	Aliases    []string `json:"aliases"`
	StartDate  string   `json:"start_date"`
	EndDate    string   `json:"end_date"`
}

type relAttrs struct {
	ID           int64    `json:"id"`
	Entity1      int64    `json:"entity1_id"`
	Entity2      int64    `json:"entity2_id"`
	Category     int      `json:"category_id"`
	Description1 string   `json:"description1"`
	Description2 string   `json:"description2"`
	Amount       *float64 `json:"amount"`
	Currency     string   `json:"currency"`
	Goods        string   `json:"goods"`
	StartDate    string   `json:"start_date"`
	EndDate      string   `json:"end_date"`
	IsCurrent    *bool    `json:"is_current"`
	UpdatedAt    string   `json:"updated_at"`
}

// apiRecord is either {"id", "attributes": {...}} or the attributes flat.
type apiRecord struct {
	Attributes json.RawMessage `json:"attributes"`
}

// Reader is the format.Reader of LittleSis bulk files.
type Reader struct {
	// TempDir is where ids are sorted while they are checked; empty means
	// os.TempDir().
	TempDir string
	// BatchSize caps the records of each batch applied; 0 means
	// DefaultBatchSize.
	BatchSize int
}

var _ format.Reader = Reader{}

// Name implements format.Reader.
func (Reader) Name() string { return Name }

// Detect implements format.Reader: every path is a .json file whose first
// record has LittleSis fields (primary_ext, or entity1_id and category_id).
func (Reader) Detect(paths []string) (bool, error) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return false, graph.E("littlesis.Detect", graph.Invalid, err, graph.Detail{File: p, Reason: "cannot read: " + err.Error()})
		}
		head := make([]byte, 8192)
		n, _ := io.ReadFull(f, head)
		f.Close()
		head = head[:n]
		if !strings.HasSuffix(strings.ToLower(p), ".json") || !(bytes.Contains(head, []byte(`"primary_ext"`)) ||
			bytes.Contains(head, []byte(`"entity1_id"`)) && bytes.Contains(head, []byte(`"category_id"`))) {
			return false, nil
		}
	}
	return len(paths) > 0, nil
}

// stream calls fn for every record of the JSON array in path (or of the
// array under "data"), decoding one record at a time and unwrapping
// "attributes".
func stream(ctx context.Context, path string, fn func(int, json.RawMessage) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	tok, err := dec.Token()
	if err != nil {
		return errors.New("not JSON: " + err.Error())
	}
	if tok == json.Delim('{') {
		for {
			k, err := dec.Token()
			if err != nil {
				return errors.New("not a LittleSis document: " + err.Error())
			}
			if k == "data" {
				break
			}
			if _, ok := k.(string); !ok {
				return errors.New("not a LittleSis document: no data array")
			}
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return err
			}
		}
		if tok, err = dec.Token(); err != nil {
			return err
		}
	}
	if tok != json.Delim('[') {
		return errors.New("not a LittleSis bulk file: want a JSON array of records")
	}
	for i := 0; dec.More(); i++ {
		if i%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return errors.New("record " + strconv.Itoa(i) + ": " + err.Error())
		}
		var w apiRecord
		if json.Unmarshal(raw, &w) == nil && len(w.Attributes) > 0 {
			raw = w.Attributes
		}
		if err := fn(i, raw); err != nil {
			return err
		}
	}
	return nil
}

func entity(a entityAttrs) (graph.Entity, string) {
	if strings.TrimSpace(a.Name) == "" || a.ID == 0 {
		return graph.Entity{}, "an entity needs an id and a name"
	}
	e := graph.Entity{ID: ID(a.ID), Name: a.Name, Notes: a.Blurb, Aliases: a.Aliases,
		SourceURL: "https://littlesis.org/entities/" + strconv.FormatInt(a.ID, 10), Props: map[string]string{"source": Name}}
	e.AddIdentifier(graph.SchemeLittleSis, strconv.FormatInt(a.ID, 10))
	if a.Website != "" {
		e.Props["website"] = a.Website
	}
	e.Kind = graph.KindPerson
	if a.PrimaryExt == "Org" {
		e.Kind = graph.KindOrganization
	}
	for _, t := range a.Types {
		switch t {
		case "Person", "Org":
		case "ElectedRepresentative", "PublicOfficial":
			if e.Kind == graph.KindPerson {
				e.Kind = graph.KindOfficial
			}
			e.Labels = append(e.Labels, strings.ToLower(t))
		default:
			if e.Kind == graph.KindOrganization && e.OrgType == "" {
				e.OrgType = strings.ToLower(t)
			}
			e.Labels = append(e.Labels, strings.ToLower(t))
		}
	}
	return e, ""
}

func relationship(a relAttrs) (graph.Relationship, string, string) {
	t, ok := TypeOf(a.Category, a.Description1, a.Description2)
	if !ok {
		return graph.Relationship{}, "category_id", "unknown category " + strconv.Itoa(a.Category) + " (want 1 to 12)"
	}
	if a.Entity1 == 0 || a.Entity2 == 0 {
		return graph.Relationship{}, "entity1_id", "a relationship needs entity1_id and entity2_id"
	}
	r := graph.Relationship{
		ID:     "littlesis:rel:" + strconv.FormatInt(a.ID, 10),
		Source: ID(a.Entity1), Target: ID(a.Entity2), Type: t,
		Since: dateOnly(a.StartDate), Until: dateOnly(a.EndDate),
		SourceURL: "https://littlesis.org/relationships/" + strconv.FormatInt(a.ID, 10),
		Props:     map[string]string{"source": Name, "category": Categories[a.Category]},
	}
	if a.Amount != nil {
		r.Amount = *a.Amount
	}
	for k, v := range map[string]string{"description1": a.Description1, "description2": a.Description2, "currency": a.Currency, "goods": a.Goods} {
		if v != "" {
			r.Props[k] = v
		}
	}
	if a.IsCurrent != nil {
		r.Props["is_current"] = strconv.FormatBool(*a.IsCurrent)
		if !*a.IsCurrent && r.Until == "" {
			r.Until = dateOnly(a.UpdatedAt)
		}
	}
	return r, "", ""
}

// dateOnly keeps the date of a timestamp ("2017-05-12T10:00:00Z").
func dateOnly(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 10 && s[10] == 'T' || len(s) > 10 && s[10] == ' ' {
		s = s[:10]
	}
	// LittleSis writes unknown parts as 00: "2010-00-00" is 2010.
	s = strings.TrimSuffix(strings.TrimSuffix(s, "-00"), "-00")
	return s
}
