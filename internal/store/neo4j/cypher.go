package neo4j

import (
	"strings"

	"github.com/powermap/powermap/graph"
)

// metaID is the id of the one :PowermapMeta node, which holds the change
// version and serializes writers.
const metaID = "powermap"

// schemaVersionText is the data layout the store writes, kept on the
// :PowermapMeta node: 2 added the identifiers property and its index.
const schemaVersionText = "2"

// searchIndex is the full-text index over the folded names and aliases.
const searchIndex = "entity_search"

// identifiersIndex is the full-text index over the strong identifiers.
const identifiersIndex = "entity_identifiers"

// Index hints. Cypher caches plans, and a plan made while an index was
// nearly empty (at the start of an import, or of a test) may scan the index
// where it should seek it, once for every row of an UNWIND, for a while
// after the data arrives: in an FEC import, looking up 2,000 relationship
// ids took 7 s instead of 5 ms. A plain index hint allows that scan, so
// lookups by id pin a seek (seekN, seekX); reads of an id range keep a
// plain hint (hintN, hintX).
const (
	seekN = "USING INDEX SEEK n:Entity(id) "
	hintN = "USING INDEX n:Entity(id) "
)

func seekX(t graph.RelType) string { return "USING INDEX SEEK x:" + string(t) + "(id) " }
func hintX(t graph.RelType) string { return "USING INDEX x:" + string(t) + "(id) " }

// statements holds every Cypher statement the store runs. Labels and
// relationship types cannot be parameters in Cypher, so statements that need
// them are built once, here, from the vocabulary and the fixed label sets:
// nothing the user sends is ever formatted into a statement.
type statements struct {
	schema []string

	lockMeta    string
	bumpVersion string
	version     string

	entityRevs     string
	createEntities map[string]string // by labelSet
	updateEntities map[string]string // by labelSet
	deleteEntities string
	cascadeRels    string

	relRevs    map[graph.RelType]string
	createRels map[graph.RelType]string
	updateRels string
	deleteRels string

	entity         string
	entities       string
	relationship   string
	relsAll        string
	relsByType     map[graph.RelType]string
	relsByEntity   string
	neighbors      string
	search         string
	lookupIDs      string
	idsBackfill    string
	idsPending     string
	schemaDone     string
	streamEntities string
	// streamEntityPage lists a page of entities by id, after $after.
	streamEntityPage string
	counts           string
	countRels        string
}

// cypher is the statement table. It is computed once and never modified.
var cypher = buildStatements()

