package generator_test

import (
	"bytes"
	"go/format"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/oasgen/oasgen/generator"
	"github.com/oasgen/oasgen/generator/emit"
	"github.com/oasgen/oasgen/generator/load"
	"github.com/oasgen/oasgen/generator/model"
	"github.com/oasgen/oasgen/generator/write"
	"github.com/oasgen/oasgen/templates"
)

// BenchmarkGenerateBatch measures oasgen in-process on Microsoft's Batch
// definition 2019-08-01.10.0 of the public corpus (skipped when the corpus
// is absent; see corpusDir). The sub-benchmarks isolate the stages of
// generator.Run; "all" runs them back to back and also reports the time of
// each stage per operation as extra metrics:
//
//	go test ./generator -run '^$' -bench GenerateBatch -benchmem
//	go test ./generator -run '^$' -bench 'GenerateBatch/all$' -cpuprofile cpu.out -memprofile mem.out
//
// Stages: load (read, resolve, kin-openapi), model (model.Build, including
// the support code's reserved names), emit (emit.Generate: jennifer
// rendering, whose File.Render ends in go/format.Source), format
// (go/format.Source alone on the emitted files: about the formatting part
// of emit) and write (write.Write into an empty folder).
func BenchmarkGenerateBatch(b *testing.B) {
	spec := filepath.Join(corpusDir(b), filepath.FromSlash(upstreamBatch[1]))
	const pkg = "batch"
	parts := emit.Parts{Models: true, Client: true, Server: true}

	loadDoc := func(b *testing.B) *load.Document {
		doc, _, err := load.Load(spec)
		if err != nil {
			b.Fatal(err)
		}
		return doc
	}
	buildAPI := func(b *testing.B, doc *load.Document) *model.API {
		reserved, err := templates.SupportNames()
		if err != nil {
			b.Fatal(err)
		}
		api, _, err := model.Build(doc, model.Config{Package: pkg, Reserved: reserved, Locals: emit.Locals()})
		if err != nil {
			b.Fatal(err)
		}
		return api
	}
	emitFiles := func(b *testing.B, api *model.API) []emit.File {
		files, err := emit.Generate(api, parts)
		if err != nil {
			b.Fatal(err)
		}
		return files
	}
	toWrite := func(files []emit.File) []write.File {
		out := make([]write.File, len(files))
		for i, f := range files {
			out[i] = write.File{Name: f.Name, Content: f.Content}
		}
		return out
	}

	b.Run("all", func(b *testing.B) {
		var stage [4]time.Duration // load, model, emit (formatting included), write
		var lines, size int
		b.ReportAllocs()
		for b.Loop() {
			dir := b.TempDir()
			t0 := time.Now()
			doc := loadDoc(b)
			t1 := time.Now()
			api := buildAPI(b, doc)
			t2 := time.Now()
			files := emitFiles(b, api)
			t3 := time.Now()
			if _, err := write.Write(dir, emit.Header, toWrite(files)); err != nil {
				b.Fatal(err)
			}
			t4 := time.Now()
			stage[0] += t1.Sub(t0)
			stage[1] += t2.Sub(t1)
			stage[2] += t3.Sub(t2)
			stage[3] += t4.Sub(t3)
			lines, size = 0, 0
			for _, f := range files {
				lines += bytes.Count(f.Content, []byte("\n"))
				size += len(f.Content)
			}
		}
		n := float64(b.N)
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / n }
		b.ReportMetric(ms(stage[0]), "load-ms/op")
		b.ReportMetric(ms(stage[1]), "model-ms/op")
		b.ReportMetric(ms(stage[2]), "emit-ms/op")
		b.ReportMetric(ms(stage[3]), "write-ms/op")
		b.ReportMetric(float64(lines), "lines")
		b.ReportMetric(float64(size)/(1<<20), "MiB-out")
	})

	// The public entry point, as tests and cmd/oasgen use it (no write).
	b.Run("generate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := generator.Generate(generator.Config{Spec: spec, Package: pkg}); err != nil {
				b.Fatal(err)
			}
		}
	})

	b.Run("load", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			loadDoc(b)
		}
	})

	b.Run("model", func(b *testing.B) {
		// model.Build may annotate the kin-openapi document, so each
		// iteration gets a fresh one, loaded outside the timer.
		b.ReportAllocs()
		b.StopTimer()
		for i := 0; i < b.N; i++ {
			doc := loadDoc(b)
			b.StartTimer()
			buildAPI(b, doc)
			b.StopTimer()
		}
	})

	b.Run("emit", func(b *testing.B) {
		b.ReportAllocs()
		b.StopTimer()
		for i := 0; i < b.N; i++ {
			api := buildAPI(b, loadDoc(b))
			b.StartTimer()
			emitFiles(b, api)
			b.StopTimer()
		}
	})

	b.Run("format", func(b *testing.B) {
		files := emitFiles(b, buildAPI(b, loadDoc(b)))
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			for _, f := range files {
				if _, err := format.Source(f.Content); err != nil {
					b.Fatal(err)
				}
			}
		}
	})

	b.Run("write", func(b *testing.B) {
		files := toWrite(emitFiles(b, buildAPI(b, loadDoc(b))))
		b.ReportAllocs()
		b.ResetTimer()
		b.StopTimer()
		for i := 0; i < b.N; i++ {
			dir := b.TempDir()
			b.StartTimer()
			if _, err := write.Write(dir, emit.Header, files); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
		}
	})
}

// BenchmarkGenerateSpec profiles generator.Generate on any definition,
// named by OASGEN_BENCH_SPEC (skipped when unset), for example a large one
// of the corpus:
//
//	OASGEN_BENCH_SPEC=$CACHE/package/api/microsoft.com/graph.json \
//	  go test ./generator -run '^$' -bench GenerateSpec -benchtime 1x -cpuprofile cpu.out
func BenchmarkGenerateSpec(b *testing.B) {
	spec := os.Getenv("OASGEN_BENCH_SPEC")
	if spec == "" {
		b.Skip("OASGEN_BENCH_SPEC not set")
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := generator.Generate(generator.Config{Spec: spec, Package: "p"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDiffBatch measures oasgen diff in-process on the bump Batch
// users face: 2019-08-01.10.0 of the public corpus to our own
// 2025-06-01.21.0 (skipped without the corpus). Diff builds both models
// and renders only the files that declare the Go API, unformatted:
//
//	go test ./generator -run '^$' -bench DiffBatch -benchmem -cpuprofile cpu.out
func BenchmarkDiffBatch(b *testing.B) {
	old := filepath.Join(corpusDir(b), filepath.FromSlash(upstreamBatch[1]))
	new := filepath.Join("..", "specs", "batch", "2025-06-01.21.0", "BatchService.json")
	for b.Loop() {
		if _, err := generator.Diff(generator.Config{Package: "batch"}, old, new, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
