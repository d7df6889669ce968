package resolvers_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
)

// suggestion is an entry of extensions.suggestions.
type suggestion struct {
	Path, Argument, Value, Kind string
	Suggestions, IDs            []string
}

// answer runs a query and returns its data, errors and suggestions.
func answer(t *testing.T, h http.Handler, query string) (data string, errs int, sugs []suggestion) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var resp struct {
		Data       json.RawMessage
		Errors     []gqlError
		Extensions struct{ Suggestions []suggestion }
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		t.Fatalf("%s: %v", rec.Body.String(), err)
	}
	return string(resp.Data), len(resp.Errors), resp.Extensions.Suggestions
}

// An unknown name answers as before, and says it is unknown with the
// nearest known names; a known name with no answer says nothing.
func TestDidYouMean(t *testing.T) {
	h := seededHandler(t, seededStore(t))
	for _, c := range []struct {
		name, query, data string
		errs              int
		want              []suggestion // nil: none
	}{
		{"a symptom one character off", `{ recommend(symptom: "皮肤紫斑") { rank } }`, `{"recommend":[]}`, 0,
			[]suggestion{{Path: "recommend", Argument: "symptom", Value: "皮肤紫斑", Kind: "SYMPTOM", Suggestions: []string{"皮肤紫癜"}, IDs: []string{"Symptom/皮肤紫癜"}}}},
		{"a homophone city in a filter", `{ hospitals(filter: {city: "苏洲"}) { totalCount } }`, `{"hospitals":{"totalCount":0}}`, 0,
			[]suggestion{{Path: "hospitals", Argument: "filter.city", Value: "苏洲", Kind: "CITY", Suggestions: []string{"苏州"}, IDs: []string{"City/苏州"}}}},
		{"two unknown names in one field", `{ links(filter: {province: "江酥", symptom: "皮肤紫斑"}) { totalCount } }`, `{"links":{"totalCount":0}}`, 0,
			[]suggestion{
				{Path: "links", Argument: "filter.province", Value: "江酥", Kind: "PROVINCE", Suggestions: []string{"江苏"}, IDs: []string{"Province/江苏"}},
				{Path: "links", Argument: "filter.symptom", Value: "皮肤紫斑", Kind: "SYMPTOM", Suggestions: []string{"皮肤紫癜"}, IDs: []string{"Symptom/皮肤紫癜"}}}},
		{"an alias in a path's id", `{ paths(from: "Hospital/苏大附一院", to: "City/苏州") { length } }`, `null`, 1,
			[]suggestion{{Path: "paths", Argument: "from", Value: "苏大附一院", Kind: "HOSPITAL", Suggestions: []string{"苏州大学附属第一医院"}, IDs: []string{"Hospital/苏州大学附属第一医院"}}}},
		{"a pinyin name where only a name is taken", `{ city(name: "suzhou") { name } }`, `{"city":null}`, 0,
			[]suggestion{{Path: "city", Argument: "name", Value: "suzhou", Kind: "CITY", Suggestions: []string{"苏州"}, IDs: []string{"City/苏州"}}}},
		{"nothing near", `{ recommend(symptom: "量子纠缠") { rank } }`, `{"recommend":[]}`, 0,
			[]suggestion{{Path: "recommend", Argument: "symptom", Value: "量子纠缠", Kind: "SYMPTOM", Suggestions: []string{}, IDs: []string{}}}},
		{"known names, no answer", `{ recommend(symptom: "皮肤紫癜", city: "常州") { rank } }`, `{"recommend":[]}`, 0, nil},
		{"known names, answers", `{ recommend(symptom: "皮肤紫癜", city: "苏州") { rank } }`, "", 0, nil},
	} {
		data, errs, sugs := answer(t, h, c.query)
		if c.data != "" && data != c.data || errs != c.errs {
			t.Errorf("%s: data %s, %d errors; want %s, %d", c.name, data, errs, c.data, c.errs)
		}
		if !slices.EqualFunc(sugs, c.want, func(a, b suggestion) bool {
			return a.Path == b.Path && a.Argument == b.Argument && a.Value == b.Value && a.Kind == b.Kind &&
				slices.Equal(a.Suggestions, b.Suggestions) && slices.Equal(a.IDs, b.IDs)
		}) {
			t.Errorf("%s: suggestions %+v, want %+v", c.name, sugs, c.want)
		}
	}
}
