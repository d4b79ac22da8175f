package lint

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"go/types"
	"reflect"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/objectpath"
)

// Facts are how an analyzer learns, while analysing a package, what it
// concluded about the packages it imports (see analysis.Fact). Each
// package is type-checked against its imports' export data, so facts
// cross package boundaries in serialized form: objects are named by
// package path and objectpath, and every package's own facts are stored
// with its cached result. A package that is a cache hit therefore still
// feeds its facts to a dependent that must be analysed again.

type factKey struct {
	pkg *types.Package
	obj types.Object // nil for a package fact
	t   reflect.Type
}

// factStore holds the facts visible while analysing one package: those
// its dependencies exported, and those the package's own passes export.
type factStore struct {
	pkg *types.Package
	m   map[factKey]analysis.Fact
}

func newFactStore(pkg *types.Package) *factStore {
	return &factStore{pkg: pkg, m: map[factKey]analysis.Fact{}}
}

func (s *factStore) importObject(a *analysis.Analyzer, obj types.Object, ptr analysis.Fact) bool {
	if obj == nil {
		panic("nil object passed to ImportObjectFact")
	}
	checkFactType(a, ptr, "ImportObjectFact")
	if v, ok := s.m[factKey{obj.Pkg(), obj, reflect.TypeOf(ptr)}]; ok {
		reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(v).Elem())
		return true
	}
	return false
}

func (s *factStore) exportObject(a *analysis.Analyzer, obj types.Object, fact analysis.Fact) {
	checkFactType(a, fact, "ExportObjectFact")
	if obj.Pkg() != s.pkg {
		panic(fmt.Sprintf("in package %s: ExportObjectFact(%s, %T): cannot set a fact on an object of another package", s.pkg.Path(), obj, fact))
	}
	s.m[factKey{obj.Pkg(), obj, reflect.TypeOf(fact)}] = fact
}

func (s *factStore) importPackage(a *analysis.Analyzer, pkg *types.Package, ptr analysis.Fact) bool {
	if pkg == nil {
		panic("nil package passed to ImportPackageFact")
	}
	checkFactType(a, ptr, "ImportPackageFact")
	if v, ok := s.m[factKey{pkg, nil, reflect.TypeOf(ptr)}]; ok {
		reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(v).Elem())
		return true
	}
	return false
}

func (s *factStore) exportPackage(a *analysis.Analyzer, fact analysis.Fact) {
	checkFactType(a, fact, "ExportPackageFact")
	s.m[factKey{s.pkg, nil, reflect.TypeOf(fact)}] = fact
}

func (s *factStore) allObjects(a *analysis.Analyzer) []analysis.ObjectFact {
	want := factTypeSet(a)
	var out []analysis.ObjectFact
	for k, v := range s.m {
		if k.obj != nil && want[k.t] {
			out = append(out, analysis.ObjectFact{Object: k.obj, Fact: v})
		}
	}
	return out
}

func (s *factStore) allPackages(a *analysis.Analyzer) []analysis.PackageFact {
	want := factTypeSet(a)
	var out []analysis.PackageFact
	for k, v := range s.m {
		if k.obj == nil && want[k.t] {
			out = append(out, analysis.PackageFact{Package: k.pkg, Fact: v})
		}
	}
	return out
}

func factTypeSet(a *analysis.Analyzer) map[reflect.Type]bool {
	m := make(map[reflect.Type]bool, len(a.FactTypes))
	for _, f := range a.FactTypes {
		m[reflect.TypeOf(f)] = true
	}
	return m
}

// checkFactType enforces the analysis API's rule that an analyzer only
// uses the fact types it declares (the panic becomes an analyzer error).
func checkFactType(a *analysis.Analyzer, f analysis.Fact, method string) {
	t := reflect.TypeOf(f)
	for _, ft := range a.FactTypes {
		if reflect.TypeOf(ft) == t {
			return
		}
	}
	panic(fmt.Sprintf("analyzer %s called %s with fact type %v, which is not in its FactTypes", a.Name, method, t))
}

// serialFact is one fact in a package's stored facts.
type serialFact struct {
	Pkg    string          // path of the package the fact is about
	Object objectpath.Path // "" for a package fact
	Type   string          // factTypeName of the fact's type
	Data   []byte          // gob encoding of the fact's value
}

// factTypeName names a fact type stably across runs (reflect.Type values
// do not survive the process).
func factTypeName(t reflect.Type) string {
	if t.Kind() == reflect.Pointer && t.Elem().Name() != "" {
		return t.Elem().PkgPath() + "." + t.Elem().Name()
	}
	return t.String()
}

// encode serializes the facts about the store's own package. Facts about
// objects that have no objectpath (local to a function body) cannot be
// seen from another package and are dropped, as the go vet driver does.
func (s *factStore) encode() ([]byte, error) {
	var enc objectpath.Encoder
	var out []serialFact
	for k, fact := range s.m {
		if k.pkg != s.pkg {
			continue
		}
		var path objectpath.Path
		if k.obj != nil {
			p, err := enc.For(k.obj)
			if err != nil {
				continue
			}
			path = p
		}
		data, err := encodeFact(fact)
		if err != nil {
			return nil, fmt.Errorf("cannot encode fact %T about %v: %v", fact, factSubject(k), err)
		}
		out = append(out, serialFact{Pkg: k.pkg.Path(), Object: path, Type: factTypeName(k.t), Data: data})
	}
	if len(out) == 0 {
		return nil, nil
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Object != b.Object {
			return a.Object < b.Object
		}
		return a.Type < b.Type
	})
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func factSubject(k factKey) string {
	if k.obj != nil {
		return k.obj.String()
	}
	return "package " + k.pkg.Path()
}

// encodeFact gob-encodes the value a fact pointer points to. A struct
// without fields (a common "marker" fact) has no content, and gob refuses
// to encode it, so it is stored as empty; any other value gob cannot
// encode (a struct with only unexported fields) is an error rather than a
// fact silently emptied.
func encodeFact(f analysis.Fact) ([]byte, error) {
	if t := reflect.TypeOf(f).Elem(); t.Kind() == reflect.Struct && t.NumField() == 0 {
		return nil, nil
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// decode adds the facts serialized in data to the store, resolving each
// subject in the packages visible to the store's package (view, by path).
// Facts about packages or objects the package cannot see are skipped: no
// pass could ask for them.
func (s *factStore) decode(data []byte, view map[string]*types.Package, factTypes map[string]reflect.Type) error {
	if len(data) == 0 {
		return nil
	}
	var in []serialFact
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&in); err != nil {
		return err
	}
	for _, sf := range in {
		t, ok := factTypes[sf.Type]
		if !ok {
			continue // a fact of an analyzer not running now
		}
		pkg := view[sf.Pkg]
		if pkg == nil {
			continue
		}
		key := factKey{pkg: pkg, t: t}
		if sf.Object != "" {
			obj, err := objectpath.Object(pkg, sf.Object)
			if err != nil {
				continue
			}
			key.obj = obj
		}
		v := reflect.New(t.Elem())
		if len(sf.Data) > 0 {
			if err := gob.NewDecoder(bytes.NewReader(sf.Data)).DecodeValue(v); err != nil {
				return fmt.Errorf("fact %s: %v", sf.Type, err)
			}
		}
		s.m[key] = v.Interface().(analysis.Fact)
	}
	return nil
}
