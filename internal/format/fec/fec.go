package fec

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format"
	"github.com/powermap/powermap/internal/format/spill"
)

const op = "fec.Read"

// Name is the format's name on the command line and in the API.
const Name = "fec"

// PropFECIDs is the property in which congress imports before identifiers
// (graph.Identifier) listed an official's FEC candidate ids,
// comma-separated. OfficialsFrom still reads it.
const PropFECIDs = "fec_ids"

// propFECID holds the FEC id of a committee or candidate record, as an
// identifier (graph.SchemeFEC), so that records of other sources carrying
// the same id are merged with it on import.
var propFECID = graph.IdentifierProp(graph.SchemeFEC)

// PropNotForSolicitation marks records whose use for soliciting
// contributions FEC rules forbid.
const PropNotForSolicitation = "not_for_solicitation"

// maxProblems caps the problems collected before an import gives up.
const maxProblems = 100

// Options tune an import.
type Options struct {
	// Officials maps FEC candidate ids to the entity ids of officials that
	// stand for those candidates (see OfficialsFrom).
	Officials map[string]string
	// Progress, when set, is told how many more bytes of the data files
	// have been read, every few thousand lines.
	Progress func(bytes int64)
	// TempDir is where transactions are spilled while they are sorted;
	// empty means os.TempDir().
	TempDir string
	// SpillBytes caps the memory that buffers transactions before they are
	// spilled to disk; 0 means DefaultSpillBytes.
	SpillBytes int
	// BatchSize caps the records of each batch that Parsed.Write hands
	// over; 0 means DefaultBatchSize.
	BatchSize int
}

// DefaultSpillBytes is the transaction buffer of an import: half for the
// contributions, half for the donors' rows, each half in two buffers (one
// filling while the other is sorted and written out).
const DefaultSpillBytes = 64 << 20

// DefaultBatchSize is the number of records in each batch Parsed.Write
// hands over.
const DefaultBatchSize = 40_000

// Result is what Read produced: one batch holding every record, the rows
// skipped with their reasons, and the rows read per kind of file.
type Result struct {
	Batch   *graph.Batch
	Skipped []graph.Detail
	Rows    map[Kind]int
}

// Detect reports whether fsys holds at least one FEC bulk file whose first
// line has its kind's column count.
func Detect(fsys fs.FS) bool {
	files, err := dataFiles(fsys)
	if err != nil {
		return false
	}
	for _, f := range files {
		if firstLineFits(fsys, f.name, f.kind) {
			return true
		}
	}
	return false
}

type dataFile struct {
	name string
	kind Kind
}

// order is the order in which kinds are read: entities first, then itpas2
// before itoth so that itoth can skip the rows itpas2 already gave.
var order = []Kind{Committees, Candidates, Linkages, CommToCand, CommToComm, Individuals}

func dataFiles(fsys fs.FS) ([]dataFile, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var out []dataFile
	for _, k := range order {
		for _, e := range entries {
			if !e.IsDir() && KindOf(e.Name()) == k {
				out = append(out, dataFile{e.Name(), k})
			}
		}
	}
	return out, nil
}

func firstLineFits(fsys fs.FS, name string, k Kind) bool {
	f, err := fsys.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return false
	}
	line = strings.TrimRight(line, "\r\n")
	return line != "" && strings.Count(line, "|")+1 == len(Columns[k])
}

// Read imports every FEC bulk file in the top folder of fsys into one
// batch (see Parse for the checks). It suits small folders and tests; an
// import of real bulk files should Parse and Write in batches instead, so
// that its memory stays flat.
func Read(ctx context.Context, fsys fs.FS, opts Options) (*Result, error) {
	p, err := Parse(ctx, fsys, opts)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	b, err := format.Collect(ctx, parsedPending{p})
	if err != nil {
		return nil, err
	}
	return &Result{Batch: b, Skipped: p.Skipped(), Rows: p.Rows()}, nil
}

// parsedPending is a Parsed as a format.Pending, without progress.
type parsedPending struct{ *Parsed }

func (p parsedPending) Write(ctx context.Context, apply func(*graph.Batch) error, _ format.Progress) error {
	return p.Parsed.Write(ctx, apply, nil)
}

