// Package support is the runtime that oasgen copies into every generated
// package (with the package clause renamed). It depends on the standard
// library only. Exported names here become part of the generated API, so
// they are few and chosen with care; everything else is unexported.
package support
