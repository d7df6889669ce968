package eval

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// Gold is a gold annotation: what a careful reader takes from a set of
// documents (eval/FORMAT.md).
type Gold struct {
	Documents []string              `json:"documents"`
	Entities  map[Kind][]GoldEntity `json:"entities"`
	Relations []GoldRelation        `json:"relations"`
	Notes     []string              `json:"notes,omitempty"`
}

// GoldEntity is one entity of a gold file. Name is its canonical form and
// Aliases every other surface form; both count when matching. Category,
// Level, Province and City are informative: only Category is compared, and
// only to list disagreements.
type GoldEntity struct {
	Name     string   `json:"name"`
	Aliases  []string `json:"aliases"`
	Optional bool     `json:"optional,omitempty"`
	Category string   `json:"category,omitempty"` // Symptom: SYMPTOM or CONDITION
	Level    string   `json:"level,omitempty"`    // City: prefecture or county
	Province string   `json:"province,omitempty"` // City: the province's name
	City     string   `json:"city,omitempty"`     // Hospital: the city's name; "" for null
}

// GoldRelation is one relation of a gold file, between canonical names. Doc
// is informative and ignored by scoring.
type GoldRelation struct {
	Type     RelationType `json:"type"`
	From     string       `json:"from"`
	To       string       `json:"to"`
	Doc      string       `json:"doc,omitempty"`
	Optional bool         `json:"optional,omitempty"`
}

// LoadGold reads and validates the gold file at path. Errors name the file
// and, where it applies, the field: "gold x.json: relations[12].to: ...".
func LoadGold(path string) (*Gold, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("gold: %w", err)
	}
	defer f.Close()
	g, err := parseGold(f)
	if err != nil {
		return nil, fmt.Errorf("gold %s: %w", path, err)
	}
	return g, nil
}

// ParseGold reads and validates a gold file from r. Errors name the field,
// as in "gold: entities.City[6].name: empty"; unknown fields are errors, so
// a misspelt "optional" cannot silently make an item required.
func ParseGold(r io.Reader) (*Gold, error) {
	g, err := parseGold(r)
	if err != nil {
		return nil, fmt.Errorf("gold: %w", err)
	}
	return g, nil
}

func parseGold(r io.Reader) (*Gold, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var raw struct {
		Documents []string                     `json:"documents"`
		Entities  map[string][]json.RawMessage `json:"entities"`
		Relations []json.RawMessage            `json:"relations"`
		Notes     []string                     `json:"notes"`
	}
	if err := decodeStrict(data, &raw); err != nil {
		return nil, err
	}
	g := &Gold{
		Documents: raw.Documents,
		Entities:  make(map[Kind][]GoldEntity, len(raw.Entities)),
		Relations: make([]GoldRelation, len(raw.Relations)),
		Notes:     raw.Notes,
	}
	for k, items := range raw.Entities {
		if !validKind(Kind(k)) {
			return nil, fmt.Errorf("entities: unknown kind %q (want one of %s)", k, kindList())
		}
		es := make([]GoldEntity, len(items))
		for i, item := range items {
			if err := decodeStrict(item, &es[i]); err != nil {
				return nil, fmt.Errorf("entities.%s[%d]: %w", k, i, err)
			}
		}
		g.Entities[Kind(k)] = es
	}
	for i, item := range raw.Relations {
		if err := decodeStrict(item, &g.Relations[i]); err != nil {
			return nil, fmt.Errorf("relations[%d]: %w", i, err)
		}
	}
	if err := g.validate(); err != nil {
		return nil, err
	}
	return g, nil
}

// decodeStrict decodes one JSON value into v, refusing unknown fields and
// trailing data, and gives syntax errors a line and column.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			// Offset counts the offending byte; point at it.
			line, col := position(data, max(se.Offset-1, 0))
			return fmt.Errorf("line %d, column %d: %w", line, col, err)
		}
		if errors.Is(err, io.EOF) {
			return errors.New("empty input")
		}
		return err
	}
	if dec.More() {
		return errors.New("data after the JSON value")
	}
	return nil
}

// position turns a byte offset into a 1-based line and column (in runes).
func position(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = len([]rune(string(before[bytes.LastIndexByte(before, '\n')+1:]))) + 1
	return line, col
}

// Validate reports the first problem that would make scoring against g
// meaningless: an unknown kind or relation type, an empty name, a surface
// form shared by two entities of one kind, a relation end that names no
// entity of the kind its type needs, or a relation listed twice. LoadGold and
// ParseGold call it; call it on a Gold built by hand.
func (g *Gold) Validate() error {
	if err := g.validate(); err != nil {
		return fmt.Errorf("gold: %w", err)
	}
	return nil
}

