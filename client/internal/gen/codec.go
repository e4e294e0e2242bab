package gen

// The JSON methods of the client's model types: each struct with an Extra
// field gets an encoder and a decoder written out member by member, so the
// models round-trip without reflection and keep what they do not know.

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// ModelFiles are the files whose struct types with an Extra field get JSON methods.
var ModelFiles = []string{"models.go", "models_tolokers.go", "models_apps.go", "results.go", "quality_control.go", "operation.go"}

func writeModelMethods(b *bytes.Buffer, sources [][]byte) error {
	models := map[string][]modelField{}
	for i, src := range sources {
		f, err := parser.ParseFile(token.NewFileSet(), fmt.Sprint("model source ", i), src, 0)
		if err != nil {
			return err
		}
		for name, fields := range modelTypes(f) {
			models[name] = fields
		}
	}
	names := make([]string, 0, len(models))
	for n := range models {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(b, "// UnmarshalJSON reads %s in one pass, keeping the fields it does not declare in Extra.\n", n)
		fmt.Fprintf(b, "func (v *%s) UnmarshalJSON(b []byte) error { return decodeDocument(b, v) }\n\n", n)
		fmt.Fprintf(b, "func (v *%s) decode(d *decoder) error {\n", n)
		b.WriteString("\treturn d.object(&v.Extra, func(k []byte) (bool, error) {\n\t\tswitch string(k) {\n")
		for _, f := range models[n] {
			fmt.Fprintf(b, "\t\tcase %q:\n\t\t\treturn true, %s\n", f.json, fieldDecoder(f, models))
		}
		b.WriteString("\t\t}\n\t\treturn false, nil\n\t})\n}\n\n")
		fmt.Fprintf(b, "// MarshalJSON writes the declared fields and then Extra.\n")
		fmt.Fprintf(b, "func (v %s) MarshalJSON() ([]byte, error) { return v.appendJSON(nil) }\n\n", n)
		fmt.Fprintf(b, "// appendJSON writes what encoding/json would write for the declared fields,\n// without reflection; a model with Extra takes the general path.\n")
		fmt.Fprintf(b, "func (v *%s) appendJSON(b []byte) ([]byte, error) {\n", n)
		if hook := encodeHooks[n]; hook != "" {
			fmt.Fprintf(b, "\tcopied := *v\n\tv = &copied\n\t%s\n", hook)
		}
		fmt.Fprintf(b, "\tif len(v.Extra) > 0 {\n\t\ttype plain %s\n\t\tout, err := encodeWithExtra(plain(*v), v.Extra)\n\t\treturn append(b, out...), err\n\t}\n\tvar e encoder\n\tb = append(b, '{')\n\tstart := len(b)\n", n)
		for _, f := range models[n] {
			b.WriteString(fieldEncoder(f, models))
		}
		b.WriteString("\treturn append(b, '}'), e.err\n}\n\n")
	}
	return nil
}

// modelField is one declared JSON member of a model.
type modelField struct {
	goName, json, goType string
	omitEmpty, omitZero  bool
}

// enumTypes are the enum types of package client, by their Go name and by
// the description's (Pool.Status → PoolStatus): strings on the wire.
var enumTypes map[string]string

// fieldDecoder is the expression that decodes raw into the field.
func fieldDecoder(f modelField, models map[string][]modelField) string {
	dst := "&v." + f.goName
	switch t := f.goType; {
	case enumTypes[t] != "":
		return "d.str((*string)(" + dst + "))"
	case strings.HasPrefix(t, "[]") && enumTypes[t[2:]] != "":
		return "enumList(d, " + dst + ")"
	case t == "string" && (f.json == "id" || strings.HasSuffix(f.json, "_id")):
		return "d.id(" + dst + ")"
	case t == "string":
		return "d.str(" + dst + ")"
	case t == "Timestamp":
		return "d.str((*string)(" + dst + "))"
	case t == "*string":
		return "d.strPtr(" + dst + ")"
	case t == "bool":
		return "d.boolean(" + dst + ")"
	case t == "*bool":
		return "d.boolPtr(" + dst + ")"
	case t == "int":
		return "d.integer(" + dst + ")"
	case t == "*int":
		return "d.intPtr(" + dst + ")"
	case t == "float64":
		return "d.float(" + dst + ")"
	case t == "*float64":
		return "d.floatPtr(" + dst + ")"
	case t == "[]string":
		return "d.strings(" + dst + ")"
	case t == "json.RawMessage":
		return "d.raw(" + dst + ")"
	case t == "LocalizedText" || t == "map[string]string":
		return "d.stringMap((*map[string]string)(" + dst + "))"
	case t == "Values":
		return "d.values(" + dst + ")"
	case t == "[]Values":
		return "d.valuesList(" + dst + ")"
	case interfaceDecoders[t] != "":
		return "decodeVia(d, " + dst + ", " + interfaceDecoders[t] + ")"
	case strings.HasPrefix(t, "*") && models[t[1:]] != nil:
		return "decodeModel(d, " + dst + ")"
	case strings.HasPrefix(t, "[]*") && models[t[3:]] != nil:
		return "decodeModels(d, " + dst + ")"
	}
	// Decimal decodes itself; rare shapes (maps of specs) go by encoding/json.
	return "d.unmarshal(" + dst + ")"
}

