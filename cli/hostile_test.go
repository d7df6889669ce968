package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/medkg/medkg/loader/loadertest"
)

// The bounds the hostile-request suite holds kg serve to (README,
// "Limits"): every probe is refused or answered within the timeout plus
// hostileSlack, the server's peak RSS while it runs stays under
// hostileRSS, and a normal query sent meanwhile is answered within
// hostileLatency.
const (
	hostileSlack   = 2 * time.Second
	hostileRSS     = 1 << 30
	hostileLatency = 100 * time.Millisecond
	hostileToken   = "hostile-test-token"
	// hostileWriteLatency bounds a normal query while a probe's write
	// commits: readers wait for the index to include it (read your
	// writes), about 0.1–0.3 s for the 100,000-name document.
	hostileWriteLatency = time.Second
)

// writeProbes are the probes that send the write token (a document's
// worth of body), held to hostileWriteLatency.
var writeProbes = map[string]bool{"Ingest100kNames": true, "Ingest100kNamesOneLine": true, "Ingest8MBOfYiyuan": true, "MalformedBody10MBWithToken": true}

// TestHostileRequests replays the probes of an attacker's afternoon against
// a real kg serve process on loopback: on the seeds, and on a generated
// store of 300 documents. It measures latency and memory, so it runs alone
// (KG_HOSTILE=1, as .ci/run does), not beside other packages' tests.
// KG_BINARY names a kg binary to probe instead of building one (to measure
// another version).
func TestHostileRequests(t *testing.T) {
	if os.Getenv("KG_HOSTILE") == "" {
		t.Skip("set KG_HOSTILE=1 to run (alone: it measures latency and memory)")
	}
	if runtime.GOOS != "linux" {
		t.Skip("peak RSS is read from /proc")
	}
	dir := t.TempDir()
	kg := kgBinary(t, dir)

	t.Run("Seeds", func(t *testing.T) {
		srv := startProcess(t, kg, "--dbpath", filepath.Join(dir, "seeds.db"), "--write-token", hostileToken)
		for _, p := range hostileProbes() {
			t.Run(p.name, func(t *testing.T) { srv.probe(t, p) })
		}
	})
	t.Run("Generated300", func(t *testing.T) {
		corpus := filepath.Join(dir, "corpus")
		if out, err := exec.Command(kg, "gen", "--docs", "300", "--out", corpus).CombinedOutput(); err != nil {
			t.Fatalf("kg gen: %v\n%s", err, out)
		}
		srv := startProcess(t, kg, "--dbpath", filepath.Join(dir, "gen.db"), "--docs", corpus, "--write-token", hostileToken)
		for _, p := range hostileProbes() {
			t.Run(p.name, func(t *testing.T) { srv.probe(t, p) })
		}
	})
}

// kgBinary builds kg into dir, or returns $KG_BINARY.
func kgBinary(t *testing.T, dir string) string {
	t.Helper()
	if kg := os.Getenv("KG_BINARY"); kg != "" {
		return kg
	}
	kg := filepath.Join(dir, "kg")
	if out, err := exec.Command("go", "build", "-o", kg, "..").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return kg
}

// kgProcess is a kg serve subprocess.
type kgProcess struct {
	url string
	pid int
}

var listening = regexp.MustCompile(`msg=listening addr=(\S+)`)

// startProcess runs kg serve with args on a free loopback port and waits
// until /healthz says 200; the test's end stops it.
func startProcess(t *testing.T, kg string, args ...string) *kgProcess {
	t.Helper()
	cmd := exec.Command(kg, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	addr := make(chan string, 1)
	var logs bytes.Buffer
	var mu sync.Mutex
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			mu.Lock()
			logs.WriteString(sc.Text() + "\n")
			mu.Unlock()
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	var p *kgProcess
	select {
	case a := <-addr:
		p = &kgProcess{url: "http://" + a, pid: cmd.Process.Pid}
	case <-time.After(2 * time.Minute):
		mu.Lock()
		t.Fatalf("kg serve did not listen:\n%s", logs.String())
	}
	for deadline := time.Now().Add(5 * time.Minute); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if resp, err := http.Get(p.url + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
	}
	t.Fatal("kg serve did not become ready")
	return nil
}

// peakRSS reads the process's peak resident set size (VmHWM) in bytes;
// resetPeak starts it again from the current size.
func (p *kgProcess) peakRSS(t *testing.T) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	t.Fatal("no VmHWM in /proc status")
	return 0
}

