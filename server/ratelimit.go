package server

import (
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// CodeRateLimited is extensions.code of a request refused by the rate
// limit (HTTP 429).
const CodeRateLimited = "RATE_LIMITED"

// rateLimiter allows each client (by IP address; X-Forwarded-For is not
// trusted) perSecond requests a second, in bursts of up to twice that.
// Clients idle for a few minutes are forgotten.
type rateLimiter struct {
	perSecond float64
	burst     int
	refused   func()

	mu      sync.Mutex
	clients map[string]*client
	swept   time.Time
}

type client struct {
	lim  *rate.Limiter
	seen time.Time
}

const forgetAfter = 3 * time.Minute

func newRateLimiter(perSecond float64, refused func()) *rateLimiter {
	burst := int(2 * perSecond)
	if burst < 1 {
		burst = 1
	}
	return &rateLimiter{perSecond: perSecond, burst: burst, refused: refused, clients: make(map[string]*client), swept: time.Now()}
}

func (l *rateLimiter) allow(ip string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > forgetAfter {
		for k, c := range l.clients {
			if now.Sub(c.seen) > forgetAfter {
				delete(l.clients, k)
			}
		}
		l.swept = now
	}
	c := l.clients[ip]
	if c == nil {
		c = &client{lim: rate.NewLimiter(rate.Limit(l.perSecond), l.burst)}
		l.clients[ip] = c
	}
	c.seen = now
	return c.lim.AllowN(now, 1)
}

// withRateLimit answers 429 Too Many Requests, with Retry-After and a
// GraphQL-shaped error, to a client over its rate.
func (l *rateLimiter) wrap(next http.Handler) http.Handler {
	msg := fmt.Sprintf(`{"errors":[{"message":"rate limit exceeded: at most %s requests a second per client; retry later","extensions":{"code":%q}}]}`,
		strconv.FormatFloat(l.perSecond, 'f', -1, 64), CodeRateLimited)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			ip = r.RemoteAddr
		}
		if !l.allow(ip, time.Now()) {
			if l.refused != nil {
				l.refused()
			}
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			w.Write([]byte(msg + "\n"))
			return
		}
		next.ServeHTTP(w, r)
	})
}
