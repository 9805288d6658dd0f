package congress

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
)

const op = "congress.Read"

// Name is the format's name on the command line and in the API.
const Name = "congress"

// File names read from the folder.
const (
	FileLegislators = "legislators-current.yaml"
	FileCommittees  = "committees-current.yaml"
	FileMembership  = "committee-membership-current.yaml"
	FileOffices     = "legislators-district-offices.yaml"
)

// PropChambers is the property holding every chamber a legislator has
// served in (House, Senate), comma-separated, in the order first served.
const PropChambers = "chambers"

// Result is what an import produced: one batch to apply atomically and the
// records skipped, each with its reason.
type Result struct {
	Batch   *graph.Batch
	Skipped []graph.Detail
}

// Detect reports whether fsys holds a congress-legislators folder.
func Detect(fsys fs.FS) bool {
	b, err := fs.ReadFile(fsys, FileLegislators)
	return err == nil && strings.Contains(string(b), "bioguide:")
}

// ID is the entity id of the legislator with the given bioguide id.
func ID(bioguide string) string { return "bioguide:" + bioguide }

// CommitteeID is the entity id of a committee or subcommittee thomas code.
func CommitteeID(code string) string { return "congress:" + code }

// Read imports the folder. It refuses a folder without
// legislators-current.yaml, and fails whole with an Invalid *graph.Error
// listing every malformed record by file, line, field and reason.
func Read(ctx context.Context, fsys fs.FS) (*Result, error) {
	if _, err := fs.Stat(fsys, FileLegislators); err != nil {
		return nil, graph.Errorf(op, graph.Invalid, "not a congress-legislators folder: %s is missing", FileLegislators)
	}
	var problems []graph.Detail
	res := &Result{Batch: &graph.Batch{}}

	offices := map[string][]json.RawMessage{}
	if items, ds, ok := readSeq(fsys, FileOffices); ok {
		problems = append(problems, ds...)
		for _, it := range items {
			var o struct {
				ID struct {
					Bioguide string `yaml:"bioguide"`
				} `yaml:"id"`
				Offices []map[string]any `yaml:"offices"`
			}
			if err := it.Decode(&o); err != nil {
				problems = append(problems, nodeDetail(FileOffices, it, "", err))
				continue
			}
			for _, x := range o.Offices {
				if b, err := json.Marshal(x); err == nil {
					offices[o.ID.Bioguide] = append(offices[o.ID.Bioguide], b)
				}
			}
		}
	}

	items, ds, _ := readSeq(fsys, FileLegislators)
	problems = append(problems, ds...)
	known := map[string]bool{}
	for i, it := range items {
		if i%256 == 0 && ctx.Err() != nil {
			return nil, graph.E(op, graph.Unavailable, ctx.Err())
		}
		var l legislator
		if err := it.Decode(&l); err != nil {
			problems = append(problems, nodeDetail(FileLegislators, it, "", err))
			continue
		}
		lid := l.ids()
		if lid.Bioguide == "" {
			problems = append(problems, graph.Detail{File: FileLegislators, Line: it.Line, Field: "id.bioguide", Reason: "is required"})
			continue
		}
		if len(l.Terms) == 0 {
			problems = append(problems, graph.Detail{File: FileLegislators, Line: it.Line, Record: lid.Bioguide, Field: "terms", Reason: "a current legislator has at least one term"})
			continue
		}
		known[lid.Bioguide] = true
		res.Batch.Entities = append(res.Batch.Entities, l.entity(lid, offices[lid.Bioguide]))
	}

	committees := map[string]bool{}
	if items, ds, ok := readSeq(fsys, FileCommittees); ok {
		problems = append(problems, ds...)
		for _, it := range items {
			var c committee
			if err := it.Decode(&c); err != nil {
				problems = append(problems, nodeDetail(FileCommittees, it, "", err))
				continue
			}
			if c.ThomasID == "" || c.Name == "" {
				problems = append(problems, graph.Detail{File: FileCommittees, Line: it.Line, Record: c.Name, Field: "thomas_id", Reason: "a committee needs a thomas_id and a name"})
				continue
			}
			parent := c.entity("", c.Type)
			res.Batch.Entities = append(res.Batch.Entities, parent)
			committees[c.ThomasID] = true
			for _, s := range c.Subcommittees {
				if s.ThomasID == "" || s.Name == "" {
					problems = append(problems, graph.Detail{File: FileCommittees, Line: it.Line, Record: c.ThomasID, Field: "subcommittees.thomas_id", Reason: "a subcommittee needs a thomas_id and a name"})
					continue
				}
				sub := s.entity(c.ThomasID, c.Type)
				res.Batch.Entities = append(res.Batch.Entities, sub)
				committees[c.ThomasID+s.ThomasID] = true
				res.Batch.Relationships = append(res.Batch.Relationships, graph.Relationship{
					Source: sub.ID, Target: parent.ID, Type: graph.MemberOf, Props: map[string]string{"role": "subcommittee"}})
			}
		}
	}

	if b, err := fs.ReadFile(fsys, FileMembership); err == nil {
		var root yaml.Node
		if err := yaml.Unmarshal(b, &root); err != nil {
			problems = append(problems, format.YAMLDetail(FileMembership, err))
		} else if len(root.Content) > 0 && root.Content[0].Kind == yaml.MappingNode {
			m := root.Content[0]
			for i := 0; i+1 < len(m.Content); i += 2 {
				code := m.Content[i].Value
				var members []membership
				if err := m.Content[i+1].Decode(&members); err != nil {
					problems = append(problems, nodeDetail(FileMembership, m.Content[i+1], code, err))
					continue
				}
				if !committees[code] {
					res.Skipped = append(res.Skipped, graph.Detail{File: FileMembership, Line: m.Content[i].Line, Record: code, Reason: "committee " + code + " is not in " + FileCommittees})
					continue
				}
				for _, mb := range members {
					if !known[mb.Bioguide] {
						res.Skipped = append(res.Skipped, graph.Detail{File: FileMembership, Line: m.Content[i].Line, Record: code, Field: "bioguide",
							Reason: "member " + strconv.Quote(mb.Name) + " (" + mb.Bioguide + ") is not a current legislator"})
						continue
					}
					res.Batch.Relationships = append(res.Batch.Relationships, mb.relationship(code))
				}
			}
		} else {
			problems = append(problems, graph.Detail{File: FileMembership, Line: 1, Reason: "want a mapping from committee code to members"})
		}
	}

	if len(problems) > 0 {
		return nil, &graph.Error{Op: op, Code: graph.Invalid, Message: "congress-legislators import refused: " + problems[0].String(), Details: problems}
	}
	return res, nil
}

