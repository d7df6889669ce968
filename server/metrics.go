package server

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the service's Prometheus metrics, served at /metrics:
//
//	kg_http_requests_total{handler,code}          requests by endpoint and status
//	kg_http_request_duration_seconds{handler}     their latency
//	kg_graphql_operations_total{operation,type,result}  GraphQL operations by name
//	kg_graphql_operation_duration_seconds{operation,type}
//	kg_graphql_errors_total{operation,code}       errors by extensions.code
//	kg_loader_documents_total{result}             documents loaded or ingested (ok, failed)
//	kg_loader_quads_total                         quads they added
//	kg_ratelimit_refused_total                    requests refused by the rate limit
//	kg_store_quads                                quads in the store (read at scrape time)
//
// besides Go's and the process's own. Each Metrics has its own registry, so
// several servers can run in one process (tests).
type Metrics struct {
	reg         *prometheus.Registry
	httpReqs    *prometheus.CounterVec
	httpLatency *prometheus.HistogramVec
	ops         *prometheus.CounterVec
	opLatency   *prometheus.HistogramVec
	gqlErrors   *prometheus.CounterVec
	docs        *prometheus.CounterVec
	quads       prometheus.Counter
	refused     prometheus.Counter

	mu    sync.Mutex
	names map[string]bool // operation names given a label of their own
}

// maxOperationNames bounds the operation label: clients choose names, and
// past this many distinct ones the rest count as "other".
const maxOperationNames = 200

// NewMetrics returns a new set of metrics in a registry of their own.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		httpReqs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kg_http_requests_total", Help: "HTTP requests by endpoint and status code.",
		}, []string{"handler", "code"}),
		httpLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "kg_http_request_duration_seconds", Help: "HTTP request latency by endpoint.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2.5, 14),
		}, []string{"handler"}),
		ops: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kg_graphql_operations_total", Help: "GraphQL operations by operation name (anonymous if none), type and result (ok, error).",
		}, []string{"operation", "type", "result"}),
		opLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "kg_graphql_operation_duration_seconds", Help: "GraphQL operation latency by operation name and type.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2.5, 14),
		}, []string{"operation", "type"}),
		gqlErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kg_graphql_errors_total", Help: "GraphQL errors by operation name and extensions.code.",
		}, []string{"operation", "code"}),
		docs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kg_loader_documents_total", Help: "Documents loaded at start or ingested, by result (ok, failed).",
		}, []string{"result"}),
		quads: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "kg_loader_quads_total", Help: "Quads that loaded or ingested documents added to the store.",
		}),
		refused: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "kg_ratelimit_refused_total", Help: "Requests refused by the per-client rate limit (429).",
		}),
		names: make(map[string]bool),
	}
	m.reg.MustRegister(m.httpReqs, m.httpLatency, m.ops, m.opLatency, m.gqlErrors, m.docs, m.quads, m.refused,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.docs.WithLabelValues("ok")
	m.docs.WithLabelValues("failed")
	return m
}

// Documents counts loaded documents: ok of them added quads quads; failed
// could not be loaded.
func (m *Metrics) Documents(ok, failed, quads int) {
	m.docs.WithLabelValues("ok").Add(float64(ok))
	m.docs.WithLabelValues("failed").Add(float64(failed))
	m.quads.Add(float64(quads))
}

// quadCounter is what the store-size gauge reads; *graph.Store has it.
type quadCounter interface {
	QuadCount(ctx context.Context) (int64, error)
}

// pendingCounter is what the ingest backlog gauge reads; *graph.Store has it.
type pendingCounter interface {
	Pending() int
}

// watchStore adds the gauges of the store's quads and of its new
// documents not yet written to Cayley, read at each scrape.
func (m *Metrics) watchStore(store any) {
	if pc, ok := store.(pendingCounter); ok {
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "kg_ingest_pending_documents",
			Help: "New documents taken in (journaled, indexed, served) that the background writer has not yet written to the Cayley store.",
		}, func() float64 { return float64(pc.Pending()) }))
	}
	qc, ok := store.(quadCounter)
	if !ok {
		return
	}
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "kg_store_quads", Help: "Quads in the store.",
	}, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		n, err := qc.QuadCount(ctx)
		if err != nil {
			return -1
		}
		return float64(n)
	}))
}

func (m *Metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// instrument counts requests to a handler and their latency.
func (m *Metrics) instrument(name string, next http.Handler) http.Handler {
	latency := m.httpLatency.WithLabelValues(name)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		latency.Observe(time.Since(start).Seconds())
		m.httpReqs.WithLabelValues(name, strconv.Itoa(rec.status)).Inc()
	})
}

// operation returns the label for an operation name.
func (m *Metrics) operation(name string) string {
	if name == "" {
		return "anonymous"
	}
	if len(name) > 64 {
		return "other"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.names[name] {
		return name
	}
	if len(m.names) >= maxOperationNames {
		return "other"
	}
	m.names[name] = true
	return name
}

// operationMetrics is the gqlgen extension that counts operations, their
// latency and their errors.
type operationMetrics struct{ m *Metrics }

var (
	_ graphql.HandlerExtension    = operationMetrics{}
	_ graphql.ResponseInterceptor = operationMetrics{}
)

func (operationMetrics) ExtensionName() string                          { return "OperationMetrics" }
func (operationMetrics) Validate(schema graphql.ExecutableSchema) error { return nil }

func (o operationMetrics) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	start := time.Now()
	resp := next(ctx)
	name, typ := "anonymous", "unknown"
	if graphql.HasOperationContext(ctx) {
		oc := graphql.GetOperationContext(ctx)
		name = o.m.operation(oc.OperationName)
		if oc.Operation != nil {
			typ = string(oc.Operation.Operation)
		}
	}
	result := "ok"
	if resp != nil && len(resp.Errors) > 0 {
		result = "error"
		for _, e := range resp.Errors {
			code, _ := e.Extensions["code"].(string)
			if code == "" {
				code = "UNKNOWN"
			}
			o.m.gqlErrors.WithLabelValues(name, code).Inc()
		}
	}
	o.m.ops.WithLabelValues(name, typ, result).Inc()
	o.m.opLatency.WithLabelValues(name, typ).Observe(time.Since(start).Seconds())
	return resp
}
