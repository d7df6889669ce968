// Package eval scores the knowledge graph a medkg service serves against a
// gold annotation (eval/FORMAT.md).
//
// The graph is read the way a client reads it, through the GraphQL API
// (Fetch), into a Snapshot; Score compares the Snapshot with a Gold file and
// returns a Report of precision, recall and F1 per entity kind and relation
// type, with the misses and false hits by name. Nothing here imports the
// store or the loader, so the scorer judges only what is served.
package eval

// Kind is an entity kind, spelled as in the gold file and as the GraphQL type
// name.
type Kind string

// The entity kinds, in report order.
const (
	Province        Kind = "Province"
	City            Kind = "City"
	Hospital        Kind = "Hospital"
	Department      Kind = "Department"
	Symptom         Kind = "Symptom"
	InsurancePolicy Kind = "InsurancePolicy"
)

// RelationType is a relation type, spelled as in the gold file.
type RelationType string

// The relation types, in report order.
const (
	LocatedIn       RelationType = "LOCATED_IN"        // Hospital → City
	InProvince      RelationType = "IN_PROVINCE"       // City → Province
	RecommendedFor  RelationType = "RECOMMENDED_FOR"   // Hospital → Symptom
	HasDepartment   RelationType = "HAS_DEPARTMENT"    // Hospital → Department
	DepartmentFor   RelationType = "DEPARTMENT_FOR"    // Department → Symptom
	PolicyAppliesIn RelationType = "POLICY_APPLIES_IN" // InsurancePolicy → Province or City
)

// kinds and relationTypes fix the order of report rows.
var (
	kinds         = []Kind{Province, City, Hospital, Department, Symptom, InsurancePolicy}
	relationTypes = []RelationType{LocatedIn, InProvince, RecommendedFor, HasDepartment, DepartmentFor, PolicyAppliesIn}
)

// signature is what a relation type may join: one kind at the from end and
// one or more at the to end.
type signature struct {
	from Kind
	to   []Kind
}

// signatures holds the ends of each relation type. POLICY_APPLIES_IN is the
// only type whose gold 'to' may name a Province or a City; the municipalities
// (天津, 上海, 重庆, 北京) are both.
var signatures = map[RelationType]signature{
	LocatedIn:       {Hospital, []Kind{City}},
	InProvince:      {City, []Kind{Province}},
	RecommendedFor:  {Hospital, []Kind{Symptom}},
	HasDepartment:   {Hospital, []Kind{Department}},
	DepartmentFor:   {Department, []Kind{Symptom}},
	PolicyAppliesIn: {InsurancePolicy, []Kind{Province, City}},
}

func validKind(k Kind) bool {
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}
