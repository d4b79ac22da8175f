package generics

type List[T any] struct{ items []T }

func Map[T, U any](in []T, f func(T) U) []U {
	var TODOOut []U
	for _, v := range in {
		TODOOut = append(TODOOut, f(v))
	}
	return TODOOut
}

type Number interface{ ~int | ~float64 }

func Sum[N Number](xs ...N) (TODOTotal N) {
	for _, x := range xs {
		TODOTotal += x
	}
	return
}
