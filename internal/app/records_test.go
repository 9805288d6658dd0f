package app

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMergePatch(t *testing.T) {
	target := map[string]any{"a": "b", "c": map[string]any{"d": "e", "f": "g"}}
	patch := map[string]any{"a": "z", "c": map[string]any{"f": nil}, "n": []any{1.0}}
	got := mergePatch(target, patch)
	assert.Equal(t, map[string]any{"a": "z", "c": map[string]any{"d": "e"}, "n": []any{1.0}}, got)
}
