package server

import (
	"bytes"
	"context"
	"maps"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/tidwall/gjson"
	"github.com/tidwall/sjson"
	"github.com/vektah/gqlparser/v2/ast"
)

// @defer. A client that accepts multipart/mixed (Apollo Client, urql,
// graphql-http's client) gets the deferred parts as they resolve, each a
// part of a multipart/mixed answer (gqlgen's transport.MultipartMixed, in
// the incremental format Apollo Client reads). Any other request, a GET
// among them, gets one complete answer: the deferred parts are resolved
// and merged into it at their paths, as the incremental delivery RFC lets a
// server do, so that a client that knows nothing of @defer never sees a
// half answer or hasNext, and a cached GET answer is a whole one.

// incremental reports whether r is answered part by part: a JSON POST
// that accepts multipart/mixed, as transport.MultipartMixed takes it.
func incremental(r *http.Request) bool {
	if r.Method != http.MethodPost || !strings.Contains(r.Header.Get("Accept"), "multipart/mixed") {
		return false
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == "application/json"
}

// sse reports whether r asks for server-sent events, as transport.SSE
// takes it (a subscription, or a query, over graphql-sse).
func sse(r *http.Request) bool {
	if r.Method != http.MethodPost || !strings.Contains(r.Header.Get("Accept"), "text/event-stream") {
		return false
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == "application/json"
}

// websocket reports whether r opens a WebSocket (graphql-ws).
func websocket(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

// streaming reports whether r is answered as a stream rather than as one
// answer: the layers that keep an answer to look at it (status codes,
// caching, the body limit, compression) let it through as it is written.
func streaming(r *http.Request) bool { return incremental(r) || sse(r) || websocket(r) }

// completeDeferred merges deferred parts into the first answer for a
// request that is not incremental. For one that is, it takes out of the
// first part the nulls gqlgen leaves where a deferred field will go (a
// non-null list would read as null until its part came); a field it took
// out that no later part brings (a deferred field without a resolver of
// its own, null) comes in a part of its own at the end.
type completeDeferred struct{ schema *ast.Schema }

var (
	_ graphql.HandlerExtension     = &completeDeferred{}
	_ graphql.OperationInterceptor = &completeDeferred{}
)

func (*completeDeferred) ExtensionName() string { return "CompleteDeferred" }

func (c *completeDeferred) Validate(schema graphql.ExecutableSchema) error {
	c.schema = schema.Schema()
	return nil
}

func (c *completeDeferred) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	responses := next(ctx)
	if op := graphql.GetOperationContext(ctx).Operation; op == nil || op.Operation != ast.Query {
		return responses // a subscription's answers are its events
	}
	if isIncremental(ctx) {
		return c.withoutPlaceholders(ctx, responses)
	}
	done := false
	return func(ctx context.Context) *graphql.Response {
		if done {
			return nil
		}
		done = true
		first := responses(ctx)
		if first == nil || first.HasNext == nil {
			return first // nothing was deferred
		}
		for more := *first.HasNext; more; {
			part := responses(ctx)
			if part == nil {
				break
			}
			mergeDeferred(first, part)
			more = part.HasNext != nil && *part.HasNext
		}
		first.HasNext = nil
		return first
	}
}

// mergeDeferred puts a deferred part's fields into the answer at the
// part's path, in the order the part gives them, and adds its errors and
// extensions.
func mergeDeferred(into, part *graphql.Response) {
	into.Errors = append(into.Errors, part.Errors...)
	if len(part.Extensions) > 0 {
		if into.Extensions == nil {
			into.Extensions = map[string]any{}
		}
		maps.Copy(into.Extensions, part.Extensions)
	}
	fields := gjson.ParseBytes(part.Data)
	if !fields.IsObject() || string(into.Data) == "null" {
		return // the part failed as a whole: its errors say why
	}
	at := jsonPath(part.Path)
	if at != "" && !gjson.GetBytes(into.Data, at).IsObject() {
		return // the object it belongs to is null: an error removed it
	}
	fields.ForEach(func(key, value gjson.Result) bool {
		p := key.String()
		if at != "" {
			p = at + "." + p
		}
		if data, err := sjson.SetRawBytes(into.Data, p, []byte(value.Raw)); err == nil {
			into.Data = data
		}
		return true
	})
}

// jsonPath writes a response path as gjson/sjson read it: names and list
// indexes joined by dots. GraphQL names hold no character those paths
// treat specially.
func jsonPath(path ast.Path) string {
	parts := make([]string, len(path))
	for i, e := range path {
		switch e := e.(type) {
		case ast.PathIndex:
			parts[i] = strconv.Itoa(int(e))
		case ast.PathName:
			parts[i] = string(e)
		}
	}
	return strings.Join(parts, ".")
}

type incrementalKey struct{}

// markIncremental notes in the request's context whether it is answered
// part by part, for completeDeferred.
func markIncremental(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if incremental(r) {
			r = r.WithContext(context.WithValue(r.Context(), incrementalKey{}, true))
		}
		next.ServeHTTP(w, r)
	})
}

