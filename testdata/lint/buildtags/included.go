package buildtags

var TODOIncluded = 1
