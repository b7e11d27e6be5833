package model

// Paging: x-ms-pageable operations, whose pager follows next links.

func (b *builder) pageable(o *opSource) {
	m := o.model
	x, ok := o.op.Extensions["x-ms-pageable"].(map[string]any)
	if !ok || m.Response.Body == nil || !m.Response.Body.IsStruct() {
		return
	}
	next, _ := x["nextLinkName"].(string)
	items, _ := x["itemName"].(string)
	if items == "" {
		items = "value"
	}
	page := m.Response.Body.Decl
	var pg Pageable
	for _, f := range page.Fields {
		switch f.JSONName {
		case next:
			if f.Type.Kind == KindBuiltin && f.Type.Name == "string" {
				pg.NextName, pg.NextPtr = f.GoName, f.Pointer
			}
		case items:
			if f.Type.Kind == KindSlice {
				pg.ItemsName, pg.Item = f.GoName, *f.Type.Elem
			}
		}
	}
	if pg.ItemsName == "" || next == "" || pg.NextName == "" {
		return
	}
	pg.Name = b.methods[o.group].claim(m.GoName+"All", "")
	pg.Paged = b.methods[o.group].claim(lowerName(m.GoName)+"Page", "")
	m.Pageable = &pg
}
