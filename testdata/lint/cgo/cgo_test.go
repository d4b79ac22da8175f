package cgo

var TODOCgoTest = Twice(2)