// interfaceDecoders read the fields whose type is an interface of a model
// package: the variant comes from the JSON's discriminator.
var interfaceDecoders = map[string]string{
	"CollectorConfig": "collectors.Decode",
	"RuleAction":      "actions.Decode",
	"FilterCondition": "filter.Decode",
}

// encodeHooks change a copy of a model before it is written: toloka-kit sends
// a pool's filter as an and of ors, and a message's filter inside an and.
var encodeHooks = map[string]string{
	"Pool":                 "v.Filter = filter.PoolShape(v.Filter)",
	"MessageThreadCompose": "v.RecipientsFilter = filter.ComposeShape(v.RecipientsFilter)",
}

// fieldEncoder is the code that writes the field, following encoding/json's
// omitempty and omitzero.
func fieldEncoder(f modelField, models map[string][]modelField) string {
	v := "v." + f.goName
	key := fmt.Sprintf("b = e.key(b, start, `\"%s\":`)\n", f.json)
	t := f.goType
	var cond, write string
	isPtr := strings.HasPrefix(t, "*")
	isList := strings.HasPrefix(t, "[]") || strings.HasPrefix(t, "map[") || t == "Values" || t == "List" || t == "LocalizedText" || t == "json.RawMessage"
	switch {
	case (f.omitEmpty || f.omitZero) && interfaceDecoders[t] != "":
		cond = v + " != nil"
	case (f.omitEmpty || f.omitZero) && (t == "string" || t == "Timestamp" || enumTypes[t] != ""):
		cond = v + ` != ""`
	case (f.omitEmpty || f.omitZero) && isPtr:
		cond = v + " != nil"
	case (f.omitEmpty || f.omitZero) && t == "bool":
		cond = v
	case (f.omitEmpty || f.omitZero) && (t == "int" || t == "float64"):
		cond = v + " != 0"
	case f.omitEmpty && isList:
		cond = "len(" + v + ") != 0"
	case f.omitZero && isList:
		cond = v + " != nil"
	case f.omitZero && t == "Decimal":
		cond = "!" + v + ".IsZero()"
	}
	switch {
	case t == "string":
		write = "b = jsonenc.AppendString(b, " + v + ")"
	case t == "Timestamp" || enumTypes[t] != "":
		write = "b = jsonenc.AppendString(b, string(" + v + "))"
	case t == "bool":
		write = "b = strconv.AppendBool(b, " + v + ")"
	case t == "int":
		write = "b = strconv.AppendInt(b, int64(" + v + "), 10)"
	case t == "float64":
		write = "b = e.float(b, " + v + ")"
	case t == "*string":
		write = "b = jsonenc.AppendString(b, *" + v + ")"
	case t == "*bool":
		write = "b = strconv.AppendBool(b, *" + v + ")"
	case t == "*int":
		write = "b = strconv.AppendInt(b, int64(*" + v + "), 10)"
	case t == "*float64":
		write = "b = e.float(b, *" + v + ")"
	case t == "[]string":
		write = "b = jsonenc.AppendStrings(b, " + v + ")"
	case t == "json.RawMessage":
		write = "b = e.raw(b, " + v + ")"
	case t == "Values":
		write = "b = e.values(b, " + v + ")"
	case isPtr && models[t[1:]] != nil:
		write = "b = e.check(" + v + ".appendJSON(b))"
	case strings.HasPrefix(t, "[]*") && models[t[3:]] != nil:
		write = "b = appendModels(&e, b, " + v + ")"
	case t == "Decimal":
		write = "b = e.marshaler(b, " + v + ")"
	default: // rare shapes (maps of specs, lists of Values) go by encoding/json
		write = "b = e.any(b, " + v + ")"
	}
	switch {
	case isPtr && cond == "": // a nil pointer without omitempty is null
		return key + "if " + v + " == nil {\nb = append(b, \"null\"...)\n} else {\n" + write + "\n}\n"
	case cond == "":
		return key + write + "\n"
	}
	return "if " + cond + " {\n" + key + write + "\n}\n"
}

// modelTypes are the struct types with an Extra field, and their JSON members.
func modelTypes(f *ast.File) map[string][]modelField {
	models := map[string][]modelField{}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, s := range gd.Specs {
			ts := s.(*ast.TypeSpec)
			st, ok := ts.Type.(*ast.StructType)
			if !ok || ts.Assign != 0 || ts.TypeParams != nil {
				continue
			}
			var fields []modelField
			isModel := false
			for _, fld := range st.Fields.List {
				if len(fld.Names) == 1 && fld.Names[0].Name == "Extra" {
					isModel = true
					continue
				}
				if len(fld.Names) != 1 || !fld.Names[0].IsExported() {
					continue
				}
				f := modelField{goName: fld.Names[0].Name, json: fld.Names[0].Name, goType: types.ExprString(fld.Type)}
				if fld.Tag != nil {
					tag, _ := strconv.Unquote(fld.Tag.Value)
					n, opts, _ := strings.Cut(reflect.StructTag(tag).Get("json"), ",")
					if n == "-" && opts == "" {
						continue
					}
					if n != "" {
						f.json = n
					}
					for _, o := range strings.Split(opts, ",") {
						f.omitEmpty = f.omitEmpty || o == "omitempty"
						f.omitZero = f.omitZero || o == "omitzero"
					}
				}
				fields = append(fields, f)
			}
			if isModel {
				models[ts.Name.Name] = fields
			}
		}
	}
	return models
}
