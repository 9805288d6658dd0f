package neo4j

import (
	"context"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// SetLimits lowers the change log's bounds and Stream's page size for a
// test; zero keeps a limit as it is.
func (s *Store) SetLimits(keepChanges, keepRecords, maxChangeRecords, streamPage int) {
	for _, x := range []struct {
		dst *int
		v   int
	}{{&s.keepChanges, keepChanges}, {&s.keepRecords, keepRecords}, {&s.maxChangeRecords, maxChangeRecords}, {&s.streamPage, streamPage}} {
		if x.v > 0 {
			*x.dst = x.v
		}
	}
}

// CountRelsPlan returns the operators of Neo4j's plan for the statement
// that counts relationships per type (liveTypes, Counts), depth first.
func (s *Store) CountRelsPlan(ctx context.Context) ([]string, error) {
	res, err := driver.ExecuteQuery(ctx, s.driver, "EXPLAIN "+cypher.countRels, nil,
		driver.EagerResultTransformer, driver.ExecuteQueryWithDatabase(s.cfg.Database))
	if err != nil {
		return nil, err
	}
	var ops []string
	var walk func(p driver.Plan)
	walk = func(p driver.Plan) {
		ops = append(ops, p.Operator())
		for _, c := range p.Children() {
			walk(c)
		}
	}
	walk(res.Summary.Plan())
	return ops, nil
}