// Parsed is an FEC folder read and checked whole, ready to be written.
// Its transactions wait on disk, sorted, so Close it when done.
type Parsed struct {
	im *importer
}

// Parse reads and checks every FEC bulk file in the top folder of fsys,
// writing nothing to any store. It refuses a folder without one, and a file
// whose lines do not have its kind's columns; it fails whole with an
// Invalid *graph.Error that lists the problems by file, line, field and
// reason. Memory holds the committees, candidates and linkages; the
// contributions and the donors' rows are spilled to sorted files under
// Options.TempDir beyond Options.SpillBytes.
func Parse(ctx context.Context, fsys fs.FS, opts Options) (*Parsed, error) {
	files, err := dataFiles(fsys)
	if err != nil {
		return nil, graph.E(op, graph.Invalid, err, graph.Detail{Reason: "cannot list the folder: " + err.Error()})
	}
	if len(files) == 0 {
		return nil, graph.Errorf(op, graph.Invalid, "not an FEC bulk data folder: no cn, cm, ccl, itcont, itpas2 or itoth .txt file found")
	}
	im, err := newImporter(opts)
	if err != nil {
		return nil, err
	}
	p := &Parsed{im: im}
	if err := im.checkHeaders(fsys); err != nil {
		p.Close()
		return nil, err
	}
	for _, f := range files {
		if err := im.readFile(ctx, fsys, f); err != nil {
			p.Close()
			return nil, err
		}
		if im.err != nil {
			p.Close()
			return nil, graph.E(op, graph.Internal, im.err, graph.Detail{File: f.name, Reason: "cannot spill its transactions to disk: " + im.err.Error()})
		}
		if len(im.problems) > 0 {
			break
		}
	}
	if len(im.problems) > 0 {
		p.Close()
		return nil, &graph.Error{Op: op, Code: graph.Invalid, Message: "FEC import refused: " + im.problems[0].String(), Details: im.problems}
	}
	return p, nil
}

// Rows counts the rows read per kind of file.
func (p *Parsed) Rows() map[Kind]int { return p.im.rows }

// Skipped lists the rows left out, with their reasons. Write adds the
// transactions that an amendment superseded, found as it aggregates.
func (p *Parsed) Skipped() []graph.Detail { return p.im.skipped }

// Work is the number of steps of Write, for a progress bar: one per
// entity and relationship read from memory, and one per spilled row.
func (p *Parsed) Work() int64 {
	im := p.im
	return int64(len(im.committees) + len(im.refs) + len(im.candidates) + len(im.leads) + im.aggRows + im.donorRows)
}

