package fec

import (
	"crypto/sha256"
	"encoding/hex"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Kind is the kind of an FEC bulk file.
type Kind string

// The bulk file kinds.
const (
	Candidates   Kind = "cn"
	Committees   Kind = "cm"
	Linkages     Kind = "ccl"
	Individuals  Kind = "itcont"
	CommToCand   Kind = "itpas2"
	CommToComm   Kind = "itoth"
	unknownKind  Kind = ""
	headerSuffix      = "_header_file.csv"
)

// Columns names each kind's columns, as the FEC's header files do.
var Columns = map[Kind][]string{
	Candidates:  strings.Split("CAND_ID,CAND_NAME,CAND_PTY_AFFILIATION,CAND_ELECTION_YR,CAND_OFFICE_ST,CAND_OFFICE,CAND_OFFICE_DISTRICT,CAND_ICI,CAND_STATUS,CAND_PCC,CAND_ST1,CAND_ST2,CAND_CITY,CAND_ST,CAND_ZIP", ","),
	Committees:  strings.Split("CMTE_ID,CMTE_NM,TRES_NM,CMTE_ST1,CMTE_ST2,CMTE_CITY,CMTE_ST,CMTE_ZIP,CMTE_DSGN,CMTE_TP,CMTE_PTY_AFFILIATION,CMTE_FILING_FREQ,ORG_TP,CONNECTED_ORG_NM,CAND_ID", ","),
	Linkages:    strings.Split("CAND_ID,CAND_ELECTION_YR,FEC_ELECTION_YR,CMTE_ID,CMTE_TP,CMTE_DSGN,LINKAGE_ID", ","),
	Individuals: strings.Split("CMTE_ID,AMNDT_IND,RPT_TP,TRANSACTION_PGI,IMAGE_NUM,TRANSACTION_TP,ENTITY_TP,NAME,CITY,STATE,ZIP_CODE,EMPLOYER,OCCUPATION,TRANSACTION_DT,TRANSACTION_AMT,OTHER_ID,TRAN_ID,FILE_NUM,MEMO_CD,MEMO_TEXT,SUB_ID", ","),
	CommToCand:  strings.Split("CMTE_ID,AMNDT_IND,RPT_TP,TRANSACTION_PGI,IMAGE_NUM,TRANSACTION_TP,ENTITY_TP,NAME,CITY,STATE,ZIP_CODE,EMPLOYER,OCCUPATION,TRANSACTION_DT,TRANSACTION_AMT,OTHER_ID,CAND_ID,TRAN_ID,FILE_NUM,MEMO_CD,MEMO_TEXT,SUB_ID", ","),
	CommToComm:  strings.Split("CMTE_ID,AMNDT_IND,RPT_TP,TRANSACTION_PGI,IMAGE_NUM,TRANSACTION_TP,ENTITY_TP,NAME,CITY,STATE,ZIP_CODE,EMPLOYER,OCCUPATION,TRANSACTION_DT,TRANSACTION_AMT,OTHER_ID,TRAN_ID,FILE_NUM,MEMO_CD,MEMO_TEXT,SUB_ID", ","),
}

var colIndex = func() map[Kind]map[string]int {
	out := map[Kind]map[string]int{}
	for k, cols := range Columns {
		out[k] = map[string]int{}
		for i, c := range cols {
			out[k][c] = i
		}
	}
	return out
}()

// header file prefixes the FEC uses for each kind.
var headerNames = map[string]Kind{"cn": Candidates, "cm": Committees, "ccl": Linkages, "indiv": Individuals, "pas2": CommToCand, "oth": CommToComm}

// KindOf classifies a data file by its base name.
func KindOf(name string) Kind {
	base := strings.ToLower(path.Base(name))
	if strings.HasSuffix(base, headerSuffix) || !(strings.HasSuffix(base, ".txt") || strings.HasSuffix(base, ".dta")) {
		return unknownKind
	}
	for _, p := range []struct {
		prefix string
		kind   Kind
	}{{"ccl", Linkages}, {"cn", Candidates}, {"cm", Committees}, {"itcont", Individuals}, {"indiv", Individuals},
		{"itpas2", CommToCand}, {"pas2", CommToCand}, {"itoth", CommToComm}, {"oth", CommToComm}} {
		if strings.HasPrefix(base, p.prefix) {
			return p.kind
		}
	}
	return unknownKind
}

// headerKind classifies a header file by its base name.
func headerKind(name string) Kind {
	base := strings.ToLower(path.Base(name))
	if !strings.HasSuffix(base, headerSuffix) {
		return unknownKind
	}
	return headerNames[strings.TrimSuffix(base, headerSuffix)]
}

// latin1 returns s as UTF-8, reading its bytes as Windows-1252 (Latin-1
// with printable characters in 0x80–0x9F, which FEC filings use for
// curly quotes and dashes). Control characters, which a name or a city
// never holds and which validation refuses, become spaces.
func latin1(s string) string {
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x7f || c < 0x20 {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	b := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x20 || c == 0x7f:
			b = append(b, ' ')
		case c >= 0x80 && c < 0xa0:
			b = utf8.AppendRune(b, cp1252[c-0x80])
		default:
			b = utf8.AppendRune(b, rune(c))
		}
	}
	return string(b)
}

