package embedded

import (
	"testing"

	"github.com/powermap/powermap/internal/store/storetest"
)

// TestMergeConformance runs the merge cases; openTemp checks the store's
// consistency after each.
func TestMergeConformance(t *testing.T) {
	storetest.RunMerges(t, func(t *testing.T) storetest.MergeBackend { return openTemp(t) })
}
