package main

import (
	"io/fs"
	"math"
	"path/filepath"
	"sort"
	"strings"
)

// specFile is one corpus definition and its size.
type specFile struct {
	Path string // slash-separated, relative to the unpacked package
	Size int64
}

// listSpecFiles lists root/api/**/*.json with sizes, smallest first (ties
// by path).
func listSpecFiles(root string) ([]specFile, error) {
	var out []specFile
	err := filepath.WalkDir(filepath.Join(root, "api"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".json") {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		out = append(out, specFile{Path: filepath.ToSlash(rel), Size: info.Size()})
		return nil
	})
	sortSpecFiles(out)
	return out, err
}

func sortSpecFiles(s []specFile) {
	sort.Slice(s, func(i, j int) bool {
		if s[i].Size != s[j].Size {
			return s[i].Size < s[j].Size
		}
		return s[i].Path < s[j].Path
	})
}

// pickBySize picks n files whose sizes are spread geometrically from the
// first file of at least minSize bytes up to the largest file (of at most
// maxSize bytes, when maxSize > 0): for each of
// n log-spaced target sizes, the not yet picked file closest to it in log
// size. The largest file is always picked. Files listed in always are
// added too. The result is sorted by size.
func pickBySize(files []specFile, n int, minSize, maxSize int64, always ...string) []specFile {
	var cand []specFile
	for _, f := range files {
		if f.Size >= minSize && f.Size > 0 && (maxSize <= 0 || f.Size <= maxSize) {
			cand = append(cand, f)
		}
	}
	picked := map[string]bool{}
	var out []specFile
	if len(cand) > 0 && n > 0 {
		sortSpecFiles(cand)
		lo, hi := math.Log(float64(cand[0].Size)), math.Log(float64(cand[len(cand)-1].Size))
		for i := range n {
			target := hi
			if n > 1 {
				target = lo + (hi-lo)*float64(i)/float64(n-1)
			}
			best, bestD := -1, math.Inf(1)
			for j, f := range cand {
				if picked[f.Path] {
					continue
				}
				if d := math.Abs(math.Log(float64(f.Size)) - target); d < bestD {
					best, bestD = j, d
				}
			}
			if best >= 0 {
				picked[cand[best].Path] = true
				out = append(out, cand[best])
			}
		}
	}
	for _, a := range always {
		if picked[a] {
			continue
		}
		for _, f := range files {
			if f.Path == a {
				picked[a] = true
				out = append(out, f)
			}
		}
	}
	sortSpecFiles(out)
	return out
}

// fit is a least-squares line y = A + B·x with its coefficient of
// determination.
type fit struct {
	A, B, R2 float64
	N        int
}

func leastSquares(x, y []float64) fit {
	n := len(x)
	f := fit{N: n}
	if n < 2 || len(y) != n {
		return f
	}
	var sx, sy float64
	for i := range n {
		sx += x[i]
		sy += y[i]
	}
	mx, my := sx/float64(n), sy/float64(n)
	var sxx, sxy, syy float64
	for i := range n {
		dx, dy := x[i]-mx, y[i]-my
		sxx += dx * dx
		sxy += dx * dy
		syy += dy * dy
	}
	if sxx == 0 {
		return f
	}
	f.B = sxy / sxx
	f.A = my - f.B*mx
	if syy > 0 {
		f.R2 = sxy * sxy / (sxx * syy)
	} else {
		f.R2 = 1
	}
	return f
}

// logLogSlope fits log y = c + k·log x over the positive points: k ≈ 1
// means linear growth, k ≈ 2 quadratic.
func logLogSlope(x, y []float64) fit {
	var lx, ly []float64
	for i := range x {
		if x[i] > 0 && y[i] > 0 {
			lx = append(lx, math.Log(x[i]))
			ly = append(ly, math.Log(y[i]))
		}
	}
	return leastSquares(lx, ly)
}
