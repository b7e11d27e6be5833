package model_test

import (
	"slices"
	"testing"

	"github.com/oasgen/oasgen/generator/model"
)

// Webhooks (OpenAPI 3.1) are one group whose operations are named by
// operationId, else by the webhook's name (with the method when it has
// several), located under #/webhooks; each webhook is one Hook.
func TestWebhooks(t *testing.T) {
	api, _ := buildFile(t, "../../specs/fixtures/oas31/openapi.yaml")
	g := api.Webhooks
	if g == nil || g.Server != "WebhooksServer" || g.Client != "WebhookSender" || g.File != "webhooks" {
		t.Fatalf("webhooks group %+v", g)
	}
	var ops []string
	for _, op := range g.Operations {
		ops = append(ops, op.GoName+" "+op.Method+" "+op.Webhook+" "+op.Pointer+" "+op.HandlerName)
	}
	want := []string{
		"DeletePetRemoved DELETE pet.removed #/webhooks/pet.removed/delete webhooksDeletePetRemoved",
		"NewPet POST newPet #/webhooks/newPet/post webhooksNewPet",
		"PetGone POST pet.removed #/webhooks/pet.removed/post webhooksPetGone",
	}
	if !slices.Equal(ops, want) {
		t.Errorf("operations:\n%q\nwant\n%q", ops, want)
	}
	var hooks []string
	for _, h := range api.Hooks {
		hooks = append(hooks, h.GoName+"="+h.Name)
		for _, op := range h.Operations {
			hooks = append(hooks, op.GoName)
		}
	}
	if want := []string{"NewPet=newPet", "NewPet", "PetRemoved=pet.removed", "PetGone", "DeletePetRemoved"}; !slices.Equal(hooks, want) {
		t.Errorf("hooks %q, want %q", hooks, want)
	}
	for _, grp := range api.Groups {
		if grp == g {
			t.Error("the webhooks group is among the operation groups")
		}
	}
	if api.License != "Apache 2.0 (SPDX Apache-2.0)" {
		t.Errorf("license %q", api.License)
	}
}

// OpenAPI 3.1 references: a $ref's sibling description documents the
// field, parameter or body, not the referenced component; components/pathItems reached by a
// $ref from paths generate their operations.
func TestOpenAPI31Siblings(t *testing.T) {
	api, _ := buildFile(t, "../../specs/fixtures/oas31/openapi.yaml")
	docs := map[string]string{}
	for _, ty := range api.Types {
		docs[ty.Name] = ty.Doc
		for _, f := range ty.Fields {
			docs[ty.Name+"."+f.GoName] = f.Doc
		}
	}
	if docs["Pet.Owner"] != "Who owns it." || docs["Owner"] != "A person or an organisation." {
		t.Errorf("Pet.Owner %q, Owner %q", docs["Pet.Owner"], docs["Owner"])
	}
	found := false
	for _, g := range api.Groups {
		for _, op := range g.Operations {
			if op.ID == "getOwner" && op.Path == "/owners/{id}" && len(op.PathParams) == 1 {
				found = true
			}
			if op.ID != "putPet" {
				continue
			}
			// A Reference Object's description (3.1) describes that use of
			// a parameter or request body component.
			if f := op.Options.Params[0]; f.GoName != "DryRun" || f.Doc != "Validate the pet without storing it." {
				t.Errorf("putPet option %s: %q", f.GoName, f.Doc)
			}
			if op.Body.Doc != "The pet to store." {
				t.Errorf("putPet body: %q", op.Body.Doc)
			}
		}
	}
	if !found {
		t.Error("getOwner (components/pathItems) not generated")
	}
}

// The names webhooks bring never collide with a tag named webhooks or with
// schemas of the same names, and filters select webhooks like operations.
func TestWebhookNames(t *testing.T) {
	const spec = `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: list
      tags: [webhooks]
      responses: {"204": {description: ok}}
webhooks:
  "a b/c":
    post:
      tags: [hooks]
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/WebhookHandlers"}}}}
      responses: {"204": {description: ok}}
components:
  schemas:
    WebhookHandlers: {type: object, properties: {x: {type: string}}}
    WebhooksServer: {type: object}
`
	api, _, err := buildWith(t, spec, model.Config{})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	add := func(n string) {
		if names[n] {
			t.Errorf("%s declared twice", n)
		}
		names[n] = true
	}
	for _, ty := range api.Types {
		add(ty.Name)
	}
	for _, g := range api.AllGroups() {
		add(g.Server)
		add(g.Client)
		add(g.Unimpl)
		add("file " + g.File)
		for _, op := range g.Operations {
			add(op.Response.Name)
		}
	}
	for _, n := range []string{"WebhookHandlers", "NewWebhookHandlers", "NewWebhookSender", "webhookHandler"} {
		add(n)
	}
	var hooks []string
	for _, h := range api.Hooks {
		hooks = append(hooks, h.GoName)
	}
	if !slices.Equal(hooks, []string{"ABC"}) {
		t.Errorf("hooks %q", hooks)
	}
	api, _, err = buildWith(t, spec, model.Config{Tags: []string{"hooks"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(api.Groups) != 0 || len(api.Hooks) != 1 || api.Hooks[0].Name != "a b/c" {
		t.Errorf("tags [hooks]: %d groups, hooks %+v", len(api.Groups), api.Hooks)
	}
}
