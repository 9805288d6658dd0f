// Package csvsafe writes CSV that spreadsheets open without running
// anything (CSV or formula injection), and reads such CSV back exactly.
//
// Following the OWASP advice on CSV injection, a cell that begins with "=",
// "+", "-", "@", a tab or a carriage return is prefixed with a single quote,
// so that a spreadsheet shows it as text rather than evaluating it. A cell
// that begins with a single quote is prefixed too, so that the escaping can
// be undone without ambiguity. A plain decimal number ("-5", "+1.25",
// "-3e-2") is left as it is: a spreadsheet reads it as the number it is,
// and numeric columns stay numeric. Every CSV that powermap writes goes
// through Writer; readers of the powermap CSV format call Unescape.
package csvsafe

import (
	"encoding/csv"
	"io"
)

// Escape returns s as it must be written in a CSV cell: with a single quote
// in front when it begins with "=", "+", "-", "@", a tab, a carriage return
// or a single quote, unless it is a plain decimal number.
func Escape(s string) string {
	if s == "" || !isTrigger(s[0]) || isNumber(s) {
		return s
	}
	return "'" + s
}

// Unescape undoes Escape: a cell that begins with a single quote followed
// by "=", "+", "-", "@", a tab, a carriage return or another single quote
// loses its first quote. Any other cell is returned as it is. For every s,
// Unescape(Escape(s)) == s.
func Unescape(s string) string {
	if len(s) >= 2 && s[0] == '\'' && isTrigger(s[1]) {
		return s[1:]
	}
	return s
}

// isTrigger reports whether a cell that begins with c is escaped.
func isTrigger(c byte) bool {
	switch c {
	case '=', '+', '-', '@', '\t', '\r', '\'':
		return true
	}
	return false
}

// isNumber reports whether s is a plain decimal number: an optional sign,
// digits with at most one decimal point, and an optional exponent. It does
// not accept what strconv.ParseFloat also takes (Inf, NaN, hexadecimal,
// underscores), which a spreadsheet would read as a name.
func isNumber(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits, point := 0, false
	for ; i < len(s); i++ {
		if c := s[i]; c >= '0' && c <= '9' {
			digits++
		} else if c == '.' && !point {
			point = true
		} else {
			break
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == start {
			return false
		}
	}
	return i == len(s)
}

// Writer is a csv.Writer that escapes every cell it writes.
type Writer struct {
	w   *csv.Writer
	row []string
}

// NewWriter returns a Writer that writes to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: csv.NewWriter(w)} }

// Write writes one record, every cell escaped. It does not modify record.
func (w *Writer) Write(record []string) error {
	w.row = w.row[:0]
	for _, s := range record {
		w.row = append(w.row, Escape(s))
	}
	return w.w.Write(w.row)
}

// Flush writes any buffered data to the underlying io.Writer.
func (w *Writer) Flush() { w.w.Flush() }

// Error reports any error of a previous Write or Flush.
func (w *Writer) Error() error { return w.w.Error() }
