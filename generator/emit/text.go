package emit

import (
	"github.com/dave/jennifer/jen"

	"github.com/oasgen/oasgen/generator/model"
)

// formatFunc is the support function that writes a value of t as text.
func formatFunc(t model.TypeRef) jen.Code {
	switch t.Kind {
	case model.KindUUID:
		return jen.Id("formatUUID")
	case model.KindTime:
		if t.Format == "date-time-rfc1123" {
			return jen.Id("formatRFC1123")
		}
		return jen.Id("formatDateTime")
	case model.KindExternal:
		return jen.Id("formatText").Index(goType(t))
	case model.KindNamed:
		if t.Decl.Kind == model.DeclEnum {
			if t.Decl.Enum.Base == "string" {
				return jen.Id("formatString").Index(goType(t))
			}
			return jen.Id("formatInt").Index(goType(t))
		}
		return baseFormat(t.Decl.Underlying.Name, goType(t))
	case model.KindBuiltin:
		return baseFormat(t.Name, goType(t))
	}
	return jen.Id("formatString").Index(jen.String())
}

func baseFormat(base string, typ jen.Code) jen.Code {
	switch base {
	case "bool":
		return jen.Id("formatBool")
	case "int32", "int64":
		return jen.Id("formatInt").Index(typ)
	case "float32", "float64":
		return jen.Id("formatFloat").Index(typ)
	}
	return jen.Id("formatString").Index(typ)
}

// textKind is the wireKind (templates/support/wire.go) of values of t,
// for an opWire table or an example server's: the kind of formatFunc(t)
// and parseFunc(t). TestTextKind holds the three together.
func textKind(t model.TypeRef) string {
	switch t.Kind {
	case model.KindUUID:
		return "wUUID"
	case model.KindTime:
		if t.Format == "date-time-rfc1123" {
			return "wRFC1123"
		}
		return "wDateTime"
	case model.KindExternal:
		return "wMarshaler"
	case model.KindNamed:
		if t.Decl.Kind == model.DeclEnum {
			if t.Decl.Enum.Base == "string" {
				return "wString"
			}
			return "wInt"
		}
		return baseKind(t.Decl.Underlying.Name)
	case model.KindBuiltin:
		return baseKind(t.Name)
	}
	return "wString"
}

func baseKind(base string) string {
	switch base {
	case "bool":
		return "wBool"
	case "int32", "int64":
		return "wInt"
	case "float32", "float64":
		return "wFloat"
	}
	return "wString"
}

// formatValue renders v (an expression of type t) as a string expression.
func formatValue(t model.TypeRef, v jen.Code) jen.Code {
	if t.Kind == model.KindSlice {
		return jen.Id("formatCSV").Call(v, formatFunc(*t.Elem))
	}
	if t.Kind == model.KindBuiltin && t.Name == "string" {
		return v
	}
	return jen.Add(formatFunc(t)).Call(v)
}

// parseFunc is the support function that reads a value of t from text.
func parseFunc(t model.TypeRef) jen.Code {
	switch t.Kind {
	case model.KindUUID:
		return jen.Id("ParseUUID")
	case model.KindTime:
		if t.Format == "date-time-rfc1123" {
			return jen.Id("parseRFC1123")
		}
		return jen.Id("parseDateTime")
	case model.KindExternal:
		return jen.Id("parseText").Index(goType(t))
	case model.KindSlice:
		return jen.Id("parseCSV").Call(parseFunc(*t.Elem))
	case model.KindNamed:
		if t.Decl.Kind == model.DeclEnum {
			if t.Decl.Enum.Base == "string" {
				return jen.Id("parseEnum").Index(goType(t))
			}
			return jen.Id("parseEnumInt").Index(goType(t))
		}
		if t.Decl.Underlying.Name == "string" {
			return jen.Id("parseEnum").Index(goType(t))
		}
		return jen.Id("parseEnumInt").Index(goType(t))
	case model.KindBuiltin:
		switch t.Name {
		case "bool":
			return jen.Id("parseBool")
		case "int32":
			return jen.Id("parseInt32")
		case "int64":
			return jen.Id("parseInt64")
		case "float32":
			return jen.Id("parseFloat32")
		case "float64":
			return jen.Id("parseFloat64")
		}
	}
	return jen.Id("parseString")
}

// literal renders a default value as a constant of type t.
func literal(t model.TypeRef, v any) jen.Code {
	if t.Kind == model.KindBuiltin {
		switch t.Name {
		case "int32", "int64":
			switch n := v.(type) {
			case float64:
				v = int(n)
			case int64:
				v = int(n)
			}
			return jen.Id(t.Name).Call(jen.Lit(v))
		case "float32", "float64":
			if i, ok := v.(int64); ok {
				v = float64(i)
			}
			return jen.Id(t.Name).Call(jen.Lit(v))
		}
		return jen.Lit(v)
	}
	if t.Kind == model.KindNamed {
		return goType(t).Call(jen.Lit(v))
	}
	return nil
}

// hasLiteral reports whether a default can be written for t.
func hasLiteral(t model.TypeRef, v any) bool {
	if v == nil {
		return false
	}
	switch t.Kind {
	case model.KindBuiltin:
		switch v.(type) {
		case string:
			return t.Name == "string"
		case bool:
			return t.Name == "bool"
		case int64, float64:
			return t.Name == "int32" || t.Name == "int64" || t.Name == "float32" || t.Name == "float64"
		}
	case model.KindNamed:
		if t.Decl.Kind != model.DeclEnum {
			return false
		}
		_, isString := v.(string)
		return isString == (t.Decl.Enum.Base == "string")
	}
	return false
}
