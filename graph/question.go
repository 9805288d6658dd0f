package graph

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// A question bank is the list of questions organizers mean to ask one
// official or candidate at a candidate forum: drafted from the map (their
// stances, committee seats, funders, our campaigns and what they told us),
// then edited, ordered and saved; after the forum, each question records
// whether it was asked and what the official answered. The store keeps one
// bank per official, as a document beside the graph, as it keeps events.

// SourceKind names the sort of record a question was drafted from.
type SourceKind string

// Source kinds.
const (
	SourceEntity       SourceKind = "entity"
	SourceRelationship SourceKind = "relationship"
	SourceInteraction  SourceKind = "interaction"
	SourceCampaign     SourceKind = "campaign"
	SourceEvent        SourceKind = "event"
)

// Valid reports whether k is a known source kind.
func (k SourceKind) Valid() bool {
	switch k {
	case SourceEntity, SourceRelationship, SourceInteraction, SourceCampaign, SourceEvent:
		return true
	}
	return false
}

// QuestionSource is one record a question came from, with its name as it
// read when the question was drafted ("serves on Human Services
// Appropriations").
type QuestionSource struct {
	Kind SourceKind `json:"kind"`
	ID   string     `json:"id"`
	Name string     `json:"name"`
}

// Question is one question of a bank.
type Question struct {
	// ID is stable: drafted questions get one derived from their template
	// and sources, so that the same map drafts the same ids.
	ID string `json:"id"`
	// Text is the question as it is asked.
	Text string `json:"text"`
	// Template names the template it was drafted from ("committee_no_stance");
	// empty for a question an organizer wrote.
	Template string `json:"template,omitempty"`
	// Issue is the id of the issue the question is about, if any: the
	// issue an answer's stance is recorded on.
	Issue   string           `json:"issue,omitempty"`
	Sources []QuestionSource `json:"sources"`
	// Asked, AskedOn (YYYY-MM-DD) and Answer record the forum.
	Asked   bool   `json:"asked"`
	AskedOn string `json:"asked_on,omitempty"`
	Answer  string `json:"answer,omitempty"`
	// Stance is the stance the answer recorded on Issue, if any; nil
	// records none. Its tie to the issue cites the bank's forum.
	Stance *Alignment `json:"stance,omitempty"`
}

// NewQuestionID makes the id of a question an organizer writes: "q_" and
// 12 random hex digits.
func NewQuestionID() string { return "q_" + RandomID(6) }