// Officials lists the officials that the records refer to, standing for
// FEC candidates (see Options.Officials), in id order.
func (p *Parsed) Officials() []string {
	out := make([]string, 0, len(p.im.officials))
	for id := range p.im.officials {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// Write hands every record over to fn in batches of at most
// Options.BatchSize records: the entities first, then the relationships,
// each in id order, so a relationship's ends are in its batch or an
// earlier one (or are officials named by Options.Officials). An error from
// fn stops the writing and is returned. progress, when set, is told how
// many more of Work's steps are done, after each batch.
//
// The batches are built on another goroutine while fn applies the previous
// one, so that building (sorting, aggregating, encoding transactions) and
// writing overlap.
func (p *Parsed) Write(ctx context.Context, fn func(*graph.Batch) error, progress func(steps int64)) error {
	type built struct {
		b     *graph.Batch
		steps int64
	}
	ch := make(chan built, 1)
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		defer close(ch)
		done <- p.im.write(ctx, func(b *graph.Batch, steps int64) error {
			select {
			case ch <- built{b, steps}:
				return nil
			case <-stop:
				return errStopped
			}
		})
	}()
	var err error
	for x := range ch {
		if err == nil {
			if err = fn(x.b); err == nil && progress != nil {
				progress(x.steps)
			}
			if err != nil {
				close(stop)
			}
		}
	}
	if werr := <-done; err == nil && werr != nil {
		err = werr
	}
	return err
}

// errStopped ends the building of batches when their consumer has failed.
var errStopped = errors.New("stopped")

// Close removes the spilled transactions.
func (p *Parsed) Close() error {
	p.im.aggs.Wait()
	p.im.donors.Wait()
	return os.RemoveAll(p.im.dir)
}

// importer holds the state of one import.
type importer struct {
	opts Options
	rows map[Kind]int

	committees map[string]graph.Entity // full records from cm, by CMTE_ID
	refs       map[string]string       // committees referenced, with a name seen in a row
	candidates map[string]graph.Entity // candidates without an official, by CAND_ID
	leads      map[[2]string]*graph.Relationship
	officials  map[string]bool // officials standing for candidates in the records
	pas2Subs   map[string]bool

	// Contributions by relationship id, and the donors' rows by donor id,
	// sorted on disk, with the number of records spilled to each.
	dir                string
	aggs, donors       *spill.Spill
	aggRows, donorRows int
	buf                enc
	err                error // the first error writing a spill

	skipped  []graph.Detail
	problems []graph.Detail
}

func newImporter(opts Options) (*importer, error) {
	dir, err := os.MkdirTemp(opts.TempDir, "powermap-fec-")
	if err != nil {
		return nil, graph.E(op, graph.Internal, err)
	}
	limit := opts.SpillBytes
	if limit <= 0 {
		limit = DefaultSpillBytes
	}
	return &importer{
		opts:       opts,
		rows:       map[Kind]int{},
		committees: map[string]graph.Entity{},
		refs:       map[string]string{},
		candidates: map[string]graph.Entity{},
		leads:      map[[2]string]*graph.Relationship{},
		officials:  map[string]bool{},
		pas2Subs:   map[string]bool{},
		dir:        dir,
		aggs:       spill.New(filepath.Join(dir, "contributions"), limit/4),
		donors:     spill.New(filepath.Join(dir, "donors"), limit/4),
	}, nil
}

func (im *importer) checkHeaders(fsys fs.FS) error {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return graph.E(op, graph.Invalid, err)
	}
	var ds []graph.Detail
	for _, e := range entries {
		k := headerKind(e.Name())
		if k == unknownKind {
			continue
		}
		b, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			ds = append(ds, graph.Detail{File: e.Name(), Reason: "cannot read: " + err.Error()})
			continue
		}
		got := strings.TrimSpace(string(b))
		if want := strings.Join(Columns[k], ","); got != want {
			ds = append(ds, graph.Detail{File: e.Name(), Line: 1, Reason: "names columns " + strconv.Quote(got) + ", want " + strconv.Quote(want)})
		}
	}
	if len(ds) > 0 {
		return &graph.Error{Op: op, Code: graph.Invalid, Message: "FEC import refused: " + ds[0].String(), Details: ds}
	}
	return nil
}

func (im *importer) problem(d graph.Detail) {
	if len(im.problems) < maxProblems {
		im.problems = append(im.problems, d)
	}
}

func (im *importer) skip(file string, line int, record, reason string) {
	im.skipped = append(im.skipped, graph.Detail{File: file, Line: line, Record: record, Reason: reason})
}

// readFile streams one file line by line.
func (im *importer) readFile(ctx context.Context, fsys fs.FS, f dataFile) error {
	r, err := fsys.Open(f.name)
	if err != nil {
		im.problem(graph.Detail{File: f.name, Reason: "cannot open: " + err.Error()})
		return nil
	}
	defer r.Close()
	return im.readLines(ctx, f.name, f.kind, r)
}

func (im *importer) readLines(ctx context.Context, name string, k Kind, r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	fields := make([]string, 0, 24)
	line := 0
	var read int64 // bytes not yet reported to Progress
	defer func() {
		if im.opts.Progress != nil && read > 0 {
			im.opts.Progress(read)
		}
	}()
	for sc.Scan() {
		line++
		read += int64(len(sc.Bytes())) + 1
		if line%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return graph.E(op, graph.Unavailable, err)
			}
			if im.opts.Progress != nil {
				im.opts.Progress(read)
				read = 0
			}
		}
		text := strings.TrimRight(sc.Text(), "\r")
		if text == "" {
			continue
		}
		fields = splitInto(fields, text)
		if len(fields) != len(Columns[k]) {
			reason := "has " + strconv.Itoa(len(fields)) + " fields separated by |, want " + strconv.Itoa(len(Columns[k])) + " for an FEC " + string(k) + " file"
			if line == 1 {
				return &graph.Error{Op: op, Code: graph.Invalid, Message: name + " is not an FEC " + string(k) + " file: line 1 " + reason,
					Details: []graph.Detail{{File: name, Line: 1, Reason: reason}}}
			}
			im.problem(graph.Detail{File: name, Line: line, Reason: reason})
		} else {
			im.rows[k]++
			switch k {
			case Committees:
				im.committee(fields)
			case Candidates:
				im.candidate(name, line, fields)
			case Linkages:
				im.linkage(name, line, fields)
			default:
				im.transaction(name, line, k, fields)
			}
		}
		if len(im.problems) >= maxProblems {
			return nil
		}
	}
	if err := sc.Err(); err != nil {
		im.problem(graph.Detail{File: name, Line: line + 1, Reason: "cannot read: " + err.Error()})
	}
	return nil
}

