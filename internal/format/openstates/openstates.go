package openstates

import (
	"context"
	"encoding/json"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
)

const op = "openstates.Read"

// Name is the format's name on the command line and in the API.
const Name = "openstates"

// Options tune an import.
type Options struct {
	// Now decides which roles have ended, and so which officials are
	// retired. The zero value means time.Now().
	Now time.Time
}

// Result is what an import produced: one batch to apply atomically, and the
// records that were skipped, each with its reason.
type Result struct {
	Batch   *graph.Batch
	Skipped []graph.Detail
	// People and Committees count the files read of each kind.
	People, Committees int
}

// Detect reports whether fsys looks like an Open States folder: some YAML
// file in it carries an ocd-person or ocd-organization id.
func Detect(fsys fs.FS) bool {
	found := false
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !isYAML(p) || found {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil
		}
		var h header
		if yaml.Unmarshal(b, &h) == nil && (strings.HasPrefix(h.ID, personPrefix) || strings.HasPrefix(h.ID, orgPrefix)) {
			found = true
			return fs.SkipAll
		}
		return nil
	})
	return found
}

const (
	personPrefix = "ocd-person/"
	orgPrefix    = "ocd-organization/"
)

type header struct {
	ID string `yaml:"id"`
}

// Read imports every person and committee YAML file under fsys. It fails
// whole, with an Invalid *graph.Error that lists every problem, when any file
// is malformed; it refuses a folder that holds no Open States YAML.
func Read(ctx context.Context, fsys fs.FS, opts Options) (*Result, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	var files []string
	places := map[string]string{}
	var problems []graph.Detail
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !isYAML(p) {
			return nil
		}
		if path.Base(p) == "municipalities.yml" || path.Base(p) == "municipalities.yaml" {
			ds := readPlaces(fsys, p, places)
			problems = append(problems, ds...)
			return nil
		}
		files = append(files, p)
		return nil
	})
	if err != nil {
		return nil, graph.E(op, graph.Invalid, err, graph.Detail{Reason: "cannot list the folder: " + err.Error()})
	}

	var people []*person
	var committees []*committee
	for _, p := range files {
		if err := ctx.Err(); err != nil {
			return nil, graph.E(op, graph.Unavailable, err)
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			problems = append(problems, graph.Detail{File: p, Reason: "cannot read: " + err.Error()})
			continue
		}
		var h header
		if err := yaml.Unmarshal(b, &h); err != nil {
			problems = append(problems, format.YAMLDetail(p, err))
			continue
		}
		switch {
		case strings.HasPrefix(h.ID, personPrefix):
			x, ds := parsePerson(p, b)
			problems = append(problems, ds...)
			if x != nil {
				people = append(people, x)
			}
		case strings.HasPrefix(h.ID, orgPrefix):
			x, ds := parseCommittee(p, b)
			problems = append(problems, ds...)
			if x != nil {
				committees = append(committees, x)
			}
		default:
			problems = append(problems, graph.Detail{File: p, Line: keyLine(b, "id"), Field: "id",
				Reason: "not an Open States person or committee: id " + strconv.Quote(h.ID) + " starts with neither " + personPrefix + " nor " + orgPrefix})
		}
	}
	if len(people) == 0 && len(committees) == 0 && len(problems) == 0 {
		return nil, graph.Errorf(op, graph.Invalid, "not an Open States folder: no person or committee YAML (ids ocd-person/… or ocd-organization/…) found")
	}
	if len(problems) > 0 {
		return nil, &graph.Error{Op: op, Code: graph.Invalid, Message: "open states import refused: " + problems[0].String(), Details: problems}
	}

	res := &Result{Batch: &graph.Batch{}, People: len(people), Committees: len(committees)}
	byName := map[string]string{}
	ids := map[string]bool{}
	for _, p := range people {
		e := p.entity(places, opts.Now)
		res.Batch.Entities = append(res.Batch.Entities, e)
		ids[e.ID] = true
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			k := graph.Fold(n)
			if old, dup := byName[k]; dup && old != e.ID {
				byName[k] = "" // ambiguous
			} else {
				byName[k] = e.ID
			}
		}
	}
	for _, c := range committees {
		res.Batch.Entities = append(res.Batch.Entities, c.entity())
		ids[c.ID] = true
	}
	for _, c := range committees {
		if c.Parent != "" {
			if ids[c.Parent] {
				res.Batch.Relationships = append(res.Batch.Relationships, graph.Relationship{
					Source: c.ID, Target: c.Parent, Type: graph.MemberOf, SourceURL: c.sourceURL(),
					Props: map[string]string{"role": "subcommittee"}})
			} else {
				res.Skipped = append(res.Skipped, graph.Detail{File: c.file, Record: c.ID, Field: "parent", Reason: "parent committee " + c.Parent + " is not in this import"})
			}
		}
		for i, m := range c.Members {
			pid := m.PersonID
			if pid == "" {
				pid = m.ID
			}
			if pid == "" {
				pid = byName[graph.Fold(m.Name)]
			}
			if pid == "" || !ids[pid] {
				res.Skipped = append(res.Skipped, graph.Detail{File: c.file, Record: c.ID, Field: "members[" + strconv.Itoa(i) + "]",
					Reason: "member " + strconv.Quote(m.Name) + " is not a person of this import"})
				continue
			}
			res.Batch.Relationships = append(res.Batch.Relationships, m.relationship(pid, c))
		}
	}
	return res, nil
}

