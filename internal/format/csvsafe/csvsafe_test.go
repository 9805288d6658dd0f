package csvsafe_test

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/powermap/powermap/internal/format/csvsafe"
)

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"":                       "",
		"Ana Reyes":              "Ana Reyes",
		"=SUM(A1:A9)":            "'=SUM(A1:A9)",
		`=HYPERLINK("http://x")`: `'=HYPERLINK("http://x")`,
		"+1 555 0100":            "'+1 555 0100",
		"-5 degrees":             "'-5 degrees",
		"@home":                  "'@home",
		"\tcmd":                  "'\tcmd",
		"\rcmd":                  "'\rcmd",
		"'quoted":                "''quoted",
		"''":                     "'''",
		"'=1":                    "''=1",
		"-":                      "'-",
		"+":                      "'+",
		"-Inf":                   "'-Inf",
		"+NaN":                   "'+NaN",
		"-0x1p-2":                "'-0x1p-2",
		"-1_000":                 "'-1_000",
		"-1e":                    "'-1e",
		"-.":                     "'-.",
		"-2+3":                   "'-2+3",
		"-2":                     "-2",
		"+1.25":                  "+1.25",
		"-3e-2":                  "-3e-2",
		"-.5":                    "-.5",
		"0.5":                    "0.5",
		"a=b":                    "a=b",
		" =1":                    " =1",
	} {
		if got := csvsafe.Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
		if back := csvsafe.Unescape(csvsafe.Escape(in)); back != in {
			t.Errorf("Unescape(Escape(%q)) = %q", in, back)
		}
	}
}

func TestUnescapeLeavesOtherCells(t *testing.T) {
	for _, s := range []string{"", "'", "'a", "'5", "a'=", "O'Brien", "-5"} {
		if got := csvsafe.Unescape(s); got != s {
			t.Errorf("Unescape(%q) = %q, want it unchanged", s, got)
		}
	}
}

func TestWriter(t *testing.T) {
	var buf bytes.Buffer
	w := csvsafe.NewWriter(&buf)
	row := []string{"=1+1", "plain", "-2"}
	if err := w.Write(row); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	if row[0] != "=1+1" {
		t.Fatal("Write modified its record")
	}
	got, err := csv.NewReader(&buf).Read()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"'=1+1", "plain", "-2"}; len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Fatalf("wrote %q, want %q", got, want)
	}
}

func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "=1", "'=1", "-5", "'", "''-", "\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := csvsafe.Escape(s)
		if back := csvsafe.Unescape(e); back != s {
			t.Fatalf("Unescape(Escape(%q)) = %q", s, back)
		}
		if e != "" && (e[0] == '=' || e[0] == '@' || e[0] == '\t' || e[0] == '\r') {
			t.Fatalf("Escape(%q) = %q still begins with a formula character", s, e)
		}
	})
}
