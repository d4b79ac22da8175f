package good

var TODOGood = 1
