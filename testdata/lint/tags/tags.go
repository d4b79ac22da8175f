package tags

var TODOAlways = 1