func isYAML(p string) bool {
	ext := strings.ToLower(path.Ext(p))
	return ext == ".yml" || ext == ".yaml"
}

// person is one Open States person file.
type person struct {
	file       string
	ID         string            `yaml:"id"`
	Name       string            `yaml:"name"`
	GivenName  string            `yaml:"given_name"`
	FamilyName string            `yaml:"family_name"`
	MiddleName string            `yaml:"middle_name"`
	Suffix     string            `yaml:"suffix"`
	Gender     string            `yaml:"gender"`
	Email      string            `yaml:"email"`
	Biography  string            `yaml:"biography"`
	BirthDate  string            `yaml:"birth_date"`
	DeathDate  string            `yaml:"death_date"`
	Image      string            `yaml:"image"`
	IDs        map[string]string `yaml:"ids"`
	Party      []struct {
		Name      string `yaml:"name"`
		StartDate string `yaml:"start_date"`
		EndDate   string `yaml:"end_date"`
	} `yaml:"party"`
	Roles   []role   `yaml:"roles"`
	Offices []office `yaml:"offices"`
	// ContactDetails is the older name of Offices.
	ContactDetails   []office `yaml:"contact_details"`
	Links            []link   `yaml:"links"`
	OtherIdentifiers []struct {
		Scheme     string `yaml:"scheme"`
		Identifier string `yaml:"identifier"`
	} `yaml:"other_identifiers"`
	OtherNames []otherName `yaml:"other_names"`
	Sources    []link      `yaml:"sources"`
}

type role struct {
	Type         string `yaml:"type" json:"type"`
	District     string `yaml:"district" json:"district,omitempty"`
	Jurisdiction string `yaml:"jurisdiction" json:"jurisdiction,omitempty"`
	StartDate    string `yaml:"start_date" json:"start,omitempty"`
	EndDate      string `yaml:"end_date" json:"end,omitempty"`
	EndReason    string `yaml:"end_reason" json:"end_reason,omitempty"`
}

type office struct {
	Classification string `yaml:"classification" json:"classification,omitempty"`
	Note           string `yaml:"note" json:"note,omitempty"`
	Address        string `yaml:"address" json:"address,omitempty"`
	Voice          string `yaml:"voice" json:"voice,omitempty"`
	Fax            string `yaml:"fax" json:"fax,omitempty"`
}

type link struct {
	Note string `yaml:"note" json:"note,omitempty"`
	URL  string `yaml:"url" json:"url"`
}

type otherName struct {
	Name string `yaml:"name"`
}

// committee is one Open States committee file.
type committee struct {
	file           string
	ID             string      `yaml:"id"`
	Name           string      `yaml:"name"`
	Jurisdiction   string      `yaml:"jurisdiction"`
	Classification string      `yaml:"classification"`
	Chamber        string      `yaml:"chamber"`
	Parent         string      `yaml:"parent"`
	Members        []member    `yaml:"members"`
	Links          []link      `yaml:"links"`
	Sources        []link      `yaml:"sources"`
	OtherNames     []otherName `yaml:"other_names"`
}

