package generator_test

import (
	"encoding/json"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/oasgen/oasgen/generator"
	"github.com/oasgen/oasgen/internal/peers"
	"github.com/oasgen/oasgen/internal/testkit"
)

// peerModuleDir finds a peer's module in the module cache with `go mod
// download -json`, outside oasgen's go.mod. The module proxy is asked
// only when OASGEN_REQUIRE_CORPUS is set; otherwise a module not yet in
// the cache skips the test (`go mod download MODULE@VERSION` fills it).
func peerModuleDir(t *testing.T, mod string) string {
	t.Helper()
	cmd := exec.Command("go", "mod", "download", "-json", mod)
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	if !testkit.CorpusRequired() {
		cmd.Env = append(cmd.Env, "GOPROXY=off")
	}
	out, _ := cmd.Output()
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(out, &info); err != nil || info.Dir == "" {
		if testkit.CorpusRequired() {
			t.Fatalf("go mod download %s: %s %s", mod, info.Error, out)
		}
		corpusSkips.Add(1)
		t.Skipf("%s is not in the module cache (go mod download %s)", mod, mod)
	}
	return info.Dir
}

// peerDefinitionFailures are the peers' test definitions that do not
// generate, each with the reason: none is a definition oasgen could
// generate without breaking a rule of its own.
var peerDefinitionFailures = map[string]string{
	// A fragment that file_reference.yml reads, with no "openapi" of its
	// own, whose $ref climbs out of its folder: not a definition.
	"ogen/positive/file_reference_external/external.yml": "points outside the definition's folder",
	// items as an array (a draft 4 tuple), which OpenAPI 3.0 does not allow.
	"ogen/positive/sample.json": "items is an array (a tuple, draft 4): not supported",
	// A remote $ref: oasgen reads no URL (the file must be downloaded
	// next to the definition).
	"oapi-codegen/pkg/codegen/test_specs/remote-external-reference.yaml": "remote references are not allowed",
	// A schema fragment for another test, not a definition.
	"oapi-codegen/pkg/codegen/test_specs/x-go-type-pet-allof.yaml": `no "openapi" or "swagger" field`,
}

// TestPeerDefinitions generates the test definitions of the two peers
// (ogen's _testdata/positive and _testdata/examples, oapi-codegen's
// pkg/codegen test definitions), read from the module cache, never
// committed, and vets them all in one throwaway module: every one that is
// a valid definition must generate and vet (issue 24: unions of unions in
// OpenAI's definition, a property name no struct tag can hold in
// quoted_field_name.json). Each failure must be the listed one, and a
// listed failure that no longer fails is an error too.
func TestPeerDefinitions(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	roots := map[string]string{
		"ogen":         filepath.Join(peerModuleDir(t, "github.com/ogen-go/ogen@"+peers.OgenVersion), "_testdata"),
		"oapi-codegen": peerModuleDir(t, "github.com/oapi-codegen/oapi-codegen/v2@"+peers.OapiCodegenVersion),
	}
	var defs []string // "peer/relative path"
	for _, sub := range []string{"ogen/positive", "ogen/examples", "oapi-codegen/pkg/codegen"} {
		peer, rel, _ := strings.Cut(sub, "/")
		filepath.WalkDir(filepath.Join(roots[peer], rel), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && slices.Contains([]string{".json", ".yml", ".yaml"}, filepath.Ext(p)) && !strings.HasSuffix(p, "test_schema.json") {
				r, _ := filepath.Rel(roots[peer], p)
				defs = append(defs, peer+"/"+filepath.ToSlash(r))
			}
			return nil
		})
	}
	mod := minimumModule(t, "peerdefs")
	pkgOf := map[string]string{}
	generated, failed := 0, 0
	for i, def := range defs {
		peer, rel, _ := strings.Cut(def, "/")
		pkg := "p" + itoa(i)
		out, err := generator.Generate(generator.Config{Spec: filepath.Join(roots[peer], filepath.FromSlash(rel)), Package: pkg, Validate: "never"})
		want, listed := peerDefinitionFailures[def]
		switch {
		case err != nil && !listed:
			t.Errorf("%s: %v", def, err)
		case err != nil && !strings.Contains(err.Error(), want):
			t.Errorf("%s: fails with %v, want the listed reason %q", def, err, want)
		case err == nil && listed:
			t.Errorf("%s generates now: take it off peerDefinitionFailures", def)
		}
		if err != nil {
			failed++
			continue
		}
		generated++
		pkgOf[pkg] = def
		dir := filepath.Join(mod, pkg)
		os.MkdirAll(dir, 0o755)
		for _, f := range out.Files {
			if err := writeVetted(filepath.Join(dir, f.Name), f.Content); err != nil {
				t.Fatal(err)
			}
		}
	}
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = mod
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off")
	out, err := cmd.CombinedOutput()
	bad := map[string]bool{}
	if err != nil {
		for _, m := range regexp.MustCompile(`(?m)(?:^# peerdefs/|^(?:vet: )?)(p\d+)[/\s]`).FindAllStringSubmatch(string(out), -1) {
			bad[m[1]] = true
		}
		for _, pkg := range slices.Sorted(maps.Keys(bad)) {
			t.Errorf("%s does not vet", pkgOf[pkg])
		}
		t.Errorf("go vet:\n%s", out)
	}
	t.Logf("%d definitions: %d generate and vet, %d listed failures, %d do not vet", len(defs), generated-len(bad), failed, len(bad))
}