// readSeq reads a YAML file holding a sequence. ok is false when the file
// does not exist.
func readSeq(fsys fs.FS, name string) (items []*yaml.Node, ds []graph.Detail, ok bool) {
	b, err := fs.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, false
	}
	if err != nil {
		return nil, []graph.Detail{{File: name, Reason: "cannot read: " + err.Error()}}, true
	}
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		return nil, []graph.Detail{format.YAMLDetail(name, err)}, true
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.SequenceNode {
		return nil, []graph.Detail{{File: name, Line: 1, Reason: "want a YAML list of records"}}, true
	}
	return root.Content[0].Content, nil, true
}

type legislator struct {
	IDRaw yaml.Node `yaml:"id"`
	Name  struct {
		First        string `yaml:"first"`
		Middle       string `yaml:"middle"`
		Last         string `yaml:"last"`
		Suffix       string `yaml:"suffix"`
		Nickname     string `yaml:"nickname"`
		OfficialFull string `yaml:"official_full"`
	} `yaml:"name"`
	Bio struct {
		Birthday string `yaml:"birthday"`
		Gender   string `yaml:"gender"`
	} `yaml:"bio"`
	Terms []term `yaml:"terms"`
}

type term struct {
	Type        string `yaml:"type"`
	Start       string `yaml:"start"`
	End         string `yaml:"end"`
	State       string `yaml:"state"`
	District    *int   `yaml:"district"`
	Class       string `yaml:"class"`
	StateRank   string `yaml:"state_rank"`
	Party       string `yaml:"party"`
	URL         string `yaml:"url"`
	Address     string `yaml:"address"`
	Phone       string `yaml:"phone"`
	ContactForm string `yaml:"contact_form"`
	Office      string `yaml:"office"`
}

// ids is the decoded id block: bioguide plus any other scheme.
type ids struct {
	Bioguide string
	FEC      []string
	Other    map[string]string
}

func (l *legislator) ids() ids {
	var out ids
	var raw map[string]yaml.Node
	if l.IDRaw.Decode(&raw) != nil {
		return out
	}
	out.Other = map[string]string{}
	for k, v := range raw {
		switch {
		case k == "bioguide":
			out.Bioguide = v.Value
		case v.Kind == yaml.SequenceNode:
			var list []string
			_ = v.Decode(&list)
			if k == "fec" {
				out.FEC = list
			} else {
				out.Other[k] = strings.Join(list, graph.IdentifierSeparator)
			}
		case v.Kind == yaml.ScalarNode:
			out.Other[k] = v.Value
		}
	}
	return out
}