func (p *kgProcess) resetPeak() {
	os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", p.pid), []byte("5"), 0) // Linux 4.0+; else the peak since start
}

// hostileProbe is one request an attacker sends, and what the answer
// must be.
type hostileProbe struct {
	name string
	// request builds the request against the server's base URL.
	request func(base string) (*http.Request, error)
	// check judges the answer: status, body (at most the first 1 MB)
	// and its full length.
	check func(status int, body []byte, size int64) error
}

// probe sends p while a normal query runs every 20 ms, and holds the
// server to the bounds.
func (srv *kgProcess) probe(t *testing.T, p hostileProbe) {
	srv.resetPeak()
	ctx, stop := context.WithCancel(context.Background())
	var slowest time.Duration
	var normals int
	var normalErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ctx.Err() == nil {
			took, err := normalQuery(srv.url)
			if err != nil && normalErr == nil {
				normalErr = err
			}
			slowest = max(slowest, took)
			normals++
			time.Sleep(20 * time.Millisecond)
		}
	}()

	req, err := p.request(srv.url)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Timeout: 10*time.Second + hostileSlack}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		stop()
		<-done
		t.Fatalf("no answer within %s: %v", client.Timeout, err)
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	rest, _ := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	took := time.Since(start)
	time.Sleep(50 * time.Millisecond) // one more normal query after the answer
	stop()
	<-done

	peak := srv.peakRSS(t)
	t.Logf("%d in %s, %d bytes; peak RSS %d MB; %d normal queries meanwhile, slowest %s",
		resp.StatusCode, took.Round(time.Millisecond), int64(len(body))+rest, peak>>20, normals, slowest.Round(time.Millisecond))
	if err := p.check(resp.StatusCode, body, int64(len(body))+rest); err != nil {
		t.Errorf("answer: %v\n%.600s", err, body)
	}
	if peak > hostileRSS {
		t.Errorf("peak RSS %d MB, over the bound of %d MB", peak>>20, hostileRSS>>20)
	}
	if normalErr != nil {
		t.Errorf("a normal query meanwhile failed: %v", normalErr)
	}
	bound := hostileLatency
	if writeProbes[p.name] {
		bound = hostileWriteLatency
	}
	if slowest > bound {
		t.Errorf("a normal query meanwhile took %s, over %s", slowest, bound)
	}
}