func field(k Kind, f []string, name string) string {
	return strings.Clone(latin1(strings.TrimSpace(f[colIndex[k][name]])))
}

var committeeTypes = map[string]string{
	"H": "campaign committee", "S": "campaign committee", "P": "campaign committee",
	"Q": "pac", "N": "pac", "O": "super pac", "U": "super pac", "V": "hybrid pac", "W": "hybrid pac",
	"X": "party committee", "Y": "party committee", "Z": "party committee",
	"I": "independent expenditure filer", "C": "communication cost filer", "E": "electioneering communication filer", "D": "delegate committee",
}

func (im *importer) committee(f []string) {
	get := func(n string) string { return field(Committees, f, n) }
	id := get("CMTE_ID")
	if id == "" {
		return
	}
	e := graph.Entity{
		ID:      CommitteeID(id),
		Kind:    graph.KindOrganization,
		Name:    get("CMTE_NM"),
		OrgType: committeeTypes[get("CMTE_TP")],
		Labels:  []string{"fec"},
		Props:   map[string]string{"source": Name, propFECID: id},
	}
	if e.Name == "" {
		e.Name = id
	}
	if e.OrgType == "" {
		e.OrgType = "committee"
	}
	for prop, col := range map[string]string{"treasurer": "TRES_NM", "street": "CMTE_ST1", "street2": "CMTE_ST2", "city": "CMTE_CITY",
		"state": "CMTE_ST", "zip": "CMTE_ZIP", "designation": "CMTE_DSGN", "cmte_tp": "CMTE_TP", "party": "CMTE_PTY_AFFILIATION",
		"filing_freq": "CMTE_FILING_FREQ", "org_tp": "ORG_TP", "connected_org": "CONNECTED_ORG_NM", "cand_id": "CAND_ID"} {
		if v := get(col); v != "" {
			e.Props[prop] = v
		}
	}
	im.committees[id] = e
}

// candidateEntityID is the entity that stands for an FEC candidate: the
// official when Options.Officials names one, else the candidate's own
// record when cn gave one.
func (im *importer) candidateEntityID(candID string) (string, bool) {
	if id, ok := im.opts.Officials[candID]; ok && candID != "" {
		im.officials[id] = true
		return id, true
	}
	if _, ok := im.candidates[candID]; ok {
		return CandidateID(candID), true
	}
	return "", false
}

func (im *importer) candidate(file string, line int, f []string) {
	get := func(n string) string { return field(Candidates, f, n) }
	id := get("CAND_ID")
	if id == "" {
		im.problem(graph.Detail{File: file, Line: line, Field: "CAND_ID", Reason: "is empty"})
		return
	}
	if _, official := im.opts.Officials[id]; !official {
		e := graph.Entity{
			ID:     CandidateID(id),
			Kind:   graph.KindPerson,
			Name:   get("CAND_NAME"),
			Party:  get("CAND_PTY_AFFILIATION"),
			Labels: []string{"candidate", "fec"},
			Props:  map[string]string{"source": Name, propFECID: id},
		}
		if e.Name == "" {
			e.Name = id
		}
		switch get("CAND_OFFICE") {
		case "H":
			e.Chamber, e.Title = "House", "Candidate for U.S. Representative"
		case "S":
			e.Chamber, e.Title = "Senate", "Candidate for U.S. Senator"
		case "P":
			e.Title = "Candidate for President"
		}
		if d := get("CAND_OFFICE_DISTRICT"); d != "" && d != "00" && e.Chamber == "House" {
			e.District = strings.TrimLeft(d, "0")
		}
		for prop, col := range map[string]string{"election_yr": "CAND_ELECTION_YR", "state": "CAND_OFFICE_ST", "office": "CAND_OFFICE",
			"ici": "CAND_ICI", "status": "CAND_STATUS", "pcc": "CAND_PCC", "city": "CAND_CITY", "mail_state": "CAND_ST", "zip": "CAND_ZIP"} {
			if v := get(col); v != "" {
				e.Props[prop] = v
			}
		}
		// cn lists a candidate once per election year: keep the latest.
		if old, dup := im.candidates[id]; !dup || old.Props["election_yr"] <= e.Props["election_yr"] {
			im.candidates[id] = e
		}
	}
	if pcc := get("CAND_PCC"); pcc != "" {
		im.lead(id, pcc, "P")
	}
}