func (l *legislator) entity(id ids, offices []json.RawMessage) graph.Entity {
	t := l.Terms[len(l.Terms)-1]
	name := l.Name.OfficialFull
	if name == "" {
		name = strings.Join(strings.Fields(l.Name.First+" "+l.Name.Middle+" "+l.Name.Last+" "+l.Name.Suffix), " ")
	}
	e := graph.Entity{
		ID:        ID(id.Bioguide),
		Kind:      graph.KindOfficial,
		Name:      name,
		Party:     t.Party,
		Phone:     t.Phone,
		SourceURL: t.URL,
		Props: map[string]string{
			"source": Name,
			"level":  "federal",
			"state":  t.State,
		},
	}
	e.AddIdentifier(graph.SchemeBioguide, id.Bioguide)
	e.Aliases = []string{l.Name.First + " " + l.Name.Last}
	if l.Name.Nickname != "" {
		e.Aliases = append(e.Aliases, l.Name.Nickname+" "+l.Name.Last)
	}
	// Wikipedia and Ballotpedia titles are the names people use ("Dick
	// Durbin"), less any disambiguation in parentheses.
	for _, k := range []string{"wikipedia", "ballotpedia"} {
		if v := id.Other[k]; v != "" {
			if i := strings.Index(v, " ("); i > 0 {
				v = v[:i]
			}
			e.Aliases = append(e.Aliases, v)
		}
	}
	switch t.Type {
	case "sen":
		e.Title, e.Chamber = "U.S. Senator", "Senate"
	case "rep":
		e.Title, e.Chamber = "U.S. Representative", "House"
	}
	if t.District != nil {
		e.District = strconv.Itoa(*t.District)
	}
	// Every chamber served in, so that a senator's old House records can
	// be told from a namesake's (graph/dedupe reads it).
	var chambers []string
	for _, x := range l.Terms {
		c := map[string]string{"sen": "Senate", "rep": "House"}[x.Type]
		if c != "" && !slices.Contains(chambers, c) {
			chambers = append(chambers, c)
		}
	}
	if len(chambers) > 0 {
		e.Props[PropChambers] = strings.Join(chambers, ",")
	}
	for _, v := range id.FEC {
		e.AddIdentifier(graph.SchemeFEC, v)
	}
	for k, v := range id.Other {
		e.AddIdentifier(graph.Scheme(k), v)
	}
	for k, v := range map[string]string{"term_start": t.Start, "term_end": t.End, "class": t.Class, "state_rank": t.StateRank,
		"address": t.Address, "office": t.Office, "contact_form": t.ContactForm, "birthday": l.Bio.Birthday, "gender": l.Bio.Gender} {
		if v != "" {
			e.Props[k] = v
		}
	}
	if len(offices) > 0 {
		b, _ := json.Marshal(offices)
		e.Props["offices"] = string(b)
	}
	return e
}

type committee struct {
	Type          string      `yaml:"type"`
	Name          string      `yaml:"name"`
	ThomasID      string      `yaml:"thomas_id"`
	URL           string      `yaml:"url"`
	Address       string      `yaml:"address"`
	Phone         string      `yaml:"phone"`
	Jurisdiction  string      `yaml:"jurisdiction"`
	Subcommittees []committee `yaml:"subcommittees"`
}

func (c *committee) entity(parent, chamberType string) graph.Entity {
	e := graph.Entity{
		ID:        CommitteeID(parent + c.ThomasID),
		Kind:      graph.KindOrganization,
		Name:      c.Name,
		OrgType:   "committee",
		Phone:     c.Phone,
		SourceURL: c.URL,
		Props:     map[string]string{"source": Name, "level": "federal", "thomas_id": parent + c.ThomasID},
	}
	switch chamberType {
	case "house":
		e.Chamber = "House"
	case "senate":
		e.Chamber = "Senate"
	case "joint":
		e.Chamber = "Joint"
	}
	if parent != "" {
		e.OrgType = "subcommittee"
		e.Props["parent"] = CommitteeID(parent)
	}
	if c.Address != "" {
		e.Props["address"] = c.Address
	}
	if c.Jurisdiction != "" {
		e.Props["jurisdiction"] = c.Jurisdiction
	}
	return e
}

type membership struct {
	Name     string `yaml:"name"`
	Party    string `yaml:"party"`
	Rank     int    `yaml:"rank"`
	Title    string `yaml:"title"`
	Bioguide string `yaml:"bioguide"`
}

func (m membership) relationship(code string) graph.Relationship {
	r := graph.Relationship{Source: ID(m.Bioguide), Target: CommitteeID(code), Type: graph.ServesOn, Props: map[string]string{"role": "member"}}
	if m.Title != "" {
		role := strings.ToLower(m.Title)
		r.Props["role"] = role
		r.Strength = 0.6
		if strings.Contains(role, "chair") && !strings.Contains(role, "vice") {
			r.Strength = 0.7
		}
	}
	if m.Party != "" {
		r.Props["party"] = m.Party
	}
	if m.Rank > 0 {
		r.Props["rank"] = strconv.Itoa(m.Rank)
	}
	return r
}

func nodeDetail(file string, n *yaml.Node, record string, err error) graph.Detail {
	d := format.YAMLDetail(file, err)
	if d.Line == 0 {
		d.Line = n.Line
	}
	d.Record = record
	return d
}
