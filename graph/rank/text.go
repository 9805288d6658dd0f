package rank

import (
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
)

// WriteText prints r as a readable table: a heading that names the
// algorithm, the weighting and whether the scores are exact, one row per
// entity, and the stated precision of an estimate.
func WriteText(w io.Writer, r *Result) error {
	weighting := "unweighted"
	if r.Weighted {
		weighting = "weighted"
	}
	exact := "exact"
	if !r.Exact {
		exact = "estimated"
	}
	if _, err := fmt.Fprintf(w, "%s (%s, %s): %d results\n", r.Algorithm, weighting, exact, len(r.Results)); err != nil {
		return err
	}
	if r.Modularity != nil {
		fmt.Fprintf(w, "modularity %.4f\n", *r.Modularity)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if r.Algorithm == AlgoCommunities {
		fmt.Fprintln(tw, "#\tCOMMUNITY\tSIZE\tNAME\tKIND\tID")
	} else {
		fmt.Fprintln(tw, "#\tSCORE\tNAME\tKIND\tID")
	}
	for i, it := range r.Results {
		score := strconv.FormatFloat(it.Score, 'g', 6, 64)
		if it.Community != nil {
			fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%s\n", i+1, *it.Community, score, it.Name, it.Kind, it.ID)
			continue
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", i+1, score, it.Name, it.Kind, it.ID)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if p := r.Precision; p != nil {
		_, err := fmt.Fprintf(w, "estimated by %s from %d samples: every score within ±%.3g with probability %g (%s)\n",
			p.Method, p.Samples, p.Epsilon, 1-p.Delta, p.Note)
		return err
	}
	return nil
}
