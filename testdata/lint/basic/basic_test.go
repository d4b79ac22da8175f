package basic

var TODOInTest = 1