// cp1252 maps the bytes 0x80–0x9F of Windows-1252 to Unicode; the five
// bytes it leaves undefined become U+FFFD.
var cp1252 = [32]rune{
	'€', '\uFFFD', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\uFFFD', 'Ž', '\uFFFD',
	'\uFFFD', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\uFFFD', 'ž', 'Ÿ',
}

// splitInto splits a line on '|' into dst, reusing its storage, and returns
// the fields. The fields share the line's memory.
func splitInto(dst []string, line string) []string {
	dst = dst[:0]
	for {
		i := strings.IndexByte(line, '|')
		if i < 0 {
			return append(dst, line)
		}
		dst = append(dst, line[:i])
		line = line[i+1:]
	}
}

// transaction is one parsed row of itcont, itpas2 or itoth.
type transaction struct {
	Filer, Amendment, TP, EntityTP, Name, City, State, Zip, Employer, Occupation string
	Date                                                                         string // YYYY-MM-DD, or "" when missing
	Amount                                                                       float64
	Other, Cand, TranID, Memo, SubID                                             string
	FileNum                                                                      int64
}

// fieldError is a problem with one field of a line.
type fieldError struct {
	Field, Reason string
}

func (e *fieldError) Error() string { return e.Field + ": " + e.Reason }

// parseTransaction reads one line of a transaction file of kind k. The
// strings it returns are copies, safe to keep.
// validID reports whether s can be an FEC committee or candidate id: empty
// (absent), or ASCII letters and digits, as C00123456 or H6IL12345 are.
func validID(s string) bool {
	if len(s) > 16 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z') {
			return false
		}
	}
	return true
}

func parseTransaction(k Kind, f []string) (transaction, error) {
	cols := Columns[k]
	if len(f) != len(cols) {
		return transaction{}, &fieldError{"", "has " + strconv.Itoa(len(f)) + " fields separated by |, want " + strconv.Itoa(len(cols)) + " for an FEC " + string(k) + " file"}
	}
	idx := colIndex[k]
	get := func(name string) string {
		if i, ok := idx[name]; ok {
			return strings.TrimSpace(f[i])
		}
		return ""
	}
	t := transaction{
		Filer: get("CMTE_ID"), Amendment: get("AMNDT_IND"), TP: get("TRANSACTION_TP"), EntityTP: get("ENTITY_TP"),
		Name: get("NAME"), City: get("CITY"), State: get("STATE"), Zip: get("ZIP_CODE"),
		Employer: get("EMPLOYER"), Occupation: get("OCCUPATION"), Other: get("OTHER_ID"), Cand: get("CAND_ID"),
		TranID: get("TRAN_ID"), Memo: get("MEMO_CD"), SubID: get("SUB_ID"),
	}
	if t.Filer == "" {
		return t, &fieldError{"CMTE_ID", "is empty"}
	}
	for _, id := range []struct{ col, v string }{{"CMTE_ID", t.Filer}, {"OTHER_ID", t.Other}, {"CAND_ID", t.Cand}} {
		if !validID(id.v) {
			return t, &fieldError{id.col, strconv.Quote(id.v) + " is not an FEC id (letters and digits)"}
		}
	}
	amt := get("TRANSACTION_AMT")
	a, err := strconv.ParseFloat(amt, 64)
	if err != nil || a != a || a > 1e15 || a < -1e15 {
		return t, &fieldError{"TRANSACTION_AMT", strconv.Quote(amt) + " is not an amount"}
	}
	t.Amount = a
	if fn := get("FILE_NUM"); fn != "" {
		if n, err := strconv.ParseInt(fn, 10, 64); err == nil {
			t.FileNum = n
		}
	}
	if d := get("TRANSACTION_DT"); d != "" {
		iso, ok := isoDate(d)
		if !ok {
			return t, &fieldError{"TRANSACTION_DT", strconv.Quote(d) + " is not a date (want MMDDYYYY)"}
		}
		t.Date = iso
	}
	t.intern()
	return t, nil
}