func buildStatements() *statements {
	types := graph.Types()
	for _, t := range types {
		if strings.Trim(string(t.Type), "ABCDEFGHIJKLMNOPQRSTUVWXYZ_") != "" {
			panic("neo4j: relationship type " + string(t.Type) + " is not a plain Cypher identifier")
		}
	}
	st := &statements{
		createEntities: map[string]string{},
		updateEntities: map[string]string{},
		createRels:     map[graph.RelType]string{},
		relsByType:     map[graph.RelType]string{},
		relRevs:        map[graph.RelType]string{},
	}

	st.schema = []string{
		"CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
		"CREATE CONSTRAINT powermap_meta_id IF NOT EXISTS FOR (n:PowermapMeta) REQUIRE n.id IS UNIQUE",
	}
	st.schema = append(st.schema, accountSchema...)
	st.schema = append(st.schema, reviewSchema...)
	st.schema = append(st.schema, changeSchema...)
	for _, t := range types {
		st.schema = append(st.schema, "CREATE CONSTRAINT rel_"+strings.ToLower(string(t.Type))+"_id IF NOT EXISTS FOR ()-[x:"+string(t.Type)+"]-() REQUIRE x.id IS UNIQUE")
	}
	// The whitespace analyzer keeps the folded words exactly as graph.Fold
	// made them, so a prefix query matches what Entity.MatchScore matches.
	st.schema = append(st.schema,
		"CREATE FULLTEXT INDEX "+searchIndex+" IF NOT EXISTS FOR (n:Entity) ON EACH [n."+propSearch+"] "+
			"OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace', `fulltext.eventually_consistent`: false}}",
		"CREATE FULLTEXT INDEX "+identifiersIndex+" IF NOT EXISTS FOR (n:Entity) ON EACH [n."+propIdentifiers+"] "+
			"OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace', `fulltext.eventually_consistent`: false}}",
	)

	// Setting and removing a property takes the node's write lock without
	// changing it: every Apply holds this lock, so writers run one at a time.
	st.lockMeta = "MERGE (m:PowermapMeta {id: '" + metaID + "'}) ON CREATE SET m.version = 0 " +
		"SET m.lock = true REMOVE m.lock RETURN m.version AS v"
	st.bumpVersion = "MATCH (m:PowermapMeta {id: '" + metaID + "'}) SET m.version = m.version + 1 RETURN m.version AS v"
	st.version = "OPTIONAL MATCH (m:PowermapMeta {id: '" + metaID + "'}) RETURN coalesce(m.version, 0) AS v"

	st.entityRevs = "UNWIND $ids AS id MATCH (n:Entity {id: id}) " + seekN + "RETURN n.id AS id, n." + propRev + " AS rev"
	for _, ls := range labelSets {
		st.createEntities[ls] = "UNWIND $rows AS r CREATE (n:Entity:" + ls + ") SET n = r"
		st.updateEntities[ls] = "UNWIND $rows AS r MATCH (n:Entity {id: r.id}) " + seekN + "SET n = r " +
			"REMOVE n:" + kindLabels + " SET n:" + ls
	}
	st.cascadeRels = "UNWIND $ids AS id MATCH (n:Entity {id: id})-[x]-() " + seekN + "RETURN DISTINCT x.id AS id, elementId(x) AS e"
	st.deleteEntities = "UNWIND $ids AS id MATCH (n:Entity {id: id}) " + seekN + "DETACH DELETE n"

	// A relationship id is unique across types, but Neo4j indexes
	// relationship properties per type: a lookup by id seeks every type's
	// index.
	var branches []string
	for _, t := range types {
		branches = append(branches, "MATCH (a)-[x:"+string(t.Type)+" {id: $id}]->(b) "+seekX(t.Type)+"RETURN a.id AS s, b.id AS t, type(x) AS type, properties(x) AS p")
	}
	st.relationship = strings.Join(branches, " UNION ALL ")
	// Apply finds relationships by element id once it has looked them up:
	// Neo4j's relationship index seeks slow down by orders of magnitude in
	// a transaction that has already written.
	st.updateRels = "UNWIND $rows AS r MATCH ()-[x]->() WHERE elementId(x) = r.e SET x = r.p"
	st.deleteRels = "UNWIND $ids AS e MATCH ()-[x]->() WHERE elementId(x) = e DELETE x"
	for _, t := range types {
		T := string(t.Type)
		st.createRels[t.Type] = "UNWIND $rows AS r MATCH (a:Entity {id: r.s}) USING INDEX SEEK a:Entity(id) MATCH (b:Entity {id: r.t}) USING INDEX SEEK b:Entity(id) " +
			"CREATE (a)-[x:" + T + "]->(b) SET x = r.p"
		st.relRevs[t.Type] = "UNWIND $ids AS id MATCH (a)-[x:" + T + " {id: id}]->(b) " + seekX(t.Type) +
			"RETURN x.id AS id, elementId(x) AS e, x." + propRev + " AS rev, type(x) AS type, a.id AS s, b.id AS t"
		st.relsByType[t.Type] = "MATCH (a:Entity)-[x:" + T + "]->(b:Entity) " + hintX(t.Type) + "WHERE x.id > $after " +
			"RETURN a.id AS s, b.id AS t, type(x) AS type, properties(x) AS p ORDER BY x.id LIMIT $limit"
	}

	st.entity = "MATCH (n:Entity {id: $id}) " + seekN + "RETURN properties(n) AS p"
	st.entities = "MATCH (n:Entity) " + hintN + "WHERE n.id > $after AND ($kind IS NULL OR n.kind = $kind) " +
		"AND ($label IS NULL OR $label IN n.labels) AND ($ours IS NULL OR n.ours = $ours) " +
		"RETURN properties(n) AS p ORDER BY n.id LIMIT $limit"
	// A page of every type merges each type's first page, which its index
	// returns in order, instead of sorting every relationship.
	var pages []string
	for _, t := range types {
		pages = append(pages, "MATCH (a:Entity)-[x:"+string(t.Type)+"]->(b:Entity) "+hintX(t.Type)+
			"WHERE x.id > $after RETURN x, a, b ORDER BY x.id LIMIT $limit")
	}
	st.relsAll = "CALL { " + strings.Join(pages, " UNION ALL ") + " } " +
		"RETURN a.id AS s, b.id AS t, type(x) AS type, properties(x) AS p ORDER BY x.id LIMIT $limit"
	st.relsByEntity = "MATCH (n:Entity {id: $entity})-[x]-() " + seekN + "WITH x, startNode(x) AS a, endNode(x) AS b " +
		"WHERE x.id > $after AND ($type IS NULL OR type(x) = $type) " +
		"RETURN a.id AS s, b.id AS t, type(x) AS type, properties(x) AS p ORDER BY x.id LIMIT $limit"
	st.neighbors = "MATCH (e:Entity {id: $id})-[x]-(o:Entity) USING INDEX SEEK e:Entity(id) WHERE $types IS NULL OR type(x) IN $types " +
		"RETURN startNode(x).id AS s, endNode(x).id AS t, type(x) AS type, properties(x) AS p, properties(o) AS o ORDER BY x.id"
	// Each chunk is one index query for up to lookupChunk identifiers
	// ("a OR b OR ..."); the split keeps exact matches only.
	st.lookupIDs = "UNWIND $chunks AS c CALL db.index.fulltext.queryNodes('" + identifiersIndex + "', c.q) YIELD node " +
		"WITH c, node WHERE any(t IN split(node." + propIdentifiers + ", ' ') WHERE t IN c.toks) " +
		"WITH DISTINCT node RETURN properties(node) AS p ORDER BY node.id"
	// Entities written before the identifiers index (schema 1) get their
	// identifiers property once, at Open.
	st.idsPending = "OPTIONAL MATCH (m:PowermapMeta {id: '" + metaID + "'}) RETURN coalesce(m.schema, 1) < " + schemaVersionText + " AS pending"
	st.idsBackfill = "UNWIND $rows AS r MATCH (n:Entity {id: r.id}) " + seekN + "SET n." + propIdentifiers + " = r.v"
	st.schemaDone = "MATCH (m:PowermapMeta {id: '" + metaID + "'}) SET m.schema = " + schemaVersionText
	st.search = "CALL db.index.fulltext.queryNodes('" + searchIndex + "', $q, {limit: $limit}) YIELD node " +
		"RETURN properties(node) AS p"
	// A stream or a dump lists entities by id, then each type's
	// relationships by id (relsByType), as the indexes return them: its
	// order follows the records, not the history of writes (an export of
	// the same records is the same file).
	st.streamEntities = "MATCH (n:Entity) " + hintN + "WHERE n.id IS NOT NULL RETURN properties(n) AS p ORDER BY n.id"
	st.streamEntityPage = "MATCH (n:Entity) " + hintN + "WHERE n.id > $after RETURN properties(n) AS p ORDER BY n.id LIMIT $limit"

	// Single-label counts come from Neo4j's count store, without a scan;
	// kinds are derived from them (see Counts).
	st.counts = "CALL { MATCH (n:Entity) RETURN count(n) AS entities } " +
		"CALL { MATCH (n:Person) RETURN count(n) AS persons } " +
		"CALL { MATCH (n:Official) RETURN count(n) AS officials } " +
		"CALL { MATCH (n:Donor) RETURN count(n) AS donors } " +
		"CALL { MATCH (n:Organization) RETURN count(n) AS organizations } " +
		"CALL { MATCH (n:Donor:Organization) RETURN count(n) AS orgDonors } " +
		"CALL { MATCH (n:Issue) RETURN count(n) AS issues } " +
		"OPTIONAL MATCH (m:PowermapMeta {id: '" + metaID + "'}) " +
		"RETURN entities, persons, officials, donors, organizations, orgDonors, issues, coalesce(m.version, 0) AS version"
	var counts []string
	for _, t := range types {
		// count(x) alone, before the type is named, so that Neo4j reads
		// the count from its counts store: with the type as a grouping key
		// it scans every relationship of the type.
		counts = append(counts, "MATCH ()-[x:"+string(t.Type)+"]->() WITH count(x) AS c RETURN '"+string(t.Type)+"' AS type, c")
	}
	st.countRels = strings.Join(counts, " UNION ALL ")
	return st
}
