package model

import (
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// What the definition says of the service as a whole: its endpoint, the
// header carrying its request id, and its OAuth2 scopes.

func (b *builder) endpoint() string {
	t := b.doc.T
	if len(t.Servers) != 1 {
		return ""
	}
	u := t.Servers[0].URL
	if strings.Contains(u, "{") || !(strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")) {
		return ""
	}
	return strings.TrimSuffix(u, "/")
}

// requestIDHeader is the header named by x-ms-request-id, or a
// conventional request id header the responses declare.
func (b *builder) requestIDHeader() string {
	if v, ok := b.doc.T.Extensions["x-ms-request-id"].(string); ok {
		return v
	}
	count := map[string]int{}
	for _, path := range b.doc.T.Paths.InMatchingOrder() {
		for _, op := range b.doc.T.Paths.Value(path).Operations() {
			if v, ok := op.Extensions["x-ms-request-id"].(string); ok {
				count[v]++
			}
		}
	}
	best := ""
	for _, k := range slices.Sorted(maps.Keys(count)) {
		if best == "" || count[k] > count[best] {
			best = k
		}
	}
	if best != "" {
		return best
	}
	for _, g := range b.api.Groups {
		for _, op := range g.Operations {
			for _, h := range op.Response.Headers {
				switch strings.ToLower(h.Wire) {
				case "request-id", "x-request-id", "x-ms-request-id":
					return h.Wire
				}
			}
		}
	}
	return ""
}

// scopes collects the OAuth2 scopes of every security scheme.
func (b *builder) scopes() []string {
	seen := map[string]bool{}
	for _, ref := range b.doc.T.Components.SecuritySchemes {
		if ref == nil || ref.Value == nil || ref.Value.Flows == nil {
			continue
		}
		f := ref.Value.Flows
		for _, flow := range []*openapi3.OAuthFlow{f.Implicit, f.Password, f.ClientCredentials, f.AuthorizationCode} {
			if flow != nil {
				for s := range flow.Scopes {
					seen[s] = true
				}
			}
		}
		// OpenAPI 3.2's device authorization flow, which kin-openapi
		// keeps as an unknown member.
		device, _ := f.Extensions["deviceAuthorization"].(map[string]any)
		scopes, _ := device["scopes"].(map[string]any)
		for s := range scopes {
			seen[s] = true
		}
	}
	return slices.Sorted(maps.Keys(seen))
}