// intern copies the strings out of the line, converting them to UTF-8.
func (t *transaction) intern() {
	for _, s := range []*string{&t.Filer, &t.Amendment, &t.TP, &t.EntityTP, &t.Name, &t.City, &t.State, &t.Zip,
		&t.Employer, &t.Occupation, &t.Other, &t.Cand, &t.TranID, &t.Memo, &t.SubID} {
		*s = strings.Clone(latin1(*s))
	}
}

// isoDate turns MMDDYYYY into YYYY-MM-DD.
func isoDate(d string) (string, bool) {
	if len(d) != 8 {
		return "", false
	}
	for i := 0; i < 8; i++ {
		if d[i] < '0' || d[i] > '9' {
			return "", false
		}
	}
	m, _ := strconv.Atoi(d[:2])
	day, _ := strconv.Atoi(d[2:4])
	if m < 1 || m > 12 || day < 1 || day > 31 {
		return "", false
	}
	return d[4:] + "-" + d[:2] + "-" + d[2:4], true
}

// cycle is the two-year election cycle of an ISO date: its year, rounded
// up to even.
func cycle(iso string) int {
	y, _ := strconv.Atoi(iso[:4])
	return y + y%2
}

var (
	honorifics = set("MR", "MRS", "MS", "MISS", "DR", "HON", "HONORABLE", "REV", "PROF", "SIR", "MX")
	suffixes   = set("JR", "SR", "II", "III", "IV", "V", "ESQ", "MD", "PHD", "DDS", "CPA", "RN", "DO")
	orgEnds    = set("INC", "LLC", "CORP", "CORPORATION", "CO", "COMPANY", "LTD", "LLP", "LP", "PC", "PLLC", "PA")
	noEmployer = set("", "N A", "NA", "NONE", "INFORMATION REQUESTED", "INFORMATION REQUESTED PER BEST EFFORTS", "REQUESTED", "UNKNOWN")
)

func set(xs ...string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// words upper-cases s and splits it into words, turning every character
// other than a letter or digit into a separator (apostrophes are dropped, so
// O'BRIEN is OBRIEN).
func words(s string) []string {
	s = strings.ToUpper(s)
	s = strings.ReplaceAll(s, "'", "")
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r >= 0x80)
	})
}

// NormalizeName reduces a contributor name to "LAST|FIRST" (see the package
// documentation).
func NormalizeName(name string) string {
	last, given, comma := strings.Cut(name, ",")
	clean := func(s string) []string {
		var out []string
		for _, w := range words(s) {
			if !honorifics[w] && !suffixes[w] {
				out = append(out, w)
			}
		}
		return out
	}
	if !comma {
		ws := clean(name)
		switch len(ws) {
		case 0:
			return ""
		case 1:
			return ws[0] + "|"
		}
		return ws[len(ws)-1] + "|" + ws[0]
	}
	lw, gw := clean(last), clean(given)
	first := ""
	if len(gw) > 0 {
		first = gw[0]
	}
	return strings.Join(lw, " ") + "|" + first
}

// NormalizeEmployer reduces an employer to its matching form.
func NormalizeEmployer(s string) string {
	ws := words(s)
	for len(ws) > 1 && orgEnds[ws[len(ws)-1]] {
		ws = ws[:len(ws)-1]
	}
	e := strings.Join(ws, " ")
	switch {
	case noEmployer[e]:
		return ""
	case e == "SELF" || e == "SELF EMPLOYED" || e == "SELFEMPLOYED":
		return "SELF EMPLOYED"
	case e == "UNEMPLOYED" || e == "NOT EMPLOYED" || e == "NONE EMPLOYED":
		return "NOT EMPLOYED"
	}
	return e
}

// zip5 is the first five characters of a ZIP code (digits, in a well-formed
// row). It counts characters, not bytes, so that a malformed ZIP is never
// cut inside a character.
func zip5(z string) string {
	n := 0
	for i := range z {
		if n == 5 {
			return z[:i]
		}
		n++
	}
	return z
}

// DonorKey is the matching key of a contributor: normalized name, ZIP5 and
// normalized employer.
func DonorKey(name, zip, employer string) string {
	return NormalizeName(name) + "|" + zip5(zip) + "|" + NormalizeEmployer(employer)
}

// DonorID is the entity id of the donor with the given key.
func DonorID(key string) string {
	sum := sha256.Sum256([]byte(key))
	return "fec:ind:" + hex.EncodeToString(sum[:8])
}

// CommitteeID is the entity id of an FEC committee.
func CommitteeID(id string) string { return "fec:" + id }

// CandidateID is the entity id of an FEC candidate without an official.
func CandidateID(id string) string { return "fec:" + id }