type member struct {
	Name      string `yaml:"name"`
	Role      string `yaml:"role"`
	PersonID  string `yaml:"person_id"`
	ID        string `yaml:"id"`
	StartDate string `yaml:"start_date"`
	EndDate   string `yaml:"end_date"`
}

// parsePerson decodes one person file. It returns the problems it finds,
// each naming file, line and field; a nil person comes with at least one.
func parsePerson(file string, b []byte) (*person, []graph.Detail) {
	var p person
	if err := yaml.Unmarshal(b, &p); err != nil {
		return nil, []graph.Detail{format.YAMLDetail(file, err)}
	}
	p.file = file
	var ds []graph.Detail
	need := func(field, v string) {
		if strings.TrimSpace(v) == "" {
			ds = append(ds, graph.Detail{File: file, Line: keyLine(b, field), Record: p.ID, Field: field, Reason: "is required"})
		}
	}
	need("id", p.ID)
	need("name", p.Name)
	if p.ID != "" && !strings.HasPrefix(p.ID, personPrefix) {
		ds = append(ds, graph.Detail{File: file, Line: keyLine(b, "id"), Record: p.ID, Field: "id", Reason: "a person id starts with " + personPrefix})
	}
	for i, r := range p.Roles {
		f := "roles[" + strconv.Itoa(i) + "]"
		if strings.TrimSpace(r.Type) == "" {
			ds = append(ds, graph.Detail{File: file, Line: keyLine(b, "roles"), Record: p.ID, Field: f + ".type", Reason: "is required"})
		}
		for name, d := range map[string]string{"start_date": r.StartDate, "end_date": r.EndDate} {
			if _, err := graph.ParseDate(d); err != nil {
				ds = append(ds, graph.Detail{File: file, Line: keyLine(b, "roles"), Record: p.ID, Field: f + "." + name, Reason: err.Error()})
			}
		}
	}
	if len(ds) > 0 {
		sortDetails(ds)
		return nil, ds
	}
	return &p, nil
}

// parseCommittee decodes one committee file, like parsePerson.
func parseCommittee(file string, b []byte) (*committee, []graph.Detail) {
	var c committee
	if err := yaml.Unmarshal(b, &c); err != nil {
		return nil, []graph.Detail{format.YAMLDetail(file, err)}
	}
	c.file = file
	var ds []graph.Detail
	if strings.TrimSpace(c.ID) == "" || !strings.HasPrefix(c.ID, orgPrefix) {
		ds = append(ds, graph.Detail{File: file, Line: keyLine(b, "id"), Record: c.ID, Field: "id", Reason: "is required and starts with " + orgPrefix})
	}
	if strings.TrimSpace(c.Name) == "" {
		ds = append(ds, graph.Detail{File: file, Line: keyLine(b, "name"), Record: c.ID, Field: "name", Reason: "is required"})
	}
	for i, m := range c.Members {
		if strings.TrimSpace(m.Name) == "" && m.PersonID == "" && m.ID == "" {
			ds = append(ds, graph.Detail{File: file, Line: keyLine(b, "members"), Record: c.ID, Field: "members[" + strconv.Itoa(i) + "].name", Reason: "is required"})
		}
		for name, d := range map[string]string{"start_date": m.StartDate, "end_date": m.EndDate} {
			if _, err := graph.ParseDate(d); err != nil {
				ds = append(ds, graph.Detail{File: file, Line: keyLine(b, "members"), Record: c.ID, Field: "members[" + strconv.Itoa(i) + "]." + name, Reason: err.Error()})
			}
		}
	}
	if len(ds) > 0 {
		sortDetails(ds)
		return nil, ds
	}
	return &c, nil
}

func sortDetails(ds []graph.Detail) {
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].Field < ds[j].Field })
}

