package main

import (
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"github.com/oasgen/oasgen/generator"
)

func main() {
	f, _ := os.Create("/tmp/prof/cpu.out")
	pprof.StartCPUProfile(f)
	t := time.Now()
	out, err := generator.Generate(generator.Config{Spec: os.Args[1], Package: "graph"})
	pprof.StopCPUProfile()
	fmt.Println(time.Since(t), err, out != nil)
}