// normalQuery is what an ordinary client asks while the probe runs.
func normalQuery(base string) (time.Duration, error) {
	start := time.Now()
	resp, err := http.Post(base+"/graphql", "application/json",
		strings.NewReader(`{"query":"{ provinces(first: 3) { totalCount edges { node { name } } } }"}`))
	if err != nil {
		return 0, err
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	took := time.Since(start)
	if resp.StatusCode != http.StatusOK || !bytes.Contains(b, []byte(`"totalCount"`)) {
		return took, fmt.Errorf("%s: %.200s", resp.Status, b)
	}
	return took, nil
}

// gqlPost is a POST of a GraphQL request body.
func gqlPost(body string, header ...string) func(string) (*http.Request, error) {
	return func(base string) (*http.Request, error) {
		req, err := http.NewRequest(http.MethodPost, base+"/graphql", strings.NewReader(body))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		return req, nil
	}
}

// gqlQuery is a POST of one query.
func gqlQuery(q string) func(string) (*http.Request, error) {
	b, _ := json.Marshal(map[string]string{"query": q})
	return gqlPost(string(b))
}

// refusedWith wants a GraphQL error with the code and no data.
func refusedWith(code string) func(int, []byte, int64) error {
	return func(status int, body []byte, size int64) error {
		var r struct {
			Data   json.RawMessage
			Errors []struct {
				Message    string
				Extensions struct{ Code string }
			}
		}
		if err := json.Unmarshal(body, &r); err != nil {
			return fmt.Errorf("status %d, not a GraphQL answer: %v", status, err)
		}
		if len(r.Errors) == 0 || r.Errors[0].Extensions.Code != code {
			return fmt.Errorf("status %d, want the error %s", status, code)
		}
		if len(r.Data) > 0 && string(r.Data) != "null" {
			return fmt.Errorf("data beside the refusal (%d bytes)", len(r.Data))
		}
		return nil
	}
}

// statusWith wants the HTTP status and a short body containing the text.
func statusWith(want int, text string) func(int, []byte, int64) error {
	return func(status int, body []byte, size int64) error {
		if status != want {
			return fmt.Errorf("status %d, want %d", status, want)
		}
		if size > 4096 {
			return fmt.Errorf("a %d-byte answer to a bad request", size)
		}
		if !bytes.Contains(body, []byte(text)) {
			return fmt.Errorf("the answer does not say %q", text)
		}
		return nil
	}
}

// aliases repeats sel under n aliases.
func aliases(n int, sel string) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		fmt.Fprintf(&b, " a%d: %s", i, sel)
	}
	b.WriteString(" }")
	return b.String()
}

// fanOut is a query whose fragments each spread the next twice, n deep:
// 2^n fields once expanded, in about 60·n bytes.
func fanOut(n int) string {
	var b strings.Builder
	b.WriteString("query { ...F0 }\n")
	for i := range n {
		fmt.Fprintf(&b, "fragment F%d on Query { ...F%d ...F%d }\n", i, i+1, i+1)
	}
	fmt.Fprintf(&b, "fragment F%d on Query { provinces(first: 1) { totalCount } }\n", n)
	return b.String()
}

