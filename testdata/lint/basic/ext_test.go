package basic_test

var TODOExternal = 1
