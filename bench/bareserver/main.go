// Command bareserver is the floor benchmark 7 holds kg serve's recommend
// to: a bare net/http handler that decodes each POST's JSON body as a
// GraphQL request and writes one fixed answer (the file -answer, our
// recommend's own answer to the same question), so that what is left
// between the two is the cost of our server and its GraphQL execution.
package main

import (
	"encoding/json"
	"flag"
	"log"
	"net/http"
	"os"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	answer := flag.String("answer", "", "file whose bytes every request is answered with")
	flag.Parse()
	body, err := os.ReadFile(*answer)
	if err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("POST /graphql", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Query         string         `json:"query"`
			OperationName string         `json:"operationName"`
			Variables     map[string]any `json:"variables"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Query == "" {
			http.Error(w, "want a JSON body with a query", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	})
	http.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) })
	log.Fatal(http.ListenAndServe(*addr, nil))
}
