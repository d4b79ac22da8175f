package basic

var TODOName = 1

var TODOTrailing = 2 //nolint:todo

//nolint:todo
var TODOAbove = 3

var TODOOther = 4 //nolint:other

var TODOBare = 5 //nolint

var TODOAll = 6 //nolint:all // generated names

var TODOList = 7 //nolint:other,TODO

//relguard:ignore todo the name is part of a published API
var TODOIgnored = 8

//relguard:ignore todo
var TODONoReason = 9

var TODOAfterTrailing = 10 //nolint:todo
var TODONextLine = 11

// nolint:todo
var TODOSpaced = 12

//nolint:todo

var TODOTwoBelow = 13

var TODORelguard = 14 //nolint:relguard
