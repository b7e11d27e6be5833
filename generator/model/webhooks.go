package model

import (
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// declareWebhooks puts the operations of the definition's webhooks
// (OpenAPI 3.1) into one group, Webhooks: its server interface is what a
// receiver implements, its client (WebhookSender) is what a sender calls.
// An operation is named by its operationId, else by its webhook's name
// (with the method when the webhook has several).
func (b *builder) declareWebhooks(ops []*opSource, files *namespace) {
	if len(ops) == 0 {
		return
	}
	g := &Group{Name: "Webhooks", Webhooks: true}
	g.Client = b.ns.claim("WebhookSender", "")
	g.Server = b.ns.claim("WebhooksServer", "")
	g.Unimpl = b.ns.claim("UnimplementedWebhooksServer", "")
	g.File = files.claim("webhooks", "_")
	b.api.Webhooks = g
	methods := map[string]int{}
	for _, o := range ops {
		methods[o.webhook]++
	}
	fields := newNamespace()
	byName := map[string]*Hook{}
	for _, o := range ops { // sorted by webhook name, then method
		o.group = g
		name := GoName(o.op.OperationID)
		if name == "" && methods[o.webhook] > 1 {
			name = GoName(strings.ToLower(o.method) + " " + o.webhook)
		} else if name == "" {
			name = GoName(o.webhook)
		}
		o.model = &Operation{GoName: name}
		h := byName[o.webhook]
		if h == nil {
			h = &Hook{Name: o.webhook, GoName: fields.claim(GoName(o.webhook), "Hook")}
			byName[o.webhook] = h
			b.api.Hooks = append(b.api.Hooks, h)
		}
		h.Operations = append(h.Operations, o.model)
	}
	sort.Slice(b.api.Hooks, func(i, j int) bool { return b.api.Hooks[i].GoName < b.api.Hooks[j].GoName })
}

// license is info.license as the package comment shows it: "Apache 2.0
// (SPDX Apache-2.0)"; the URL when there is no identifier.
func license(l *openapi3.License) string {
	if l == nil {
		return ""
	}
	name, id := strings.TrimSpace(l.Name), strings.TrimSpace(l.Identifier)
	switch {
	case id != "" && name != "":
		return name + " (SPDX " + id + ")"
	case id != "":
		return "SPDX " + id
	case name != "" && l.URL != "":
		return name + " (" + l.URL + ")"
	}
	return name
}
