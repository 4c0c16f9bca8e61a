// Command corpusserver serves one github.com/rs/cors configuration read from a JSON file written by
// AuditCorpus/GoStack.cs. Usage: corpusserver CONFIG.json PORT
// Matching is rs/cors cors.go (*Cors).isOriginAllowed: lower-cased equality, one-'*' wildcards
// (utils.go wildcard.match: HasPrefix && HasSuffix), or AllowOriginFunc.
package main

import (
	"encoding/json"
	"log"
	"net/http"
	"os"
	"regexp"
	"strings"

	"github.com/rs/cors"
)

type test struct {
	Op    string `json:"op"`
	Value string `json:"value"`
}

type spec struct {
	Origins     []string `json:"origins"`
	Predicate   []test   `json:"predicate"`
	Credentials bool     `json:"credentials"`
}

// matches mirrors predicate.js: every test must hold.
func matches(tests []test, origin string) bool {
	for _, t := range tests {
		ok := false
		switch t.Op {
		case "true":
			ok = true
		case "equals":
			ok = origin == t.Value
		case "startsWith":
			ok = strings.HasPrefix(origin, t.Value)
		case "endsWith":
			ok = strings.HasSuffix(origin, t.Value)
		case "includes":
			ok = strings.Contains(origin, t.Value)
		case "regex":
			ok = regexp.MustCompile(t.Value).MatchString(origin)
		default:
			log.Fatalf("unknown op %q", t.Op)
		}
		if !ok {
			return false
		}
	}
	return true
}

func main() {
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	var s spec
	if err := json.Unmarshal(raw, &s); err != nil {
		log.Fatal(err)
	}
	options := cors.Options{AllowedOrigins: s.Origins, AllowCredentials: s.Credentials}
	if s.Predicate != nil {
		tests := s.Predicate
		options.AllowOriginFunc = func(origin string) bool { return matches(tests, origin) }
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/data", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"secret":1}`))
	})
	log.Fatal(http.ListenAndServe("127.0.0.1:"+os.Args[2], cors.New(options).Handler(mux)))
}