func isIncremental(ctx context.Context) bool {
	ok, _ := ctx.Value(incrementalKey{}).(bool)
	return ok
}

// placeholder is a deferred field taken out of the first part.
type placeholder struct {
	path  ast.Path
	key   string
	label string
}

// withoutPlaceholders passes an incremental answer's parts on, the first
// without its placeholders, and adds at the end a part for each
// placeholder no part brought.
func (c *completeDeferred) withoutPlaceholders(ctx context.Context, responses graphql.ResponseHandler) graphql.ResponseHandler {
	first := true
	pending := map[string]placeholder{}
	var tail []placeholder // the parts still to add, once the others are done
	return func(ctx context.Context) *graphql.Response {
		if first {
			first = false
			resp := responses(ctx)
			if resp != nil && resp.HasNext != nil && *resp.HasNext {
				op := graphql.GetOperationContext(ctx) // a query (InterceptOperation)
				resp.Data = c.strip(op, resp.Data, nil, op.Operation.SelectionSet, c.schema.Query.Name, pending)
			}
			return resp
		}
		if tail == nil {
			part := responses(ctx)
			if part != nil {
				if fields := gjson.ParseBytes(part.Data); fields.IsObject() {
					fields.ForEach(func(key, _ gjson.Result) bool {
						delete(pending, placeholderKey(part.Path, key.String()))
						return true
					})
				}
				if (part.HasNext == nil || !*part.HasNext) && len(pending) > 0 {
					for _, p := range pending {
						tail = append(tail, p)
					}
					more := true
					part.HasNext = &more
				}
				return part
			}
		}
		if len(tail) == 0 {
			return nil
		}
		p := tail[0]
		tail = tail[1:]
		more := len(tail) > 0
		data, _ := sjson.SetRawBytes([]byte("{}"), p.key, []byte("null"))
		return &graphql.Response{Data: data, Path: p.path, Label: p.label, HasNext: &more}
	}
}

func placeholderKey(path ast.Path, key string) string { return jsonPath(path) + "\x00" + key }

// strip returns data without the nulls of deferred fields, noting each in
// taken; data is the value at path, of the named type, selected by sel.
// Under an abstract type it reads the concrete type from __typename, and
// where that is not selected it collects the fields of every type.
func (c *completeDeferred) strip(op *graphql.OperationContext, data []byte, path ast.Path, sel ast.SelectionSet, typeName string, taken map[string]placeholder) []byte {
	value := gjson.ParseBytes(data)
	if !value.IsObject() {
		return data
	}
	var satisfies []string
	if def := c.schema.Types[typeName]; def != nil && def.Kind == ast.Object {
		satisfies = append([]string{typeName}, def.Interfaces...)
	} else if t := value.Get("__typename").String(); t != "" && c.schema.Types[t] != nil {
		typeName = t
		satisfies = append([]string{t}, c.schema.Types[t].Interfaces...)
	}
	for _, f := range graphql.CollectFields(op, sel, satisfies) {
		key := f.Alias
		v := value.Get(key)
		if !v.Exists() {
			continue
		}
		if f.IsDeferred() && v.Type == gjson.Null {
			if out, err := sjson.DeleteBytes(data, key); err == nil {
				data = out
				label := ""
				if len(f.Deferrables) > 0 {
					label = f.Deferrables[0].Label
				}
				taken[placeholderKey(path, key)] = placeholder{path: path, key: key, label: label}
			}
			continue
		}
		if f.Definition == nil || len(f.Selections) == 0 {
			continue
		}
		child := f.Definition.Type.Name()
		fieldPath := append(slices.Clip(path), ast.PathName(key))
		raw := []byte(v.Raw)
		var out []byte
		if v.IsArray() {
			out = c.stripList(op, raw, fieldPath, f.Selections, child, taken)
		} else {
			out = c.strip(op, raw, fieldPath, f.Selections, child, taken)
		}
		if !bytes.Equal(out, raw) {
			if set, err := sjson.SetRawBytes(data, key, out); err == nil {
				data = set
			}
		}
	}
	return data
}

// stripList is strip for each element of a list (of lists).
func (c *completeDeferred) stripList(op *graphql.OperationContext, data []byte, path ast.Path, sel ast.SelectionSet, typeName string, taken map[string]placeholder) []byte {
	elems := gjson.ParseBytes(data).Array()
	for i := len(elems) - 1; i >= 0; i-- { // from the end, so that earlier offsets hold
		e := elems[i]
		raw := []byte(e.Raw)
		p := append(slices.Clip(path), ast.PathIndex(i))
		var out []byte
		if e.IsArray() {
			out = c.stripList(op, raw, p, sel, typeName, taken)
		} else {
			out = c.strip(op, raw, p, sel, typeName, taken)
		}
		if !bytes.Equal(out, raw) {
			if set, err := sjson.SetRawBytes(data, strconv.Itoa(i), out); err == nil {
				data = set
			}
		}
	}
	return data
}
