package emulator

import (
	"bytes"
	"fmt"
	"sync/atomic"
)

// Serving a page of a thousand stored objects spent most of its time
// encoding them, with sorted keys, on every request and under the lock. An
// entry keeps its object's JSON from the first read until the object may
// have changed (collection.get and each drop it; see store.go), so a page
// is the kept encodings joined, and the joining is done after the lock is
// released.

// entry is one stored object and, once read, its JSON.
type entry struct {
	o       object
	enc     atomic.Pointer[kept] // nil until read, and again once handed out to change
	removed bool                 // the collection's lists keep it, skipped
	in      *collection
}

// kept is what holds while the object is not handed out to change: its
// JSON, and the value of its collection's indexed field (a page of an index
// need not look into the object to know it is still where the index says).
type kept struct {
	json    []byte
	indexed string
}

// changing drops the kept JSON: the object is about to be read or changed
// by someone who may change it.
func (e *entry) changing() {
	if e.enc.Load() != nil {
		e.enc.Store(nil)
	}
}

// json is the object's encoding: the kept one, or a new one that is kept.
// Readers holding the state's read lock may call it at once; the object
// does not change while any of them holds it.
func (e *entry) json() []byte {
	field := e.in.indexField()
	if k := e.enc.Load(); k != nil {
		if checkEncodings {
			if fresh := encodeObject(e.o); !bytes.Equal(k.json, fresh) || k.indexed != indexedValue(e.o, field) {
				panic(fmt.Sprintf("emulator: the kept JSON of %v is stale:\nkept  %s\nfresh %s", e.o["id"], k.json, fresh))
			}
		}
		return k.json
	}
	k := &kept{json: encodeObject(e.o), indexed: indexedValue(e.o, field)}
	e.enc.Store(k)
	return k.json
}

// indexedAs reports whether the object's field is value for sure without
// looking into it: its kept value says so.
func (e *entry) indexedAs(value string) bool {
	k := e.enc.Load()
	return k != nil && k.indexed == value
}

func indexedValue(o object, field string) string {
	if field == "" {
		return ""
	}
	return str(o[field])
}

// checkEncodings makes every use of a kept encoding compare it with a fresh
// one and panic when they differ. The package's tests turn it on, so that
// every scenario they run also checks that no change was missed.
var checkEncodings bool

// encodeObject encodes o exactly as encodeJSON does, without the newline,
// into a slice of its own.
func encodeObject(o object) []byte {
	b := encodeJSON(o)
	out := bytes.Clone(b[:len(b)-1])
	releaseJSON(b)
	return out
}

// storedPage is a find's answer made of stored objects.
type storedPage struct {
	key     string // "items" or "content"
	items   []*entry
	hasMore bool
}

// storedObject is a get's answer: one stored object as it is.
type storedObject struct{ e *entry }

// encodedParts is an answer whose parts are encoded and which can be
// joined without the lock: the parts never change once made.
type encodedParts struct {
	head, tail []byte
	items      [][]byte // joined with commas between head and tail
	one        []byte   // or this one alone
}

var newline = []byte("\n")

// takeEncodings reads the kept encodings of an answer of stored objects,
// with the state locked; ok is false for any other answer.
func takeEncodings(body any) (parts encodedParts, ok bool) {
	switch x := body.(type) {
	case storedObject:
		return encodedParts{one: x.e.json(), tail: newline}, true
	case *storedPage:
		more := "false"
		if x.hasMore {
			more = "true"
		}
		// Keys in sorted order, as encodeJSON writes a map.
		if x.key < "has_more" {
			parts.head = []byte(`{"` + x.key + `":[`)
			parts.tail = []byte(`],"has_more":` + more + "}\n")
		} else {
			parts.head = []byte(`{"has_more":` + more + `,"` + x.key + `":[`)
			parts.tail = []byte("]}\n")
		}
		parts.items = make([][]byte, len(x.items))
		for i, e := range x.items {
			parts.items[i] = e.json()
		}
		return parts, true
	}
	return parts, false
}

// join writes the answer into a buffer from encodeJSON's pool (give it
// back with releaseJSON).
func (p encodedParts) join() []byte {
	n := len(p.head) + len(p.tail) + len(p.items) + len(p.one)
	for _, it := range p.items {
		n += len(it)
	}
	b := (*jsonBufs.Get().(*[]byte))[:0]
	b = append(b, p.head...)
	if cap(b) < n {
		b = append(make([]byte, 0, n), b...)
	}
	for i, it := range p.items {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, it...)
	}
	b = append(b, p.one...)
	return append(b, p.tail...)
}
