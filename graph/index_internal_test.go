package graph

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/medkg/medkg/graph/kg"
)

// A caller that gives up does not stop the build: it finishes, and the
// next caller gets the index it made without building again.
func TestIndexBuildOutlivesItsCaller(t *testing.T) {
	ctx := context.Background()
	backend := "bolt"
	if raceDetector {
		backend = "leveldb"
	}
	s, err := Open(ctx, backend, filepath.Join(t.TempDir(), "kg"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := range 3 {
		ex := &kg.Extraction{Doc: kg.Document{File: fmt.Sprintf("%d.txt", i), Title: "t", Text: "苏州"},
			Entities: []kg.Entity{{EntityRef: kg.EntityRef{Kind: kg.KindCity, Name: fmt.Sprintf("市%d", i)}}}}
		if _, err := s.Put(ctx, ex); err != nil {
			t.Fatal(err)
		}
	}
	gone, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Index(gone); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled caller: %v", err)
	}
	s.imu.Lock()
	b := s.building
	s.imu.Unlock()
	if b == nil {
		b = &indexBuild{done: make(chan struct{})} // already done: s.current is set
		close(b.done)
	}
	<-b.done
	if b.err != nil {
		t.Fatalf("the build stopped with its caller: %v", b.err)
	}
	built := s.current.Load()
	if built == nil || built.Generation != s.Generation() || len(built.Documents()) != 3 {
		t.Fatalf("no index kept: %+v", built)
	}
	x, err := s.Index(ctx)
	if err != nil || x != built {
		t.Errorf("next caller built again (%v)", err)
	}
}