func (im *importer) lead(candID, cmteID, designation string) {
	src, _ := im.candidateEntityID(candID)
	key := [2]string{src, CommitteeID(cmteID)}
	if r, ok := im.leads[key]; ok {
		if !strings.Contains(r.Props["designation"], designation) {
			r.Props["designation"] += designation
		}
		return
	}
	im.ref(cmteID, "")
	im.leads[key] = &graph.Relationship{Source: src, Target: CommitteeID(cmteID), Type: graph.Leads,
		Props: map[string]string{"source": Name, "designation": designation}}
}

func (im *importer) linkage(file string, line int, f []string) {
	get := func(n string) string { return field(Linkages, f, n) }
	cand, cmte, dsgn := get("CAND_ID"), get("CMTE_ID"), get("CMTE_DSGN")
	record := get("LINKAGE_ID")
	switch {
	case dsgn != "P" && dsgn != "A":
		im.skip(file, line, record, "designation "+strconv.Quote(dsgn)+" is neither principal (P) nor authorized (A)")
	case cand == "" || cmte == "":
		im.skip(file, line, record, "no CAND_ID or CMTE_ID")
	default:
		if _, ok := im.candidateEntityID(cand); !ok {
			im.skip(file, line, record, "candidate "+cand+" is neither in cn nor an official")
			return
		}
		im.lead(cand, cmte, dsgn)
	}
}

// donor resolves the contributor of an itcont row to its donor id, and
// spills the row's contributor fields under that id: the donor's record
// is built from its latest row when the import is written.
func (im *importer) donor(t transaction) string {
	key := DonorKey(t.Name, t.Zip, t.Employer)
	id := DonorID(key)
	im.buf = im.buf[:0].str(t.Date).str(t.SubID).str(key).str(t.Name).str(t.City).str(t.State).str(t.Zip).
		str(t.Employer).str(t.Occupation).str(t.EntityTP)
	im.spill(im.donors, id, im.buf)
	im.donorRows++
	return id
}

func (im *importer) spill(s *spill.Spill, key string, value []byte) {
	if err := s.Add(key, value); err != nil && im.err == nil {
		im.err = err
	}
}

// donorEntity builds a donor's record from its spilled rows: the fields
// come from the latest row, by date and then SUB_ID.
func donorEntity(id string, rows [][]byte) graph.Entity {
	var latest []byte
	var date, sub string
	for _, r := range rows {
		d := dec{r}
		rd, rs := d.str(), d.str()
		if latest == nil || rd > date || rd == date && rs > sub {
			latest, date, sub = r, rd, rs
		}
	}
	d := dec{latest}
	d.str()
	d.str()
	key, name, city, state, zip, employer, occupation, entityTP := d.str(), d.str(), d.str(), d.str(), d.str(), d.str(), d.str(), d.str()
	e := graph.Entity{
		ID:     id,
		Kind:   graph.KindDonor,
		Name:   strings.TrimSpace(strings.ToValidUTF8(name, "")),
		Labels: []string{"fec-donor"},
		Props: map[string]string{
			"source": Name, PropNotForSolicitation: "true", "donor_key": key,
		},
	}
	if e.Name == "" {
		e.Name = "(unnamed FEC contributor)"
	}
	if entityTP != "" && entityTP != "IND" && entityTP != "CAN" {
		e.OrgType = "organization"
	}
	for k, v := range map[string]string{"city": city, "state": state, "zip5": zip5(zip), "employer": employer,
		"occupation": occupation, "entity_tp": entityTP} {
		if v != "" {
			e.Props[k] = v
		}
	}
	return e
}

