package server_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	coderws "github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/graphtest"
	"github.com/medkg/medkg/server"
)

const (
	documentSubscription = `subscription { documentChanged { kind file relations relationsBefore entities { kind name } document { file title } } }`
	entitySubscription   = `subscription($id: ID!) { entityChanged(id: $id) { id entity { id name } document { kind file } } }`
)

// subscribedServer serves an empty store, with an index the writes keep.
func subscribedServer(t *testing.T) (*graph.Store, *httptest.Server) {
	t.Helper()
	store := graphtest.Open(t)
	if _, err := store.Index(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.New(store, server.Options{CORSOrigins: []string{"https://app.example"}}))
	t.Cleanup(srv.Close)
	return store, srv
}

// writeUntil writes synthetic documents from the first on, until got
// reports the first event (a subscription is set up after its request is
// read, and nothing says when), and returns how many it wrote.
func writeUntil(t *testing.T, store *graph.Store, got func(time.Duration) bool) int {
	t.Helper()
	for i := 1; i <= 20; i++ {
		if _, err := store.Update(context.Background(), graphtest.Synthetic(i)); err != nil {
			t.Fatal(err)
		}
		if got(300 * time.Millisecond) {
			return i
		}
	}
	t.Fatal("no event after 20 writes")
	return 0
}

type wsMessage struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// Subscriptions over WebSocket (graphql-ws's graphql-transport-ws
// protocol), from a page of an origin CORS allows: each write is sent to
// the subscriptions it concerns, with the graph as it is after it.
func TestSubscriptionsOverWebSocket(t *testing.T) {
	t.Parallel()
	store, srv := subscribedServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	url := "ws" + strings.TrimPrefix(srv.URL, "http") + "/graphql"
	conn, resp, err := coderws.Dial(ctx, url, &coderws.DialOptions{
		Subprotocols: []string{"graphql-transport-ws"},
		HTTPHeader:   http.Header{"Origin": {"https://app.example"}},
	})
	if err != nil {
		t.Fatalf("dial: %v (%v)", err, resp)
	}
	defer conn.CloseNow()
	if conn.Subprotocol() != "graphql-transport-ws" {
		t.Fatalf("subprotocol %q", conn.Subprotocol())
	}
	send := func(m wsMessage) {
		t.Helper()
		if err := wsjson.Write(ctx, conn, m); err != nil {
			t.Fatal(err)
		}
	}
	messages := make(chan wsMessage, 100)
	go func() {
		defer close(messages)
		for {
			var m wsMessage
			if err := wsjson.Read(ctx, conn, &m); err != nil {
				return
			}
			if m.Type != "ping" && m.Type != "pong" {
				messages <- m
			}
		}
	}()
	receive := func(wait time.Duration) (wsMessage, bool) {
		select {
		case m, ok := <-messages:
			return m, ok
		case <-time.After(wait):
			return wsMessage{}, false
		}
	}
	send(wsMessage{Type: "connection_init"})
	if m, _ := receive(10 * time.Second); m.Type != "connection_ack" {
		t.Fatalf("no ack: %+v", m)
	}
	payload := func(q string, vars map[string]any) json.RawMessage {
		b, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
		return b
	}
	send(wsMessage{ID: "docs", Type: "subscribe", Payload: payload(documentSubscription, nil)})

	type docEvent struct {
		Kind, File                 string
		Relations, RelationsBefore int
		Entities                   []struct{ Kind, Name string }
		Document                   *struct{ File, Title string }
	}
	event := func(m wsMessage) docEvent {
		t.Helper()
		var p struct {
			Data   struct{ DocumentChanged docEvent }
			Errors []any
		}
		if m.ID != "docs" || m.Type != "next" || json.Unmarshal(m.Payload, &p) != nil || len(p.Errors) > 0 {
			t.Fatalf("message %+v %s", m, m.Payload)
		}
		return p.Data.DocumentChanged
	}
	var first wsMessage
	n := writeUntil(t, store, func(wait time.Duration) bool {
		m, ok := receive(wait)
		first = m
		return ok
	})
	e := event(first)
	if e.Kind != "INGESTED" || e.File != graphtest.Synthetic(n).Doc.File || e.Relations != 30 || e.Document == nil ||
		e.Document.File != e.File || len(e.Entities) == 0 {
		t.Errorf("first event: %+v", e)
	}

	// An entity's subscription sees the writes to documents that name it.
	named := graphtest.Synthetic(n).Relations[0].From // a city the document names
	entity := string(named.Kind) + "/" + named.Name
	send(wsMessage{ID: "entity", Type: "subscribe", Payload: payload(entitySubscription, map[string]any{"id": entity})})
	time.Sleep(300 * time.Millisecond) // its subscription set up
	if _, err := store.Delete(ctx, graphtest.Synthetic(n).Doc.File); err != nil {
		t.Fatal(err)
	}
	var gotDoc, gotEntity bool
	for !gotDoc || !gotEntity {
		m, ok := receive(10 * time.Second)
		if !ok {
			t.Fatalf("events: doc %v, entity %v", gotDoc, gotEntity)
		}
		switch m.ID {
		case "docs":
			e := event(m)
			if e.Kind != "DELETED" || e.Document != nil || e.Relations != 0 || e.RelationsBefore != 30 {
				t.Errorf("delete: %+v", e)
			}
			gotDoc = true
		case "entity":
			var p struct {
				Data struct {
					EntityChanged struct {
						ID       string
						Entity   *struct{ ID, Name string }
						Document struct{ Kind, File string }
					}
				}
			}
			json.Unmarshal(m.Payload, &p)
			ec := p.Data.EntityChanged
			if ec.ID != entity || ec.Document.Kind != "DELETED" {
				t.Errorf("entity event: %s", m.Payload)
			}
			gotEntity = true
		}
	}

	send(wsMessage{ID: "docs", Type: "complete"})
	send(wsMessage{ID: "entity", Type: "complete"})
	conn.Close(coderws.StatusNormalClosure, "")
}

