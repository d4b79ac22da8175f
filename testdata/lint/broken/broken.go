package broken

var count int = "three"

var TODOHidden = 1