// aggKey identifies one aggregated relationship.
type aggKey struct {
	src, dst string
	cycle    int
	typ      graph.RelType
}

// id is the id of the aggregate's relationship.
func (k aggKey) id() string {
	return graph.DefaultRelationshipID(k.src, k.dst, k.typ) + "/" + strconv.Itoa(k.cycle)
}

// txn is one transaction kept on an aggregate. Its JSON form is what
// Props["transactions"] holds.
type txn struct {
	SubID      string  `json:"sub_id"`
	TranID     string  `json:"tran_id,omitempty"`
	Filer      string  `json:"filer"`
	FileNum    int64   `json:"file_num,omitempty"`
	Date       string  `json:"date"`
	Amount     float64 `json:"amount"`
	TP         string  `json:"tp,omitempty"`
	Memo       bool    `json:"memo,omitempty"`
	EarmarkVia string  `json:"earmark_via,omitempty"`
	Receipt    bool    `json:"receipt,omitempty"`
	counted    bool
}

// flag bits of a spilled transaction.
const (
	flagMemo = 1 << iota
	flagReceipt
	flagCounted
)

// add spills one transaction of the aggregate k.
func (im *importer) add(k aggKey, t transaction, amount float64, counted bool, earmarkVia string, receipt bool) {
	flags := int64(0)
	if t.Memo == "X" {
		flags |= flagMemo
	}
	if receipt {
		flags |= flagReceipt
	}
	if counted {
		flags |= flagCounted
	}
	im.buf = im.buf[:0].str(k.src).str(k.dst).str(string(k.typ)).int(int64(k.cycle)).
		str(t.SubID).str(t.TranID).str(t.Filer).int(t.FileNum).str(t.Date).float(amount).str(t.TP).str(earmarkVia).int(flags)
	im.spill(im.aggs, k.id(), im.buf)
	im.aggRows++
}

// aggregate decodes the spilled transactions of one aggregate.
func aggregate(rows [][]byte) (aggKey, []txn) {
	var k aggKey
	txns := make([]txn, len(rows))
	for i, r := range rows {
		d := dec{r}
		k = aggKey{src: d.str(), dst: d.str(), typ: graph.RelType(d.str()), cycle: int(d.int())}
		t := &txns[i]
		t.SubID, t.TranID, t.Filer, t.FileNum, t.Date, t.Amount, t.TP, t.EarmarkVia = d.str(), d.str(), d.str(), d.int(), d.str(), d.float(), d.str(), d.str()
		flags := d.int()
		t.Memo, t.Receipt, t.counted = flags&flagMemo != 0, flags&flagReceipt != 0, flags&flagCounted != 0
	}
	return k, txns
}

