package fec

// This file computes, straight from the raw FEC files and without any of
// the importer's code, what each Illinois member of Congress received, so
// that TestWhoFundedIllinois can check the imported graph against it. It
// reads the files with its own plain split on '|' and applies the counting
// rules of the package documentation:
//
//   - itpas2 rows naming the candidate, or naming no candidate of cn and
//     paying one of the candidate's committees (OTHER_ID): counted unless
//     MEMO_CD is X or the type is an independent expenditure (24A, 24E,
//     24F, 24N);
//   - itoth rows paying the candidate's committees: counted when the type
//     does not start with 1, the giver is not an individual, MEMO_CD is not
//     X and the SUB_ID is not in itpas2;
//   - itcont rows to the candidate's committees: counted unless MEMO_CD is
//     X or the type is a conduit's earmark (24I, 24T); 22Y counts negative.
//
// A candidate's committees are cn's CAND_PCC and ccl's P and A linkages.

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

type rawFunding struct {
	committees  map[string]bool
	pacs        map[string]float64 // giving committee → net
	individuals float64
}

func rawLines(t *testing.T, dir, name string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		out = append(out, strings.Split(sc.Text(), "|"))
	}
	return out
}

func rawAmount(t *testing.T, s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("amount %q: %v", s, err)
	}
	return v
}

// rawFundingOf computes the funding of the candidate with the given FEC ids.
func rawFundingOf(t *testing.T, dir, itcont string, candIDs []string) rawFunding {
	ids := map[string]bool{}
	for _, id := range candIDs {
		ids[id] = true
	}
	fu := rawFunding{committees: map[string]bool{}, pacs: map[string]float64{}}
	inCN := map[string]bool{}
	for _, l := range rawLines(t, dir, "cn.txt") { // CAND_ID ... CAND_PCC is column 10
		inCN[l[0]] = true
		if ids[l[0]] && l[9] != "" {
			fu.committees[l[9]] = true
		}
	}
	for _, l := range rawLines(t, dir, "ccl.txt") { // CAND_ID, ..., CMTE_ID (4), CMTE_TP, CMTE_DSGN (6)
		if ids[l[0]] && (l[5] == "P" || l[5] == "A") {
			fu.committees[l[3]] = true
		}
	}
	pas2 := map[string]bool{}
	for _, l := range rawLines(t, dir, "itpas2.txt") { // CAND_ID is column 17, MEMO_CD 20, SUB_ID 22
		pas2[l[21]] = true
		tp := l[5]
		toCommittee := !inCN[l[16]] && !ids[l[16]] && fu.committees[l[15]]
		if !ids[l[16]] && !toCommittee || l[19] == "X" || tp == "24A" || tp == "24E" || tp == "24F" || tp == "24N" {
			continue
		}
		fu.pacs[l[0]] += rawAmount(t, l[14])
	}
	for _, l := range rawLines(t, dir, "itoth.txt") { // OTHER_ID is column 16, MEMO_CD 19, SUB_ID 21
		if !fu.committees[l[15]] || strings.HasPrefix(l[5], "1") || l[6] == "IND" || l[18] == "X" || pas2[l[20]] || l[0] == l[15] {
			continue
		}
		fu.pacs[l[0]] += rawAmount(t, l[14])
	}
	for _, l := range rawLines(t, dir, itcont) {
		if !fu.committees[l[0]] || l[18] == "X" || l[5] == "24I" || l[5] == "24T" {
			continue
		}
		a := rawAmount(t, l[14])
		if l[5] == "22Y" && a > 0 {
			a = -a
		}
		fu.individuals += a
	}
	return fu
}
