package tmpexp

import (
	"bytes"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
)

func TestRT(t *testing.T) {
	qs := []quad.Quad{
		quad.MakeIRI("kg:Hospital/苏州%20大学(本部)【x】3201医院", "kg:name", "kg:x", "kg:doc/a%20b.txt"),
		{Subject: quad.IRI("kg:a"), Predicate: quad.IRI("kg:start"), Object: quad.Int(12), Label: quad.IRI("kg:doc/a")},
		{Subject: quad.IRI("kg:a"), Predicate: quad.IRI("kg:s"), Object: quad.String("x \"y\" \n 中文\t【】"), Label: quad.IRI("kg:doc/a")},
		{Subject: quad.IRI("kg:a%3Eb"), Predicate: quad.IRI("kg:s"), Object: quad.String("z"), Label: quad.IRI("kg:doc/a")},
	}
	var buf bytes.Buffer
	w := nquads.NewWriter(&buf)
	for _, q := range qs {
		if err := w.WriteQuad(q); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	t.Log(buf.String())
	r := nquads.NewReader(bytes.NewReader(buf.Bytes()), false)
	for {
		q, err := r.ReadQuad()
		if err != nil {
			t.Log("err", err)
			break
		}
		t.Logf("%#v %v", q, q == qs[0] || q == qs[1] || q == qs[2] || q == qs[3])
	}
}