func (im *importer) transaction(file string, line int, k Kind, f []string) {
	t, err := parseTransaction(k, f)
	if err != nil {
		var fe *fieldError
		d := graph.Detail{File: file, Line: line, Reason: err.Error()}
		if errors.As(err, &fe) {
			d.Field, d.Reason = fe.Field, fe.Reason
		}
		d.Record = strings.TrimSpace(f[len(f)-1])
		im.problem(d)
		return
	}
	if t.Date == "" {
		im.skip(file, line, t.SubID, "no TRANSACTION_DT, so no cycle")
		return
	}
	cyc := cycle(t.Date)
	counted := t.Memo != "X"
	im.ref(t.Filer, "")
	switch k {
	case Individuals:
		donor := im.donor(t)
		recipient, via := t.Filer, ""
		if t.TP == "24I" || t.TP == "24T" {
			if t.Other == "" {
				im.skip(file, line, t.SubID, "earmarked gift without the recipient's OTHER_ID")
				return
			}
			recipient, via, counted = t.Other, t.Filer, false
		}
		dst, ok := im.counterparty(recipient, "")
		if !ok {
			im.skip(file, line, t.SubID, "recipient "+strconv.Quote(recipient)+" is neither a committee nor a known candidate")
			return
		}
		amount := t.Amount
		if t.TP == "22Y" {
			amount = -math.Abs(amount)
		}
		im.add(aggKey{donor, dst, cyc, graph.DonatedTo}, t, amount, counted, via, false)
	case CommToCand:
		im.pas2Subs[t.SubID] = true
		typ := graph.DonatedTo
		switch t.TP {
		case "24E", "24F":
			typ = graph.Supports
		case "24A", "24N":
			typ = graph.Opposes
		}
		dst, ok := im.candidateEntityID(t.Cand)
		if !ok {
			if dst, ok = im.counterparty(t.Other, t.Name); !ok {
				im.skip(file, line, t.SubID, "candidate "+strconv.Quote(t.Cand)+" is unknown and OTHER_ID names no committee")
				return
			}
		}
		if dst == CommitteeID(t.Filer) {
			im.skip(file, line, t.SubID, "a committee giving to itself")
			return
		}
		im.add(aggKey{CommitteeID(t.Filer), dst, cyc, typ}, t, t.Amount, counted, "", false)
	case CommToComm:
		switch {
		case t.SubID != "" && im.pas2Subs[t.SubID]:
			im.skip(file, line, t.SubID, "already read from itpas2 (same SUB_ID)")
			return
		case t.EntityTP == "IND":
			im.skip(file, line, t.SubID, "an individual's row: individual contributions come from itcont")
			return
		case t.Other == "" || t.Other == t.Filer:
			im.skip(file, line, t.SubID, "no counterparty committee in OTHER_ID")
			return
		}
		other, ok := im.counterparty(t.Other, t.Name)
		if !ok {
			im.skip(file, line, t.SubID, "OTHER_ID "+strconv.Quote(t.Other)+" is neither a committee nor a known candidate")
			return
		}
		src, dst, receipt := CommitteeID(t.Filer), other, false
		if strings.HasPrefix(t.TP, "1") {
			src, dst, receipt, counted = other, CommitteeID(t.Filer), true, false
		}
		im.add(aggKey{src, dst, cyc, graph.DonatedTo}, t, t.Amount, counted, "", receipt)
	}
}

// ref records that a committee is referenced, with the first name seen for
// it in a row.
func (im *importer) ref(id, name string) {
	if old := im.refs[id]; old == "" {
		im.refs[id] = name
	}
}

// counterparty resolves an OTHER_ID: a committee id (C...) names a
// committee, recorded with the row's name; a candidate id (H, S, P...)
// names a known candidate or official.
func (im *importer) counterparty(id, name string) (string, bool) {
	if strings.HasPrefix(id, "C") {
		im.ref(id, name)
		return CommitteeID(id), true
	}
	return im.candidateEntityID(id)
}

// write hands the records over in batches: the committees, candidates and
// donors, then the leads and the aggregates, each in id order.
func (im *importer) write(ctx context.Context, fn func(b *graph.Batch, steps int64) error) error {
	size := im.opts.BatchSize
	if size <= 0 {
		size = DefaultBatchSize
	}
	b := &graph.Batch{}
	var steps int64
	flush := func() error {
		if len(b.Entities)+len(b.Relationships) == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return graph.E(op, graph.Unavailable, err)
		}
		for i := range b.Relationships {
			b.Relationships[i].Normalize()
		}
		if err := fn(b, steps); err != nil {
			return err
		}
		steps = 0
		b = &graph.Batch{}
		return nil
	}
	// add adds what took n steps to the batch, handing it over when full.
	add := func(e *graph.Entity, r *graph.Relationship, n int64) error {
		if e != nil {
			b.Entities = append(b.Entities, *e)
		} else {
			b.Relationships = append(b.Relationships, *r)
		}
		steps += n
		if len(b.Entities)+len(b.Relationships) >= size {
			return flush()
		}
		return nil
	}
	var small []graph.Entity
	for _, e := range im.committees {
		small = append(small, e)
	}
	for id, name := range im.refs {
		if _, ok := im.committees[id]; ok {
			continue
		}
		if name == "" {
			name = id
		}
		small = append(small, graph.Entity{ID: CommitteeID(id), Kind: graph.KindOrganization, Name: name, OrgType: "committee",
			Labels: []string{"fec"}, Props: map[string]string{"source": Name, propFECID: id, "stub": "true"}})
	}
	for _, e := range im.candidates {
		small = append(small, e)
	}
	for _, e := range sortedByID(small, func(e *graph.Entity) string { return e.ID }) {
		if err := add(&e, nil, 1); err != nil {
			return err
		}
	}
	if im.err != nil {
		return graph.E(op, graph.Internal, im.err)
	}
	err := im.donors.Each(func(id []byte, rows [][]byte) error {
		e := donorEntity(string(id), rows)
		return add(&e, nil, int64(len(rows)))
	})
	if err != nil {
		return spillErr(err)
	}
	var leads []graph.Relationship
	for _, r := range im.leads {
		r.Normalize()
		leads = append(leads, *r)
	}
	for _, r := range sortedByID(leads, func(r *graph.Relationship) string { return r.ID }) {
		if err := add(nil, &r, 1); err != nil {
			return err
		}
	}
	err = im.aggs.Each(func(_ []byte, rows [][]byte) error {
		r, superseded := relationship(aggregate(rows))
		for _, s := range superseded {
			im.skipped = append(im.skipped, graph.Detail{Record: s.SubID, Reason: "superseded by an amendment (file " + strconv.FormatInt(s.FileNum, 10) + " restates TRAN_ID " + s.TranID + ")"})
		}
		return add(nil, &r, int64(len(rows)))
	})
	if err != nil {
		return spillErr(err)
	}
	return flush()
}

