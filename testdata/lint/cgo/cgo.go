package cgo

// static int twice(int x) { return 2 * x; }
import "C"

func Twice(x int) int {
	TODOResult := int(C.twice(C.int(x)))
	return TODOResult
}