// TestOpenAIChatStream generates OpenAI's definition (2.3.0, from ogen's
// module in the module cache) and streams a chat completion from the
// generated server through the generated client: with stream: true the
// answer is events of CreateChatCompletionStreamResponse ended by
// data: [DONE], without it one JSON CreateChatCompletionResponse.
func TestOpenAIChatStream(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	spec := filepath.Join(peerModuleDir(t, "github.com/ogen-go/ogen@"+peers.OgenVersion), "_testdata", "examples", "openai-2.3.0.openapi.yaml")
	out, err := generator.Generate(generator.Config{Spec: spec, Package: "openai", Validate: "never"})
	if err != nil {
		t.Fatal(err)
	}
	mod := minimumModule(t, "openaicheck")
	dir := filepath.Join(mod, "openai")
	os.MkdirAll(dir, 0o755)
	for _, f := range out.Files {
		if err := writeVetted(filepath.Join(dir, f.Name), f.Content); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "chat_test.go"), []byte(openAIChatTest), 0o644); err != nil {
		t.Fatal(err)
	}
	testkit.GoRun(t, mod, "vet", "./...")
	testkit.GoRun(t, mod, "test", "-count=1", "./...")
}

const openAIChatTest = `package openai

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

type chat struct{ UnimplementedChatServer }

func (chat) CreateChatCompletion(ctx context.Context, req CreateChatCompletionRequest) (*ChatCreateChatCompletionResponse, error) {
	words := []string{"Hello", " from", " a", " generated", " server."}
	if stream, _ := req.Stream.Get(); !stream {
		return &ChatCreateChatCompletionResponse{CreateChatCompletionResponse: CreateChatCompletionResponse{
			ID: "c1", Model: req.Model, Object: "chat.completion", Created: 1,
		}}, nil
	}
	return &ChatCreateChatCompletionResponse{Stream: NewEventStream(func(ctx context.Context, send func(StreamEvent[CreateChatCompletionStreamResponse]) error) error {
		for i, w := range words {
			chunk := CreateChatCompletionStreamResponse{
				ID: "c1", Model: req.Model, Created: int64(i), Object: CreateChatCompletionStreamResponseObjectChatCompletionChunk,
				Choices: []CreateChatCompletionStreamResponseChoicesItem{{Delta: ChatCompletionStreamResponseDelta{Content: NewNullable(w)}}},
			}
			if i == len(words)-1 {
				stop := CreateChatCompletionStreamResponseChoicesItemFinishReasonStop
				chunk.Choices[0].FinishReason = &stop
			}
			if err := send(StreamEvent[CreateChatCompletionStreamResponse]{Data: chunk}); err != nil {
				return err
			}
		}
		return nil
	})}, nil
}

func TestChatCompletionStream(t *testing.T) {
	srv := httptest.NewServer(NewHandler(Servers{Chat: chat{}}))
	defer srv.Close()
	c, err := NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	req := CreateChatCompletionRequest{Model: "gpt-test", Messages: []ChatCompletionRequestMessage{ChatCompletionRequestMessage(` + "`" + `{"role":"user","content":"hi"}` + "`" + `)}}
	req.Stream = NewNullable(true)
	resp, err := c.Chat.CreateChatCompletion(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	var finish string
	for chunk, err := range resp.Stream.Items() {
		if err != nil {
			t.Fatal(err)
		}
		if v, ok := chunk.Choices[0].Delta.Content.Get(); ok {
			text.WriteString(v)
		}
		if f := chunk.Choices[0].FinishReason; f != nil {
			finish = string(*f)
		}
	}
	if text.String() != "Hello from a generated server." || finish != "stop" {
		t.Errorf("streamed %q, finish %q", text.String(), finish)
	}

	req.Stream = NewNullable(false)
	resp, err = c.Chat.CreateChatCompletion(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Stream != nil || resp.ID != "c1" || resp.Model != "gpt-test" {
		t.Errorf("JSON answer %+v", resp.CreateChatCompletionResponse)
	}

	// On the wire: SSE framing, ended as OpenAI ends its streams.
	body := ` + "`" + `{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true}` + "`" + `
	raw, err := http.Post(srv.URL+"/chat/completions", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Body.Close()
	b, _ := io.ReadAll(raw.Body)
	if raw.Header.Get("Content-Type") != "text/event-stream" || !strings.HasPrefix(string(b), "data: {") || !strings.HasSuffix(string(b), "\n\ndata: [DONE]\n\n") {
		t.Errorf("wire: %s %q", raw.Header.Get("Content-Type"), b)
	}
}
`
