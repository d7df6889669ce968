package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestLogFormatJSON: kg serve --log-format json logs JSON lines; another
// format is refused.
func TestLogFormatJSON(t *testing.T) {
	if err := serve(context.Background(), Config{DB: "memstore", Addr: "127.0.0.1:0", LogFormat: "xml"}, new(bytes.Buffer)); err == nil || !strings.Contains(err.Error(), "log-format") {
		t.Errorf("--log-format xml: %v, want it refused", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out bytes.Buffer
	w := &lockedWriter{w: &out}
	done := make(chan error, 1)
	go func() { done <- serve(ctx, Config{DB: "memstore", Addr: "127.0.0.1:0", LogFormat: "json"}, w) }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		w.mu.Lock()
		logs := out.String()
		w.mu.Unlock()
		if strings.Contains(logs, `"msg":"ready"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no ready line in:\n%s", logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var v map[string]any
		if err := json.Unmarshal([]byte(l), &v); err != nil || v["msg"] == nil {
			t.Errorf("not a JSON log line: %s", l)
		}
	}
}