// A WebSocket from an origin CORS does not allow is refused.
func TestSubscriptionsRefuseOtherOrigins(t *testing.T) {
	t.Parallel()
	_, srv := subscribedServer(t)
	url := "ws" + strings.TrimPrefix(srv.URL, "http") + "/graphql"
	_, resp, err := coderws.Dial(context.Background(), url, &coderws.DialOptions{
		Subprotocols: []string{"graphql-transport-ws"},
		HTTPHeader:   http.Header{"Origin": {"https://evil.example"}},
	})
	if err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("another origin: %v %v", err, resp)
	}
}

// Subscriptions over server-sent events (graphql-sse's distinct
// connections mode): each write is an event "next", in order.
func TestSubscriptionsOverSSE(t *testing.T) {
	t.Parallel()
	store, srv := subscribedServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	body, _ := json.Marshal(map[string]string{"query": documentSubscription})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") || resp.Header.Get("Content-Encoding") != "" {
		t.Fatalf("%d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Encoding"))
	}
	events := make(chan string, 100)
	go func() {
		defer close(events)
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var name string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event:"):
				name = strings.TrimSpace(strings.TrimPrefix(line, "event:"))
			case strings.HasPrefix(line, "data:") && name == "next":
				events <- strings.TrimSpace(strings.TrimPrefix(line, "data:"))
			}
		}
	}()
	var first string
	n := writeUntil(t, store, func(wait time.Duration) bool {
		select {
		case first = <-events:
			return true
		case <-time.After(wait):
			return false
		}
	})
	if !strings.Contains(first, `"kind":"INGESTED"`) || !strings.Contains(first, graphtest.Synthetic(n).Doc.File) {
		t.Errorf("first event: %s", first)
	}
	if _, err := store.Update(ctx, graphtest.Synthetic(n+1)); err != nil {
		t.Fatal(err)
	}
	select {
	case e := <-events:
		if !strings.Contains(e, graphtest.Synthetic(n+1).Doc.File) {
			t.Errorf("second event: %s", e)
		}
	case <-time.After(10 * time.Second):
		t.Error("no second event")
	}
}
