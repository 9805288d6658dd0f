package dedupe

import (
	"cmp"
	"math"
	"slices"
)

// Model is a logistic model: the score of a pair is
// 1 / (1 + exp(-(Bias + Σ Weights[i]·x[i]))) over the pair's features x.
type Model struct {
	Bias    float64
	Weights [nFeatures]float64
}

// Fixed weights of the identifier features, which the labelled data cannot
// fit (its identifiers are removed on purpose). A shared strong identifier
// outweighs any disagreement of names or places; two different bioguide ids
// rule a pair out.
const (
	weightSharedID   = 12
	weightIDConflict = -12
)

// DefaultModel returns the model fitted by TestFitModel on the training half
// of the labelled data in testdata (see doc.go), with the identifier
// weights fixed.
func DefaultModel() Model {
	m := Model{Bias: fittedBias}
	copy(m.Weights[:nFitted], fittedWeights[:])
	m.Weights[fSharedID] = weightSharedID
	m.Weights[fIDConflict] = weightIDConflict
	return m
}

// Feature is one piece of evidence of a candidate pair: a feature's value
// and its contribution (value times weight) to the log-odds of the score.
type Feature struct {
	Name         string  `json:"name"`
	Value        float64 `json:"value"`
	Contribution float64 `json:"contribution"`
}

// logit is the log-odds of a vector.
func (m *Model) logit(v *vector) float64 {
	z := m.Bias
	for i, x := range v {
		z += m.Weights[i] * x
	}
	return z
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// evidence lists the non-zero features of v, the largest contribution
// first (ties by name), with the bias last.
func (m *Model) evidence(v *vector) []Feature {
	var out []Feature
	for i, x := range v {
		if x != 0 {
			out = append(out, Feature{Name: featureNames[i], Value: round(x), Contribution: round(x * m.Weights[i])})
		}
	}
	slices.SortFunc(out, func(a, b Feature) int {
		if c := cmp.Compare(math.Abs(b.Contribution), math.Abs(a.Contribution)); c != 0 {
			return c
		}
		return cmp.Compare(a.Name, b.Name)
	})
	return append(out, Feature{Name: "bias", Value: 1, Contribution: round(m.Bias)})
}

// round keeps four decimals, so evidence reads and compares easily.
func round(x float64) float64 { return math.Round(x*1e4) / 1e4 }