func (g *Gold) validate() error {
	for k := range g.Entities {
		if !validKind(k) {
			return fmt.Errorf("entities: unknown kind %q (want one of %s)", k, kindList())
		}
	}
	for _, k := range kinds {
		owner := make(map[string]int) // surface form → entity index
		for i, e := range g.Entities[k] {
			if strings.TrimSpace(e.Name) == "" {
				return fmt.Errorf("entities.%s[%d].name: empty", k, i)
			}
			for j, a := range e.Aliases {
				if strings.TrimSpace(a) == "" {
					return fmt.Errorf("entities.%s[%d].aliases[%d]: empty", k, i, j)
				}
			}
			for _, form := range forms(e.Name, e.Aliases) {
				if j, ok := owner[form]; ok && j != i {
					return fmt.Errorf("entities.%s[%d] (%s): %q also names entities.%s[%d] (%s)",
						k, i, e.Name, form, k, j, g.Entities[k][j].Name)
				}
				owner[form] = i
			}
		}
	}
	ix := newGoldIndex(g)
	seen := make(map[relKey]int)
	for i, r := range g.Relations {
		sig, ok := signatures[r.Type]
		if !ok {
			return fmt.Errorf("relations[%d].type: unknown type %q (want one of %s)", i, r.Type, typeList())
		}
		if r.From == "" {
			return fmt.Errorf("relations[%d].from: empty", i)
		}
		if r.To == "" {
			return fmt.Errorf("relations[%d].to: empty", i)
		}
		from, ok := ix.resolve(sig.from, r.From)
		if !ok {
			return fmt.Errorf("relations[%d].from: %q names no %s", i, r.From, sig.from)
		}
		tos := ix.resolveAny(sig.to, r.To)
		if len(tos) == 0 {
			return fmt.Errorf("relations[%d].to: %q names no %s", i, r.To, joinKinds(sig.to, " or "))
		}
		for _, to := range tos {
			key := relKey{r.Type, from, to}
			if j, ok := seen[key]; ok {
				return fmt.Errorf("relations[%d]: %s %s → %s repeats relations[%d]", i, r.Type, r.From, r.To, j)
			}
			seen[key] = i
		}
	}
	return nil
}

// forms lists an entity's surface forms, name first, without repeats.
func forms(name string, aliases []string) []string {
	out := make([]string, 0, 1+len(aliases))
	out = append(out, name)
	for _, a := range aliases {
		if a != name && !contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func kindList() string { return joinKinds(kinds, ", ") }

func joinKinds(ks []Kind, sep string) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	return strings.Join(s, sep)
}

func typeList() string {
	s := make([]string, len(relationTypes))
	for i, t := range relationTypes {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}

// ref points at one gold entity.
type ref struct {
	kind Kind
	i    int
}

// relKey identifies a relation between two resolved gold entities.
type relKey struct {
	typ      RelationType
	from, to ref
}

// goldIndex finds gold entities by surface form. Where a hand-built Gold
// repeats a form, the first entity wins, names before aliases.
type goldIndex struct {
	g       *Gold
	names   map[Kind]map[string]int
	aliases map[Kind]map[string]int
}

func newGoldIndex(g *Gold) *goldIndex {
	ix := &goldIndex{g: g, names: make(map[Kind]map[string]int), aliases: make(map[Kind]map[string]int)}
	for _, k := range kinds {
		names, aliases := make(map[string]int), make(map[string]int)
		for i, e := range g.Entities[k] {
			if _, ok := names[e.Name]; !ok {
				names[e.Name] = i
			}
			for _, a := range e.Aliases {
				if _, ok := aliases[a]; !ok {
					aliases[a] = i
				}
			}
		}
		ix.names[k], ix.aliases[k] = names, aliases
	}
	return ix
}

func (ix *goldIndex) entity(r ref) GoldEntity { return ix.g.Entities[r.kind][r.i] }

// resolve finds the gold entity of kind k that s names: by name, else by
// alias.
func (ix *goldIndex) resolve(k Kind, s string) (ref, bool) {
	if i, ok := ix.names[k][s]; ok {
		return ref{k, i}, true
	}
	if i, ok := ix.aliases[k][s]; ok {
		return ref{k, i}, true
	}
	return ref{}, false
}

// resolveAny resolves s in each of ks and returns every hit: a municipality
// named as a POLICY_APPLIES_IN target is both a Province and a City.
func (ix *goldIndex) resolveAny(ks []Kind, s string) []ref {
	var out []ref
	for _, k := range ks {
		if r, ok := ix.resolve(k, s); ok {
			out = append(out, r)
		}
	}
	return out
}
