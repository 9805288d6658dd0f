package fec

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/powermap/powermap/graph"
	"github.com/powermap/powermap/internal/format/congress"
	"github.com/powermap/powermap/internal/store/embedded"
)

const (
	sample         = "testdata/fec-2016-sample"
	sampleItcont   = "itcont_IL_only.txt"
	congressCorpus = "../congress/testdata/congress-legislators"
)

// loadTogether imports congress-legislators and then the FEC sample into a
// fresh embedded store, linking candidates to officials through the store.
func loadTogether(t *testing.T) (graph.Store, *Result) {
	t.Helper()
	ctx := context.Background()
	st, err := embedded.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cg, err := congress.Read(ctx, os.DirFS(congressCorpus))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Apply(ctx, cg.Batch); err != nil {
		t.Fatal(err)
	}
	officials, err := OfficialsFromStore(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Read(ctx, os.DirFS(sample), Options{Officials: officials})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Apply(ctx, res.Batch); err != nil {
		t.Fatal(err)
	}
	return st, res
}

// net is what a DONATED_TO relationship says was given, net of refunds.
func net(r graph.Relationship) float64 {
	if s := r.Props["net"]; s != "" {
		v, _ := strconv.ParseFloat(s, 64)
		return v
	}
	return r.Amount
}

// whoFunded asks the store who gave to an official: gifts to the official
// and gifts to the committees the official leads.
func whoFunded(t *testing.T, st graph.Store, id string) (pacs map[string]float64, individuals float64) {
	ctx := context.Background()
	pacs = map[string]float64{}
	add := func(r graph.Relationship) {
		if strings.HasPrefix(r.Source, "fec:ind:") {
			individuals += net(r)
		} else {
			pacs[strings.TrimPrefix(r.Source, "fec:")] += net(r)
		}
	}
	ns, err := st.Neighbors(ctx, id, []graph.RelType{graph.DonatedTo, graph.Leads})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range ns {
		r := n.Relationship
		switch {
		case r.Type == graph.DonatedTo && r.Target == id:
			add(r)
		case r.Type == graph.Leads && r.Source == id:
			cs, err := st.Neighbors(ctx, r.Target, []graph.RelType{graph.DonatedTo})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cs {
				if c.Relationship.Target == r.Target {
					add(c.Relationship)
				}
			}
		}
	}
	return pacs, individuals
}

func TestWhoFundedIllinois(t *testing.T) {
	st, _ := loadTogether(t)
	ctx := context.Background()
	members, err := st.Entities(ctx, graph.EntityQuery{Kind: graph.KindOfficial})
	if err != nil {
		t.Fatal(err)
	}
	checked, funded := 0, 0
	for _, m := range members {
		if m.Props["state"] != "IL" || len(m.IdentifierValues(graph.SchemeFEC)) == 0 {
			continue
		}
		checked++
		want := rawFundingOf(t, sample, sampleItcont, m.IdentifierValues(graph.SchemeFEC))
		pacs, indiv := whoFunded(t, st, m.ID)
		for k, v := range want.pacs {
			if math.Abs(pacs[k]-v) > 0.005 {
				t.Errorf("%s: from %s got %.2f, raw files say %.2f", m.Name, k, pacs[k], v)
			}
		}
		for k, v := range pacs {
			if _, ok := want.pacs[k]; !ok && v != 0 {
				t.Errorf("%s: from %s got %.2f, raw files say nothing", m.Name, k, v)
			}
		}
		if math.Abs(indiv-want.individuals) > 0.005 {
			t.Errorf("%s: individuals gave %.2f, raw files say %.2f", m.Name, indiv, want.individuals)
		}
		if len(want.pacs) > 0 {
			funded++
		}
	}
	if checked != 19 {
		t.Errorf("checked %d Illinois members, want 19", checked)
	}
	if funded < 3 {
		t.Errorf("only %d Illinois members have PAC money in the sample; the check is too weak", funded)
	}
	// Mike Bost: three PACs gave 2,500, 2,500 and 5,000 (itpas2, one of
	// them from an amended report).
	pacs, _ := whoFunded(t, st, congress.ID("B001295"))
	if pacs["C00030718"] != 2500 || pacs["C00005249"] != 2500 || pacs["C00110338"] != 5000 {
		t.Errorf("Bost's PACs = %v", pacs)
	}
}

func TestIndividualsToACommittee(t *testing.T) {
	st, _ := loadTogether(t)
	ctx := context.Background()
	// Every committee that received individual gifts in the sample: the
	// sum of its incoming individual DONATED_TO equals the raw files'.
	want := map[string]float64{}
	pas := map[string]bool{}
	for _, l := range rawLines(t, sample, sampleItcont) {
		if l[18] == "X" {
			continue
		}
		a := rawAmount(t, l[14])
		switch l[5] {
		case "24I", "24T":
			pas[l[15]] = true
			continue
		case "22Y":
			a = -math.Abs(a)
		}
		want[l[0]] += a
	}
	got := map[string]float64{}
	_, err := st.Stream(ctx, graph.StreamFuncs{Relationship: func(r *graph.Relationship) error {
		if r.Type == graph.DonatedTo && strings.HasPrefix(r.Source, "fec:ind:") {
			got[strings.TrimPrefix(r.Target, "fec:")] += net(*r)
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range want {
		if math.Abs(got[k]-v) > 0.005 {
			t.Errorf("committee %s: individuals gave %.2f, raw files say %.2f", k, got[k], v)
		}
	}
	for k, v := range got {
		if _, ok := want[k]; !ok && v != 0 {
			t.Errorf("committee %s: individuals gave %.2f, raw files say nothing", k, v)
		}
	}
}

func TestSampleShape(t *testing.T) {
	st, res := loadTogether(t)
	ctx := context.Background()
	if res.Rows[Individuals] != 1183 || res.Rows[CommToCand] != 1947 || res.Rows[CommToComm] != 4042 || res.Rows[Candidates] != 3534 {
		t.Errorf("rows = %v", res.Rows)
	}
	types := map[graph.RelType]int{}
	for _, r := range res.Batch.Relationships {
		types[r.Type]++
	}
	if types[graph.Supports] == 0 || types[graph.Opposes] == 0 || types[graph.DonatedTo] == 0 || types[graph.Leads] == 0 {
		t.Errorf("types = %v", types)
	}
	donors := 0
	for _, e := range res.Batch.Entities {
		if strings.HasPrefix(e.ID, "fec:ind:") {
			donors++
			if e.Props[PropNotForSolicitation] != "true" || e.Kind != graph.KindDonor {
				t.Errorf("donor %s is not marked not for solicitation: %+v", e.ID, e)
			}
		}
		if strings.HasPrefix(e.ID, "fec:H4IL12060") {
			t.Errorf("Mike Bost has a candidate record %s besides his official one", e.ID)
		}
	}
	if donors == 0 || donors >= 1183 {
		t.Errorf("donors = %d for 1183 rows", donors)
	}
	// The transactions behind an aggregate are kept and add up.
	r, err := st.Relationship(ctx, "DONATED_TO:fec:C00110338>"+congress.ID("B001295")+"/2016")
	if err != nil {
		t.Fatal(err)
	}
	var txs []struct {
		SubID  string  `json:"sub_id"`
		Amount float64 `json:"amount"`
		Date   string  `json:"date"`
	}
	if err := json.Unmarshal([]byte(r.Props["transactions"]), &txs); err != nil {
		t.Fatal(err)
	}
	if len(txs) != 1 || txs[0].SubID != "4021820151239026699" || txs[0].Amount != 5000 || r.Date != "2015-01-29" || r.Props["count"] != "1" {
		t.Errorf("relationship = %+v, transactions %+v", r, txs)
	}
	// Re-importing changes nothing.
	officials, _ := OfficialsFromStore(ctx, st)
	again, err := Read(ctx, os.DirFS(sample), Options{Officials: officials})
	if err != nil {
		t.Fatal(err)
	}
	stats, err := st.Apply(ctx, again.Batch)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Changed() || stats.EntitiesUnchanged != len(res.Batch.Entities) {
		t.Errorf("second import: %+v", stats)
	}
}

func TestDonorKey(t *testing.T) {
	cases := []struct{ a, b string }{
		{DonorKey("SMITH, JOHN A. MR.", "606061709", "ERNST & YOUNG LLP"), DonorKey("Smith, John", "60606", "Ernst & Young")},
		{DonorKey("O'BRIEN, MARY DR", "10001", "SELF-EMPLOYED"), DonorKey("OBRIEN, MARY", "10001", "self employed")},
		{DonorKey("GUSKA, WILLIAM MR. GUSKA", "60606", "N/A"), DonorKey("GUSKA, WILLIAM", "60606", "INFORMATION REQUESTED")},
	}
	for _, c := range cases {
		if c.a != c.b {
			t.Errorf("%q != %q", c.a, c.b)
		}
	}
	if DonorKey("SMITH, JOHN", "60606", "ACME") == DonorKey("SMITH, JANE", "60606", "ACME") ||
		DonorKey("SMITH, JOHN", "60606", "ACME") == DonorKey("SMITH, JOHN", "60607", "ACME") {
		t.Error("different people share a key")
	}
}

func TestAmendmentsAndMemos(t *testing.T) {
	line := func(amnd, tp, amt, tran, fileNum, memo, sub string) string {
		return "C00000001|" + amnd + "|Q1|P|1|" + tp + "|IND|DOE, JANE|CHICAGO|IL|60601|ACME|CEO|01152016|" + amt + "||" + tran + "|" + fileNum + "|" + memo + "||" + sub + "\n"
	}
	data := line("N", "15", "100", "T1", "10", "", "1") +
		line("A", "15", "150", "T1", "11", "", "2") + // restates T1
		line("N", "15", "40", "T2", "10", "X", "3") + // memo
		line("N", "22Y", "25", "T3", "10", "", "4") // refund
	res, err := Read(context.Background(), fstest.MapFS{"itcont.txt": {Data: []byte(data)}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var r graph.Relationship
	for _, x := range res.Batch.Relationships {
		r = x
	}
	if r.Amount != 125 || r.Props["count"] != "2" || r.Target != "fec:C00000001" {
		t.Errorf("aggregate = %+v, want 150 - 25 = 125 from 2 counted rows", r)
	}
	if !strings.Contains(r.Props["transactions"], `"memo":true`) || strings.Contains(r.Props["transactions"], `"sub_id":"1"`) {
		t.Errorf("transactions = %s", r.Props["transactions"])
	}
	if len(res.Skipped) != 1 || res.Skipped[0].Record != "1" {
		t.Errorf("skipped = %+v, want the superseded row", res.Skipped)
	}
}

func TestRefusesAndLocatesErrors(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name  string
		fsys  fstest.MapFS
		line  int
		field string
		want  string
	}{
		{"no files", fstest.MapFS{"people.yml": {Data: []byte("id: ocd-person/1\n")}}, 0, "", "not an FEC bulk data folder"},
		{"wrong columns", fstest.MapFS{"itcont.txt": {Data: []byte("a,b,c\n")}}, 1, "", "not an FEC itcont file"},
		{"kumu json", fstest.MapFS{"cn.txt": {Data: []byte(`{"elements":[]}`)}}, 1, "", "not an FEC cn file"},
		{"short line", fstest.MapFS{"itoth.txt": {Data: []byte("C1" + strings.Repeat("|", 14) + "5" + strings.Repeat("|", 6) + "\n" + "C1|N\n")}}, 2, "", "has 2 fields"},
		{"bad amount", fstest.MapFS{"itcont.txt": {Data: []byte("C00000001|N|Q1|P|1|15|IND|DOE, JANE|X|IL|60601|||01152016|12x||T|1|||99\n")}}, 1, "TRANSACTION_AMT", "is not an amount"},
		{"bad date", fstest.MapFS{"itcont.txt": {Data: []byte("C00000001|N|Q1|P|1|15|IND|DOE, JANE|X|IL|60601|||13452016|12||T|1|||99\n")}}, 1, "TRANSACTION_DT", "is not a date"},
		{"bad header", fstest.MapFS{"cn.txt": {Data: []byte("")}, "cn_header_file.csv": {Data: []byte("A,B\n")}}, 1, "", "names columns"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(ctx, c.fsys, Options{})
			if !graph.Is(err, graph.Invalid) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want Invalid with %q", err, c.want)
			}
			if c.line > 0 {
				ds := graph.DetailsOf(err)
				if len(ds) == 0 || ds[0].Line != c.line || ds[0].Field != c.field || ds[0].File == "" {
					t.Errorf("details = %+v, want line %d field %q", ds, c.line, c.field)
				}
			}
		})
	}
	if !Detect(os.DirFS(sample)) || Detect(fstest.MapFS{"cn.txt": {Data: []byte("x\n")}}) {
		t.Error("Detect is wrong")
	}
}

func FuzzLine(f *testing.F) {
	b, err := os.ReadFile(sample + "/" + sampleItcont)
	if err != nil {
		f.Fatal(err)
	}
	for _, l := range strings.SplitN(string(b), "\n", 4)[:3] {
		f.Add(l)
	}
	f.Add("C1|N|||||||||||||-5.5||||X||")
	f.Fuzz(func(t *testing.T, line string) {
		fields := splitInto(nil, line)
		tx, err := parseTransaction(Individuals, fields)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("error without a reason")
			}
			return
		}
		if tx.Filer == "" || math.IsNaN(tx.Amount) || math.IsInf(tx.Amount, 0) {
			t.Fatalf("accepted a row without a filer or amount: %+v", tx)
		}
		if tx.Date != "" {
			if _, err := graph.ParseDate(tx.Date); err != nil {
				t.Fatalf("accepted date %q: %v", tx.Date, err)
			}
		}
		// A parsed line imports, and its batch is valid.
		res, err := Read(context.Background(), fstest.MapFS{"itcont.txt": {Data: []byte(line + "\n")}}, Options{})
		if err != nil {
			if strings.ContainsAny(line, "\n\r") {
				return
			}
			t.Fatalf("parsed line refused by Read: %v", err)
		}
		if err := res.Batch.Prepare(); err != nil {
			t.Fatalf("invalid batch from %q: %v", line, err)
		}
	})
}