// QuestionBank is the saved questions for one official, in the order they
// will be asked.
type QuestionBank struct {
	// Official is the id of the official (or candidate) asked; one bank
	// per official.
	Official string `json:"official"`
	// Forum is the id of the candidate forum (an event) where the
	// questions are asked, if chosen.
	Forum     string     `json:"forum,omitempty"`
	Questions []Question `json:"questions"`
	// CreatedAt and UpdatedAt are kept by the store; By names who last
	// wrote the bank.
	CreatedAt time.Time `json:"created_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
	By        string    `json:"by,omitempty"`
}

// Question limits.
const (
	MaxQuestions       = 200
	MaxQuestionSources = 20
)

// Revision is a content hash of the bank, its timestamps left out: its
// ETag, which SaveQuestionBank may be made conditional on.
func (b *QuestionBank) Revision() string {
	c := *b
	c.CreatedAt, c.UpdatedAt = time.Time{}, time.Time{}
	return revision(&c)
}

// Question returns the bank's question with id, or nil.
func (b *QuestionBank) Question(id string) *Question {
	for i := range b.Questions {
		if b.Questions[i].ID == id {
			return &b.Questions[i]
		}
	}
	return nil
}

// Normalize trims the bank's text; collections are never nil.
func (b *QuestionBank) Normalize() {
	b.Official = strings.TrimSpace(b.Official)
	b.Forum = strings.TrimSpace(b.Forum)
	b.By = strings.TrimSpace(b.By)
	if b.Questions == nil {
		b.Questions = []Question{}
	}
	for i := range b.Questions {
		q := &b.Questions[i]
		q.ID = strings.TrimSpace(q.ID)
		q.Text = strings.TrimSpace(q.Text)
		q.Template = strings.TrimSpace(q.Template)
		q.Issue = strings.TrimSpace(q.Issue)
		q.AskedOn = strings.TrimSpace(q.AskedOn)
		q.Answer = strings.TrimSpace(q.Answer)
		if q.Sources == nil {
			q.Sources = []QuestionSource{}
		}
		for j := range q.Sources {
			s := &q.Sources[j]
			s.Kind = SourceKind(strings.ToLower(strings.TrimSpace(string(s.Kind))))
			s.ID = strings.TrimSpace(s.ID)
			s.Name = strings.TrimSpace(s.Name)
		}
	}
}

// Validate checks a normalized bank on its own. Problems come back as one
// Invalid *Error with a Detail per field; a question's fields are named
// "questions[i].field".
func (b *QuestionBank) Validate() error {
	var ds []Detail
	if b.Official == "" {
		ds = append(ds, Detail{Field: "official", Reason: "must name an official"})
	}
	ds = checkText(ds, "official", b.Official, MaxIDBytes, oneLine)
	ds = checkText(ds, "forum", b.Forum, MaxIDBytes, oneLine)
	if len(b.Questions) > MaxQuestions {
		ds = append(ds, Detail{Field: "questions", Reason: "at most " + strconv.Itoa(MaxQuestions) + " questions"})
	}
	seen := map[string]int{}
	for i, q := range b.Questions {
		f := func(name string) string { return "questions[" + strconv.Itoa(i) + "]." + name }
		switch j, dup := seen[q.ID]; {
		case q.ID == "":
			ds = append(ds, Detail{Field: f("id"), Reason: "must not be empty"})
		case dup:
			ds = append(ds, Detail{Field: f("id"), Reason: quote(q.ID) + " is already question #" + strconv.Itoa(j+1)})
		default:
			seen[q.ID] = i
		}
		ds = checkText(ds, f("id"), q.ID, MaxIDBytes, oneLine)
		if q.Text == "" {
			ds = append(ds, Detail{Field: f("text"), Reason: "must not be empty: write the question"})
		}
		ds = checkText(ds, f("text"), q.Text, MaxNotesBytes, multiLine)
		ds = checkText(ds, f("template"), q.Template, MaxWordBytes, oneLine)
		ds = checkText(ds, f("issue"), q.Issue, MaxIDBytes, oneLine)
		ds = checkText(ds, f("answer"), q.Answer, MaxNotesBytes, multiLine)
		if q.AskedOn != "" {
			if _, err := parseDay(q.AskedOn); err != nil {
				ds = append(ds, Detail{Field: f("asked_on"), Reason: err.Error()})
			}
		}
		if q.Stance != nil && (!q.Stance.Known() || !q.Stance.Valid()) {
			ds = append(ds, Detail{Field: f("stance"), Reason: "must be an integer from -2 to +2"})
		}
		if q.Stance != nil && q.Issue == "" {
			ds = append(ds, Detail{Field: f("stance"), Reason: "a stance needs the question's issue"})
		}
		if len(q.Sources) > MaxQuestionSources {
			ds = append(ds, Detail{Field: f("sources"), Reason: "at most " + strconv.Itoa(MaxQuestionSources) + " sources"})
		}
		for j, s := range q.Sources {
			sf := f("sources[" + strconv.Itoa(j) + "]")
			if !s.Kind.Valid() {
				ds = append(ds, Detail{Field: sf + ".kind", Reason: "unknown source kind " + quote(clip(string(s.Kind))) +
					"; allowed: entity, relationship, interaction, campaign, event"})
			}
			if s.ID == "" {
				ds = append(ds, Detail{Field: sf + ".id", Reason: "must not be empty"})
			}
			ds = checkText(ds, sf+".id", s.ID, MaxIDBytes, oneLine)
			ds = checkText(ds, sf+".name", s.Name, MaxNameBytes, oneLine)
		}
	}
	return invalid("question bank", b.Official, ds)
}

// CheckRefs checks what a validated bank points at: its official must be
// an official. Sources are checked by the use-case layer, which reads
// every store they may name.
func (b *QuestionBank) CheckRefs(lookup Lookup) error {
	x, ok, err := lookup(b.Official)
	switch {
	case err != nil:
		return err
	case !ok:
		return invalid("question bank", b.Official, []Detail{{Field: "official", Reason: "no entity " + quote(b.Official)}})
	case x.Kind != KindOfficial:
		return invalid("question bank", b.Official, []Detail{{Field: "official",
			Reason: quote(b.Official) + " (" + x.Name + ") is " + article(x.Kind) + ", not an official"}})
	}
	return nil
}

// QuestionStore keeps question banks beside the graph, in the same
// database, one per official. Both store backends implement it and pass
// the conformance cases in internal/store/storetest (RunQuestions). Banks
// are not part of the graph: they move neither its counts nor its
// version. Every method honours ctx and returns errors with a Code; each
// write appends its audit entries in its own transaction.
type QuestionStore interface {
	// SaveQuestionBank creates or replaces the bank of b.Official. It is
	// normalized and validated (Invalid, naming the field), and its
	// official must be an entity of kind official. A non-empty revision
	// must be the stored bank's Revision ("" when none is stored is not
	// required), or the save fails with Conflict. CreatedAt is kept across
	// saves; it returns the bank as stored.
	SaveQuestionBank(ctx context.Context, b QuestionBank, revision string, audit ...AuditEntry) (QuestionBank, error)
	// QuestionBank returns the bank of an official, or NotFound.
	QuestionBank(ctx context.Context, official string) (QuestionBank, error)
	// QuestionBanks lists every saved bank, by official id.
	QuestionBanks(ctx context.Context) ([]QuestionBank, error)
	// DeleteQuestionBank deletes an official's bank; a missing one is
	// NotFound.
	DeleteQuestionBank(ctx context.Context, official string, audit ...AuditEntry) error
}

// QuestionBankMismatch is the Conflict error of a conditional save.
func QuestionBankMismatch(op, official, want, got string) error {
	reason := "expected revision " + want + ", but it is at revision " + got
	return &Error{Op: op, Code: Conflict, Message: "the question bank of " + quote(official) + " changed since it was read: " + reason,
		Details: []Detail{{Record: official, Field: "revision", Reason: reason}}}
}