// primaryRole is the role without an end date, else the one that ended
// last; among equals, the one that started last.
func (p *person) primaryRole() (role, bool) {
	if len(p.Roles) == 0 {
		return role{}, false
	}
	better := func(r, b role) bool {
		if (r.EndDate == "") != (b.EndDate == "") {
			return r.EndDate == ""
		}
		if r.EndDate != b.EndDate {
			return r.EndDate > b.EndDate
		}
		return r.StartDate > b.StartDate
	}
	best := p.Roles[0]
	for _, r := range p.Roles[1:] {
		if better(r, best) {
			best = r
		}
	}
	return best, true
}

func (p *person) entity(places map[string]string, now time.Time) graph.Entity {
	e := graph.Entity{
		ID:    p.ID,
		Kind:  graph.KindOfficial,
		Name:  p.Name,
		Email: p.Email,
		Props: map[string]string{},
	}
	for _, n := range p.OtherNames {
		e.Aliases = append(e.Aliases, n.Name)
	}
	for i, pa := range p.Party {
		if pa.EndDate == "" || i == len(p.Party)-1 && e.Party == "" {
			e.Party = pa.Name
		}
	}
	if r, ok := p.primaryRole(); ok {
		e.Title = roleTitle(r, places)
		e.Chamber = chamberName(r.Type)
		e.District = r.District
		if lvl := level(r.Jurisdiction); lvl != "" {
			e.Props["level"] = lvl
		}
		if st := state(r.Jurisdiction); st != "" {
			e.Props["state"] = st
		}
		if r.Jurisdiction != "" {
			e.Props["jurisdiction"] = r.Jurisdiction
		}
		if r.EndDate != "" {
			e.Props["term_end"] = r.EndDate
			if d, err := graph.ParseDate(r.EndDate); err == nil && d.End().Before(now) {
				e.Props["retired"] = "true"
				e.Labels = append(e.Labels, "retired")
			}
		}
	}
	offices := append(append([]office(nil), p.Offices...), p.ContactDetails...)
	for _, o := range offices {
		if o.Voice != "" && (e.Phone == "" || o.Classification == "capitol" && !capitolPhone(offices, e.Phone)) {
			e.Phone = o.Voice
		}
	}
	setJSON(e.Props, "offices", offices)
	setJSON(e.Props, "roles", p.Roles)
	setJSON(e.Props, "links", p.Links)
	e.SourceURL = firstURL(p.Links, p.Sources)
	e.AddIdentifier(graph.SchemeOCDPerson, p.ID)
	for _, k := range slices.Sorted(maps.Keys(p.IDs)) {
		e.AddIdentifier(graph.Scheme(k), p.IDs[k])
	}
	for _, oi := range p.OtherIdentifiers {
		e.AddIdentifier(graph.Scheme(oi.Scheme), oi.Identifier)
	}
	for k, v := range map[string]string{"given_name": p.GivenName, "family_name": p.FamilyName, "middle_name": p.MiddleName,
		"suffix": p.Suffix, "gender": p.Gender, "birth_date": p.BirthDate, "death_date": p.DeathDate, "image": p.Image} {
		if v != "" {
			e.Props[k] = v
		}
	}
	e.Props["source"] = Name
	return e
}

func capitolPhone(offices []office, phone string) bool {
	for _, o := range offices {
		if o.Classification == "capitol" && o.Voice == phone {
			return true
		}
	}
	return false
}

func (c *committee) entity() graph.Entity {
	e := graph.Entity{
		ID:        c.ID,
		Kind:      graph.KindOrganization,
		Name:      c.Name,
		OrgType:   "committee",
		Chamber:   chamberName(c.Chamber),
		SourceURL: c.sourceURL(),
		Props:     map[string]string{"source": Name},
	}
	e.AddIdentifier(graph.SchemeOCDOrganization, c.ID)
	if c.Classification != "" {
		e.OrgType = c.Classification
	}
	for _, n := range c.OtherNames {
		e.Aliases = append(e.Aliases, n.Name)
	}
	if c.Jurisdiction != "" {
		e.Props["jurisdiction"] = c.Jurisdiction
		if lvl := level(c.Jurisdiction); lvl != "" {
			e.Props["level"] = lvl
		}
		if st := state(c.Jurisdiction); st != "" {
			e.Props["state"] = st
		}
	}
	if c.Parent != "" {
		e.Props["parent"] = c.Parent
	}
	setJSON(e.Props, "links", c.Links)
	return e
}