func hostileProbes() []hostileProbe {
	const introspection = `__schema { types { name kind description fields(includeDeprecated: true) { name description args { name type { name kind ofType { name kind } } } type { name kind ofType { name kind ofType { name } } } } } }`
	ids := make([]string, 8000)
	for i := range ids {
		ids[i] = strconv.Quote([]string{"City/苏州", "Province/江苏", "City/南京"}[i%3])
	}
	return []hostileProbe{
		{"IntrospectionAliases8000", gqlQuery(aliases(8000, `__schema { types { name fields { name } } }`)), refusedWith("ALIAS_LIMIT_EXCEEDED")},
		{"FullIntrospectionAliases3000", gqlQuery(aliases(3000, introspection)), refusedWith("ALIAS_LIMIT_EXCEEDED")},
		{"FullIntrospectionAliases150", gqlQuery(aliases(150, introspection)), refusedWith("FIELD_LIMIT_EXCEEDED")},
		{"FullIntrospectionAliases40", gqlQuery(aliases(40, introspection)), refusedWith("COMPLEXITY_LIMIT_EXCEEDED")},
		{"Neighborhood3HopsAliases400", gqlQuery(aliases(400, `neighborhood(id: "City/苏州", hops: 3) { nodes { id name } edges { type from { id } to { id } } }`)), refusedWith("ALIAS_LIMIT_EXCEEDED")},
		{"Neighborhood3HopsAliases50", gqlQuery(aliases(50, `neighborhood(id: "City/苏州", hops: 3) { nodes { id name } edges { type from { id } to { id } } }`)), refusedWith("COMPLEXITY_LIMIT_EXCEEDED")},
		{"Nodes8000Ids", gqlQuery(`{ nodes(ids: [` + strings.Join(ids, ",") + `]) { id ... on Hospital { name aliases city { name hospitals { name departments { name } } } } } }`), refusedWith("COMPLEXITY_LIMIT_EXCEEDED")},
		{"FragmentFanOut2to25", gqlQuery(fanOut(25)), refusedWith("FIELD_LIMIT_EXCEEDED")},
		{"FragmentFanOut2to27", gqlQuery(fanOut(27)), refusedWith("FIELD_LIMIT_EXCEEDED")},
		{"MalformedBody10MB", gqlPost(`{"query": "` + strings.Repeat("x", 10<<20)), statusWith(http.StatusRequestEntityTooLarge, "the limit is 1 MB")},
		{"MalformedBody10MBWithToken", gqlPost(`{"query": "`+strings.Repeat("x", 10<<20), "Authorization", "Bearer "+hostileToken), statusWith(http.StatusBadRequest, "not a GraphQL request")},
		{"Body20MB", gqlPost(`{"query": "` + strings.Repeat("x", 20<<20) + `"}`), statusWith(http.StatusRequestEntityTooLarge, "limit")},
		{"ArrayBody", gqlPost(`[` + strings.Repeat(`{"query":"{ __typename }"},`, 10_000) + `{}]`), statusWith(http.StatusBadRequest, "JSON")},
		{"ChunkedBody100MB", func(base string) (*http.Request, error) {
			// No Content-Length: the limit is found while reading.
			body := io.MultiReader(strings.NewReader(`{"query": "{ __typename }", "x": "`), io.LimitReader(zeros{}, 100<<20), strings.NewReader(`"}`))
			req, err := http.NewRequest(http.MethodPost, base+"/graphql", body)
			if err == nil {
				req.Header.Set("Content-Type", "application/json")
			}
			return req, err
		}, statusWith(http.StatusRequestEntityTooLarge, "limit")},
		{"WrongContentType", gqlPost(`{"query":"{ __typename }"}`, "Content-Type", "text/plain"), statusWith(http.StatusUnsupportedMediaType, "application/json")},
		{"TwoUnnamedOperations", gqlQuery(`{ __typename } { __typename }`), refusedWith("GRAPHQL_VALIDATION_FAILED")},
		{"HugeFirst", gqlPost(`{"query":"{ hospitals(first: 1e300) { totalCount } }"}`), refusedWith("GRAPHQL_VALIDATION_FAILED")},
		{"Ingest100kNames", ingest("names.txt", loadertest.Names100k()), wrote},
		{"Ingest100kNamesOneLine", ingest("oneline.txt", strings.ReplaceAll(loadertest.Names100k(), "。\n", "、")), wrote},
		{"Ingest8MBOfYiyuan", ingest("yiyuan.txt", loadertest.Yiyuan8MB()), wrote},
		{"LowerCaseBearer", gqlPost(`{"query":"mutation { deleteDocument(file: \"no-such-file.txt\") { file } }"}`, "Authorization", "bearer "+hostileToken), refusedWith("NOT_FOUND")},
	}
}

// ingest is an ingestDocument of text with the write token.
func ingest(file, text string) func(string) (*http.Request, error) {
	b, _ := json.Marshal(map[string]any{
		"query":     `mutation($f: String!, $t: String!) { ingestDocument(file: $f, text: $t) { added } }`,
		"variables": map[string]string{"f": file, "t": text},
	})
	return gqlPost(string(b), "Authorization", "Bearer "+hostileToken)
}

// wrote wants a mutation's data.
func wrote(status int, body []byte, size int64) error {
	var r struct {
		Data   struct{ IngestDocument *struct{ Added int } }
		Errors []struct{ Message string }
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return fmt.Errorf("status %d, not a GraphQL answer: %v", status, err)
	}
	if len(r.Errors) > 0 || r.Data.IngestDocument == nil {
		return fmt.Errorf("status %d, errors %+v", status, r.Errors)
	}
	return nil
}

// zeros reads as endless '0's.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '0'
	}
	return len(p), nil
}
