package model

import "github.com/medkg/medkg/graph/kg"

// The edges of the lists a relation gives carry that relation, for the
// evidence of their node (gqlgen.yml binds these types instead of
// generating them). Link is nil in a list of every entity of a kind.

// HospitalEdge is one hospital of a list.
type HospitalEdge struct {
	Cursor   string        `json:"cursor"`
	Node     *Hospital     `json:"node"`
	Relation *RelationType `json:"relation,omitempty"`
	Link     *kg.Link      `json:"-"`
}

// CityEdge is one city of a list.
type CityEdge struct {
	Cursor   string        `json:"cursor"`
	Node     *City         `json:"node"`
	Relation *RelationType `json:"relation,omitempty"`
	Link     *kg.Link      `json:"-"`
}

// DepartmentEdge is one department of a list.
type DepartmentEdge struct {
	Cursor   string        `json:"cursor"`
	Node     *Department   `json:"node"`
	Relation *RelationType `json:"relation,omitempty"`
	Link     *kg.Link      `json:"-"`
}

// SymptomEdge is one symptom or condition of a list.
type SymptomEdge struct {
	Cursor   string        `json:"cursor"`
	Node     *Symptom      `json:"node"`
	Relation *RelationType `json:"relation,omitempty"`
	Link     *kg.Link      `json:"-"`
}

// InsurancePolicyEdge is one policy of a list.
type InsurancePolicyEdge struct {
	Cursor   string           `json:"cursor"`
	Node     *InsurancePolicy `json:"node"`
	Relation *RelationType    `json:"relation,omitempty"`
	Link     *kg.Link         `json:"-"`
}

// RegionEdge is one province or city a policy applies in.
type RegionEdge struct {
	Cursor   string        `json:"cursor"`
	Node     Region        `json:"node"`
	Relation *RelationType `json:"relation,omitempty"`
	Link     *kg.Link      `json:"-"`
}
