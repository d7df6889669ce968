package eval

// Snapshot is the graph a service serves, as a client reads it: the entities
// of each kind and the relations between them by name. Fetch builds one from
// the GraphQL API; tests build them by hand.
type Snapshot struct {
	Entities  map[Kind][]Entity `json:"entities"`
	Relations []Relation        `json:"relations"`
}

// Entity is one served entity.
type Entity struct {
	ID       string   `json:"id,omitempty"`
	Name     string   `json:"name"`
	Aliases  []string `json:"aliases,omitempty"`
	Category string   `json:"category,omitempty"` // Symptom: SYMPTOM or CONDITION
	Level    string   `json:"level,omitempty"`    // City: as served; not scored
}

// Relation is one served relation. Its ends are names of served entities of
// the given kinds. An empty kind means any kind the type allows (for the
// 'to' of POLICY_APPLIES_IN: Province, then City), which is handy in
// hand-built snapshots; Fetch always fills them in.
type Relation struct {
	Type     RelationType `json:"type"`
	From     string       `json:"from"`
	FromKind Kind         `json:"fromKind,omitempty"`
	To       string       `json:"to"`
	ToKind   Kind         `json:"toKind,omitempty"`
}

// add appends e to the entities of kind k.
func (s *Snapshot) add(k Kind, e Entity) {
	if s.Entities == nil {
		s.Entities = make(map[Kind][]Entity)
	}
	s.Entities[k] = append(s.Entities[k], e)
}