// spillErr passes an error from the writer's callback on, and names a
// failure to read the spilled transactions.
func spillErr(err error) error {
	var ge *graph.Error
	if errors.As(err, &ge) {
		return err
	}
	return graph.E(op, graph.Internal, err)
}

// sortedByID returns xs ordered by id. It sorts indices and then copies each
// record once, which moves far less memory than sorting the large records
// themselves.
func sortedByID[T any](xs []T, id func(*T) string) []T {
	order := make([]int32, len(xs))
	for i := range order {
		order[i] = int32(i)
	}
	sort.Slice(order, func(i, j int) bool { return id(&xs[order[i]]) < id(&xs[order[j]]) })
	out := make([]T, len(xs))
	for i, k := range order {
		out[i] = xs[k]
	}
	return out
}

// relationship turns an aggregate into its relationship, and returns the
// transactions that a later filing superseded.
func relationship(k aggKey, txns []txn) (graph.Relationship, []txn) {
	// An amended report restates a transaction under the same filer and
	// TRAN_ID: keep the row of the latest filing.
	latest := map[[2]string]int{}
	for i, t := range txns {
		if t.TranID == "" {
			continue
		}
		key := [2]string{t.Filer, t.TranID}
		if j, ok := latest[key]; !ok || t.FileNum > txns[j].FileNum || t.FileNum == txns[j].FileNum && t.SubID > txns[j].SubID {
			latest[key] = i
		}
	}
	kept := txns[:0:0]
	var superseded []txn
	for i, t := range txns {
		if t.TranID != "" {
			if j := latest[[2]string{t.Filer, t.TranID}]; j != i {
				// Same TRAN_ID: only a later filing supersedes. Two
				// rows of one filing sharing a TRAN_ID (P and G
				// parts of one gift) are both kept.
				if txns[j].FileNum != t.FileNum {
					superseded = append(superseded, t)
					continue
				}
			}
		}
		kept = append(kept, t)
	}
	sort.Slice(kept, func(i, j int) bool {
		if kept[i].Date != kept[j].Date {
			return kept[i].Date < kept[j].Date
		}
		return kept[i].SubID < kept[j].SubID
	})
	var net float64
	count := 0
	date := ""
	for _, t := range kept {
		if t.counted {
			net += t.Amount
			count++
			date = t.Date
		}
	}
	if date == "" && len(kept) > 0 {
		date = kept[len(kept)-1].Date
	}
	net = math.Round(net*100) / 100
	txJSON, _ := json.Marshal(kept)
	r := graph.Relationship{
		ID:     k.id(),
		Source: k.src,
		Target: k.dst,
		Type:   k.typ,
		Amount: math.Max(net, 0),
		Date:   date,
		Props: map[string]string{
			"source":       Name,
			"cycle":        strconv.Itoa(k.cycle),
			"count":        strconv.Itoa(count),
			"transactions": string(txJSON),
		},
	}
	if net < 0 {
		r.Props["net"] = strconv.FormatFloat(net, 'f', -1, 64)
	}
	return r, superseded
}