func (c *committee) sourceURL() string { return firstURL(c.Links, c.Sources) }

func (m member) relationship(personID string, c *committee) graph.Relationship {
	r := graph.Relationship{
		Source:    personID,
		Target:    c.ID,
		Type:      graph.ServesOn,
		Since:     m.StartDate,
		Until:     m.EndDate,
		SourceURL: c.sourceURL(),
	}
	roleName := strings.ToLower(strings.TrimSpace(m.Role))
	if roleName == "" {
		roleName = "member"
	}
	r.Props = map[string]string{"role": roleName}
	switch {
	case roleName == "chair" || roleName == "co-chair" || roleName == "chairman" || roleName == "chairperson":
		r.Strength = 0.7
	case roleName != "member":
		r.Strength = 0.6
	}
	return r
}

// roleTitle names a role for people: "State Senator", "Mayor of Chicago".
func roleTitle(r role, places map[string]string) string {
	switch r.Type {
	case "upper":
		return "State Senator"
	case "lower":
		return "State Representative"
	case "legislature":
		return "State Legislator"
	case "governor":
		return "Governor"
	case "lt_governor":
		return "Lieutenant Governor"
	case "mayor":
		if pl := placeName(r.Jurisdiction, places); pl != "" {
			return "Mayor of " + pl
		}
		return "Mayor"
	}
	return titleCase(strings.ReplaceAll(r.Type, "_", " "))
}

func chamberName(t string) string {
	switch t {
	case "upper":
		return "Senate"
	case "lower":
		return "House"
	case "legislature":
		return "Legislature"
	}
	return ""
}

var (
	stateRe = regexp.MustCompile(`/state:([a-z]{2})(/|$)`)
	placeRe = regexp.MustCompile(`/place:([a-z0-9_~\-]+)`)
)

func state(jurisdiction string) string {
	if m := stateRe.FindStringSubmatch(jurisdiction); m != nil {
		return strings.ToUpper(m[1])
	}
	return ""
}

func level(jurisdiction string) string {
	switch {
	case placeRe.MatchString(jurisdiction) || strings.Contains(jurisdiction, "/county:"):
		return "local"
	case stateRe.MatchString(jurisdiction):
		return "state"
	}
	return ""
}

func placeName(jurisdiction string, places map[string]string) string {
	if n := places[jurisdiction]; n != "" {
		return n
	}
	if m := placeRe.FindStringSubmatch(jurisdiction); m != nil {
		return titleCase(strings.ReplaceAll(m[1], "_", " "))
	}
	return ""
}

func titleCase(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

// firstURL is the first link that can be a source_url (an http or https
// URL): the homepage, else the first link, else the first source.
func firstURL(links, sources []link) string {
	for _, l := range links {
		if l.Note == "homepage" && graph.IsWebURL(l.URL) {
			return l.URL
		}
	}
	for _, l := range append(append([]link(nil), links...), sources...) {
		if graph.IsWebURL(l.URL) {
			return l.URL
		}
	}
	return ""
}

// setJSON stores v as compact JSON under k, unless v is empty.
func setJSON[T any](props map[string]string, k string, v []T) {
	if len(v) == 0 {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		return
	}
	props[k] = string(b)
}

func readPlaces(fsys fs.FS, p string, places map[string]string) []graph.Detail {
	b, err := fs.ReadFile(fsys, p)
	if err != nil {
		return []graph.Detail{{File: p, Reason: "cannot read: " + err.Error()}}
	}
	var list []struct {
		Name string `yaml:"name"`
		ID   string `yaml:"id"`
	}
	if err := yaml.Unmarshal(b, &list); err != nil {
		return []graph.Detail{format.YAMLDetail(p, err)}
	}
	for _, x := range list {
		places[x.ID] = x.Name
	}
	return nil
}

// keyLine finds the line of a top-level key in a YAML document, or 0.
func keyLine(b []byte, key string) int {
	var n yaml.Node
	if yaml.Unmarshal(b, &n) != nil || len(n.Content) == 0 || n.Content[0].Kind != yaml.MappingNode {
		return 0
	}
	m := n.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i].Line
		}
	}
	return 0
}
