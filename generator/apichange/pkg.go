package apichange

import (
	"fmt"
	"slices"
	"strings"

	"github.com/oasgen/oasgen/generator/model"
)

// pkg compares the package-level declarations and what the definition
// says of the service as a whole. Generated API that no schema or
// operation declares (ExampleServers, DefaultEndpoint, OAuth2Scopes, the
// support code) is in the Go view whatever this names: a change here
// only gives it words.
func (c *comparer) pkg(old, new *model.API) {
	at := func(subject, what string, req, resp Wire, old, new string, ids ...string) {
		c.add(Change{Section: "package", Subject: subject, What: what, Request: req, Response: resp, Old: old, New: new, Go: ids})
	}
	ov, nv := old.APIVersion, new.APIVersion
	switch {
	case ov != nil && nv != nil && (ov.Value != nv.Value || ov.GoName != nv.GoName):
		at(nv.GoName, fmt.Sprintf("api-version %q → %q (each server accepts only its own)", ov.Value, nv.Value), WireEncoding, "",
			versionPointer(old), versionPointer(new), ov.GoName, nv.GoName)
	case ov != nil && nv == nil:
		at(ov.GoName, "api-version constant removed", "", "", versionPointer(old), "", ov.GoName)
	case ov == nil && nv != nil:
		at(nv.GoName, fmt.Sprintf("api-version %q added", nv.Value), "", "", "", versionPointer(new), nv.GoName)
	}
	switch {
	case old.Endpoint != "" && new.Endpoint == "":
		at("DefaultEndpoint", fmt.Sprintf("default endpoint %s removed", old.Endpoint), "", "", "#/servers", "", "DefaultEndpoint")
	case old.Endpoint == "" && new.Endpoint != "":
		at("DefaultEndpoint", fmt.Sprintf("default endpoint %s added", new.Endpoint), "", "", "", "#/servers", "DefaultEndpoint")
	case old.Endpoint != new.Endpoint:
		at("DefaultEndpoint", fmt.Sprintf("default endpoint %s → %s", old.Endpoint, new.Endpoint), "", "", "#/servers", "#/servers", "DefaultEndpoint")
	}
	if c.parts.Client {
		switch {
		case len(old.Scopes) > 0 && len(new.Scopes) == 0:
			at("OAuth2Scopes", "OAuth2 scopes removed", "", "", "", "", "OAuth2Scopes")
		case len(old.Scopes) == 0 && len(new.Scopes) > 0:
			at("OAuth2Scopes", "OAuth2 scopes: "+strings.Join(new.Scopes, ", "), "", "", "", "", "OAuth2Scopes")
		case !slices.Equal(old.Scopes, new.Scopes):
			at("OAuth2Scopes", fmt.Sprintf("OAuth2 scopes %s → %s: tokens asked for the old scopes are not valid for the new", strings.Join(old.Scopes, ", "), strings.Join(new.Scopes, ", ")),
				WireBreaks, "", "", "", "OAuth2Scopes")
		}
	}
	if old.RequestID != new.RequestID {
		at("request id", fmt.Sprintf("request id header %q → %q", old.RequestID, new.RequestID), "", "", "", "")
	}
	if c.parts.Server {
		switch o, n := old.HasExamples(), new.HasExamples(); {
		case o && !n:
			at("ExampleServers", "ExampleServers removed: the new definition has no examples", "", "", "", "", "ExampleServers")
		case !o && n:
			at("ExampleServers", "ExampleServers added: the new definition has examples", "", "", "", "", "ExampleServers")
		}
	}
}
