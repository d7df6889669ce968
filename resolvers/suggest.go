package resolvers

import (
	"context"
	"encoding/json"
	"sync"

	"github.com/99designs/gqlgen/graphql"

	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/graph/kg"
	"github.com/medkg/medkg/query"
	"github.com/medkg/medkg/resolvers/internal/model"
)

// "Did you mean": an argument that names an entity the graph does not know
// (recommend(symptom: "皮肤紫斑"), a filter's city, a path's end) is listed
// in the answer's extensions.suggestions with the known names nearest to
// it, so that an empty answer for an unknown name is told apart from an
// empty answer for a known one. The answer itself stays as it was. An
// unknown name always empties the answer (filters hold together), so the
// names are looked up only for an empty answer or a refused id, never on
// the way of one that has results.

// maxSuggestions is how many names are suggested for one unknown name.
const maxSuggestions = 5

// unknownName is one entry of extensions.suggestions.
type unknownName struct {
	Path     string           `json:"path"`     // the field, e.g. "recommend"
	Argument string           `json:"argument"` // e.g. "symptom", "filter.city", "from"
	Value    string           `json:"value"`    // as given
	Kind     model.EntityKind `json:"kind"`
	// Suggestions are the nearest known names, best first (canonical
	// names; empty if none is near), and IDs their global ids.
	Suggestions []string `json:"suggestions"`
	IDs         []string `json:"ids"`
}

// unknownNames gathers an operation's unknown names; it is the value of
// extensions.suggestions, registered with the first.
type unknownNames struct {
	once sync.Once
	mu   sync.Mutex
	list []unknownName
}

func (u *unknownNames) MarshalJSON() ([]byte, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	return json.Marshal(u.list)
}

type unknownNamesKey struct{}

// namedArg is an argument that names an entity; a nil value is not given.
type namedArg struct {
	arg   string
	kind  kg.Kind
	value *string
	match nameMatch
}

// nameMatch is how an argument names an entity.
type nameMatch int

const (
	byFind   nameMatch = iota // a name, alias or pinyin reading (query.Find)
	byName                    // a name or alias as written (hospital(name:))
	byID                      // a canonical name, in a global id
	byRegion                  // a province's or a city's name, alias or pinyin (kind is KindCity)
)

// known reports whether a names an entity of x.
func (a namedArg) known(x *index.Index, found []kg.EntityRef) bool {
	switch a.match {
	case byName:
		return len(x.Lookup(a.kind, *a.value)) > 0
	case byID:
		_, ok := x.Entity(kg.EntityRef{Kind: a.kind, Name: *a.value})
		return ok
	}
	return len(found) > 0
}

// noteUnknown lists the args that name nothing in the operation's
// extensions.suggestions. It never fails the field: without the index the
// field fails anyway.
func (r *Resolver) noteUnknown(ctx context.Context, args ...namedArg) {
	u, _ := ctx.Value(unknownNamesKey{}).(*unknownNames)
	if u == nil {
		return
	}
	x, err := r.index(ctx)
	if err != nil {
		return
	}
	for _, a := range args {
		if a.value == nil {
			continue
		}
		found := query.Find(x, a.kind, *a.value)
		if a.match == byRegion {
			found = append(query.Find(x, kg.KindProvince, *a.value), found...)
		}
		var near []kg.EntityRef
		switch {
		case a.known(x, found):
			continue
		case len(found) > 0: // a reading or an alias the argument does not take
			near = found[:min(len(found), maxSuggestions)]
		default:
			near = r.searcher.Suggest(x, a.kind, *a.value, maxSuggestions)
		}
		entry := unknownName{
			Path: graphql.GetPath(ctx).String(), Argument: a.arg, Value: *a.value, Kind: modelKind(a.kind),
			Suggestions: each(near, func(r kg.EntityRef) string { return r.Name }),
			IDs:         each(near, entityID),
		}
		u.once.Do(func() { graphql.RegisterExtension(ctx, "suggestions", u) })
		u.mu.Lock()
		u.list = append(u.list, entry)
		u.mu.Unlock()
	}
}

// idArg is namedArg for a global id (Hospital/苏州市立医院): an id of an
// entity kind names what is after the slash; any other id, nothing.
func idArg(arg, id string) namedArg {
	kind, name, ok := parseID(id)
	if !ok || modelKind(kind) == "" {
		return namedArg{arg: arg} // not an entity's id: nothing to suggest
	}
	return namedArg{arg: arg, kind: kind, value: &name, match: byID}
}
