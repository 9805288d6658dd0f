package web

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// vendorManifest is vendor/MANIFEST.json, written by vendor/fetch.sh.
type vendorManifest struct {
	Files []struct {
		Path    string `json:"path"`
		Package string `json:"package"`
		Version string `json:"version"`
		Source  string `json:"source"`
		License string `json:"license"`
		SHA256  string `json:"sha256"`
	} `json:"files"`
}

// permissive lists the licences a vendored file may carry.
var permissive = map[string]bool{"MIT": true, "Apache-2.0": true, "BSD-2-Clause": true, "BSD-3-Clause": true, "ISC": true}

// TestVendorManifest checks every vendored file against the version, source
// and SHA-256 recorded in vendor/MANIFEST.json, that nothing unlisted sits in
// vendor/, and that every package comes with its licence text.
func TestVendorManifest(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("vendor", "MANIFEST.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m vendorManifest
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("MANIFEST.json: %v", err)
	}
	if len(m.Files) == 0 {
		t.Fatal("MANIFEST.json lists no files")
	}
	listed := map[string]bool{}
	licensed := map[string]bool{}
	packages := map[string]bool{}
	for _, f := range m.Files {
		if f.Path == "" || f.Package == "" || f.Version == "" || f.Source == "" || len(f.SHA256) != 64 {
			t.Errorf("incomplete manifest entry %+v", f)
			continue
		}
		if !permissive[f.License] {
			t.Errorf("%s: licence %q is not on the permissive list", f.Path, f.License)
		}
		if listed[f.Path] {
			t.Errorf("%s listed twice", f.Path)
		}
		listed[f.Path] = true
		b, err := os.ReadFile(filepath.Join("vendor", f.Path))
		if err != nil {
			t.Errorf("%s: %v", f.Path, err)
			continue
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != f.SHA256 {
			t.Errorf("%s: sha256 %s, manifest says %s (%s@%s %s)", f.Path, got, f.SHA256, f.Package, f.Version, f.Source)
		}
		if strings.HasPrefix(f.Path, "LICENSE-") {
			licensed[f.Package] = true
			if len(b) < 200 {
				t.Errorf("%s: %d bytes is too short for a licence text", f.Path, len(b))
			}
		} else {
			packages[f.Package] = true
		}
	}
	for p := range packages {
		if !licensed[p] {
			t.Errorf("package %s has no LICENSE-*.txt entry", p)
		}
	}
	entries, err := os.ReadDir("vendor")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		switch name := e.Name(); {
		case name == "MANIFEST.json" || name == "fetch.sh":
		case !listed[name]:
			t.Errorf("vendor/%s is not listed in MANIFEST.json", name)
		}
	}
}
